//! End to end on born-digital sample PDFs: every field of the truth and every
//! cell cut by a page break, as scored by the shared scorer. Both the shared
//! samples and our own generated ones (samples/, made by scripts/gen-samples.sh).

mod common;

use std::path::Path;

use common::{bin, score, scratch, shared};

/// Variants with a real text layer (not scans): the extractor must be exact.
const BORN_DIGITAL: &[&str] = &["xls", "lo", "chrome", "gbk", "fakebold", "cid"];

/// Extracts every born-digital PDF of a manifest into `out`; returns their names.
fn extract_all(manifest: &Path, out: &Path) -> Vec<String> {
    let dir = manifest.parent().expect("manifest dir");
    let entries: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(manifest).expect("manifest"))
            .expect("manifest JSON");
    let mut names = Vec::new();
    for e in &entries {
        if !BORN_DIGITAL.contains(&e["variant"].as_str().unwrap_or_default()) {
            continue;
        }
        let pdf = e["pdf"].as_str().expect("pdf name");
        let stem = pdf.trim_end_matches(".pdf");
        let result = bin()
            .arg("extract")
            .arg(dir.join(pdf))
            .arg("-o")
            .arg(out.join(format!("{stem}.json")))
            .output()
            .expect("evalform runs");
        assert!(
            result.status.success(),
            "evalform extract {pdf}: {}",
            String::from_utf8_lossy(&result.stderr)
        );
        names.push(stem.to_string());
    }
    names
}

fn assert_all_exact(manifest: &Path, out: &Path, names: &[String]) {
    let (docs, report) = score(manifest, out, None);
    let scored: Vec<_> = docs.iter().filter(|d| names.contains(&d.name)).collect();
    assert_eq!(
        scored.len(),
        names.len(),
        "every extracted file is scored\n{report}"
    );
    for d in scored {
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

#[test]
fn shared_born_digital_samples_score_every_field() {
    let manifest = shared().join("samples/manifest.json");
    let out = scratch("shared_born_digital");
    let names = extract_all(&manifest, &out);
    assert_eq!(names.len(), 6, "six born-digital shared samples: {names:?}");
    assert_all_exact(&manifest, &out, &names);
}

#[test]
fn own_generated_samples_score_every_field() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/manifest.json");
    let out = scratch("own_born_digital");
    let names = extract_all(&manifest, &out);
    assert!(names.len() >= 16, "the generated samples: {names:?}");
    assert_all_exact(&manifest, &out, &names);
}
