//! Helpers shared by the integration tests: paths to the bundled samples,
//! scoring with `evalform score`, and running the binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// `samples/shared`: the read-only reference samples (PDFs, truth, manifest).
pub fn shared_samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/shared")
}

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_evalform"))
}

/// Runs `evalform extract ARGS INPUT -o OUT` and fails the test, with
/// evalform's standard error, unless it succeeds.
pub fn extract_ok(args: &[&str], input: &Path, out: &Path) {
    let result = bin()
        .arg("extract")
        .args(args)
        .arg(input)
        .arg("-o")
        .arg(out)
        .output()
        .expect("evalform runs");
    assert!(
        result.status.success(),
        "evalform extract {}: {}",
        input.display(),
        String::from_utf8_lossy(&result.stderr)
    );
}

/// Runs `evalform extract ARGS` writing to standard output, fails the test
/// with evalform's standard error unless it succeeds, and returns the JSON.
pub fn extract_json<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> serde_json::Value {
    let out = bin()
        .arg("extract")
        .args(args)
        .output()
        .expect("evalform runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

/// Runs an SQL script through the sqlite3 CLI on database `db` (a file, or
/// `:memory:`); `None` when sqlite3 cannot be run.
pub fn sqlite(db: &Path, script: &str) -> Option<std::process::Output> {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new("sqlite3")
        .arg("-bail")
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(script.as_bytes()).ok()?;
    child.wait_with_output().ok()
}

/// A fresh empty directory under the target dir, unique per test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// One document's score as `evalform score` reports it.
#[derive(Debug)]
pub struct DocScore {
    pub name: String,
    pub ok: usize,
    pub total: usize,
    pub split_ok: usize,
    pub split_total: usize,
    /// Mean text similarity of the document's text fields.
    pub sim: f64,
    /// Paths of the wrong fields (`indicators[3].target.parsed`).
    pub wrong: Vec<String>,
}

/// Runs `evalform score --json` on a manifest and an output dir, keeps the
/// report there as `score-report.json`; returns per-document scores and the
/// report as text (for failure messages).
pub fn score(manifest: &Path, outdir: &Path, filter: Option<&str>) -> (Vec<DocScore>, String) {
    let mut cmd = bin();
    cmd.arg("score").arg(manifest).arg(outdir).arg("--json");
    if let Some(f) = filter {
        cmd.arg("--filter").arg(f);
    }
    let out = cmd.output().expect("evalform score runs");
    assert!(
        out.status.success(),
        "evalform score failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(outdir.join("score-report.json"), &out.stdout).expect("write score report");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("score report JSON");
    let count = |d: &serde_json::Value, k: &str| d[k].as_u64().expect("a count") as usize;
    let docs = report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| DocScore {
            name: d["name"].as_str().expect("name").to_string(),
            ok: count(d, "right"),
            total: count(d, "fields"),
            split_ok: count(d, "split_cells_right"),
            split_total: count(d, "split_cells"),
            sim: d["text_sim"].as_f64().expect("text_sim"),
            wrong: d["wrong_fields"]
                .as_array()
                .expect("wrong_fields")
                .iter()
                .map(|w| w["path"].as_str().unwrap_or_default().to_string())
                .collect(),
        })
        .collect();
    (docs, report_text(&report))
}

/// The score report in a few lines: per document its counts and wrong
/// fields (truth, then output), then the totals.
fn report_text(report: &serde_json::Value) -> String {
    let mut text = String::new();
    for d in report["documents"].as_array().into_iter().flatten() {
        text.push_str(&format!(
            "{} {}/{} split {}/{} sim {:.3}{}\n",
            d["name"].as_str().unwrap_or_default(),
            d["right"],
            d["fields"],
            d["split_cells_right"],
            d["split_cells"],
            d["text_sim"].as_f64().unwrap_or_default(),
            if d["missing"] == true {
                " (no output)"
            } else {
                ""
            }
        ));
        for w in d["wrong_fields"].as_array().into_iter().flatten() {
            text.push_str(&format!(
                "  {}: {} | {}\n",
                w["path"].as_str().unwrap_or_default(),
                w["truth"],
                w["output"]
            ));
        }
    }
    let t = &report["total"];
    text.push_str(&format!(
        "fields {}/{}  split-cells {}/{}\n",
        t["right"], t["fields"], t["split_cells_right"], t["split_cells"]
    ));
    text
}

/// Every output file of a batch directory (not its hidden state), name →
/// bytes, with the manifest's timings blanked: two runs compare byte for byte.
pub fn snapshot(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel.starts_with(".evalform") || !entry.file_type().is_file() {
            continue;
        }
        let mut bytes = std::fs::read(entry.path()).unwrap();
        if rel == "manifest.jsonl" {
            bytes = blank_milliseconds(&bytes);
        }
        files.push((rel, bytes));
    }
    files
}

/// The manifest with each line's `milliseconds` (a measurement) set to null.
pub fn blank_milliseconds(manifest: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(manifest.to_vec()).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
        v["milliseconds"] = serde_json::Value::Null;
        out.push_str(&v.to_string());
        out.push('\n');
    }
    out.into_bytes()
}

/// The comparison key of `evalform score`: markup and whitespace removed.
pub fn key(text: &str) -> String {
    text.replace("<p>", "")
        .replace("</p>", "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The key of the cell starting at grid column `col` of a row.
pub fn cell(row: &evalform::layout::Row, col: usize) -> Option<String> {
    row.cells
        .iter()
        .find(|c| c.col == col)
        .map(|c| key(&c.text))
}
