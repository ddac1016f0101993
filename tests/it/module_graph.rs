//! The library's modules depend on each other without a cycle, at every
//! level: among the crate's top modules, and among the children of each
//! module. A module depends on another when its code (tests aside) names a
//! path into it (`crate::a::b`, `super::b`, in `use` lines or inline).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Module = Vec<String>;

/// Which crate's modules to read: the library (`lib.rs` and its modules) or
/// the `evalform` binary (`main.rs` and `cli/`).
#[derive(Clone, Copy, PartialEq)]
enum Crate {
    Library,
    Binary,
}

/// Every module of `krate` under `src/` with its code, tests and comments
/// cut; the crate's root is the empty path.
fn modules(krate: Crate) -> BTreeMap<Module, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&root).unwrap().with_extension("");
            let mut module: Module = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|l| l == "mod") {
                module.pop();
            }
            let of_binary = module == ["main"] || module.first().is_some_and(|m| m == "cli");
            let other_binary = module.first().is_some_and(|m| m == "bin");
            if other_binary || of_binary != (krate == Crate::Binary) {
                continue;
            }
            if module == ["lib"] || module == ["main"] {
                module.clear();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
            let code: String = code
                .lines()
                .map(|l| l.split("//").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            out.insert(module, code);
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The paths `code` names from `crate::` or `super::`, as segment lists
/// relative to the crate root; a `{a, b::c}` group gives one path per item.
fn named_paths(module: &Module, code: &str) -> Vec<Module> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    for (start, _) in code.match_indices("::") {
        // The path's first segment, just before this `::`.
        let head_start = code[..start]
            .rfind(|c: char| !is_ident(c))
            .map_or(0, |i| i + 1);
        let head = &code[head_start..start];
        if head != "crate" && head != "super" {
            continue;
        }
        if head_start >= 2 && &bytes[head_start - 2..head_start] == b"::" {
            continue; // `super::super::…` is walked from its first segment
        }
        let mut base: Module = if head == "crate" {
            Vec::new()
        } else {
            module[..module.len().saturating_sub(1)].to_vec()
        };
        let mut rest = &code[start + 2..];
        let mut segs: Module = Vec::new();
        loop {
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let first: String = item.trim().chars().take_while(|&c| is_ident(c)).collect();
                    if !first.is_empty() && first != "self" {
                        let mut p = base.clone();
                        p.extend(segs.iter().cloned());
                        p.push(first);
                        out.push(p);
                    }
                }
                break;
            }
            let seg: String = rest.chars().take_while(|&c| is_ident(c)).collect();
            if seg.is_empty() {
                break;
            }
            rest = &rest[seg.len()..];
            if seg == "super" && segs.is_empty() {
                base.pop();
            } else {
                segs.push(seg);
            }
            match rest.strip_prefix("::") {
                Some(r) => rest = r,
                None => break,
            }
        }
        if !segs.is_empty() {
            base.extend(segs);
            out.push(base);
        }
    }
    out
}

/// The longest prefix of `path` that is a module.
fn resolve(modules: &BTreeMap<Module, String>, path: &[String]) -> Module {
    (0..=path.len())
        .rev()
        .map(|k| path[..k].to_vec())
        .find(|p| modules.contains_key(p))
        .unwrap_or_default()
}

/// A cycle among the children of `parent`, if any: each step names the
/// modules whose code made it.
fn cycle_below(parent: &Module, edges: &BTreeSet<(Module, Module)>) -> Option<Vec<String>> {
    let n = parent.len();
    let mut graph: BTreeMap<&str, BTreeMap<&str, (&Module, &Module)>> = BTreeMap::new();
    for (a, b) in edges {
        if a.len() > n
            && b.len() > n
            && a[..n] == parent[..]
            && b[..n] == parent[..]
            && a[n] != b[n]
        {
            graph
                .entry(a[n].as_str())
                .or_default()
                .entry(b[n].as_str())
                .or_insert((a, b));
        }
    }
    // Depth-first search for a back edge.
    fn visit<'a>(
        u: &'a str,
        graph: &BTreeMap<&'a str, BTreeMap<&'a str, (&Module, &Module)>>,
        state: &mut BTreeMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<&'a str>> {
        state.insert(u, 1);
        path.push(u);
        for &v in graph
            .get(u)
            .map(|m| m.keys().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            match state.get(v) {
                Some(1) => {
                    let from = path.iter().position(|&p| p == v).unwrap_or(0);
                    let mut cycle = path[from..].to_vec();
                    cycle.push(v);
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(v, graph, state, path) {
                        return Some(c);
                    }
                }
            }
        }
        path.pop();
        state.insert(u, 2);
        None
    }
    let mut state = BTreeMap::new();
    let nodes: Vec<&str> = graph.keys().copied().collect();
    for u in nodes {
        if state.contains_key(u) {
            continue;
        }
        if let Some(cycle) = visit(u, &graph, &mut state, &mut Vec::new()) {
            return Some(
                cycle
                    .windows(2)
                    .map(|w| {
                        let (a, b) = graph[w[0]][w[1]];
                        format!("{} -> {}", a.join("::"), b.join("::"))
                    })
                    .collect(),
            );
        }
    }
    None
}

fn edges(modules: &BTreeMap<Module, String>) -> BTreeSet<(Module, Module)> {
    let mut edges = BTreeSet::new();
    for (module, code) in modules {
        for path in named_paths(module, code) {
            let target = resolve(modules, &path);
            if &target != module {
                edges.insert((module.clone(), target));
            }
        }
    }
    edges
}

/// The cycles among the modules of `modules`, one line each.
fn cycles(modules: &BTreeMap<Module, String>) -> Vec<String> {
    let edges = edges(modules);
    let parents: BTreeSet<Module> = modules
        .keys()
        .filter(|m| !m.is_empty())
        .map(|m| m[..m.len() - 1].to_vec())
        .collect();
    parents
        .iter()
        .filter_map(|p| {
            cycle_below(p, &edges).map(|c| format!("below `{}`: {}", p.join("::"), c.join(", ")))
        })
        .collect()
}

#[test]
fn no_module_depends_on_itself_through_others() {
    let library = modules(Crate::Library);
    assert!(library.len() > 50, "{} library modules found", library.len());
    let found = cycles(&library);
    assert!(found.is_empty(), "module cycles in the library:\n{}", found.join("\n"));
    let binary = modules(Crate::Binary);
    assert!(binary.len() > 10, "{} binary modules found", binary.len());
    let found = cycles(&binary);
    assert!(found.is_empty(), "module cycles in the binary:\n{}", found.join("\n"));
}

#[test]
fn the_checker_sees_a_cycle() {
    let mut modules = BTreeMap::new();
    let m = |s: &str| -> Module { s.split("::").map(String::from).collect() };
    modules.insert(Vec::new(), String::new());
    modules.insert(m("a"), "use crate::b::{x, y};".to_string());
    modules.insert(m("b"), "fn f() { crate::a::g() }".to_string());
    modules.insert(m("c"), String::new());
    modules.insert(m("c::d"), "use super::e::T;".to_string());
    modules.insert(m("c::e"), "fn f() -> super::d::U {}".to_string());
    let edges = edges(&modules);
    let top = cycle_below(&Vec::new(), &edges).expect("a ↔ b");
    assert_eq!(top, vec!["a -> b", "b -> a"]);
    let inner = cycle_below(&m("c"), &edges).expect("c::d ↔ c::e");
    assert_eq!(inner, vec!["c::d -> c::e", "c::e -> c::d"]);
}
