//! Layouts no bundled template was written against (samples/variants, made by
//! scripts/gen-variants.py): the national department-overall form and other
//! provinces' project forms, each printed by two producers and scanned. Every
//! sample goes through the binary and `evalform score`: at least 98% of
//! fields born-digital and in text renditions, at least 95% scanned.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{DocScore, bin, score, scratch};

fn variants_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/variants")
}

fn manifest() -> Vec<serde_json::Value> {
    manifest_at(&variants_dir().join("manifest.json"))
}

fn manifest_at(path: &Path) -> Vec<serde_json::Value> {
    serde_json::from_str(&std::fs::read_to_string(path).expect("variants manifest"))
        .expect("manifest JSON")
}

/// Extracts the files of `manifest` whose variant passes `take` into `out`
/// (`<stem>.json`); returns (stem, layout) of each and the errors of those
/// that failed, which score as missing.
fn extract(
    manifest: &Path,
    out: &Path,
    take: impl Fn(&str) -> bool,
) -> (Vec<(String, String)>, Vec<String>) {
    let dir = manifest.parent().expect("manifest dir");
    let (mut names, mut errors) = (Vec::new(), Vec::new());
    for e in manifest_at(manifest) {
        if !take(e["variant"].as_str().unwrap_or_default()) {
            continue;
        }
        let pdf = e["pdf"].as_str().expect("file name");
        let stem = Path::new(pdf)
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let result = bin()
            .arg("extract")
            .arg(dir.join(pdf))
            .arg("-o")
            .arg(out.join(format!("{stem}.json")))
            .output()
            .expect("evalform runs");
        if !result.status.success() {
            errors.push(format!(
                "{pdf}: {}",
                String::from_utf8_lossy(&result.stderr).trim()
            ));
        }
        names.push((stem, e["layout"].as_str().unwrap_or("?").to_string()));
    }
    (names, errors)
}

/// Scores the extracted documents and asserts each reaches `percent` of its
/// fields; the failure message lists every document, layout and error.
fn assert_each_at_least(
    manifest: &Path,
    out: &Path,
    names: &[(String, String)],
    errors: &[String],
    percent: usize,
) {
    let (docs, report) = score(manifest, out, None);
    let scored: BTreeMap<&str, &DocScore> = docs.iter().map(|d| (d.name.as_str(), d)).collect();
    let mut by_layout: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut short = Vec::new();
    for (name, layout) in names {
        let d = scored
            .get(name.as_str())
            .unwrap_or_else(|| panic!("{name} is not scored\n{report}"));
        let t = by_layout.entry(layout).or_default();
        t.0 += d.ok;
        t.1 += d.total;
        assert!(d.total > 50, "{name}: only {} fields in its truth", d.total);
        if d.ok * 100 < d.total * percent {
            short.push(format!("{name} ({layout}): {}/{}", d.ok, d.total));
        }
    }
    for (layout, (ok, total)) in &by_layout {
        eprintln!("{layout}: fields {ok}/{total}");
    }
    assert!(
        short.is_empty(),
        "below {percent}%: {short:?}\nextract errors: {errors:#?}\n{report}"
    );
}

/// The samples cover what they claim: at least two layouts, each through two
/// producers with a text layer and one scan, all sharing one truth per form.
#[test]
fn every_layout_has_two_producers_and_a_scan() {
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in manifest() {
        let truth = variants_dir().join(e["truth"].as_str().expect("truth"));
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&truth).expect("truth file"))
                .expect("truth JSON");
        assert_eq!(doc["schema"], "evalform/1", "{}", truth.display());
        assert!(variants_dir().join(e["pdf"].as_str().unwrap()).is_file());
        seen.entry(e["layout"].as_str().expect("layout").to_string())
            .or_default()
            .push(e["variant"].as_str().expect("variant").to_string());
    }
    assert!(seen.len() >= 2, "{seen:?}");
    for (layout, variants) in &seen {
        let digital = variants.iter().filter(|v| *v != "scan").count();
        let scans = variants.iter().filter(|v| *v == "scan").count();
        assert!(digital >= 2 && scans >= 1, "{layout}: {variants:?}");
    }
}

#[test]
fn born_digital_variants_read_at_least_98_percent() {
    let manifest = variants_dir().join("manifest.json");
    let out = scratch("variants_digital");
    let (names, errors) = extract(&manifest, &out, |v| v != "scan");
    assert!(names.len() >= 4, "{names:?}");
    assert_each_at_least(&manifest, &out, &names, &errors, 98);
}

/// Text renditions of the same forms (tab-separated rows, a page break as a
/// blank line) go through the same vocabulary: the born-digital bar.
#[test]
fn text_renditions_of_the_variants_read_at_least_98_percent() {
    let manifest = variants_dir().join("text/manifest.json");
    let out = scratch("variants_text");
    let (names, errors) = extract(&manifest, &out, |v| v == "text");
    let forms = manifest_at(&variants_dir().join("manifest.json"))
        .iter()
        .filter(|e| e["variant"] == "xls")
        .count();
    assert_eq!(names.len(), forms, "one rendition per form: {names:?}");
    assert_each_at_least(&manifest, &out, &names, &errors, 98);
}

#[cfg(feature = "ocr")]
#[test]
fn scanned_variants_read_at_least_95_percent() {
    if crate::need::ocr_models().is_none() {
        return;
    }
    let manifest = variants_dir().join("manifest.json");
    let out = scratch("variants_scans");
    let (names, errors) = extract(&manifest, &out, |v| v == "scan");
    assert!(names.len() >= 2, "{names:?}");
    for (name, _) in &names {
        let Ok(text) = std::fs::read_to_string(out.join(format!("{name}.json"))) else {
            continue;
        };
        let doc: serde_json::Value = serde_json::from_str(&text).expect("output JSON");
        assert_eq!(doc["source"]["kind"], "ocr", "{name} was read with OCR");
    }
    assert_each_at_least(&manifest, &out, &names, &errors, 95);
}
