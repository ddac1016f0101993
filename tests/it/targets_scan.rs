//! The scanned 区域绩效目标表 (`samples/real/mb13_…`, a colour scan whose
//! grey seal is stamped across the table's rulings and cells) read by OCR:
//! a `project_target` scoring at least 95% of its hand-written truth
//! (`samples/real/manifest-ocr.json`). Needs the OCR models: fails under
//! CI=true when they are missing, says it skipped otherwise.

use std::path::Path;

use crate::common::{extract_ok, score, scratch};

#[test]
fn scanned_area_target_scores_against_hand_truth() {
    if crate::need::ocr_models().is_none() {
        return;
    }
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/real");
    let out = scratch("targets-scan");
    extract_ok(
        &[],
        &real.join("mb13_scan_changsha_czj_2025_qyjxmbb_a.pdf"),
        &out.join("mb13_scan_changsha_czj_2025_qyjxmbb_a.json"),
    );
    let doc: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("mb13_scan_changsha_czj_2025_qyjxmbb_a.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(doc["form"], "project_target", "{}", doc["title"]);
    assert_eq!(doc["title"], "中央对地方专项转移支付区域绩效目标表");
    let (docs, report) = score(&real.join("manifest-ocr.json"), &out, None);
    assert_eq!(docs.len(), 1, "{report}");
    let d = &docs[0];
    assert!(
        d.ok as f64 >= 0.95 * d.total as f64,
        "{}: {}/{}\n{report}",
        d.name,
        d.ok,
        d.total
    );
    // The money block's three rows, read beside the seal's ring.
    let amounts: Vec<f64> = doc["funds"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["full_year_budget"].as_f64())
        .collect();
    assert_eq!(amounts, [39778.0, 28363.0, 11415.0], "{report}");
}
