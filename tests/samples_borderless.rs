//! End to end on our borderless samples (reportlab layout with no rulings at
//! all; see samples/README.md): the grid is rebuilt from where the text sits.
//! Every field of the truth and every cell cut by a page break, as scored by
//! the shared scorer, for both vertically centred and top-aligned text.

mod common;

use std::path::Path;

use common::{bin, score, scratch};

#[test]
fn borderless_samples_score_every_field() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let manifest = samples.join("manifest.json");
    let entries: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&manifest).expect("manifest"))
            .expect("manifest JSON");
    let out = scratch("borderless");
    let mut names = Vec::new();
    for e in entries.iter().filter(|e| e["variant"] == "borderless") {
        let pdf = e["pdf"].as_str().expect("pdf name");
        let stem = pdf.trim_end_matches(".pdf");
        let result = bin()
            .arg("extract")
            .arg(samples.join(pdf))
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
    assert_eq!(names.len(), 4, "four borderless samples: {names:?}");
    let (docs, report) = score(&manifest, &out, Some(".borderless"));
    let scored: Vec<_> = docs.iter().filter(|d| names.contains(&d.name)).collect();
    assert_eq!(scored.len(), names.len(), "every sample scored\n{report}");
    let mut split_total = 0;
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
        split_total += d.split_total;
    }
    assert!(split_total > 0, "the samples have cells cut by page breaks");
}
