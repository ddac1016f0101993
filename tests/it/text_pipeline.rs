//! End to end: the seed rendition through the whole pipeline, scored by the
//! project's scorer against its intended reading.

use crate::common;

use std::path::Path;

use evalform::ReadOptions;
use evalform::pipeline::extract_file;

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/spec");

#[test]
fn seed_rendition_scores_at_least_95_percent() {
    let seed = Path::new(SPEC).join("seed-form.txt");
    let mut docs = extract_file(&seed, &ReadOptions::default()).expect("seed extracts");
    assert_eq!(docs.len(), 1, "the seed holds one form");
    let doc = docs.remove(0);
    assert_eq!(doc.source.kind, "text");

    let out = common::scratch("text-e2e");
    let json = serde_json::to_string_pretty(&doc).expect("serialises");
    std::fs::write(out.join("seed-form.json"), json).expect("write output");
    let (scores, report) = common::score(&Path::new(SPEC).join("manifest.json"), &out, None);
    assert_eq!(scores.len(), 1, "{report}");
    let pct = 100.0 * scores[0].ok as f64 / scores[0].total.max(1) as f64;
    let failed = &scores[0].wrong;

    assert!(pct >= 95.0, "{report}\nfailed fields: {failed:?}");
    let indicator_core: Vec<&String> = failed
        .iter()
        .filter(|f| {
            f.starts_with("indicators[")
                && [".name", ".formula", ".target", ".actual"]
                    .iter()
                    .any(|k| f.ends_with(k))
        })
        .collect();
    assert!(
        indicator_core.is_empty(),
        "indicator fields wrong: {indicator_core:?}"
    );
}
