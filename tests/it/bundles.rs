//! Files bundling several forms (`samples/bundles/`, made by
//! `scripts/gen-bundles.py` from our one-form samples): every form is a
//! document of its own that scores what the form scores alone; files without
//! a form fail with what was seen; batch, CSV keys, warehouse DDL and diff
//! carry one document per form.

use crate::common;

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use common::{bin, score, scratch, sqlite};
use serde_json::Value;

fn bundles() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/bundles")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Manifest entries of a bundle manifest.
fn entries(manifest: &Path) -> Vec<Value> {
    read_json(manifest).as_array().unwrap().clone()
}

/// `evalform extract FILES -o DIR/`; panics unless it succeeds.
fn extract_to(files: &[PathBuf], dir: &Path) {
    let mut cmd = bin();
    cmd.arg("extract")
        .args(files)
        .arg("-o")
        .arg(format!("{}/", dir.display()));
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "extract failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Scores each form of a bundle manifest, extracted from its bundle, against
/// the same form extracted from the one-form file it was taken from.
fn assert_bundle_scores_as_alone(manifest_name: &str) {
    let manifest = bundles().join(manifest_name);
    let list = entries(&manifest);
    let files: Vec<PathBuf> = list
        .iter()
        .map(|e| bundles().join(e["file"].as_str().unwrap()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let out = scratch(&format!("bundles-{manifest_name}"));
    let in_bundle = out.join("bundle");
    extract_to(&files, &in_bundle);

    // The same forms alone, under the names the bundle manifest uses.
    let alone = out.join("alone");
    fs::create_dir_all(&alone).unwrap();
    for (i, e) in list.iter().enumerate() {
        let src = bundles().join(e["alone"].as_str().unwrap());
        let one = alone.join(format!("src{i}"));
        extract_to(std::slice::from_ref(&src), &one);
        let stem = src.file_stem().unwrap().to_string_lossy().into_owned();
        let name = Path::new(e["pdf"].as_str().unwrap())
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        fs::copy(
            one.join(format!("{stem}.json")),
            alone.join(format!("{name}.json")),
        )
        .unwrap();
    }
    let (got, report) = score(&manifest, &in_bundle, None);
    let (want, want_report) = score(&manifest, &alone, None);
    assert_eq!(got.len(), list.len(), "{report}");
    for ((g, w), e) in got.iter().zip(&want).zip(&list) {
        assert_eq!(g.name, w.name);
        assert_eq!(
            (g.ok, g.total, g.split_ok),
            (w.ok, w.total, w.split_ok),
            "{}: in the bundle {}/{} fields, alone {}/{}\n{report}\n{want_report}",
            g.name,
            g.ok,
            g.total,
            w.ok,
            w.total
        );
        // Where the form sits in its file.
        let doc = read_json(&in_bundle.join(format!("{}.json", g.name)));
        assert_eq!(doc["source"]["form_index"], e["form_index"], "{}", g.name);
        if let Some(range) = e.get("page_range") {
            assert_eq!(&doc["source"]["page_range"], range, "{}", g.name);
        }
        let file = doc["source"]["file"].as_str().unwrap();
        assert!(file.ends_with(e["file"].as_str().unwrap()), "{file}");
    }
    // No document beyond the manifest's: a bundle gives exactly its forms.
    let written = fs::read_dir(&in_bundle).unwrap().count();
    assert_eq!(written, list.len() + 1, "documents plus the score report");
}

#[test]
fn every_form_of_a_pdf_bundle_scores_what_it_scores_alone() {
    assert_bundle_scores_as_alone("manifest.json");
}

#[test]
fn every_form_of_a_text_bundle_scores_what_it_scores_alone() {
    assert_bundle_scores_as_alone("text-manifest.json");
}

#[test]
fn pages_of_no_form_are_named_in_a_warning() {
    let out = scratch("bundles-skipped");
    extract_to(&[bundles().join("bundle-mixed.pdf")], &out);
    let first = read_json(&out.join("bundle-mixed.json"));
    let skipped: Vec<&Value> = first["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "pages_skipped")
        .collect();
    assert_eq!(skipped.len(), 1, "{}", first["warnings"]);
    let message = skipped[0]["message"].as_str().unwrap();
    // The cover (page 1) and the prose report between forms 2 and 3 (page 8).
    assert!(message.contains("pages 1, 8"), "{message}");
    let second = read_json(&out.join("bundle-mixed-2.json"));
    assert!(
        !second["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "pages_skipped")
    );
}

/// One input holding several forms goes to standard output as JSON Lines,
/// one document a line, in file order.
#[test]
fn several_forms_go_to_standard_output_as_json_lines() {
    let out = bin()
        .arg("extract")
        .arg(bundles().join("bundle-two.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let docs: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2, "{text}");
    assert_eq!(docs[0]["source"]["form_index"], 1);
    assert_eq!(docs[1]["source"]["form_index"], 2);
    assert_eq!(docs[0]["form"], "project");
    assert_eq!(docs[1]["form"], "department_overall");
    // A one-form file still prints one pretty document.
    let one = bin()
        .arg("extract")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/text/proj-xddb-2021.txt"))
        .output()
        .unwrap();
    let text = String::from_utf8(one.stdout).unwrap();
    assert!(text.starts_with("{\n  \"schema\""), "{}", &text[..40]);
}

fn not_forms() -> Vec<(PathBuf, String)> {
    entries(&bundles().join("not-forms.json"))
        .iter()
        .map(|e| {
            (
                bundles()
                    .join("not-forms")
                    .join(e["file"].as_str().unwrap()),
                e["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn each_non_form_fails_with_its_reason_in_extract() {
    for (file, reason) in not_forms() {
        let out = bin().arg("extract").arg(&file).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}: {err}", file.display());
        assert!(out.stdout.is_empty(), "{}: no document", file.display());
        assert!(
            err.contains(&*file.to_string_lossy()) && err.contains("no form found"),
            "{err}"
        );
        assert!(
            err.contains(&reason),
            "{}: {reason} not in {err}",
            file.display()
        );
    }
}

/// Distinct values of a CSV column, and whether any repeats.
fn column(path: &Path, names: &[&str]) -> (Vec<String>, bool) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let idx: Vec<usize> = names
        .iter()
        .map(|n| headers.iter().position(|h| h == *n).unwrap())
        .collect();
    let mut seen = HashSet::new();
    let mut repeated = false;
    let mut keys = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        let key: Vec<&str> = idx.iter().map(|&i| &record[i]).collect();
        let key = key.join("|");
        repeated |= !seen.insert(key.clone());
        keys.push(key);
    }
    (keys, repeated)
}

/// A batch over the bundles, the non-forms and a one-form sample.
fn bundle_batch(out: &Path) -> Vec<Value> {
    let status = bin()
        .args(["batch", "--no-progress", "-o"])
        .arg(out)
        .arg(bundles())
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/proj-xddb-2021.lo.pdf"))
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1), "the non-forms fail");
    fs::read_to_string(out.join("manifest.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn batch_writes_one_document_per_form_with_unique_keys() {
    let root = scratch("bundles-batch");
    let out = root.join("out");
    let lines = bundle_batch(&out);
    let by_name: BTreeMap<String, &Value> = lines
        .iter()
        .map(|l| {
            let name = Path::new(l["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, l)
        })
        .collect();
    assert_eq!(lines.len(), by_name.len(), "one manifest line per file");

    let mut doc_ids = Vec::new();
    // Each bundle: its forms (their places among the forms found, read or
    // not: bundle-unread.pdf's first, second and fourth forms are unread),
    // their JSON names and doc_ids.
    for (name, places) in [
        ("bundle-mixed.pdf", vec![1, 2, 3, 4]),
        ("bundle-samepage.pdf", vec![1, 2, 3]),
        ("bundle-two.txt", vec![1, 2]),
        ("bundle-unread.pdf", vec![3, 5]),
        ("proj-xddb-2021.lo.pdf", vec![1]),
    ] {
        let line = by_name[name];
        assert_eq!(line["status"], "ok", "{line}");
        assert_eq!(line["forms"], places.len(), "{line}");
        let sha = line["sha256"].as_str().unwrap();
        let stem = Path::new(name).file_stem().unwrap().to_string_lossy();
        let json_name = |n: u32| {
            if n == 1 {
                format!("{stem}-{}.json", &sha[..12])
            } else {
                format!("{stem}-{}-{n}.json", &sha[..12])
            }
        };
        assert_eq!(line["json"], format!("json/{}", json_name(places[0])));
        for &n in &places {
            let json = json_name(n);
            let doc = read_json(&out.join("json").join(&json));
            assert_eq!(doc["source"]["form_index"], n, "{json}");
            assert_eq!(doc["source"]["sha256"], sha, "{json}");
            doc_ids.push(evalform::model::doc_id(sha, n));
        }
        if places.len() > 1 {
            assert_eq!(line["documents"].as_array().unwrap().len(), places.len());
        } else {
            assert!(line.get("documents").is_none(), "{line}");
        }
    }
    let json_files = fs::read_dir(out.join("json")).unwrap().count();
    assert_eq!(json_files, doc_ids.len());

    // CSV keys: doc_id unique in documents, (doc_id, row_no) in the others,
    // and every row points at a document.
    let (docs, repeated) = column(&out.join("documents.csv"), &["doc_id"]);
    assert!(!repeated, "documents.doc_id repeats");
    let mut sorted_docs = docs.clone();
    sorted_docs.sort();
    doc_ids.sort();
    assert_eq!(sorted_docs, doc_ids);
    let known: HashSet<&String> = docs.iter().collect();
    for table in ["funds", "tasks", "indicators", "contacts", "warnings"] {
        let path = out.join(format!("{table}.csv"));
        let (keys, repeated) = column(&path, &["doc_id", "row_no"]);
        assert!(!repeated, "{table}: (doc_id, row_no) repeats");
        let (ids, _) = column(&path, &["doc_id"]);
        assert!(
            ids.iter().all(|id| known.contains(id)),
            "{table}: orphan rows"
        );
        assert!(!keys.is_empty() || table == "tasks" || table == "warnings");
    }

    // The non-forms: failed, each with its reason in errors.csv.
    let errors = fs::read_to_string(out.join("errors.csv")).unwrap();
    for (file, reason) in not_forms() {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(by_name[&name]["status"], "failed");
        let row = errors
            .lines()
            .find(|l| l.contains(&name))
            .unwrap_or_else(|| panic!("{name} not in errors.csv:\n{errors}"));
        assert!(
            row.contains("no form found") && row.contains(&reason),
            "{name}: {row}"
        );
    }

    // The DDL loads these tables with their keys in SQLite.
    let Ok(ddl) = std::process::Command::new(env!("CARGO_BIN_EXE_evalform"))
        .args(["schema", "--sql", "sqlite"])
        .output()
    else {
        return;
    };
    let db = root.join("db.sqlite");
    let mut script = String::from_utf8(ddl.stdout).unwrap();
    script.push_str("PRAGMA foreign_keys = ON;\n");
    for t in [
        "documents",
        "funds",
        "tasks",
        "indicators",
        "contacts",
        "warnings",
        "errors",
    ] {
        script.push_str(&format!(
            ".import --csv --skip 1 '{}' {t}\n",
            out.join(format!("{t}.csv")).display()
        ));
    }
    script.push_str("SELECT COUNT(*) FROM documents;\n");
    let Some(loaded) = sqlite(&db, &script) else {
        crate::need::present("sqlite3", false);
        return;
    };
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    let count = String::from_utf8(loaded.stdout).unwrap();
    assert_eq!(count.trim(), doc_ids.len().to_string());
}

/// `diff` pairs the documents of two batches form by form: the same bundle
/// twice is identical; a changed form is reported under its own document.
#[test]
fn diff_compares_bundles_form_by_form() {
    let root = scratch("bundles-diff");
    let old = root.join("old");
    let new = root.join("new");
    let status = bin()
        .args(["batch", "--no-progress", "-o"])
        .arg(&old)
        .arg(bundles().join("bundle-two.txt"))
        .status()
        .unwrap();
    assert!(status.success());
    copy_dir(&old, &new);
    let same = bin().arg("diff").arg(&old).arg(&new).output().unwrap();
    assert_eq!(
        same.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&same.stdout)
    );
    // Change the second form's total score.
    let second = fs::read_dir(new.join("json"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("-2.json"))
        .unwrap();
    let mut doc = read_json(&second);
    doc["total_score"] = serde_json::json!(1);
    fs::write(&second, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    let out = bin()
        .args(["diff", "--format", "json"])
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["compared"], 2, "{report}");
    let changes = report["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{report}");
    assert_eq!(changes[0]["path"], "total_score");
    assert!(
        changes[0]["document"].as_str().unwrap().ends_with("#2"),
        "the second form is named: {report}"
    );
    assert!(report["added"].as_array().unwrap().is_empty());
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A form no template reads is left out, named in a `form_unread` warning,
/// and the others keep their place in the file (`form_index`, so `doc_id`).
#[test]
fn a_form_no_template_reads_is_named_and_the_others_keep_their_place() {
    use evalform::template::Template;
    let path = bundles().join("bundle-mixed.pdf");
    let pdf = evalform::source::read_pages(&fs::read(&path).unwrap(), &Default::default()).unwrap();
    let project_only: Vec<Template> = Template::builtin()
        .into_iter()
        .filter(|t| t.id == "national_project")
        .collect();
    let docs = evalform::pipeline::documents_from_pdf(&path, &pdf, &project_only).unwrap();
    let places: Vec<u32> = docs.iter().map(|d| d.source.form_index).collect();
    assert_eq!(places, [2, 3], "the two project forms, in their places");
    let unread: Vec<&str> = docs[0]
        .warnings
        .iter()
        .filter(|w| w.code == "form_unread")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(unread.len(), 2, "{unread:?}");
    assert!(
        unread[0].starts_with("form 1 (pages 2, 3, 4)"),
        "{}",
        unread[0]
    );
    assert!(
        unread[1].starts_with("form 4 (pages 11, 12, 13)"),
        "{}",
        unread[1]
    );
}
