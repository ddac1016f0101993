//! `evalform diff`: identical inputs exit 0; changed amounts and texts, added
//! and removed documents are reported (text and JSON) and exit 1.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use evalform::diff::diff_paths;
use evalform::emit::json::document_json;
use evalform::model::{Document, Funds, Source};

const BIN: &str = env!("CARGO_BIN_EXE_evalform");

fn doc(file: &str, sha: char, actual: f64, title: &str) -> Document {
    Document {
        schema: "evalform/1".into(),
        source: Source {
            file: format!("in/{file}"),
            sha256: sha.to_string().repeat(64),
            kind: "pdf".into(),
            pages: 2,
            template: "gz_dept".into(),
            ..Source::default()
        },
        title: Some(title.into()),
        funds: vec![Funds {
            source: "合计".into(),
            actual: Some(actual),
            ..Funds::default()
        }],
        ..Document::default()
    }
}

/// A batch-like output directory holding these documents under `json/`.
fn batch_dir(root: &Path, name: &str, docs: &[Document]) -> PathBuf {
    let dir = root.join(name);
    fs::create_dir_all(dir.join("json")).unwrap();
    for d in docs {
        let file = format!(
            "{}-{}.json",
            d.source.file.replace('/', "_"),
            &d.source.sha256[..12]
        );
        fs::write(dir.join("json").join(file), document_json(d)).unwrap();
    }
    dir
}

fn diff(old: &Path, new: &Path, format: &str) -> Output {
    Command::new(BIN)
        .args(["diff", "--format", format])
        .arg(old)
        .arg(new)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn base() -> Vec<Document> {
    vec![
        doc("a.pdf", 'a', 2222.37, "甲表"),
        doc("b.pdf", 'b', 10.0, "乙表"),
    ]
}

#[test]
fn identical_directories_exit_zero() {
    let tmp = crate::scratch::tempdir().unwrap();
    let old = batch_dir(tmp.path(), "old", &base());
    let new = batch_dir(tmp.path(), "new", &base());
    let out = diff(&old, &new, "text");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("2 documents compared: 0 changed"));
    let json: serde_json::Value = serde_json::from_slice(&diff(&old, &new, "json").stdout).unwrap();
    assert_eq!(json["identical"], true);
}

#[test]
fn changed_amount_is_reported_with_old_and_new_values() {
    let tmp = crate::scratch::tempdir().unwrap();
    let old = batch_dir(tmp.path(), "old", &base());
    let mut changed = base();
    changed[0].funds[0].actual = Some(2222.38);
    let new = batch_dir(tmp.path(), "new", &changed);
    let out = diff(&old, &new, "text");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("changed  in/a.pdf  funds[0] 合计 .actual: 2222.37 → 2222.38"),
        "{text}"
    );
    assert!(text.contains("funds[].actual  1"), "{text}");
    let report = diff_paths(&old, &new).unwrap();
    assert_eq!(report.changes.len(), 1);
}

#[test]
fn changed_text_is_reported_in_json() {
    let tmp = crate::scratch::tempdir().unwrap();
    let old = batch_dir(tmp.path(), "old", &base());
    let mut changed = base();
    changed[1].title = Some("乙表（修订）".into());
    let new = batch_dir(tmp.path(), "new", &changed);
    let out = diff(&old, &new, "json");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["identical"], false);
    let change = &json["changes"][0];
    assert_eq!(change["document"], "in/b.pdf");
    assert_eq!(change["path"], "title");
    assert_eq!(change["old"], "乙表");
    assert_eq!(change["new"], "乙表（修订）");
    assert_eq!(json["counts"]["title"], 1);
}

#[test]
fn added_and_removed_documents_are_listed() {
    let tmp = crate::scratch::tempdir().unwrap();
    let old = batch_dir(tmp.path(), "old", &base());
    let new_docs = vec![base()[0].clone(), doc("c.pdf", 'c', 5.0, "丙表")];
    let new = batch_dir(tmp.path(), "new", &new_docs);
    let report = diff_paths(&old, &new).unwrap();
    assert_eq!(report.added, ["in/c.pdf"]);
    let removed: Vec<&str> = report.removed.iter().map(|r| r.document.as_str()).collect();
    assert_eq!(removed, ["in/b.pdf"]);
    assert_eq!(report.removed[0].error, None);
    assert_eq!(report.compared, 1);
    assert!(report.changes.is_empty());
    let out = diff(&old, &new, "text");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("added    in/c.pdf"));
    assert!(stdout(&out).contains("removed  in/b.pdf"));
}

#[test]
fn a_new_version_of_a_file_is_matched_by_name() {
    let tmp = crate::scratch::tempdir().unwrap();
    let old = batch_dir(tmp.path(), "old", &base());
    let mut changed = base();
    changed[1].source.sha256 = "e".repeat(64);
    let new = batch_dir(tmp.path(), "new", &changed);
    let report = diff_paths(&old, &new).unwrap();
    assert!(report.added.is_empty() && report.removed.is_empty());
    assert_eq!(report.changes.len(), 1);
    assert_eq!(report.changes[0].path, "source.sha256");
}

#[test]
fn two_files_compare_and_a_file_with_a_directory_is_a_usage_error() {
    let tmp = crate::scratch::tempdir().unwrap();
    let a = tmp.path().join("a.json");
    let b = tmp.path().join("b.json");
    fs::write(&a, document_json(&base()[0])).unwrap();
    fs::write(&b, document_json(&base()[0])).unwrap();
    assert_eq!(diff(&a, &b, "text").status.code(), Some(0));
    let mut other = base()[0].clone();
    other.year = Some(2021);
    fs::write(&b, document_json(&other)).unwrap();
    let out = diff(&a, &b, "text");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("year: null → 2021"));
    assert_eq!(diff(&a, tmp.path(), "text").status.code(), Some(2));
}

fn diff_args(args: &[&str], old: &Path, new: &Path) -> Output {
    Command::new(BIN)
        .arg("diff")
        .args(args)
        .arg(old)
        .arg(new)
        .output()
        .unwrap()
}

#[test]
fn the_same_files_converted_in_another_folder_are_identical() {
    let tmp = crate::scratch::tempdir().unwrap();
    let old = batch_dir(tmp.path(), "old", &base());
    let mut moved = base();
    for d in &mut moved {
        d.source.file = d.source.file.replace("in/", "/elsewhere/copy/");
    }
    let new = batch_dir(tmp.path(), "new", &moved);
    let out = diff(&old, &new, "text");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("2 documents compared: 0 changed"));
}

fn with_indicators(mut d: Document, actual: &str) -> Document {
    use evalform::model::{Indicator, Quantity};
    let q = |raw: &str| {
        Some(Quantity {
            raw: raw.into(),
            ..Quantity::default()
        })
    };
    d.indicators = ["培训人次", "覆盖率", "城镇新增就业人数"]
        .iter()
        .map(|name| Indicator {
            name: Some(name.to_string()),
            actual: q("100"),
            note: Some("备注".into()),
            ..Indicator::default()
        })
        .collect();
    d.indicators[2].actual = q(actual);
    d
}

#[test]
fn indicators_are_named_by_index_and_name_and_can_be_ignored() {
    let tmp = crate::scratch::tempdir().unwrap();
    let old = batch_dir(
        tmp.path(),
        "old",
        &[with_indicators(base()[0].clone(), "100")],
    );
    let mut changed = with_indicators(base()[0].clone(), "120");
    changed.indicators[0].note = Some("改过".into());
    let new = batch_dir(tmp.path(), "new", &[changed]);
    let text = stdout(&diff(&old, &new, "text"));
    assert!(
        text.contains("indicators[2] 城镇新增就业人数 .actual.raw: \"100\" → \"120\""),
        "{text}"
    );
    assert!(text.contains("indicators[0] 培训人次 .note"), "{text}");
    let out = diff_args(&["--ignore", "indicators[].note"], &old, &new);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(!text.contains(".note"), "{text}");
    let out = diff_args(
        &[
            "--ignore",
            "indicators[].note",
            "--ignore",
            "indicators[2].actual",
        ],
        &old,
        &new,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn a_document_that_failed_in_the_new_run_shows_its_error() {
    let tmp = crate::scratch::tempdir().unwrap();
    let old = batch_dir(tmp.path(), "old", &base());
    let new = batch_dir(tmp.path(), "new", &base()[..1]);
    fs::write(
        new.join("errors.csv"),
        format!(
            "\u{feff}path,sha256,kind,message\nin/b.pdf,{},timeout,in/b.pdf: ran past the 120 s time limit\n",
            "b".repeat(64)
        ),
    )
    .unwrap();
    let text = stdout(&diff(&old, &new, "text"));
    assert!(
        text.contains(
            "removed  in/b.pdf  (failed in the new run: in/b.pdf: ran past the 120 s time limit)"
        ),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_slice(&diff(&old, &new, "json").stdout).unwrap();
    assert_eq!(json["removed"][0]["doc_id"], "b".repeat(64));
    assert!(
        json["removed"][0]["error"]
            .as_str()
            .unwrap()
            .contains("time limit")
    );
}

#[test]
fn csv_format_has_one_row_per_change_and_document() {
    let tmp = crate::scratch::tempdir().unwrap();
    let old = batch_dir(tmp.path(), "old", &base());
    let mut changed = vec![base()[0].clone(), doc("c.pdf", 'c', 5.0, "丙表")];
    changed[0].funds[0].actual = Some(8964.0812);
    let new = batch_dir(tmp.path(), "new", &changed);
    let out = diff(&old, &new, "csv");
    assert_eq!(out.status.code(), Some(1));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "change", "document", "doc_id", "path", "label", "old", "new", "error"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let kinds: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(kinds, ["changed", "added", "removed"]);
    assert_eq!(&rows[0][3], "funds[0].actual");
    assert_eq!(&rows[0][4], "funds[0] 合计 .actual");
    assert_eq!((&rows[0][5], &rows[0][6]), ("2222.37", "8964.0812"));
    assert_eq!(&rows[0][2], "a".repeat(64));
    assert_eq!(&rows[1][1], "in/c.pdf");
    assert_eq!(&rows[2][1], "in/b.pdf");
}
