//! Reading what is scored: the truth (one document, a manifest, or a folder
//! of documents) and the output (one JSON file, or a folder as `extract -o`
//! or `batch` writes it), and finding each truth's output.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::ScoreError;

/// One hand-verified document and what to compare it with.
#[derive(Debug, Clone)]
pub struct TruthEntry {
    /// The document's name: the manifest's `pdf` stem, or the truth file's stem.
    pub name: String,
    /// What `--filter` looks in: the manifest's `pdf`, or the name.
    pub label: String,
    pub truth_file: PathBuf,
    pub truth: Map<String, Value>,
    /// Field paths whose cell a page break cuts (manifest `split_cells`).
    pub split_cells: Vec<String>,
    /// The input file the form was read from (manifest `file`), when it
    /// differs from `pdf`: a form of a bundle.
    pub file: Option<String>,
    /// The form's place in that file (manifest `form_index`).
    pub form_index: Option<u64>,
}

fn read_json(path: &Path) -> Result<Value, ScoreError> {
    let bytes = std::fs::read(path).map_err(|source| ScoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_slice(&bytes).map_err(|e| ScoreError::NotJson {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The visible `*.json` files of a folder, by name.
fn json_files(dir: &Path) -> Result<Vec<PathBuf>, ScoreError> {
    let entries = std::fs::read_dir(dir).map_err(|source| ScoreError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|x| x == "json")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// The truth at `path`: a truth document (a JSON object), a manifest (a JSON
/// array of `{"pdf", "truth", "split_cells"?}`), or a folder whose JSON
/// objects are truth documents (arrays in it are skipped).
pub fn read_truth(path: &Path) -> Result<Vec<TruthEntry>, ScoreError> {
    if path.is_dir() {
        let mut entries = Vec::new();
        for file in json_files(path)? {
            if let Value::Object(truth) = read_json(&file)? {
                entries.push(alone(&file, truth));
            }
        }
        if entries.is_empty() {
            return Err(ScoreError::NoTruth {
                path: path.to_path_buf(),
                reason: "no JSON document in the folder".into(),
            });
        }
        return Ok(entries);
    }
    match read_json(path)? {
        Value::Object(truth) => Ok(vec![alone(path, truth)]),
        Value::Array(list) => manifest(path, &list),
        _ => Err(ScoreError::NoTruth {
            path: path.to_path_buf(),
            reason: "neither a document (a JSON object) nor a manifest (a JSON array)".into(),
        }),
    }
}

fn alone(file: &Path, truth: Map<String, Value>) -> TruthEntry {
    let name = stem(file);
    TruthEntry {
        label: name.clone(),
        name,
        truth_file: file.to_path_buf(),
        truth,
        split_cells: Vec::new(),
        file: None,
        form_index: None,
    }
}

fn manifest(path: &Path, list: &[Value]) -> Result<Vec<TruthEntry>, ScoreError> {
    let base = path.parent().unwrap_or(Path::new("."));
    // A manifest in `corpus/` names truth files from the folder above.
    let root = if base.file_name().is_some_and(|n| n == "corpus") {
        base.parent().unwrap_or(base)
    } else {
        base
    };
    let bad = |i: usize, what: &str| ScoreError::NoTruth {
        path: path.to_path_buf(),
        reason: format!("entry {}: {what}", i + 1),
    };
    let mut entries = Vec::new();
    for (i, e) in list.iter().enumerate() {
        let pdf = e["pdf"].as_str().ok_or_else(|| bad(i, "no \"pdf\""))?;
        let truth = e["truth"].as_str().ok_or_else(|| bad(i, "no \"truth\""))?;
        let truth_file = root.join(truth);
        let Value::Object(doc) = read_json(&truth_file)? else {
            return Err(ScoreError::NoTruth {
                path: truth_file,
                reason: "not a document (a JSON object)".into(),
            });
        };
        let split_cells = e["split_cells"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        entries.push(TruthEntry {
            name: stem(Path::new(pdf)),
            label: pdf.to_string(),
            truth_file,
            truth: doc,
            split_cells,
            file: e["file"].as_str().map(String::from),
            form_index: e["form_index"].as_u64(),
        });
    }
    Ok(entries)
}

/// An output document found for a truth, or why none was.
#[derive(Debug, Clone)]
pub enum Found {
    Document { file: PathBuf, doc: Value },
    Missing { reason: String },
}

/// Where outputs are looked for.
pub struct Outputs {
    root: PathBuf,
    /// One file given: its documents (JSON Lines allowed).
    single: Option<Vec<Value>>,
    /// A folder's documents, read when a truth's name finds no file.
    folder: OnceCell<Vec<(PathBuf, Value)>>,
}

impl Outputs {
    /// The output at `path`: a JSON file (one document, or JSON Lines), or a
    /// folder of `<name>.json` files, batch output (`json/`) included.
    pub fn open(path: &Path) -> Result<Outputs, ScoreError> {
        let single = if path.is_dir() {
            None
        } else {
            Some(read_documents(path)?)
        };
        Ok(Outputs {
            root: path.to_path_buf(),
            single,
            folder: OnceCell::new(),
        })
    }

    /// The output of `entry` (one of `count` truths): `<name>.json` in the
    /// folder (or its `json/`), else the document read from the same input
    /// file and form (`source.file`, `source.form_index`). A single output
    /// file scored against a single truth is its output whatever its name.
    pub fn find(&self, entry: &TruthEntry, count: usize) -> Found {
        if let Some(docs) = &self.single {
            if count == 1 && docs.len() == 1 {
                return Found::Document {
                    file: self.root.clone(),
                    doc: docs[0].clone(),
                };
            }
            return match docs.iter().find(|d| same_form(d, entry)) {
                Some(doc) => Found::Document {
                    file: self.root.clone(),
                    doc: doc.clone(),
                },
                None => Found::Missing {
                    reason: format!("no document of {} is {}", self.root.display(), entry.name),
                },
            };
        }
        for dir in [self.root.clone(), self.root.join("json")] {
            let file = dir.join(format!("{}.json", entry.name));
            if file.is_file() {
                return match read_json(&file) {
                    Ok(doc) => Found::Document { file, doc },
                    Err(e) => Found::Missing {
                        reason: e.to_string(),
                    },
                };
            }
        }
        let docs = self.folder.get_or_init(|| folder_documents(&self.root));
        match docs.iter().find(|(_, d)| same_form(d, entry)) {
            Some((file, doc)) => Found::Document {
                file: file.clone(),
                doc: doc.clone(),
            },
            None => Found::Missing {
                reason: format!(
                    "no {}.json and no document read from it in {}",
                    entry.name,
                    self.root.display()
                ),
            },
        }
    }
}

/// The documents of a JSON file: one document or JSON Lines of several
/// (read as `diff` reads them).
fn read_documents(path: &Path) -> Result<Vec<Value>, ScoreError> {
    crate::diff::read_documents(path).map_err(|e| match e {
        crate::diff::DiffError::Io { path, source } => ScoreError::Io { path, source },
        other => ScoreError::NotJson {
            path: path.to_path_buf(),
            reason: match other {
                crate::diff::DiffError::NotJson { reason, .. } => reason,
                e => e.to_string(),
            },
        },
    })
}

/// Every readable document of a folder and its `json/`; other files are left out.
fn folder_documents(root: &Path) -> Vec<(PathBuf, Value)> {
    let mut docs = Vec::new();
    for dir in [root.to_path_buf(), root.join("json")] {
        for file in json_files(&dir).unwrap_or_default() {
            for doc in read_documents(&file).unwrap_or_default() {
                if doc["source"].is_object() {
                    docs.push((file.clone(), doc));
                }
            }
        }
    }
    docs
}

/// Whether `doc` was read from the truth's input: the same file (by name, or
/// by stem for `pdf`) and form (the first, or `<stem>-<n>` for the n-th).
fn same_form(doc: &Value, entry: &TruthEntry) -> bool {
    let Some(file) = doc["source"]["file"].as_str() else {
        return false;
    };
    let index = doc["source"]["form_index"].as_u64().unwrap_or(1);
    let file = Path::new(file);
    if let (Some(want), Some(n)) = (&entry.file, entry.form_index) {
        return file.ends_with(want) && index == n;
    }
    let stem = stem(file);
    if index <= 1 {
        stem == entry.name
    } else {
        format!("{stem}-{index}") == entry.name
    }
}
