//! Every text rendition under samples/text/ through the whole pipeline,
//! scored against its form's truth (samples/<form>.json) by `evalform score`.

use crate::common;

use std::path::{Path, PathBuf};

use evalform::ReadOptions;
use evalform::pipeline::extract_file;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// Share of fields each rendition must get right.
const MIN_PERCENT: usize = 95;

/// `samples/text/gz-x-2021.gb18030.txt` → `samples/gz-x-2021.json`.
fn truth_of(rendition: &Path) -> PathBuf {
    let name = rendition
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let form = name.split('.').next().unwrap_or(name);
    Path::new(ROOT).join("samples").join(format!("{form}.json"))
}

fn renditions() -> Vec<PathBuf> {
    let dir = Path::new(ROOT).join("samples/text");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

#[test]
fn sample_renditions_score_at_least_95_percent_each() {
    let files = renditions();
    if files.is_empty() {
        eprintln!("no samples/text/*.txt in this checkout; nothing to score");
        return;
    }
    let out = common::scratch("text-samples");
    let mut manifest = Vec::new();
    for file in &files {
        let mut docs = extract_file(file, &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert_eq!(docs.len(), 1, "{}: one form", file.display());
        let doc = docs.remove(0);
        assert_eq!(doc.source.kind, "text");
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("file name");
        let json = serde_json::to_string(&doc).expect("serialises");
        std::fs::write(out.join(format!("{stem}.json")), json).expect("write output");
        manifest.push(serde_json::json!({
            "pdf": format!("{stem}.txt"),
            "truth": truth_of(file).display().to_string(),
        }));
    }
    let manifest_path = out.join("manifest.json");
    std::fs::write(
        &manifest_path,
        serde_json::Value::Array(manifest).to_string(),
    )
    .expect("manifest");
    let (docs, report) = common::score(&manifest_path, &out, None);
    assert_eq!(docs.len(), files.len(), "one entry per rendition\n{report}");
    for d in &docs {
        assert!(
            d.ok * 100 >= d.total * MIN_PERCENT,
            "{}: {}/{} fields\n{report}",
            d.name,
            d.ok,
            d.total
        );
    }
}
