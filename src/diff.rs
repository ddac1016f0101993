//! `evalform diff OLD NEW`: field-level changes between two documents or two
//! batch output directories.
//!
//! Documents are compared as JSON values, so fields added by a later schema
//! revision show up too. Across directories, documents are matched first by
//! `doc_id` (`source.sha256`, with `-<n>` for a file's n-th form), then by
//! source file name and form number; the rest are added or removed. A
//! document is labelled by its source file, with `#n` for a file's n-th form.
//! Only two documents are held in memory at a time.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

/// One field that differs. `old`/`new` are `None` where the field is absent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub document: String,
    /// e.g. `funds[0].actual`.
    pub path: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DiffReport {
    /// Document pairs compared.
    pub compared: usize,
    /// Documents only in NEW (labelled by source file).
    pub added: Vec<String>,
    /// Documents only in OLD.
    pub removed: Vec<String>,
    pub changes: Vec<Change>,
    /// Changes per field path, array indices folded (`funds[].actual`).
    pub counts: BTreeMap<String, usize>,
}

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not JSON: {reason}")]
    NotJson { path: PathBuf, reason: String },
    #[error("compare two JSON files or two directories, not {old} with {new}")]
    Mismatch { old: PathBuf, new: PathBuf },
}

impl DiffReport {
    pub fn is_identical(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changes.is_empty()
    }

    /// 0 when identical, 1 when anything differs.
    pub fn exit_code(&self) -> i32 {
        if self.is_identical() { 0 } else { 1 }
    }

    fn changed_documents(&self) -> usize {
        let mut docs: Vec<&str> = self.changes.iter().map(|c| c.document.as_str()).collect();
        docs.dedup();
        docs.len()
    }

    /// Human-readable: one line per change, then totals and per-field counts.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        for c in &self.changes {
            let _ = writeln!(
                out,
                "changed  {}  {}: {} → {}",
                c.document,
                c.path,
                show(&c.old),
                show(&c.new)
            );
        }
        for doc in &self.added {
            let _ = writeln!(out, "added    {doc}");
        }
        for doc in &self.removed {
            let _ = writeln!(out, "removed  {doc}");
        }
        let _ = writeln!(
            out,
            "{} documents compared: {} changed ({} fields), {} added, {} removed",
            self.compared,
            self.changed_documents(),
            self.changes.len(),
            self.added.len(),
            self.removed.len()
        );
        if !self.counts.is_empty() {
            let width = self
                .counts
                .keys()
                .map(|k| k.chars().count())
                .max()
                .unwrap_or(0);
            out.push_str("changes per field:\n");
            for (path, n) in &self.counts {
                let _ = writeln!(out, "  {path:width$}  {n}");
            }
        }
        out
    }

    /// The report as pretty JSON (with an `identical` flag).
    pub fn render_json(&self) -> String {
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut value {
            map.insert("identical".into(), Value::Bool(self.is_identical()));
        }
        String::from_utf8_lossy(&crate::emit::json::to_pretty(&value)).into_owned()
    }

    fn push(&mut self, document: &str, path: String, old: Option<&Value>, new: Option<&Value>) {
        *self.counts.entry(fold_indices(&path)).or_default() += 1;
        self.changes.push(Change {
            document: document.to_string(),
            path,
            old: old.cloned(),
            new: new.cloned(),
        });
    }
}

fn show(value: &Option<Value>) -> String {
    match value {
        None => "(absent)".into(),
        Some(v) => v.to_string(),
    }
}

/// `tasks[3].pages[0]` → `tasks[].pages[]`.
fn fold_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for ch in path.chars() {
        match ch {
            '[' => {
                in_index = true;
                out.push_str("[]");
            }
            ']' => in_index = false,
            _ if in_index => {}
            _ => out.push(ch),
        }
    }
    out
}

fn child_path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// Adds every field-level difference between two JSON values to `report`.
pub fn diff_values(report: &mut DiffReport, document: &str, path: &str, old: &Value, new: &Value) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, av) in a {
                let p = child_path(path, key);
                match b.get(key) {
                    Some(bv) => diff_values(report, document, &p, av, bv),
                    None => report.push(document, p, Some(av), None),
                }
            }
            for (key, bv) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                report.push(document, child_path(path, key), None, Some(bv));
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                let p = format!("{path}[{i}]");
                match (a.get(i), b.get(i)) {
                    (Some(av), Some(bv)) => diff_values(report, document, &p, av, bv),
                    (av, bv) => report.push(document, p, av, bv),
                }
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        _ if old == new => {}
        _ => report.push(document, path.to_string(), Some(old), Some(new)),
    }
}

fn read_json(path: &Path) -> Result<Value, DiffError> {
    let bytes = std::fs::read(path).map_err(|source| DiffError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_slice(&bytes).map_err(|e| DiffError::NotJson {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

/// The documents of a JSON file: one document, or JSON Lines of several (as
/// `extract` prints a file bundling several forms).
fn read_documents(path: &Path) -> Result<Vec<Value>, DiffError> {
    let bytes = std::fs::read(path).map_err(|source| DiffError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let docs = serde_json::Deserializer::from_slice(&bytes)
        .into_iter::<Value>()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| DiffError::NotJson {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
    if docs.is_empty() {
        return Err(DiffError::NotJson {
            path: path.to_path_buf(),
            reason: "no document in the file".into(),
        });
    }
    Ok(docs)
}

/// `file#n` (or `file` for a first form) and `doc_id` of a document value.
fn value_keys(v: &Value) -> (String, String) {
    let source = &v["source"];
    let form = source["form_index"].as_u64().unwrap_or(1);
    let file = source["file"].as_str().unwrap_or("");
    let label = if form > 1 {
        format!("{file}#{form}")
    } else {
        file.to_string()
    };
    let sha = source["sha256"].as_str().unwrap_or("");
    (label, crate::model::doc_id(sha, form as u32))
}

/// Two streams of documents, paired by doc_id, then by label.
fn diff_streams(report: &mut DiffReport, old: Vec<Value>, new: Vec<Value>) {
    let mut new: Vec<Option<Value>> = new.into_iter().map(Some).collect();
    for a in old {
        let (label, id) = value_keys(&a);
        let slot = new
            .iter()
            .position(|b| b.as_ref().is_some_and(|b| value_keys(b).1 == id))
            .or_else(|| {
                new.iter()
                    .position(|b| b.as_ref().is_some_and(|b| value_keys(b).0 == label))
            });
        match slot.and_then(|i| new[i].take()) {
            Some(b) => {
                report.compared += 1;
                diff_values(report, &label, "", &a, &b);
            }
            None => report.removed.push(label),
        }
    }
    report
        .added
        .extend(new.into_iter().flatten().map(|b| value_keys(&b).0));
}

/// What a document is matched by, read once per file.
#[derive(Debug, Clone)]
struct DocRef {
    json: PathBuf,
    label: String,
    /// `doc_id`: sha256, with `-<n>` for the n-th form of a file.
    doc_id: String,
    /// Source file name, with `#<n>` for the n-th form of a file.
    file_name: String,
}

fn doc_ref(json: &Path) -> Result<DocRef, DiffError> {
    let value = read_json(json)?;
    let source = &value["source"];
    let file = source["file"].as_str().unwrap_or("").to_string();
    let file_name = Path::new(&file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let form = source["form_index"].as_u64().unwrap_or(1);
    let suffix = if form > 1 {
        format!("#{form}")
    } else {
        String::new()
    };
    let label = if file.is_empty() {
        json.to_string_lossy().into_owned()
    } else {
        format!("{file}{suffix}")
    };
    let sha256 = source["sha256"].as_str().unwrap_or("");
    Ok(DocRef {
        json: json.to_path_buf(),
        label,
        doc_id: if sha256.is_empty() {
            String::new()
        } else {
            crate::model::doc_id(sha256, form as u32)
        },
        file_name: if file_name.is_empty() {
            file_name
        } else {
            format!("{file_name}{suffix}")
        },
    })
}

/// The documents of a batch output directory (`DIR/json/*.json`) or of a plain
/// directory of JSON files, in file-name order.
fn dir_docs(dir: &Path) -> Result<Vec<DocRef>, DiffError> {
    let json_dir = dir.join("json");
    let dir = if json_dir.is_dir() {
        json_dir
    } else {
        dir.to_path_buf()
    };
    let io = |source| DiffError::Io {
        path: dir.clone(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.extension().is_some_and(|e| e == "json") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    files.iter().map(|f| doc_ref(f)).collect()
}

fn by_doc_id(d: &DocRef) -> &str {
    &d.doc_id
}

fn by_file_name(d: &DocRef) -> &str {
    &d.file_name
}

/// Pairs documents by doc_id, then by file name and form; returns pairs, removed, added.
fn match_docs(
    old: Vec<DocRef>,
    new: Vec<DocRef>,
) -> (Vec<(DocRef, DocRef)>, Vec<DocRef>, Vec<DocRef>) {
    let mut new: Vec<Option<DocRef>> = new.into_iter().map(Some).collect();
    let mut pairs = Vec::new();
    let mut remaining = old;
    let keys: [fn(&DocRef) -> &str; 2] = [by_doc_id, by_file_name];
    for key in keys {
        // Still-unmatched NEW documents by key, in file order.
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, d) in new.iter().enumerate() {
            if let Some(d) = d.as_ref().filter(|d| !key(d).is_empty()) {
                index.entry(key(d).to_string()).or_default().push(i);
            }
        }
        let mut unmatched = Vec::new();
        for d in remaining {
            let slot = index
                .get_mut(key(&d))
                .filter(|l| !l.is_empty())
                .map(|l| l.remove(0));
            match slot.and_then(|i| new[i].take()) {
                Some(n) => pairs.push((d, n)),
                None => unmatched.push(d),
            }
        }
        remaining = unmatched;
    }
    pairs.sort_by(|a, b| a.0.label.cmp(&b.0.label));
    let added = new.into_iter().flatten().collect();
    (pairs, remaining, added)
}

/// Compares two JSON documents or two directories of them.
pub fn diff_paths(old: &Path, new: &Path) -> Result<DiffReport, DiffError> {
    let mut report = DiffReport::default();
    match (old.is_dir(), new.is_dir()) {
        (false, false) => {
            let (a, b) = (read_documents(old)?, read_documents(new)?);
            if a.len() == 1 && b.len() == 1 {
                let label = doc_ref(old)?.label;
                report.compared = 1;
                diff_values(&mut report, &label, "", &a[0], &b[0]);
            } else {
                diff_streams(&mut report, a, b);
            }
        }
        (true, true) => {
            let (pairs, removed, added) = match_docs(dir_docs(old)?, dir_docs(new)?);
            report.compared = pairs.len();
            for (a, b) in pairs {
                diff_values(
                    &mut report,
                    &a.label,
                    "",
                    &read_json(&a.json)?,
                    &read_json(&b.json)?,
                );
            }
            report.removed = removed.into_iter().map(|d| d.label).collect();
            report.added = added.into_iter().map(|d| d.label).collect();
        }
        _ => {
            return Err(DiffError::Mismatch {
                old: old.to_path_buf(),
                new: new.to_path_buf(),
            });
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_changes_have_paths_and_folded_counts() {
        let old = json!({"funds": [{"actual": 1.0}, {"actual": 2}], "title": "a", "x": 1});
        let new = json!({"funds": [{"actual": 1}, {"actual": 3}], "title": "b", "y": 1});
        let mut r = DiffReport::default();
        diff_values(&mut r, "d", "", &old, &new);
        let paths: Vec<&str> = r.changes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["funds[1].actual", "title", "x", "y"]);
        assert_eq!(r.counts["funds[].actual"], 1);
        assert_eq!(r.changes[2].new, None);
    }

    #[test]
    fn longer_arrays_report_the_extra_elements() {
        let mut r = DiffReport::default();
        diff_values(&mut r, "d", "", &json!({"t": [1]}), &json!({"t": [1, 2]}));
        assert_eq!(r.changes[0].path, "t[1]");
        assert_eq!(r.changes[0].old, None);
        assert!(r.render_text().contains("t[1]: (absent) → 2"));
    }

    #[test]
    fn fold_indices_drops_numbers() {
        assert_eq!(fold_indices("tasks[12].pages[0]"), "tasks[].pages[]");
    }
}
