//! One truth document against one output: the fields the truth holds, each
//! with its path, both values and whether they agree.
//!
//! Rows are paired by meaning, not by position: money sources by their
//! `source`, tasks by `no`, contacts by `role`, indicators by their names in
//! order (longest runs of equal names first, then the most similar left-over
//! name, at least 0.6 alike). A field whose truth is null is not scored.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::matcher::{matching_blocks, text_ratio};
use super::rules::{exact_eq, num_eq, quantity_eq, reference_quantity, squash, text_of};

/// Top-level text fields, in report order.
const HEAD_TEXT: &[&str] = &[
    "form",
    "title",
    "entity",
    "project",
    "supervisor",
    "implementer",
    "unit",
];
use crate::model::FUNDS_NUMBERS;
const TAIL_TEXT: &[&str] = &["problems", "improvements", "conclusion"];
/// Least name similarity for an indicator paired outside a run of equal names.
const PAIR_AT_LEAST: f64 = 0.6;

/// Separates the places a flag may stand in, in [`Field::output_path`].
pub const ALTERNATIVE: char = '|';

/// One scored field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The truth's path: `indicators[2].score`; `indicators[2].target.parsed`
    /// for a quantity's parsed parts.
    pub path: String,
    /// Where the paired output keeps it (`indicators[5].score`), or the
    /// list's name when no output row was paired: what a warning or a
    /// confidence must name for the field to count as flagged. An unpaired
    /// money row adds, after [`ALTERNATIVE`], each output row of a source
    /// the truth does not have (`funds|funds[1]`).
    pub output_path: String,
    pub truth: Value,
    pub output: Value,
    pub right: bool,
    /// Text fields: how alike the two texts are (0..1).
    pub similarity: Option<f64>,
}

/// The scored fields of one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Compared {
    pub fields: Vec<Field>,
    /// Output indicators paired with no truth indicator.
    pub extra_indicators: usize,
}

impl Compared {
    /// Whether the field at `path` was scored and is right.
    pub fn is_right(&self, path: &str) -> bool {
        self.fields.iter().any(|f| f.path == path && f.right)
    }
}

/// Compares a truth document with its output (`None`: no output, every
/// field wrong).
pub fn compare(truth: &Map<String, Value>, output: Option<&Value>) -> Compared {
    let empty = Map::new();
    let out = output.and_then(Value::as_object).unwrap_or(&empty);
    let mut c = Compared::default();
    for k in HEAD_TEXT {
        c.text(k, k, truth.get(*k), out.get(*k));
    }
    for k in ["year", "total_score"] {
        c.number(k, k, truth.get(k), out.get(k));
    }
    c.funds(truth, out);
    let tg = object_or_empty(truth.get("goal"));
    let og = object_or_empty(out.get("goal"));
    for k in ["expected", "achieved"] {
        let path = format!("goal.{k}");
        c.text(
            &path,
            &path,
            tg.and_then(|g| g.get(k)),
            og.and_then(|g| g.get(k)),
        );
    }
    c.tasks(truth, out);
    c.indicators(truth, out);
    for k in TAIL_TEXT {
        c.text(k, k, truth.get(*k), out.get(*k));
    }
    c.contacts(truth, out);
    c
}

/// A non-empty object, as Python's `x or {}` reads it.
fn object_or_empty(v: Option<&Value>) -> Option<&Map<String, Value>> {
    v.and_then(Value::as_object).filter(|o| !o.is_empty())
}

/// The elements of a list field that are objects, with their indices.
fn rows<'a>(doc: &'a Map<String, Value>, key: &str) -> Vec<(usize, &'a Map<String, Value>)> {
    doc.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .enumerate()
                .filter_map(|(i, v)| v.as_object().map(|o| (i, o)))
                .collect()
        })
        .unwrap_or_default()
}

fn squash_of(row: &Map<String, Value>, key: &str) -> String {
    row.get(key)
        .and_then(Value::as_str)
        .map(squash)
        .unwrap_or_default()
}

/// A paired output row: its index in the output's list and the row.
type Paired<'a> = Option<(usize, &'a Map<String, Value>)>;

fn where_kept(list: &str, paired: Paired, key: &str) -> String {
    match paired {
        Some((j, _)) => format!("{list}[{j}].{key}"),
        None => list.to_string(),
    }
}

fn get<'a>(paired: Paired<'a>, key: &str) -> Option<&'a Value> {
    paired.and_then(|(_, o)| o.get(key))
}

impl Compared {
    fn push(
        &mut self,
        path: &str,
        output_path: &str,
        truth: &Value,
        output: Option<&Value>,
        right: bool,
        similarity: Option<f64>,
    ) {
        self.fields.push(Field {
            path: path.to_string(),
            output_path: output_path.to_string(),
            truth: truth.clone(),
            output: output.cloned().unwrap_or(Value::Null),
            right,
            similarity,
        });
    }

    fn text(
        &mut self,
        path: &str,
        output_path: &str,
        truth: Option<&Value>,
        output: Option<&Value>,
    ) {
        let Some(t) = text_of(truth) else {
            return;
        };
        let a = squash(&t);
        let b = text_of(output).map(|o| squash(&o)).unwrap_or_default();
        let similarity = if a.is_empty() && b.is_empty() {
            1.0
        } else {
            text_ratio(&a, &b)
        };
        let truth = truth.unwrap_or(&Value::Null);
        self.push(path, output_path, truth, output, a == b, Some(similarity));
    }

    fn number(
        &mut self,
        path: &str,
        output_path: &str,
        truth: Option<&Value>,
        output: Option<&Value>,
    ) {
        let Some(t) = truth.filter(|v| !v.is_null()) else {
            return;
        };
        self.push(path, output_path, t, output, num_eq(Some(t), output), None);
    }

    fn exact(
        &mut self,
        path: &str,
        output_path: &str,
        truth: Option<&Value>,
        output: Option<&Value>,
    ) {
        let Some(t) = truth.filter(|v| !v.is_null()) else {
            return;
        };
        self.push(path, output_path, t, output, exact_eq(t, output), None);
    }

    fn funds(&mut self, truth: &Map<String, Value>, out: &Map<String, Value>) {
        // A later row of the same source replaces an earlier one.
        let by_source: HashMap<String, (usize, &Map<String, Value>)> = rows(out, "funds")
            .into_iter()
            .map(|(j, r)| (squash_of(r, "source"), (j, r)))
            .collect();
        let truth_rows = rows(truth, "funds");
        let sources: Vec<String> = truth_rows
            .iter()
            .map(|(_, r)| squash_of(r, "source"))
            .collect();
        // Output rows of no truth source: one of them is what the reader
        // made of an unpaired truth row (its source misread), so a flag on
        // it counts for that row too.
        let strays: Vec<String> = rows(out, "funds")
            .into_iter()
            .filter(|(_, r)| !sources.contains(&squash_of(r, "source")))
            .map(|(j, _)| format!("funds[{j}]"))
            .collect();
        for (i, r) in truth_rows {
            let paired = by_source.get(&squash_of(r, "source")).copied();
            for k in &FUNDS_NUMBERS {
                let path = format!("funds[{i}].{k}");
                let mut kept = where_kept("funds", paired, k);
                if paired.is_none() {
                    for s in &strays {
                        kept.push(ALTERNATIVE);
                        kept.push_str(s);
                    }
                }
                self.number(&path, &kept, r.get(*k), get(paired, k));
            }
        }
    }

    fn tasks(&mut self, truth: &Map<String, Value>, out: &Map<String, Value>) {
        // The first row of a number wins.
        let mut by_no: HashMap<String, (usize, &Map<String, Value>)> = HashMap::new();
        for (j, r) in rows(out, "tasks") {
            if let Some(no) = r.get("no").filter(|v| !v.is_null()) {
                by_no.entry(key_of(no)).or_insert((j, r));
            }
        }
        for (i, r) in rows(truth, "tasks") {
            let no = r.get("no").unwrap_or(&Value::Null);
            let paired = by_no.get(&key_of(no)).copied();
            let path = format!("tasks[{i}].no");
            self.exact(
                &path,
                &where_kept("tasks", paired, "no"),
                Some(no),
                get(paired, "no"),
            );
            for k in ["name", "expected", "achieved"] {
                let path = format!("tasks[{i}].{k}");
                self.text(
                    &path,
                    &where_kept("tasks", paired, k),
                    r.get(k),
                    get(paired, k),
                );
            }
            let path = format!("tasks[{i}].funds");
            self.number(
                &path,
                &where_kept("tasks", paired, "funds"),
                r.get("funds"),
                get(paired, "funds"),
            );
        }
    }

    fn indicators(&mut self, truth: &Map<String, Value>, out: &Map<String, Value>) {
        let tin = rows(truth, "indicators");
        let oin = rows(out, "indicators");
        let pairs = pair_indicators(&tin, &oin);
        for (pos, &(i, x)) in tin.iter().enumerate() {
            let paired = pairs.get(&pos).map(|&j| oin[j]);
            let p = format!("indicators[{i}]");
            let at = |k: &str| where_kept("indicators", paired, k);
            if x.get("task").is_some_and(|t| !t.is_null()) {
                self.exact(
                    &format!("{p}.task"),
                    &at("task"),
                    x.get("task"),
                    get(paired, "task"),
                );
            }
            for k in [
                "level1", "level2", "name", "formula", "target", "actual", "note",
            ] {
                self.text(&format!("{p}.{k}"), &at(k), x.get(k), get(paired, k));
            }
            for k in ["weight", "score"] {
                self.number(&format!("{p}.{k}"), &at(k), x.get(k), get(paired, k));
            }
            for k in ["target", "actual"] {
                let Some(q) = reference_quantity(x.get(k)) else {
                    continue;
                };
                let o = get(paired, k);
                let parts = |v: Option<&Value>| {
                    let v = v.and_then(Value::as_object);
                    let part = |n: &str| v.and_then(|v| v.get(n)).cloned().unwrap_or(Value::Null);
                    serde_json::json!({"op": part("op"), "value": part("value"), "unit": part("unit")})
                };
                let t = serde_json::json!({"op": q.op, "value": q.value, "unit": q.unit});
                let right = quantity_eq(&q, o);
                self.push(
                    &format!("{p}.{k}.parsed"),
                    &at(k),
                    &t,
                    Some(&parts(o)),
                    right,
                    None,
                );
            }
        }
        self.extra_indicators = oin.len().saturating_sub(pairs.len());
    }

    fn contacts(&mut self, truth: &Map<String, Value>, out: &Map<String, Value>) {
        let by_role: HashMap<String, (usize, &Map<String, Value>)> = rows(out, "contacts")
            .into_iter()
            .map(|(j, r)| (squash_of(r, "role"), (j, r)))
            .collect();
        for (i, c) in rows(truth, "contacts") {
            let paired = by_role.get(&squash_of(c, "role")).copied();
            for k in ["name", "phone"] {
                let path = format!("contacts[{i}].{k}");
                self.text(
                    &path,
                    &where_kept("contacts", paired, k),
                    c.get(k),
                    get(paired, k),
                );
            }
        }
    }
}

/// A hashable key for a task number: numbers by value (`1` and `1.0` alike).
fn key_of(v: &Value) -> String {
    match v {
        Value::Number(n) => n
            .as_f64()
            .map_or_else(|| n.to_string(), |f| format!("n{f}")),
        other => other.to_string(),
    }
}

/// Truth indicator (position among the truth's) → output indicator
/// (position among the output's).
fn pair_indicators(
    tin: &[(usize, &Map<String, Value>)],
    oin: &[(usize, &Map<String, Value>)],
) -> HashMap<usize, usize> {
    let tnames: Vec<String> = tin.iter().map(|(_, x)| squash_of(x, "name")).collect();
    let onames: Vec<String> = oin.iter().map(|(_, x)| squash_of(x, "name")).collect();
    let mut pairs = HashMap::new();
    for m in matching_blocks(&tnames, &onames) {
        for d in 0..m.len {
            pairs.insert(m.a_start + d, m.b_start + d);
        }
    }
    let mut used: std::collections::HashSet<usize> = pairs.values().copied().collect();
    for (i, name) in tnames.iter().enumerate() {
        if pairs.contains_key(&i) {
            continue;
        }
        let mut best = (0.0, None);
        for (j, other) in onames.iter().enumerate() {
            if used.contains(&j) {
                continue;
            }
            let r = text_ratio(name, other);
            if r > best.0 {
                best = (r, Some(j));
            }
        }
        if let (r, Some(j)) = best
            && r >= PAIR_AT_LEAST
        {
            pairs.insert(i, j);
            used.insert(j);
        }
    }
    pairs
}
