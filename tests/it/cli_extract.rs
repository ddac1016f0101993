//! The `extract` command's inputs and outputs: standard input, a file, a
//! folder, JSON Lines, CSV tables.

use crate::common;

use std::io::Write;
use std::process::Stdio;

use common::{bin, scratch, shared_samples};

fn sample() -> std::path::PathBuf {
    shared_samples().join("proj-jbgw-2021.lo.pdf")
}

#[test]
fn reads_standard_input_and_writes_one_document() {
    let bytes = std::fs::read(sample()).unwrap();
    let mut child = bin()
        .args(["extract", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(doc["schema"], "evalform/1");
    assert_eq!(doc["form"], "project");
    assert_eq!(doc["source"]["template"], "national_project");
    assert_eq!(doc["source"]["sha256"].as_str().map(str::len), Some(64));
    // Numbers are printed decimals: a whole score is `10`, not `10.0`.
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("\"weight\": 10,"),
        "decimal numbers: {}",
        &text[..text.len().min(400)]
    );
}

#[test]
fn several_inputs_to_stdout_are_json_lines() {
    let out = bin()
        .arg("extract")
        .arg(sample())
        .arg(shared_samples().join("gz-liwan-yjj-2021.lo.pdf"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line one document"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["form"], "department_overall");
}

#[test]
fn csv_tables_need_a_folder() {
    let out = bin()
        .arg("extract")
        .arg(sample())
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o DIR"));
}

#[test]
fn csv_tables_hold_the_document_and_the_failures() {
    let dir = scratch("cli_csv");
    let bad = dir.join("broken.pdf");
    std::fs::write(&bad, b"%PDF-1.7\nnothing else").unwrap();
    let out = bin()
        .arg("extract")
        .arg(sample())
        .arg(&bad)
        .args(["--format", "csv", "-o"])
        .arg(dir.join("tables"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "one input failed");
    let read = |t: &str| std::fs::read_to_string(dir.join("tables").join(t)).unwrap();
    let documents = read("documents.csv");
    assert_eq!(
        documents.lines().count(),
        2,
        "header and one document:\n{documents}"
    );
    let indicators = read("indicators.csv");
    assert_eq!(
        indicators.lines().count(),
        1 + 14,
        "header and the 14 indicators"
    );
    assert!(
        indicators.contains(",>=,90,%"),
        "flattened quantity columns:\n{indicators}"
    );
    let errors = read("errors.csv");
    assert!(errors.contains("broken.pdf"), "{errors}");
}
