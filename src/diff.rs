//! `evalform diff OLD NEW`: field-level changes between two documents or two
//! batch output directories.
//!
//! Documents are compared as JSON values, so fields added by a later schema
//! revision show up too. Across directories, documents are matched first by
//! `doc_id` (`source.sha256`, with `-<n>` for a file's n-th form), then by
//! source file name and form number; the rest are added or removed, and a
//! removed document carries the new run's error for its file (from the new
//! batch's `errors.csv`). A document is labelled by its source file, with
//! `#n` for a file's n-th form. Run details ([`RUN_DETAILS`]: where the input
//! sat) never count as changes, nor do the paths given to `--ignore`.
//! Elements of `indicators`, `tasks`, `funds` and `contacts` are named by
//! index and name: `indicators[2] 城镇新增就业人数 .actual`.
//! Only two documents are held in memory at a time.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

/// Fields that say how a run went, not what a form holds: never a change.
/// (Batch timings live in `manifest.jsonl`, which `diff` does not compare.)
pub const RUN_DETAILS: &[&str] = &["source.file"];

/// One field that differs. `old`/`new` are `None` where the field is absent.
/// One field that differs between the runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The document, by its source file.
    pub document: String,
    /// The document's `doc_id` (empty when it has no `source.sha256`).
    pub doc_id: String,
    /// e.g. `funds[0].actual`.
    pub path: String,
    /// The path with list elements named: `indicators[2] 城镇新增就业人数 .actual`.
    pub label: String,
    /// The value in OLD (`None`: absent).
    pub old: Option<Value>,
    /// The value in NEW (`None`: absent).
    pub new: Option<Value>,
}

/// A document of OLD that NEW lacks, with the new run's error for its file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Removed {
    /// The document, by its source file.
    pub document: String,
    /// Its `doc_id`.
    pub doc_id: String,
    /// The message in NEW's `errors.csv` for this file, when it failed there.
    pub error: Option<String>,
}

/// What `diff` leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffOptions {
    /// Field paths not compared, subtrees included: `source.pages_read`,
    /// `indicators[].note` (any element), `indicators[3].note` (one element),
    /// `indicators.note` (the same as `indicators[].note`).
    pub ignore: Vec<String>,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            ignore: RUN_DETAILS.iter().map(|s| s.to_string()).collect(),
        }
    }
}

impl DiffOptions {
    /// The defaults plus `paths`.
    pub fn ignoring(paths: &[String]) -> DiffOptions {
        let mut opts = DiffOptions::default();
        opts.ignore.extend(paths.iter().cloned());
        opts
    }

    fn ignores(&self, path: &str) -> bool {
        let folded = fold_indices(path);
        let stripped = folded.replace("[]", "");
        self.ignore.iter().any(|pattern| {
            let pattern_stripped = fold_indices(pattern).replace("[]", "");
            let exact_index = pattern.contains('[') && !pattern.contains("[]");
            if exact_index {
                path == pattern
            } else if pattern.contains("[]") {
                folded == *pattern
            } else {
                stripped == pattern_stripped
            }
        })
    }
}

/// What differs between two runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DiffReport {
    /// Document pairs compared.
    pub compared: usize,
    /// Documents only in NEW (labelled by source file).
    pub added: Vec<String>,
    /// Documents only in OLD.
    pub removed: Vec<Removed>,
    /// Every field that differs.
    pub changes: Vec<Change>,
    /// Changes per field path, array indices folded (`funds[].actual`).
    pub counts: BTreeMap<String, usize>,
}

/// Why two runs could not be compared.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// A file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file is not JSON (or JSON Lines) documents.
    #[error("{path}: not JSON: {reason}")]
    NotJson {
        /// The file.
        path: PathBuf,
        /// Why, in words.
        reason: String,
    },
    /// A file was given with a directory.
    #[error("compare two JSON files or two directories, not {old} with {new}")]
    Mismatch {
        /// OLD.
        old: PathBuf,
        /// NEW.
        new: PathBuf,
    },
}

impl DiffReport {
    /// Whether nothing differs.
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
                c.label,
                show(&c.old),
                show(&c.new)
            );
        }
        for doc in &self.added {
            let _ = writeln!(out, "added    {doc}");
        }
        for doc in &self.removed {
            match &doc.error {
                Some(error) => {
                    let _ = writeln!(
                        out,
                        "removed  {}  (failed in the new run: {error})",
                        doc.document
                    );
                }
                None => {
                    let _ = writeln!(out, "removed  {}", doc.document);
                }
            }
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

    /// The report as CSV: one row per change, added and removed document
    /// (`change,document,doc_id,path,label,old,new,error`); values as JSON,
    /// text unquoted.
    pub fn render_csv(&self) -> String {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let mut rows: Vec<[String; 8]> = vec![
            [
                "change", "document", "doc_id", "path", "label", "old", "new", "error",
            ]
            .map(String::from),
        ];
        for c in &self.changes {
            rows.push([
                "changed".into(),
                c.document.clone(),
                c.doc_id.clone(),
                c.path.clone(),
                c.label.clone(),
                csv_value(&c.old),
                csv_value(&c.new),
                String::new(),
            ]);
        }
        for doc in &self.added {
            rows.push([
                "added".into(),
                doc.clone(),
                "".into(),
                "".into(),
                "".into(),
                "".into(),
                "".into(),
                "".into(),
            ]);
        }
        for doc in &self.removed {
            rows.push([
                "removed".into(),
                doc.document.clone(),
                doc.doc_id.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                doc.error.clone().unwrap_or_default(),
            ]);
        }
        for row in rows {
            // Writing to a Vec cannot fail.
            let _ = writer.write_record(&row);
        }
        String::from_utf8_lossy(&writer.into_inner().unwrap_or_default()).into_owned()
    }

    fn push(&mut self, at: &Place<'_>, old: Option<&Value>, new: Option<&Value>) {
        *self.counts.entry(fold_indices(&at.path)).or_default() += 1;
        self.changes.push(Change {
            document: at.document.to_string(),
            doc_id: at.doc_id.to_string(),
            path: at.path.clone(),
            label: at.label.clone(),
            old: old.cloned(),
            new: new.cloned(),
        });
    }
}

fn csv_value(value: &Option<Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

/// Where in which document a comparison is.
#[derive(Debug, Clone)]
struct Place<'a> {
    document: &'a str,
    doc_id: &'a str,
    options: &'a DiffOptions,
    /// `indicators[2].actual`
    path: String,
    /// `indicators[2] 城镇新增就业人数 .actual`
    label: String,
    /// Whether `label` ends with an element's name (the next key goes after ` .`).
    named: bool,
}

/// The field naming the elements of a list of the document.
fn name_field(list: &str) -> Option<&'static str> {
    match list {
        "indicators" | "tasks" => Some("name"),
        "funds" => Some("source"),
        "contacts" => Some("role"),
        _ => None,
    }
}

impl<'a> Place<'a> {
    fn root(document: &'a str, doc_id: &'a str, options: &'a DiffOptions) -> Place<'a> {
        Place {
            document,
            doc_id,
            options,
            path: String::new(),
            label: String::new(),
            named: false,
        }
    }

    fn key(&self, key: &str) -> Place<'a> {
        let label = match (self.label.is_empty(), self.named) {
            (true, _) => key.to_string(),
            (false, true) => format!("{} .{key}", self.label),
            (false, false) => format!("{}.{key}", self.label),
        };
        Place {
            path: child_path(&self.path, key),
            label,
            named: false,
            ..self.clone()
        }
    }

    /// Element `i` of this list; `old`/`new` are the element on each side.
    fn index(&self, i: usize, old: Option<&Value>, new: Option<&Value>) -> Place<'a> {
        let name = name_field(&self.path).and_then(|field| {
            [new, old]
                .into_iter()
                .flatten()
                .find_map(|v| v[field].as_str().filter(|s| !s.is_empty()))
        });
        let mut label = format!("{}[{i}]", self.label);
        if let Some(name) = name {
            label.push(' ');
            label.push_str(name);
        }
        Place {
            path: format!("{}[{i}]", self.path),
            label,
            named: name.is_some(),
            ..self.clone()
        }
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

/// Adds every field-level difference between two JSON values to `report`
/// (the default options: run details left out).
pub fn diff_values(report: &mut DiffReport, document: &str, path: &str, old: &Value, new: &Value) {
    let options = DiffOptions::default();
    let mut at = Place::root(document, "", &options);
    at.path = path.to_string();
    at.label = path.to_string();
    walk(report, &at, old, new);
}

fn diff_documents(
    report: &mut DiffReport,
    document: &str,
    options: &DiffOptions,
    old: &Value,
    new: &Value,
) {
    let (_, doc_id) = value_keys(new);
    walk(report, &Place::root(document, &doc_id, options), old, new);
}

fn walk(report: &mut DiffReport, at: &Place<'_>, old: &Value, new: &Value) {
    if !at.path.is_empty() && at.options.ignores(&at.path) {
        return;
    }
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, av) in a {
                let p = at.key(key);
                match b.get(key) {
                    Some(bv) => walk(report, &p, av, bv),
                    None if p.options.ignores(&p.path) => {}
                    None => report.push(&p, Some(av), None),
                }
            }
            for (key, bv) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                let p = at.key(key);
                if !p.options.ignores(&p.path) {
                    report.push(&p, None, Some(bv));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                let p = at.index(i, a.get(i), b.get(i));
                if p.options.ignores(&p.path) {
                    continue;
                }
                match (a.get(i), b.get(i)) {
                    (Some(av), Some(bv)) => walk(report, &p, av, bv),
                    (av, bv) => report.push(&p, av, bv),
                }
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        _ if old == new => {}
        _ => report.push(at, Some(old), Some(new)),
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
pub(crate) fn read_documents(path: &Path) -> Result<Vec<Value>, DiffError> {
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
fn diff_streams(report: &mut DiffReport, options: &DiffOptions, old: Vec<Value>, new: Vec<Value>) {
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
                diff_documents(report, &label, options, &a, &b);
            }
            None => report.removed.push(Removed {
                document: label,
                doc_id: id,
                error: None,
            }),
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
    sha256: String,
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
        sha256: sha256.to_string(),
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

/// Compares two JSON documents or two directories of them, run details left out.
pub fn diff_paths(old: &Path, new: &Path) -> Result<DiffReport, DiffError> {
    diff_paths_with(old, new, &DiffOptions::default())
}

/// Compares two JSON documents or two directories of them.
pub fn diff_paths_with(
    old: &Path,
    new: &Path,
    options: &DiffOptions,
) -> Result<DiffReport, DiffError> {
    let mut report = DiffReport::default();
    match (old.is_dir(), new.is_dir()) {
        (false, false) => {
            let (a, b) = (read_documents(old)?, read_documents(new)?);
            if a.len() == 1 && b.len() == 1 {
                let label = doc_ref(old)?.label;
                report.compared = 1;
                diff_documents(&mut report, &label, options, &a[0], &b[0]);
            } else {
                diff_streams(&mut report, options, a, b);
            }
        }
        (true, true) => {
            let (pairs, removed, added) = match_docs(dir_docs(old)?, dir_docs(new)?);
            report.compared = pairs.len();
            for (a, b) in pairs {
                diff_documents(
                    &mut report,
                    &a.label,
                    options,
                    &read_json(&a.json)?,
                    &read_json(&b.json)?,
                );
            }
            let errors = batch_errors(new)?;
            report.removed = removed
                .into_iter()
                .map(|d| {
                    let error = errors
                        .iter()
                        .find(|e| !d.sha256.is_empty() && e.sha256 == d.sha256)
                        .or_else(|| errors.iter().find(|e| same_file_name(&e.path, &d.label)))
                        .map(|e| e.message.clone());
                    Removed {
                        document: d.label,
                        doc_id: d.doc_id,
                        error,
                    }
                })
                .collect();
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

/// A row of a batch's `errors.csv`.
struct BatchError {
    path: String,
    sha256: String,
    message: String,
}

/// The failures a batch output directory records (none when it has no `errors.csv`).
fn batch_errors(dir: &Path) -> Result<Vec<BatchError>, DiffError> {
    let path = dir.join("errors.csv");
    let Ok(bytes) = std::fs::read(&path) else {
        return Ok(Vec::new());
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::Reader::from_reader(bytes);
    let bad = |e: csv::Error| DiffError::NotJson {
        path: path.clone(),
        reason: format!("not a batch errors.csv: {e}"),
    };
    let headers = reader.headers().map_err(bad)?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(p), Some(s), Some(m)) = (col("path"), col("sha256"), col("message")) else {
        return Ok(Vec::new());
    };
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = record.map_err(bad)?;
        let field = |i: usize| record.get(i).unwrap_or("").to_string();
        errors.push(BatchError {
            path: field(p),
            sha256: field(s),
            message: field(m),
        });
    }
    Ok(errors)
}

/// Whether an error's input path and a document label (`in/a.pdf#2`) name the same file.
fn same_file_name(path: &str, label: &str) -> bool {
    let label = label.split('#').next().unwrap_or(label);
    let name = |p: &str| Path::new(p).file_name().map(|n| n.to_os_string());
    name(path).is_some() && name(path) == name(label)
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

#[cfg(test)]
mod named_tests {
    use super::*;
    use serde_json::json;

    fn report(old: &Value, new: &Value, ignore: &[&str]) -> DiffReport {
        let options =
            DiffOptions::ignoring(&ignore.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let mut r = DiffReport::default();
        diff_documents(&mut r, "d", &options, old, new);
        r
    }

    #[test]
    fn list_elements_are_named_and_run_details_left_out() {
        let old = json!({"source": {"file": "a/x.pdf"}, "indicators": [
            {"name": "甲", "actual": {"raw": "1"}}, {"name": "城镇新增就业人数", "actual": {"raw": "2"}}]});
        let new = json!({"source": {"file": "b/x.pdf"}, "indicators": [
            {"name": "甲", "actual": {"raw": "1"}}, {"name": "城镇新增就业人数", "actual": {"raw": "3"}}]});
        let r = report(&old, &new, &[]);
        assert_eq!(r.changes.len(), 1, "{:?}", r.changes);
        assert_eq!(r.changes[0].path, "indicators[1].actual.raw");
        assert_eq!(
            r.changes[0].label,
            "indicators[1] 城镇新增就业人数 .actual.raw"
        );
    }

    #[test]
    fn ignore_takes_exact_folded_and_plain_paths() {
        let old = json!({"indicators": [{"note": "a", "score": 1}, {"note": "b", "score": 2}]});
        let new = json!({"indicators": [{"note": "x", "score": 1}, {"note": "y", "score": 3}]});
        assert_eq!(report(&old, &new, &[]).changes.len(), 3);
        assert_eq!(report(&old, &new, &["indicators[].note"]).changes.len(), 1);
        assert_eq!(report(&old, &new, &["indicators.note"]).changes.len(), 1);
        assert_eq!(report(&old, &new, &["indicators[0].note"]).changes.len(), 2);
        assert_eq!(report(&old, &new, &["indicators"]).changes.len(), 0);
        let r = report(&old, &new, &["indicators[].note"]);
        assert_eq!(r.changes[0].path, "indicators[1].score");
    }
}
