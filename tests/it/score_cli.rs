//! `evalform score`: a truth set against outputs written here, field by
//! field; flagged wrong fields, outputs found by name and by source file,
//! missing outputs, and the exit status on bad input.

use crate::common;

use std::fs;
use std::path::Path;

use common::{bin, scratch};
use serde_json::{Value, json};

/// A project form's truth, as a reviewer would type it from the page.
fn truth() -> Value {
    json!({
        "schema": "evalform/1",
        "form": "project",
        "title": "项目支出绩效自评表",
        "year": 2021,
        "entity": null,
        "project": "基本公共卫生服务",
        "unit": "万元",
        "funds": [{"source": "合计", "initial_budget": 100.0, "actual": 90.5, "execution_rate": 90.5}],
        "goal": {"expected": "完成 全年任务", "achieved": "已完成"},
        "tasks": [],
        "indicators": [
            {"level1": "产出指标", "level2": "数量指标", "name": "培训人数",
             "target": "≥100人", "actual": "120人", "weight": 10, "score": 10},
            {"level1": "效益指标", "level2": "社会效益指标", "name": "群众满意度",
             "target": "≥90%", "actual": "95%", "weight": 10, "score": 9.5}
        ],
        "contacts": [{"role": "填报人", "name": "张三", "phone": "020-1234567"}]
    })
}

/// The same form as extracted: indicators in the other order, four fields
/// wrong (two of them flagged), one right field doubted.
fn output(file: &str, form_index: u32) -> Value {
    json!({
        "schema": "evalform/1",
        "source": {"file": file, "sha256": "ab", "kind": "pdf", "pages": 1,
                   "template": "t", "form_index": form_index},
        "form": "project",
        "title": "项目支出绩效自评表 ",
        "year": 2021,
        "project": "基本公共卫生服务",
        "unit": "万元",
        "funds": [{"source": "合计", "initial_budget": 100, "actual": 95.0, "execution_rate": 90.5}],
        "goal": {"expected": "完成全年任务", "achieved": "已完成"},
        "tasks": [],
        "indicators": [
            {"level1": "效益指标", "level2": "社会效益指标", "name": "群众满意度",
             "target": {"raw": "≥90%", "op": ">=", "value": 90, "unit": "%"},
             "actual": {"raw": "95%", "op": "=", "value": 95, "unit": "%"},
             "weight": 10, "score": 9.5},
            {"level1": "产出指标", "level2": "数量指标", "name": "培训人数",
             "target": {"raw": "≥100人", "op": ">=", "value": 100, "unit": null},
             "actual": {"raw": "120人", "op": "=", "value": 120, "unit": "人"},
             "weight": 10, "score": 8}
        ],
        "contacts": [{"role": "填报人", "name": "张三", "phone": "020-1234568"}],
        "warnings": [{"code": "score_over_weight", "message": "check", "page": 1,
                      "fields": ["indicators[1].score"]}],
        "confidence": {"funds[0].actual": 0.5, "title": 0.6}
    })
}

fn write(path: &Path, v: &Value) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, serde_json::to_vec_pretty(v).unwrap()).unwrap();
}

/// A manifest of two truths (the second has no output) in `dir/truth/`.
fn truth_set(dir: &Path) -> std::path::PathBuf {
    write(&dir.join("truth/t1.json"), &truth());
    write(
        &dir.join("truth/t2.json"),
        &json!({"title": "另一张表", "year": 2020}),
    );
    let manifest = dir.join("truth/manifest.json");
    write(
        &manifest,
        &json!([
            {"pdf": "a.lo.pdf", "truth": "t1.json",
             "split_cells": ["goal.expected", "indicators[0].score"]},
            {"pdf": "b.pdf", "truth": "t2.json"}
        ]),
    );
    manifest
}

fn run(args: &[&std::ffi::OsStr]) -> std::process::Output {
    bin()
        .arg("score")
        .args(args)
        .output()
        .expect("evalform runs")
}

fn run_json(truth: &Path, out: &Path) -> Value {
    let r = run(&[truth.as_os_str(), out.as_os_str(), "--json".as_ref()]);
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    serde_json::from_slice(&r.stdout).expect("one JSON object")
}

#[test]
fn a_manifest_scores_fields_flags_and_missing_outputs() {
    let dir = scratch("score_manifest");
    let manifest = truth_set(&dir);
    write(&dir.join("out/a.lo.json"), &output("a.lo.pdf", 1));
    let report = run_json(&manifest, &dir.join("out"));

    let total = &report["total"];
    assert_eq!(total["fields"], 32, "{report:#}");
    assert_eq!(total["right"], 26);
    assert_eq!(total["wrong"], 6);
    assert_eq!(total["wrong_flagged"], 2);
    assert_eq!(total["right_flagged"], 1);
    assert_eq!(
        (
            total["split_cells"].clone(),
            total["split_cells_right"].clone()
        ),
        (json!(2), json!(1))
    );

    let a = &report["documents"][0];
    assert_eq!(a["name"], "a.lo");
    assert_eq!(a["missing"], false);
    let wrong: Vec<(&str, bool)> = a["wrong_fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["path"].as_str().unwrap(), w["flagged"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        wrong,
        [
            ("funds[0].actual", true),
            ("indicators[0].score", true),
            ("indicators[0].target.parsed", false),
            ("contacts[0].phone", false),
        ]
    );
    assert_eq!(a["wrong_fields"][0]["truth"], 90.5);
    assert_eq!(a["wrong_fields"][0]["output"], 95.0);

    let b = &report["documents"][1];
    assert_eq!(b["name"], "b");
    assert_eq!(b["missing"], true);
    assert_eq!(
        (
            b["fields"].clone(),
            b["wrong"].clone(),
            b["wrong_flagged"].clone()
        ),
        (json!(2), json!(2), json!(0))
    );

    assert_eq!(
        report["paths"]["indicators[].score"],
        json!({"fields": 2, "right": 1, "wrong_flagged": 1, "right_flagged": 0})
    );
    assert_eq!(report["paths"]["indicators[].target.parsed"]["fields"], 2);
}

#[test]
fn the_table_ends_with_the_reference_summary_line() {
    let dir = scratch("score_table");
    let manifest = truth_set(&dir);
    write(&dir.join("out/a.lo.json"), &output("a.lo.pdf", 1));
    let r = run(&[manifest.as_os_str(), dir.join("out").as_os_str()]);
    assert_eq!(r.status.code(), Some(0));
    let text = String::from_utf8(r.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // The reference scorer's figures for this truth set and output.
    assert_eq!(lines.last().copied(), Some(SUMMARY), "{text}");
    assert!(
        text.contains("wrong 6, flagged 2 (33.3%); right 26, flagged 1 (false alarms)"),
        "{text}"
    );
    assert!(text.contains("no output for 1 of 2 documents"), "{text}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("b ") && l.ends_with("(no output)")),
        "{text}"
    );

    // --filter keeps the truths whose pdf holds the text.
    let r = run(&[
        manifest.as_os_str(),
        dir.join("out").as_os_str(),
        "--filter".as_ref(),
        "a.lo".as_ref(),
    ]);
    let text = String::from_utf8(r.stdout).unwrap();
    assert!(
        text.trim_end()
            .ends_with("fields 26/30 = 86.7%  split-cells 1/2  text-sim 0.995"),
        "{text}"
    );
}

const SUMMARY: &str = "fields 26/32 = 81.2%  split-cells 1/2  text-sim 0.943";

#[test]
fn batch_folders_and_bundles_are_matched_by_source_file() {
    let dir = scratch("score_batch");
    let manifest = truth_set(&dir);
    // batch names a document <stem>-<sha12>.json under json/.
    write(
        &dir.join("out/json/a.lo-0123456789ab.json"),
        &output("/data/in/a.lo.pdf", 1),
    );
    // The second form of a bundle read as b.pdf's truth would be named b-2.
    write(
        &dir.join("out/json/b-0123456789ab-2.json"),
        &output("/data/in/b.pdf", 2),
    );
    let report = run_json(&manifest, &dir.join("out"));
    assert_eq!(report["documents"][0]["missing"], false, "{report:#}");
    assert_eq!(report["documents"][0]["right"], 26);
    assert_eq!(
        report["documents"][1]["missing"], true,
        "b.pdf form 2 is not b.pdf"
    );

    // A manifest entry naming the bundle's file and form finds it.
    write(
        &dir.join("truth/bundle.json"),
        &json!([{"pdf": "b-2.pdf", "truth": "t1.json", "file": "b.pdf", "form_index": 2}]),
    );
    let report = run_json(&dir.join("truth/bundle.json"), &dir.join("out"));
    assert_eq!(report["documents"][0]["missing"], false, "{report:#}");
    assert_eq!(report["total"]["right"], 26);
}

#[test]
fn one_truth_file_against_one_output_file() {
    let dir = scratch("score_single");
    write(&dir.join("truth.json"), &truth());
    write(&dir.join("extracted.json"), &output("x.pdf", 1));
    let report = run_json(&dir.join("truth.json"), &dir.join("extracted.json"));
    assert_eq!(report["documents"][0]["name"], "truth");
    assert_eq!(
        (
            report["total"]["fields"].clone(),
            report["total"]["right"].clone()
        ),
        (json!(30), json!(26))
    );

    // A folder of truth documents: each named by its stem.
    fs::create_dir_all(dir.join("truths")).unwrap();
    fs::copy(dir.join("truth.json"), dir.join("truths/x.json")).unwrap();
    fs::create_dir_all(dir.join("out")).unwrap();
    fs::copy(dir.join("extracted.json"), dir.join("out/x.json")).unwrap();
    let report = run_json(&dir.join("truths"), &dir.join("out"));
    assert_eq!(report["documents"][0]["name"], "x");
    assert_eq!(report["total"]["right"], 26);
}

#[test]
fn unreadable_input_exits_2_naming_the_file() {
    let dir = scratch("score_bad");
    let missing = dir.join("nothing.json");
    let r = run(&[missing.as_os_str(), dir.as_os_str()]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("nothing.json"));

    fs::write(dir.join("broken.json"), "{not json").unwrap();
    let r = run(&[dir.join("broken.json").as_os_str(), dir.as_os_str()]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("broken.json") && err.contains("not JSON"),
        "{err}"
    );

    write(&dir.join("t.json"), &truth());
    let r = run(&[
        dir.join("t.json").as_os_str(),
        dir.join("no-such-output").as_os_str(),
    ]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("no-such-output"));

    write(&dir.join("m.json"), &json!([{"truth": "t.json"}]));
    let r = run(&[dir.join("m.json").as_os_str(), dir.as_os_str()]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("entry 1: no \"pdf\""));
}
