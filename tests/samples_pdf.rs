//! End to end on the shared born-digital samples: every field of the truth and
//! every cell cut by a page break, as scored by the shared scorer.

mod common;

use common::{bin, score, scratch, shared};

/// Samples with a real text layer (not scans): the extractor must be exact.
const BORN_DIGITAL: &[&str] = &["xls", "lo", "chrome", "gbk", "fakebold"];

#[test]
fn born_digital_samples_score_every_field() {
    let samples = shared().join("samples");
    let manifest = samples.join("manifest.json");
    let entries: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&manifest).expect("manifest"))
            .expect("manifest JSON");
    let out = scratch("born_digital");
    let mut scored = Vec::new();
    for e in &entries {
        let variant = e["variant"].as_str().unwrap_or_default();
        if !BORN_DIGITAL.contains(&variant) {
            continue;
        }
        let pdf = e["pdf"].as_str().expect("pdf name");
        let stem = pdf.trim_end_matches(".pdf");
        let status = bin()
            .arg("extract")
            .arg(samples.join(pdf))
            .arg("-o")
            .arg(out.join(format!("{stem}.json")))
            .status()
            .expect("evalform runs");
        assert!(status.success(), "evalform extract {pdf} failed");
        scored.push(stem.to_string());
    }
    assert_eq!(
        scored.len(),
        6,
        "expected six born-digital samples, got {scored:?}"
    );
    let (docs, report) = score(&manifest, &out, None);
    for d in docs.iter().filter(|d| scored.contains(&d.name)) {
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
}
