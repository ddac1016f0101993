//! Reading a manifest's files with `evalform extract`, scoring them with
//! `evalform score --json`, and adding the figures up per damage class.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common;

pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// The entries of a manifest (`[{"pdf", "truth", …}]`).
pub fn manifest(path: &Path) -> Vec<Value> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).expect("manifest JSON")
}

/// The name documents go by: the entry's file stem.
pub fn stem(entry: &Value) -> String {
    let pdf = entry["pdf"].as_str().expect("entry names its pdf");
    Path::new(pdf)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// Reads every entry's file into `out/<stem>.json`; returns the files
/// evalform refused (stem → its message; exit 1, no document).
pub fn extract_all(manifest_path: &Path, out: &Path) -> BTreeMap<String, String> {
    let base = manifest_path.parent().unwrap();
    let mut refused = BTreeMap::new();
    for entry in manifest(manifest_path) {
        let name = stem(&entry);
        let target = out.join(format!("{name}.json"));
        let result = common::bin()
            .arg("extract")
            .arg(base.join(entry["pdf"].as_str().unwrap()))
            .arg("-o")
            .arg(&target)
            .output()
            .expect("evalform runs");
        let message = String::from_utf8_lossy(&result.stderr).trim().to_string();
        if result.status.success() {
            assert!(
                target.exists(),
                "{name}: exit 0 and no {}",
                target.display()
            );
        } else {
            assert_eq!(result.status.code(), Some(1), "{name}: {message}");
            assert!(!message.is_empty(), "{name}: exit 1 without a message");
            let _ = std::fs::remove_file(&target);
            refused.insert(name, message);
        }
    }
    refused
}

/// `evalform score MANIFEST OUTDIR --json`, and the scorer's name for the
/// report.
pub fn score(manifest_path: &Path, out: &Path) -> (Value, &'static str) {
    let result = common::bin()
        .arg("score")
        .arg(manifest_path)
        .arg(out)
        .arg("--json")
        .output()
        .expect("evalform runs");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "evalform score: {stderr}");
    let report = serde_json::from_slice(&result.stdout).expect("evalform score --json prints JSON");
    (report, "evalform score")
}

/// A score report's documents by name.
pub fn documents(report: &Value) -> BTreeMap<String, &Value> {
    report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| (d["name"].as_str().expect("name").to_string(), d))
        .collect()
}

fn count(doc: &Value, key: &str) -> usize {
    doc[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} in {doc}")) as usize
}

/// The figures of one damage class.
#[derive(Default)]
pub struct Tally {
    pub files: usize,
    pub fields: usize,
    pub wrong: usize,
    /// Wrong fields a warning names or a low confidence covers.
    pub flagged: usize,
    /// Wrong fields of files evalform refused to read (said so, exit 1).
    pub refused: usize,
    /// Right fields flagged all the same.
    pub right_flagged: usize,
    /// (document, path, truth, output) of every wrong field nothing flagged.
    pub silent: Vec<(String, String, Value, Value)>,
}

impl Tally {
    pub fn add(&mut self, name: &str, doc: &Value, refused: bool) {
        self.files += 1;
        self.fields += count(doc, "fields");
        self.wrong += count(doc, "wrong");
        self.right_flagged += count(doc, "right_flagged");
        if refused {
            self.refused += count(doc, "wrong");
            return;
        }
        self.flagged += count(doc, "wrong_flagged");
        for f in doc["wrong_fields"].as_array().into_iter().flatten() {
            if f["flagged"] != Value::Bool(true) {
                let path = f["path"].as_str().unwrap_or("?").to_string();
                self.silent
                    .push((name.into(), path, f["truth"].clone(), f["output"].clone()));
            }
        }
    }

    /// Share of wrong fields that are flagged or in a refused file (1 when
    /// nothing is wrong).
    pub fn share(&self) -> f64 {
        if self.wrong == 0 {
            1.0
        } else {
            (self.flagged + self.refused) as f64 / self.wrong as f64
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        self.files += other.files;
        self.fields += other.fields;
        self.wrong += other.wrong;
        self.flagged += other.flagged;
        self.refused += other.refused;
        self.right_flagged += other.right_flagged;
    }

    pub fn row(&self, label: &str) -> String {
        format!(
            "{label:8} {:>5} {:>6} {:>6} {:>7} {:>7} {:>6.1}% {:>12}",
            self.files,
            self.fields,
            self.wrong,
            self.flagged,
            self.refused,
            100.0 * self.share(),
            self.right_flagged
        )
    }
}

pub const TABLE_HEAD: &str = "class    files fields  wrong flagged refused  share right_flagged";
