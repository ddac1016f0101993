//! End to end on the sample PDFs: every field of the truth and every cell cut
//! by a page break, as scored by `evalform score`, for born-digital and
//! borderless samples (the reference ones in samples/shared and ours, made by scripts/gen-samples.sh);
//! the OCR bar for scans.

use crate::common;

use std::path::Path;

use common::{bin, extract_ok, score, scratch, shared_samples};

/// Variants with a real text layer (not scans): the extractor must be exact.
const BORN_DIGITAL: &[&str] = &["xls", "lo", "chrome", "gbk", "fakebold", "cid"];

/// Extracts every PDF of a manifest whose variant is one of `variants` into
/// `out`; returns their names.
fn extract_all(manifest: &Path, out: &Path, variants: &[&str]) -> Vec<String> {
    let dir = manifest.parent().expect("manifest dir");
    let entries: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(manifest).expect("manifest"))
            .expect("manifest JSON");
    let mut names = Vec::new();
    for e in &entries {
        if !variants.contains(&e["variant"].as_str().unwrap_or_default()) {
            continue;
        }
        let pdf = e["pdf"].as_str().expect("pdf name");
        let stem = pdf.trim_end_matches(".pdf");
        extract_ok(&[], &dir.join(pdf), &out.join(format!("{stem}.json")));
        names.push(stem.to_string());
    }
    names
}

/// Every field and split cell of each named document; returns the number of
/// split cells checked.
fn assert_all_exact(manifest: &Path, out: &Path, names: &[String]) -> usize {
    let (docs, report) = score(manifest, out, None);
    let scored: Vec<_> = docs.iter().filter(|d| names.contains(&d.name)).collect();
    assert_eq!(
        scored.len(),
        names.len(),
        "every extracted file is scored\n{report}"
    );
    for d in &scored {
        assert_eq!(
            d.ok, d.total,
            "{}: {}/{} fields\n{report}",
            d.name, d.ok, d.total
        );
        assert_eq!(
            d.split_ok, d.split_total,
            "{}: split cells {}/{}\n{report}",
            d.name, d.split_ok, d.split_total
        );
    }
    scored.iter().map(|d| d.split_total).sum()
}

#[test]
fn shared_born_digital_samples_score_every_field() {
    let manifest = shared_samples().join("manifest.json");
    let out = scratch("shared_born_digital");
    let names = extract_all(&manifest, &out, BORN_DIGITAL);
    assert_eq!(names.len(), 6, "six born-digital shared samples: {names:?}");
    assert_all_exact(&manifest, &out, &names);
}

#[test]
fn own_generated_samples_score_every_field() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/manifest.json");
    let out = scratch("own_born_digital");
    let names = extract_all(&manifest, &out, BORN_DIGITAL);
    assert!(names.len() >= 16, "the generated samples: {names:?}");
    assert_all_exact(&manifest, &out, &names);
}

/// Our borderless samples (no rulings at all; see samples/README.md): the grid
/// is rebuilt from where the text sits, for vertically centred and top-aligned
/// text alike.
#[test]
fn borderless_samples_score_every_field() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/manifest.json");
    let out = scratch("borderless");
    let names = extract_all(&manifest, &out, &["borderless"]);
    assert_eq!(names.len(), 4, "four borderless samples: {names:?}");
    let split_total = assert_all_exact(&manifest, &out, &names);
    assert!(split_total > 0, "the samples have cells cut by page breaks");
}

/// Writer and Calc printing the same forms with no cell borders
/// (samples/borderless-office, by scripts/gen-samples/borderless_office.py):
/// producers the borderless reader was not built against. Tight rows with
/// single-line cells are not told apart from wrapped text everywhere yet, so
/// this guards the level reached (68.5% of fields when written), not
/// exactness.
#[test]
fn office_borderless_samples_keep_their_level() {
    let manifest =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/borderless-office/manifest.json");
    let out = scratch("borderless-office");
    let names = extract_all(&manifest, &out, &["lo-borderless", "xls-borderless"]);
    assert_eq!(names.len(), 8, "{names:?}");
    let (docs, report) = score(&manifest, &out, None);
    let (ok, total) = docs
        .iter()
        .fold((0, 0), |(o, t), d| (o + d.ok, t + d.total));
    assert_eq!(docs.len(), 8, "{report}");
    assert!(ok * 100 >= total * 65, "{ok}/{total} fields\n{report}");
}

/// The OCR models, when `scripts/fetch-models.sh` has put them in place.
fn models_present() -> bool {
    crate::need::ocr_models().is_some()
}

/// Scans (image only, and image under an invisible OCR text layer) read with
/// OCR: at least 85% of fields, every funds amount exact, text similarity at
/// least 0.97.
#[test]
fn scanned_samples_meet_the_ocr_bar() {
    if !models_present() {
        return;
    }
    let samples = shared_samples();
    let out = scratch("scans");
    for name in ["proj-jbgw-2021.scan", "proj-jbgw-2021.ocr"] {
        let result = bin()
            .arg("extract")
            .arg(samples.join(format!("{name}.pdf")))
            .arg("-o")
            .arg(out.join(format!("{name}.json")))
            .output()
            .expect("evalform runs");
        assert!(
            result.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&result.stderr)
        );
        let doc: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join(format!("{name}.json"))).unwrap())
                .unwrap();
        assert_eq!(doc["source"]["kind"], "ocr", "{name} was read with OCR");
    }
    assert_ocr_bar(
        &samples.join("manifest.json"),
        &out,
        Some("proj-jbgw-2021."),
        2,
    );
}

/// Our own scans of the generated samples (150 and 300 dpi, rotated ±0.5° and
/// ±1.5°, speckled, JPEG, two with a red seal) meet the same bar.
#[test]
fn own_scans_meet_the_ocr_bar() {
    if !models_present() {
        return;
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/scans/manifest.json");
    let out = scratch("own-scans");
    let names = extract_all(&manifest, &out, &["scan"]);
    for name in &names {
        let doc: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join(format!("{name}.json"))).unwrap())
                .unwrap();
        assert_eq!(doc["source"]["kind"], "ocr", "{name} was read with OCR");
        assert_field_confidences(name, &doc);
    }
    assert_ocr_bar(&manifest, &out, None, names.len());
}

/// Every amount and indicator value read by OCR has a confidence in 0..1,
/// and exactly the fields below 0.85 are named in `ocr_low_confidence` warnings.
fn assert_field_confidences(name: &str, doc: &serde_json::Value) {
    let conf = doc["ocr_confidence"].as_object().expect("ocr_confidence");
    let mut expected = Vec::new();
    for (i, f) in doc["funds"].as_array().unwrap().iter().enumerate() {
        for k in [
            "initial_budget",
            "full_year_budget",
            "actual",
            "execution_rate",
        ] {
            if !f[k].is_null() {
                expected.push(format!("funds[{i}].{k}"));
            }
        }
    }
    for (i, ind) in doc["indicators"].as_array().unwrap().iter().enumerate() {
        for k in ["name", "target", "actual"] {
            if !ind[k].is_null() {
                expected.push(format!("indicators[{i}].{k}"));
            }
        }
    }
    for path in &expected {
        let c = conf.get(path).and_then(|c| c.as_f64());
        assert!(
            c.is_some_and(|c| c > 0.0 && c <= 1.0),
            "{name}: {path} has confidence {c:?}"
        );
    }
    let warned: Vec<&str> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "ocr_low_confidence")
        .filter_map(|w| w["message"].as_str()?.split(" = ").next())
        .collect();
    let mut low: Vec<&str> = conf
        .iter()
        .filter(|(_, c)| c.as_f64().is_some_and(|c| c < 0.85))
        .map(|(p, _)| p.as_str())
        .collect();
    low.sort_unstable();
    let mut warned_sorted = warned.clone();
    warned_sorted.sort_unstable();
    assert_eq!(
        warned_sorted, low,
        "{name}: low-confidence fields are warned about"
    );
}

/// At least 85% of fields, text similarity at least 0.97 and every funds
/// amount exact, for each of the `expected` scans scored.
fn assert_ocr_bar(manifest: &Path, out: &Path, filter: Option<&str>, expected: usize) {
    let (docs, report) = score(manifest, out, filter);
    let scans: Vec<_> = docs
        .iter()
        .filter(|d| d.name.contains("scan") || d.name.ends_with("ocr"))
        .collect();
    assert_eq!(scans.len(), expected, "scans scored\n{report}");
    for d in scans {
        assert!(
            d.ok * 100 >= d.total * 85,
            "{}: {}/{} fields\n{report}",
            d.name,
            d.ok,
            d.total
        );
        assert!(
            d.sim >= 0.97,
            "{}: text similarity {}\n{report}",
            d.name,
            d.sim
        );
        assert!(
            !d.wrong.iter().any(|p| p.starts_with("funds[")),
            "{}: a funds amount is wrong\n{report}",
            d.name
        );
    }
}
