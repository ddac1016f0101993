//! A small scorer with the comparison rules of `evalform score` (text equal
//! once whitespace and `<p>` markup are removed, numbers exactly, quantities
//! also by their parsed comparator, value and unit; funds rows matched by
//! source, tasks by number, indicators by name in form order, contacts by
//! role), answering in its JSON shape. Used only while the binary has no
//! `score` command.

use std::path::Path;

use evalform::Document;
use serde_json::{Value, json};

use crate::common::key;

/// One truth field against the output.
struct Field {
    path: String,
    /// The output path whose flags count for this field.
    flag_path: String,
    truth: Value,
    output: Value,
    right: bool,
}

/// Scores every manifest entry whose output `<stem>.json` is in `outdir`
/// (a missing output counts all its fields wrong and unflagged).
pub fn score(manifest: &Path, outdir: &Path) -> Value {
    let base = manifest.parent().expect("manifest folder");
    let entries: Vec<Value> =
        serde_json::from_slice(&std::fs::read(manifest).expect("manifest")).expect("manifest JSON");
    let mut documents = Vec::new();
    let mut total = [0usize; 5];
    for entry in &entries {
        let pdf = entry["pdf"].as_str().expect("pdf");
        let name = Path::new(pdf)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let truth: Value = serde_json::from_slice(
            &std::fs::read(base.join(entry["truth"].as_str().expect("truth"))).expect("truth file"),
        )
        .expect("truth JSON");
        let out: Option<Value> = std::fs::read(outdir.join(format!("{name}.json")))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        let doc: Option<Document> = out.clone().and_then(|v| serde_json::from_value(v).ok());
        let fields = fields(&truth, out.as_ref().unwrap_or(&Value::Null));
        let flagged = |f: &Field| doc.as_ref().is_some_and(|d| d.flags(&f.flag_path));
        let right = fields.iter().filter(|f| f.right).count();
        let wrong: Vec<&Field> = fields.iter().filter(|f| !f.right).collect();
        let wrong_flagged = wrong.iter().filter(|f| flagged(f)).count();
        let right_flagged = fields.iter().filter(|f| f.right && flagged(f)).count();
        let counts = [
            fields.len(),
            right,
            wrong.len(),
            wrong_flagged,
            right_flagged,
        ];
        for (t, c) in total.iter_mut().zip(counts) {
            *t += c;
        }
        documents.push(json!({
            "name": name,
            "fields": counts[0], "right": counts[1], "wrong": counts[2],
            "wrong_flagged": counts[3], "right_flagged": counts[4],
            "missing": out.is_none(),
            "wrong_fields": wrong.iter().map(|f| json!({
                "path": f.path, "truth": f.truth, "output": f.output, "flagged": flagged(f),
            })).collect::<Vec<_>>(),
        }));
    }
    json!({
        "total": {"fields": total[0], "right": total[1], "wrong": total[2],
                  "wrong_flagged": total[3], "right_flagged": total[4]},
        "documents": documents,
    })
}

/// Every scored field of a truth document against the output.
fn fields(truth: &Value, out: &Value) -> Vec<Field> {
    let mut f = Fields(Vec::new());
    for k in [
        "form",
        "title",
        "entity",
        "project",
        "supervisor",
        "implementer",
        "unit",
    ] {
        f.text(k, k, &truth[k], &out[k]);
    }
    for k in ["year", "total_score"] {
        f.num(k, k, &truth[k], &out[k]);
    }
    let ofunds = rows(out, "funds");
    for (i, r) in rows(truth, "funds").iter().enumerate() {
        let j = ofunds
            .iter()
            .position(|o| key(str_of(&o["source"])) == key(str_of(&r["source"])));
        for k in [
            "initial_budget",
            "adjustment",
            "full_year_budget",
            "actual",
            "execution_rate",
            "adjustment_rate",
            "weight",
            "score",
        ] {
            let o = j.map_or(&Value::Null, |j| &ofunds[j][k]);
            f.num(&format!("funds[{i}].{k}"), &at("funds", j, k), &r[k], o);
        }
    }
    for k in ["expected", "achieved"] {
        f.text(
            &format!("goal.{k}"),
            &format!("goal.{k}"),
            &truth["goal"][k],
            &out["goal"][k],
        );
    }
    let otasks = rows(out, "tasks");
    for (i, r) in rows(truth, "tasks").iter().enumerate() {
        let j = otasks.iter().position(|o| o["no"] == r["no"]);
        let o = |k: &str| j.map_or(&Value::Null, |j| &otasks[j][k]);
        f.exact(
            &format!("tasks[{i}].no"),
            &at("tasks", j, "no"),
            &r["no"],
            o("no"),
        );
        for k in ["name", "expected", "achieved"] {
            f.text(&format!("tasks[{i}].{k}"), &at("tasks", j, k), &r[k], o(k));
        }
        f.num(
            &format!("tasks[{i}].funds"),
            &at("tasks", j, "funds"),
            &r["funds"],
            o("funds"),
        );
    }
    let tin = rows(truth, "indicators");
    let oin = rows(out, "indicators");
    let pair = align(&tin, &oin);
    for (i, x) in tin.iter().enumerate() {
        let j = pair[i];
        let o = |k: &str| j.map_or(&Value::Null, |j| &oin[j][k]);
        let p = |k: &str| (format!("indicators[{i}].{k}"), at("indicators", j, k));
        if !x["task"].is_null() {
            let (a, b) = p("task");
            f.exact(&a, &b, &x["task"], o("task"));
        }
        for k in [
            "level1", "level2", "name", "formula", "target", "actual", "note",
        ] {
            let (a, b) = p(k);
            f.text(&a, &b, &x[k], o(k));
        }
        for k in ["weight", "score"] {
            let (a, b) = p(k);
            f.num(&a, &b, &x[k], o(k));
        }
        for k in ["target", "actual"] {
            if let Some(q) = quantity(str_of(&x[k])) {
                let (a, b) = p(k);
                let oq = o(k);
                let right = oq["op"].as_str() == Some(q.0.as_str())
                    && oq["value"].as_f64().is_some_and(|v| (v - q.1).abs() < 1e-9)
                    && oq["unit"].as_str().filter(|u| !u.is_empty()) == q.2.as_deref();
                f.push(format!("{a}.parsed"), b, x[k].clone(), oq.clone(), right);
            }
        }
    }
    for k in ["problems", "improvements", "conclusion"] {
        f.text(k, k, &truth[k], &out[k]);
    }
    let ocont = rows(out, "contacts");
    for (i, c) in rows(truth, "contacts").iter().enumerate() {
        let j = ocont
            .iter()
            .position(|o| key(str_of(&o["role"])) == key(str_of(&c["role"])));
        for k in ["name", "phone"] {
            let o = j.map_or(&Value::Null, |j| &ocont[j][k]);
            f.text(
                &format!("contacts[{i}].{k}"),
                &at("contacts", j, k),
                &c[k],
                o,
            );
        }
    }
    f.0
}

struct Fields(Vec<Field>);

impl Fields {
    fn push(&mut self, path: String, flag_path: String, truth: Value, output: Value, right: bool) {
        self.0.push(Field {
            path,
            flag_path,
            truth,
            output,
            right,
        });
    }

    fn text(&mut self, path: &str, flag: &str, truth: &Value, out: &Value) {
        if truth.is_null() {
            return;
        }
        let text = |v: &Value| v.get("raw").unwrap_or(v).as_str().map(key);
        let right = text(out).unwrap_or_default() == text(truth).unwrap_or_default();
        self.push(path.into(), flag.into(), truth.clone(), out.clone(), right);
    }

    fn num(&mut self, path: &str, flag: &str, truth: &Value, out: &Value) {
        if truth.is_null() {
            return;
        }
        let right = match (truth.as_f64(), out.as_f64()) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-9,
            _ => false,
        };
        self.push(path.into(), flag.into(), truth.clone(), out.clone(), right);
    }

    fn exact(&mut self, path: &str, flag: &str, truth: &Value, out: &Value) {
        if truth.is_null() {
            return;
        }
        self.push(
            path.into(),
            flag.into(),
            truth.clone(),
            out.clone(),
            truth == out,
        );
    }
}

/// The output path of a row's field: in the paired output row, or the
/// list's name when no output row was paired (truth row `i` is then flagged
/// only by what names the whole list).
fn at(collection: &str, j: Option<usize>, field: &str) -> String {
    j.map_or(collection.to_string(), |j| {
        format!("{collection}[{j}].{field}")
    })
}

fn rows<'a>(doc: &'a Value, collection: &str) -> Vec<&'a Value> {
    doc[collection]
        .as_array()
        .map(|a| a.iter().filter(|v| v.is_object()).collect())
        .unwrap_or_default()
}

fn str_of(v: &Value) -> &str {
    v.get("raw").unwrap_or(v).as_str().unwrap_or("")
}

/// Truth indicator → output indicator: names equal in order (longest common
/// subsequence), then an unmatched truth row takes the most similar unmatched
/// output row when the similarity is at least 0.6.
fn align(tin: &[&Value], oin: &[&Value]) -> Vec<Option<usize>> {
    let a: Vec<String> = tin.iter().map(|x| key(str_of(&x["name"]))).collect();
    let b: Vec<String> = oin.iter().map(|x| key(str_of(&x["name"]))).collect();
    let mut pair = vec![None; a.len()];
    for (i, j) in lcs(&a, &b) {
        pair[i] = Some(j);
    }
    let mut used: Vec<bool> = vec![false; b.len()];
    for j in pair.iter().flatten() {
        used[*j] = true;
    }
    for i in 0..a.len() {
        if pair[i].is_some() {
            continue;
        }
        let ac: Vec<char> = a[i].chars().collect();
        let best = (0..b.len())
            .filter(|j| !used[*j])
            .map(|j| {
                let bc: Vec<char> = b[j].chars().collect();
                let m = lcs(&ac, &bc).len();
                (2.0 * m as f64 / (ac.len() + bc.len()).max(1) as f64, j)
            })
            .fold(None, |best: Option<(f64, usize)>, c| match best {
                Some(b) if b.0 >= c.0 => Some(b),
                _ => Some(c),
            });
        if let Some((_, j)) = best.filter(|b| b.0 >= 0.6) {
            pair[i] = Some(j);
            used[j] = true;
        }
    }
    pair
}

/// Index pairs of a longest common subsequence.
fn lcs<T: PartialEq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    let mut t = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            t[i][j] = if a[i] == b[j] {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if t[i + 1][j] >= t[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// A quantity cell read as one comparison: (op, value, unit), as the schema
/// says (full-width forms folded, a bare number is `=`).
fn quantity(raw: &str) -> Option<(String, f64, Option<String>)> {
    let s: String = raw
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap(),
            '．' => '.',
            '％' => '%',
            '＜' => '<',
            '＞' => '>',
            '＝' | '﹦' => '=',
            '≧' => '≥',
            '≦' => '≤',
            c => c,
        })
        .collect();
    let s = s.replace('≥', ">=").replace('≤', "<=");
    let (op, rest) = [">=", "<=", ">", "<", "="]
        .iter()
        .find_map(|op| s.strip_prefix(op).map(|r| (*op, r)))
        .unwrap_or(("=", s.as_str()));
    let rest = rest.trim_start();
    let end = rest
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || *c == ',' || *c == '.' || (*i == 0 && *c == '-')))
        .map_or(rest.len(), |(i, _)| i);
    let value: f64 = rest[..end].replace(',', "").parse().ok()?;
    let unit = rest[end..].trim_start();
    let unit_ok = unit == "%"
        || (1..=4).contains(&unit.chars().count())
            && unit.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    if unit.is_empty() {
        Some((op.into(), value, None))
    } else if unit_ok {
        Some((op.into(), value, Some(unit.into())))
    } else {
        None
    }
}
