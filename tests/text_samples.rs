//! Every text rendition under samples/text/ through the whole pipeline,
//! scored against its form's truth (samples/<form>.json) by shared/tools/score.py.

use std::path::{Path, PathBuf};
use std::process::Command;

use evalform::pipeline::{Options, extract_file};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const SCORE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/tools/score.py");
/// Share of fields each rendition must get right.
const MIN_PERCENT: f64 = 95.0;

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
    let out = std::env::temp_dir().join(format!("evalform-text-samples-{}", std::process::id()));
    std::fs::create_dir_all(&out).expect("temp dir");
    let mut manifest = Vec::new();
    for file in &files {
        let doc = extract_file(file, &Options::default())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
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
    let report = out.join("report.json");
    let run = Command::new("python3")
        .arg(SCORE)
        .arg(&manifest_path)
        .arg(&out)
        .arg("--json")
        .arg(&report)
        .output()
        .expect("python3 runs score.py");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let docs: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report"))
            .expect("report JSON");
    std::fs::remove_dir_all(&out).ok();

    let docs = docs.as_array().expect("one entry per rendition");
    assert_eq!(docs.len(), files.len());
    for doc in docs {
        let (ok, n) = (
            doc["ok"].as_f64().unwrap_or(0.0),
            doc["n"].as_f64().unwrap_or(1.0),
        );
        assert!(
            100.0 * ok / n >= MIN_PERCENT,
            "{}: {ok}/{n} fields; failed: {}",
            doc["doc"],
            doc["fails"]
        );
    }
}
