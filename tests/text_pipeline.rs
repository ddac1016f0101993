//! End to end: the seed rendition through the whole pipeline, scored by the
//! project's scorer against its intended reading.

use std::path::Path;
use std::process::Command;

use evalform::ReadOptions;
use evalform::pipeline::extract_file;

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/spec");
const SCORE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/tools/score.py");

#[test]
fn seed_rendition_scores_at_least_95_percent() {
    let seed = Path::new(SPEC).join("seed-form.txt");
    let mut docs = extract_file(&seed, &ReadOptions::default()).expect("seed extracts");
    assert_eq!(docs.len(), 1, "the seed holds one form");
    let doc = docs.remove(0);
    assert_eq!(doc.source.kind, "text");

    let out = std::env::temp_dir().join(format!("evalform-text-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&out).expect("temp dir");
    let json = serde_json::to_string_pretty(&doc).expect("serialises");
    std::fs::write(out.join("seed-form.json"), json).expect("write output");
    let report = out.join("report.json");
    let manifest = scoring_manifest(&out);

    let run = Command::new("python3")
        .arg(SCORE)
        .arg(&manifest)
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
    let stdout = String::from_utf8_lossy(&run.stdout);
    let summary = stdout.lines().last().expect("summary line");
    let pct: f64 = summary
        .split('=')
        .nth(1)
        .and_then(|s| s.trim().split('%').next())
        .and_then(|s| s.parse().ok())
        .expect("percentage in summary");

    let fails: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report"))
            .expect("report JSON");
    let failed: Vec<String> = fails[0]["fails"]
        .as_array()
        .expect("fails")
        .iter()
        .map(|f| f[0].as_str().unwrap_or_default().to_string())
        .collect();
    std::fs::remove_dir_all(&out).ok();

    assert!(pct >= 95.0, "{stdout}\nfailed fields: {failed:?}");
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

/// score.py reads quantities in the truth as strings, while seed-form.json
/// writes them as `{"raw": …}` objects; a flattened copy of the truth and a
/// manifest beside it, in the test's temp dir, let the scorer read it.
fn scoring_manifest(dir: &Path) -> std::path::PathBuf {
    let spec = Path::new(SPEC);
    let mut truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(spec.join("seed-form.json")).expect("truth"))
            .expect("truth JSON");
    if let Some(indicators) = truth["indicators"].as_array_mut() {
        for ind in indicators {
            for key in ["target", "actual"] {
                if let Some(raw) = ind[key].get("raw").cloned() {
                    ind[key] = raw;
                }
            }
        }
    }
    let truth_dir = dir.join("truth");
    std::fs::create_dir_all(&truth_dir).expect("truth dir");
    std::fs::write(truth_dir.join("seed-form.json"), truth.to_string()).expect("write truth");
    let manifest = std::fs::read_to_string(spec.join("manifest.json")).expect("manifest");
    let path = truth_dir.join("manifest.json");
    std::fs::write(&path, manifest).expect("write manifest");
    path
}
