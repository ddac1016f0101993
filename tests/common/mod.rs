//! Helpers shared by the integration tests: paths to the shared samples and
//! the scorer, and running the binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// `../shared` beside the project: read-only samples, spec and scorer.
pub fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
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

/// One document's line of score.py's table.
#[derive(Debug)]
pub struct DocScore {
    pub name: String,
    pub ok: usize,
    pub total: usize,
    pub split_ok: usize,
    pub split_total: usize,
    /// Mean text similarity of the document's text fields.
    pub sim: f64,
}

/// Runs score.py on a manifest and an output dir; returns per-document scores
/// and the full report text (for failure messages).
pub fn score(manifest: &Path, outdir: &Path, filter: Option<&str>) -> (Vec<DocScore>, String) {
    let report = outdir.join("score-report.json");
    let mut cmd = Command::new("python3");
    cmd.arg(shared().join("tools/score.py"))
        .arg(manifest)
        .arg(outdir)
        .arg("--json")
        .arg(&report);
    if let Some(f) = filter {
        cmd.arg("--filter").arg(f);
    }
    let out = cmd.output().expect("python3 runs score.py");
    assert!(
        out.status.success(),
        "score.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let fails = std::fs::read_to_string(&report).unwrap_or_default();
    let docs = text
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with("fields "))
        .filter_map(parse_row)
        .collect();
    (docs, format!("{text}\n{fails}"))
}

fn parse_row(line: &str) -> Option<DocScore> {
    let mut parts = line.split_whitespace();
    let name = parts.next()?.to_string();
    let (ok, total) = parts.next()?.split_once('/')?;
    let total = if total.is_empty() {
        parts.next()?
    } else {
        total
    };
    let _pct = parts.next()?;
    let sim = parts.next()?.parse().ok()?;
    let split = parts.next()?;
    let (so, st) = split.split_once('/')?;
    let st = if st.is_empty() { parts.next()? } else { st };
    Some(DocScore {
        name,
        ok: ok.trim().parse().ok()?,
        total: total.trim().parse().ok()?,
        split_ok: so.trim().parse().ok()?,
        split_total: st.trim().parse().ok()?,
        sim,
    })
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

/// The comparison key of score.py: markup and whitespace removed.
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
