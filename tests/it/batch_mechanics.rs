//! The batch machinery with an injected extractor (no PDFs needed): failures
//! are contained and recorded, reruns skip finished work, outputs do not depend
//! on completion order, shards partition the inputs.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use evalform::batch::{self, BatchOptions, InProcess};
use evalform::model::Document;

use crate::fake;
use common::snapshot;

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/shared");

/// A truth-shaped JSON document, varied by `i` so every file is distinct.
fn fake_form(i: usize) -> String {
    let names = ["gz-baiyun-mzj-2020", "gz-liwan-yjj-2021", "proj-jbgw-2021"];
    let path = Path::new(SAMPLES).join(format!("{}.json", names[i % names.len()]));
    let mut value: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    value["title"] = format!("表{i}").into();
    value["funds"][0]["actual"] = (1000.25 + i as f64).into();
    serde_json::to_string(&value).unwrap()
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// `n` good forms plus a failing, a panicking and (when `slow`) a slow file.
fn make_inputs(root: &Path, n: usize, slow: bool) -> PathBuf {
    let input = root.join("in");
    for i in 0..n {
        write(
            &input.join(format!("d{}/form{i:03}.txt", i % 3)),
            &fake_form(i),
        );
    }
    write(&input.join("bad/empty.pdf"), "");
    write(&input.join("bad/panic.pdf"), "PANIC please");
    if slow {
        write(&input.join("bad/slow.pdf"), "SLEEP 60000");
    }
    input
}

type Plain = fn(&Path) -> Result<Vec<Document>, String>;

fn options(input: &Path, out: &Path) -> BatchOptions {
    let mut opts = BatchOptions::new(vec![input.to_path_buf()], out.to_path_buf());
    opts.jobs = Some(2);
    opts
}

fn extractor() -> InProcess<Plain> {
    InProcess {
        extract: fake::extract as Plain,
        timeout: Duration::from_secs(3),
    }
}

fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader.records().map(|r| r.unwrap()).collect()
}

#[test]
fn good_files_convert_and_bad_ones_are_recorded_with_reasons() {
    let tmp = crate::scratch::tempdir().unwrap();
    let input = make_inputs(tmp.path(), 6, true);
    let out = tmp.path().join("out");
    let summary = batch::run(&options(&input, &out), &extractor()).unwrap();
    assert_eq!(summary.inputs, 9);
    assert_eq!(summary.converted, 6);
    assert_eq!(summary.failed, 3);
    assert_eq!(summary.exit_code(), 1);

    let errors = csv_rows(&out.join("errors.csv"));
    let kinds: Vec<(&str, &str)> = errors.iter().map(|r| (&r[0], &r[2])).collect();
    let p = |name: &str| input.join("bad").join(name).to_string_lossy().into_owned();
    let (empty, panic, slow) = (p("empty.pdf"), p("panic.pdf"), p("slow.pdf"));
    assert_eq!(
        kinds,
        vec![
            (empty.as_str(), "error"),
            (panic.as_str(), "panic"),
            (slow.as_str(), "timeout")
        ]
    );
    assert!(
        errors[1][3].contains("please"),
        "panic message kept: {:?}",
        &errors[1]
    );

    assert_eq!(fs::read_dir(out.join("json")).unwrap().count(), 6);
    assert_eq!(csv_rows(&out.join("documents.csv")).len(), 6);
    let manifest = fs::read_to_string(out.join("manifest.jsonl")).unwrap();
    assert_eq!(manifest.lines().count(), 9);
    for line in manifest.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["sha256"].as_str().map(str::len), Some(64));
    }
}

#[test]
fn csv_rows_carry_the_document_values() {
    let tmp = crate::scratch::tempdir().unwrap();
    let input = tmp.path().join("in");
    write(&input.join("a.txt"), &fake_form(0));
    let out = tmp.path().join("out");
    batch::run(&options(&input, &out), &extractor()).unwrap();
    let json = fs::read_dir(out.join("json"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let doc: Document = serde_json::from_slice(&fs::read(json).unwrap()).unwrap();
    let funds = csv_rows(&out.join("funds.csv"));
    assert_eq!(funds.len(), doc.funds.len());
    assert_eq!(&funds[0][0], doc.source.sha256);
    assert_eq!(&funds[0][1], "1");
    assert_eq!(&funds[0][6], "1000.25");
    let indicators = csv_rows(&out.join("indicators.csv"));
    assert_eq!(indicators.len(), doc.indicators.len());
}

/// A bundle whose first and third forms were not read: the read forms keep
/// their place in the file in the JSON names, `form_index`, `doc_id` and the
/// `documents.csv` row, and the unread ones are named on the first document.
#[test]
fn forms_keep_their_place_in_the_file_when_others_are_unread() {
    let tmp = crate::scratch::tempdir().unwrap();
    let input = tmp.path().join("in");
    let bundle = format!("[null, {}, null, {}]", fake_form(0), fake_form(1));
    write(&input.join("bundle.txt"), &bundle);
    let out = tmp.path().join("out");
    let summary = batch::run(&options(&input, &out), &extractor()).unwrap();
    assert_eq!((summary.converted, summary.documents), (1, 2));
    let sha = evalform::pipeline::sha256_hex(bundle.as_bytes());
    let mut names: Vec<String> = fs::read_dir(out.join("json"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            format!("bundle-{}-2.json", &sha[..12]),
            format!("bundle-{}-4.json", &sha[..12])
        ]
    );
    let doc: Document =
        serde_json::from_slice(&fs::read(out.join("json").join(&names[0])).unwrap()).unwrap();
    assert_eq!(doc.source.form_index, 2);
    let unread: Vec<u32> = doc
        .warnings
        .iter()
        .filter_map(evalform::form_unread::parse)
        .map(|u| u.form_index)
        .collect();
    assert_eq!(unread, [1, 3]);
    let rows = csv_rows(&out.join("documents.csv"));
    let header = csv::Reader::from_path(out.join("documents.csv"))
        .unwrap()
        .headers()
        .unwrap()
        .clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (&r[col("doc_id")], &r[col("form_index")]))
        .collect();
    let (two, four) = (format!("{sha}-2"), format!("{sha}-4"));
    assert_eq!(got, [(two.as_str(), "2"), (four.as_str(), "4")]);
}

#[test]
fn rerun_skips_finished_files_and_force_redoes_them() {
    let tmp = crate::scratch::tempdir().unwrap();
    let input = make_inputs(tmp.path(), 4, false);
    let out = tmp.path().join("out");
    let calls = Arc::new(AtomicUsize::new(0));
    let counting = {
        let calls = calls.clone();
        move |path: &Path| {
            calls.fetch_add(1, Ordering::SeqCst);
            fake::extract(path)
        }
    };
    let x = InProcess {
        extract: counting,
        timeout: Duration::from_secs(3),
    };
    let mut opts = options(&input, &out);
    batch::run(&opts, &x).unwrap();
    assert_eq!(calls.swap(0, Ordering::SeqCst), 6);
    let first = snapshot(&out);

    let summary = batch::run(&opts, &x).unwrap();
    assert_eq!(calls.swap(0, Ordering::SeqCst), 0, "nothing redone");
    assert_eq!(summary.reused, 6);
    assert_eq!(snapshot(&out), first);

    opts.retry_failed = true;
    batch::run(&opts, &x).unwrap();
    assert_eq!(
        calls.swap(0, Ordering::SeqCst),
        2,
        "only the failures redone"
    );

    opts.retry_failed = false;
    opts.force = true;
    batch::run(&opts, &x).unwrap();
    assert_eq!(calls.swap(0, Ordering::SeqCst), 6);
    assert_eq!(snapshot(&out), first);
}

#[test]
fn outputs_do_not_depend_on_parallelism_or_completion_order() {
    let tmp = crate::scratch::tempdir().unwrap();
    let input = tmp.path().join("in");
    for i in 0..12 {
        write(&input.join(format!("f{i:02}.txt")), &fake_form(i));
    }
    // Later files finish first when run in parallel.
    let slow_first: Plain = |path| {
        let n: u64 = path.file_stem().unwrap().to_string_lossy()[1..]
            .parse()
            .unwrap();
        std::thread::sleep(Duration::from_millis(5 * (12 - n)));
        fake::extract(path)
    };
    let x = InProcess {
        extract: slow_first,
        timeout: Duration::from_secs(30),
    };
    let mut snapshots = Vec::new();
    for jobs in [1, 4] {
        let out = tmp.path().join(format!("out{jobs}"));
        let mut opts = options(&input, &out);
        opts.jobs = Some(jobs);
        batch::run(&opts, &x).unwrap();
        snapshots.push(snapshot(&out));
    }
    assert_eq!(snapshots[0], snapshots[1]);
}

#[test]
fn same_names_in_different_directories_do_not_collide_and_duplicates_convert_once() {
    let tmp = crate::scratch::tempdir().unwrap();
    let input = tmp.path().join("in");
    write(&input.join("a/form.txt"), &fake_form(0));
    write(&input.join("b/form.txt"), &fake_form(1));
    write(&input.join("c/form.txt"), &fake_form(1));
    let out = tmp.path().join("out");
    let summary = batch::run(&options(&input, &out), &extractor()).unwrap();
    assert_eq!(
        (summary.converted, summary.duplicates, summary.failed),
        (2, 1, 0)
    );
    assert_eq!(summary.exit_code(), 0);
    assert_eq!(fs::read_dir(out.join("json")).unwrap().count(), 2);
    let manifest = fs::read_to_string(out.join("manifest.jsonl")).unwrap();
    assert!(
        manifest
            .lines()
            .nth(2)
            .unwrap()
            .contains("\"status\":\"duplicate\"")
    );
}

#[test]
fn shards_partition_the_inputs_and_their_tables_concatenate() {
    let tmp = crate::scratch::tempdir().unwrap();
    let input = make_inputs(tmp.path(), 9, false);
    let full = tmp.path().join("full");
    batch::run(&options(&input, &full), &extractor()).unwrap();
    let mut shard_docs = Vec::new();
    let mut shard_errors = 0;
    for k in 1..=3 {
        let out = tmp.path().join(format!("shard{k}"));
        let mut opts = options(&input, &out);
        opts.shard = Some(format!("{k}/3").parse().unwrap());
        batch::run(&opts, &extractor()).unwrap();
        let ids = csv_rows(&out.join("documents.csv"))
            .into_iter()
            .map(|r| r[0].to_string());
        shard_docs.extend(ids);
        shard_errors += csv_rows(&out.join("errors.csv")).len();
    }
    let mut full_docs: Vec<String> = csv_rows(&full.join("documents.csv"))
        .into_iter()
        .map(|r| r[0].to_string())
        .collect();
    full_docs.sort();
    shard_docs.sort();
    assert_eq!(shard_docs, full_docs);
    assert_eq!(shard_errors, 2);
}

#[test]
fn bom_is_written_only_when_asked_and_removed_inputs_leave_no_json_with_prune() {
    let tmp = crate::scratch::tempdir().unwrap();
    let input = tmp.path().join("in");
    write(&input.join("a.txt"), &fake_form(0));
    write(&input.join("b.txt"), &fake_form(1));
    let out = tmp.path().join("out");
    let mut opts = options(&input, &out);
    opts.csv_bom = true;
    batch::run(&opts, &extractor()).unwrap();
    assert!(
        fs::read(out.join("funds.csv"))
            .unwrap()
            .starts_with(b"\xEF\xBB\xBFdoc_id,")
    );
    fs::remove_file(input.join("b.txt")).unwrap();
    opts.csv_bom = false;
    opts.prune = true;
    batch::run(&opts, &extractor()).unwrap();
    assert!(
        fs::read(out.join("funds.csv"))
            .unwrap()
            .starts_with(b"doc_id,")
    );
    assert_eq!(fs::read_dir(out.join("json")).unwrap().count(), 1);
    assert_eq!(csv_rows(&out.join("documents.csv")).len(), 1);
}

/// Asserts two output directories hold the same files with the same bytes
/// (the manifest's measured milliseconds aside).
fn assert_same_outputs(got: &Path, want: &Path) {
    let (got, want) = (snapshot(got), snapshot(want));
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want));
    for ((name, a), (_, b)) in got.iter().zip(&want) {
        assert!(a == b, "{name} differs");
    }
}

#[test]
fn merged_shards_are_byte_for_byte_one_run() {
    let tmp = crate::scratch::tempdir().unwrap();
    let input = make_inputs(tmp.path(), 12, false);
    // A repeated content, and a name that sorts between the shards' files.
    fs::copy(input.join("d0/form000.txt"), input.join("d2/again.txt")).unwrap();
    // A file bundling two forms.
    let bundle = format!("[{},{}]", fake_form(50), fake_form(51));
    write(&input.join("d1/bundle.txt"), &bundle);
    for bom in [false, true] {
        let run_into = |out: &Path, shard: Option<&str>| {
            let mut opts = options(&input, out);
            opts.csv_bom = bom;
            // One round with the Parquet tables: merge rebuilds them too.
            opts.parquet = bom;
            opts.shard = shard.map(|s| s.parse().unwrap());
            batch::run(&opts, &extractor()).unwrap()
        };
        let full = tmp.path().join(format!("full-{bom}"));
        let one = run_into(&full, None);
        let shards: Vec<PathBuf> = (1..=3)
            .map(|k| {
                let out = tmp.path().join(format!("shard{k}-{bom}"));
                run_into(&out, Some(&format!("{k}/3")));
                out
            })
            .collect();
        let merged = tmp.path().join(format!("merged-{bom}"));
        let summary = batch::merge::merge(&merged, &shards).unwrap();
        assert_eq!(
            (
                summary.inputs,
                summary.converted,
                summary.failed,
                summary.duplicates
            ),
            (one.inputs, one.converted, one.failed, one.duplicates)
        );
        assert_eq!((one.converted, one.failed, one.duplicates), (13, 2, 1));
        assert_same_outputs(&merged, &full);
        assert_eq!(merged.join("parquet/funds.parquet").is_file(), bom);
        // The merged directory resumes like a batch output: nothing to redo.
        let again = run_into(&merged, None);
        assert_eq!(again.reused, one.converted + one.failed);
        assert_same_outputs(&merged, &full);
    }
}

#[test]
fn merge_refuses_overlapping_or_mismatched_shards() {
    let tmp = crate::scratch::tempdir().unwrap();
    let input = make_inputs(tmp.path(), 4, false);
    let plain = tmp.path().join("plain");
    batch::run(&options(&input, &plain), &extractor()).unwrap();
    let with_bom = tmp.path().join("bom");
    let mut opts = options(&input, &with_bom);
    opts.csv_bom = true;
    opts.shard = Some("1/2".parse().unwrap());
    batch::run(&opts, &extractor()).unwrap();
    let merged = tmp.path().join("merged");
    let usage = |shards: &[&Path]| {
        let shards: Vec<PathBuf> = shards.iter().map(|p| p.to_path_buf()).collect();
        match batch::merge::merge(&merged, &shards) {
            Err(e @ batch::BatchError::Usage(_)) => e.to_string(),
            other => panic!("expected a usage error, got {other:?}"),
        }
    };
    assert!(usage(&[&plain, &plain]).contains("in both"));
    assert!(usage(&[&plain, &with_bom]).contains("BOM"));
    let with_parquet = tmp.path().join("parquet");
    let mut opts = options(&input, &with_parquet);
    opts.parquet = true;
    opts.shard = Some("2/2".parse().unwrap());
    batch::run(&opts, &extractor()).unwrap();
    assert!(usage(&[&plain, &with_parquet]).contains("Parquet"));
    assert!(usage(&[&input]).contains("not a batch output directory"));
}

#[test]
fn documents_of_inputs_gone_are_kept_with_a_note_or_pruned_on_request() {
    let tmp = crate::scratch::tempdir().unwrap();
    let input = make_inputs(tmp.path(), 3, false);
    let out = tmp.path().join("out");
    batch::run(&options(&input, &out), &extractor()).unwrap();
    let before = fs::read_dir(out.join("json")).unwrap().count();
    assert_eq!(before, 3);
    // A later run over one of the folders only.
    let mut opts = options(&input.join("d0"), &out);
    let summary = batch::run(&opts, &extractor()).unwrap();
    assert_eq!(
        fs::read_dir(out.join("json")).unwrap().count(),
        3,
        "nothing deleted"
    );
    let note = summary.notes.join("\n");
    assert!(
        note.contains("kept 2 document(s)") && note.contains("--prune"),
        "{note}"
    );
    assert!(note.contains("form001-"), "names what it kept: {note}");
    opts.prune = true;
    let summary = batch::run(&opts, &extractor()).unwrap();
    assert_eq!(fs::read_dir(out.join("json")).unwrap().count(), 1);
    let note = summary.notes.join("\n");
    assert!(
        note.contains("removed 2 document(s)") && note.contains("form002-"),
        "{note}"
    );
    let again = batch::run(&opts, &extractor()).unwrap();
    assert!(again.notes.is_empty(), "{:?}", again.notes);
}
