//! Degraded scans as archives hold them (samples/degraded, made by
//! scripts/gen-degraded.py): printed, scanned with noise, skew, uneven light
//! and a red seal, generation loss, then CCITT G4, JBIG2, JPEG 2000 or grey
//! JPEG at three levels of damage. Every codec × level class is scored with
//! `evalform score` against the source form's truth and held at the level it
//! has reached ([`FLOORS`]; the aim is 95%, 90% at level 3), and no sample
//! may come out as an empty table with exit 0.
#![cfg(feature = "ocr")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::{bin, score, scratch};

/// Per codec × level class, the least share of fields read right (percent):
/// the level reached, less a little. Rules that thresholding broke into
/// dashes, 100-120 dpi grey and faded second copies still defeat the reading.
const FLOORS: [(&str, usize); 12] = [
    ("g4-l1", 45),
    ("g4-l2", 83),
    ("g4-l3", 0),
    ("jbig2-l1", 48),
    ("jbig2-l2", 80),
    ("jbig2-l3", 0),
    ("jpeg-l1", 92),
    ("jpeg-l2", 40),
    ("jpeg-l3", 5),
    ("jpx-l1", 86),
    ("jpx-l2", 82),
    ("jpx-l3", 0),
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/degraded")
}

/// True when the OCR models are installed; under CI a missing model fails.
fn models_present() -> bool {
    crate::need::ocr_models().is_some()
}

/// One sample's extract: its stem, codec × level class, exit success,
/// standard error, and the JSON written (when any).
struct Run {
    stem: String,
    class: String,
    ok: bool,
    stderr: String,
    doc: Option<serde_json::Value>,
}

/// Every sample of the manifest extracted once per test binary.
fn runs() -> &'static (PathBuf, Vec<Run>) {
    static RUNS: OnceLock<(PathBuf, Vec<Run>)> = OnceLock::new();
    RUNS.get_or_init(|| {
        let out = scratch("degraded");
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir().join("manifest.json")).unwrap())
                .expect("manifest");
        let runs = manifest
            .as_array()
            .expect("a list")
            .iter()
            .map(|e| {
                let pdf = e["pdf"].as_str().expect("pdf");
                let stem = pdf.trim_end_matches(".pdf").to_string();
                let json = out.join(format!("{stem}.json"));
                let result = bin()
                    .arg("extract")
                    .arg(dir().join(pdf))
                    .arg("-o")
                    .arg(&json)
                    .output()
                    .expect("evalform runs");
                Run {
                    class: e["variant"].as_str().expect("variant").to_string(),
                    stem,
                    ok: result.status.success(),
                    stderr: String::from_utf8_lossy(&result.stderr).into_owned(),
                    doc: std::fs::read(&json)
                        .ok()
                        .and_then(|b| serde_json::from_slice(&b).ok()),
                }
            })
            .collect();
        (out, runs)
    })
}

#[test]
fn every_codec_and_level_reads() {
    if !models_present() {
        return;
    }
    let (out, runs) = runs();
    let (docs, report) = score(&dir().join("manifest.json"), out, None);
    let mut classes: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for run in runs {
        let d = docs
            .iter()
            .find(|d| d.name == run.stem)
            .unwrap_or_else(|| panic!("{} scored\n{report}", run.stem));
        let c = classes.entry(&run.class).or_insert((0, 0));
        c.0 += d.ok;
        c.1 += d.total;
    }
    assert_eq!(
        classes.len(),
        FLOORS.len(),
        "four codecs × three levels: {classes:?}"
    );
    let failing: Vec<String> = FLOORS
        .iter()
        .filter(|(class, floor)| {
            let (ok, total) = classes.get(class).copied().unwrap_or_default();
            total == 0 || ok * 100 < total * floor
        })
        .map(|(class, floor)| format!("{class}: {:?} under {floor}%", classes.get(class)))
        .collect();
    let errors: Vec<String> = runs
        .iter()
        .filter(|r| !r.ok)
        .map(|r| format!("{}: {}", r.stem, r.stderr.trim()))
        .collect();
    assert!(
        failing.is_empty(),
        "classes under their floor: {failing:?}\nfailed extracts: {errors:#?}\n{report}"
    );
}

/// The document's tables: indicator or task rows, and money rows.
fn table_rows(doc: &serde_json::Value) -> (usize, usize) {
    let len = |k: &str| doc[k].as_array().map_or(0, Vec::len);
    (len("indicators") + len("tasks"), len("funds"))
}

#[test]
fn no_degraded_sample_exits_zero_with_an_empty_table() {
    if !models_present() {
        return;
    }
    let (_, runs) = runs();
    for run in runs {
        if run.ok {
            let doc = run
                .doc
                .as_ref()
                .unwrap_or_else(|| panic!("{}: exit 0 but no JSON", run.stem));
            // A form read from a scan has its indicator table; a money block
            // the scan lost is counted by the floor test, not here.
            let (rows, funds) = table_rows(doc);
            assert!(
                rows > 0,
                "{}: exit 0 with {rows} table rows and {funds} money rows",
                run.stem
            );
        } else {
            assert!(
                run.stderr.contains("not read") || run.stderr.contains("no form template"),
                "{}: fails without saying why: {}",
                run.stem,
                run.stderr
            );
        }
    }
}
