//! Project forms as 决算 bundles print them (samples/projects, made by
//! scripts/gen-projects.py): the national 项目支出绩效自评表 with titles naming
//! the project, labels wrapped one character per line, money sources
//! right-aligned with their first character alone on the top line, targets
//! wrapped mid-token, merged labels cut by a page break; a project layout
//! whose goal block is 年度总体目标完成情况 over 预期目标（年初设定） |
//! 实际完成情况 with `≧` beside `≥`; and a 31-page 决算 bundle holding six
//! forms after prose and budget tables. Each through the binary and
//! `evalform score`: at least 98% of fields per form.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{DocScore, bin, extract_ok, score, scratch};
use serde_json::Value;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/projects")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("readable"))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn manifest(name: &str) -> Vec<Value> {
    read_json(&dir().join(name))
        .as_array()
        .expect("a manifest is a list")
        .clone()
}

fn stem(pdf: &str) -> String {
    Path::new(pdf)
        .file_stem()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}

/// Extracts every one-form sample into `out` as `<stem>.json`.
fn extract_alone(out: &Path) {
    std::fs::create_dir_all(out).expect("output dir");
    for e in manifest("manifest.json") {
        let pdf = e["pdf"].as_str().expect("pdf");
        extract_ok(
            &[],
            &dir().join(pdf),
            &out.join(format!("{}.json", stem(pdf))),
        );
    }
}

/// Extracts the bundle into `out/` (one `juesuan-bundle[-n].json` per form).
fn extract_bundle(out: &Path) {
    extract_ok(
        &[],
        &dir().join("juesuan-bundle.pdf"),
        Path::new(&format!("{}/", out.display())),
    );
}

/// Every scored document of `manifest` reaches 98% of its fields.
fn assert_each_at_least_98(manifest: &str, out: &Path) {
    let (docs, report) = score(&dir().join(manifest), out, None);
    let scored: BTreeMap<&str, &DocScore> = docs.iter().map(|d| (d.name.as_str(), d)).collect();
    let mut short = Vec::new();
    for e in self::manifest(manifest) {
        let name = stem(e["pdf"].as_str().expect("pdf"));
        let d = scored
            .get(name.as_str())
            .unwrap_or_else(|| panic!("{name} is not scored\n{report}"));
        assert!(d.total > 50, "{name}: only {} fields in its truth", d.total);
        if d.ok * 100 < d.total * 98 {
            short.push(format!("{name}: {}/{} wrong {:?}", d.ok, d.total, d.wrong));
        }
    }
    assert!(short.is_empty(), "below 98%: {short:#?}\n{report}");
}

/// The samples cover what they claim: both layouts through both producers,
/// a form over two pages, a bundle of at least 30 pages whose forms come
/// after its prose and budget tables, two of them under one title.
#[test]
fn samples_cover_both_layouts_producers_and_a_long_bundle() {
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in manifest("manifest.json") {
        assert!(dir().join(e["pdf"].as_str().unwrap()).is_file());
        let truth = read_json(&dir().join(e["truth"].as_str().unwrap()));
        assert_eq!(truth["schema"], "evalform/1");
        seen.entry(e["layout"].as_str().unwrap().to_string())
            .or_default()
            .push(e["variant"].as_str().unwrap().to_string());
    }
    assert_eq!(
        seen.keys().collect::<Vec<_>>(),
        ["goal_project", "nat_project"]
    );
    for (layout, variants) in &seen {
        assert!(
            variants.iter().any(|v| v == "xls") && variants.iter().any(|v| v == "rl"),
            "{layout}: {variants:?}"
        );
    }
    let bundle = manifest("bundle-manifest.json");
    let ranges: Vec<[u64; 2]> = bundle
        .iter()
        .map(|e| {
            let r = e["page_range"].as_array().expect("page_range");
            [r[0].as_u64().unwrap(), r[1].as_u64().unwrap()]
        })
        .collect();
    assert!(ranges[0][0] > 20, "prose and tables come first: {ranges:?}");
    assert!(ranges.last().unwrap()[1] >= 30, "{ranges:?}");
    assert!(ranges.iter().any(|[a, b]| b > a), "a form over two pages");
    let mut titles: Vec<&str> = bundle
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    titles.sort_unstable();
    assert!(titles.windows(2).any(|w| w[0] == w[1]), "{titles:?}");
}

#[test]
fn project_layouts_read_at_least_98_percent() {
    let out = scratch("projects_alone");
    extract_alone(&out);
    assert_each_at_least_98("manifest.json", &out);
    for e in manifest("manifest.json") {
        let doc = read_json(&out.join(format!("{}.json", stem(e["pdf"].as_str().unwrap()))));
        assert_eq!(doc["form"], "project", "{}", e["pdf"]);
    }
}

/// 年度总体目标完成情况 heads the goal block; its own label is no column:
/// the achieved text is the one under 实际完成情况.
#[test]
fn goal_under_a_completion_label_reads_both_texts() {
    for e in manifest("manifest.json")
        .iter()
        .filter(|e| e["layout"] == "goal_project")
    {
        let pdf = dir().join(e["pdf"].as_str().unwrap());
        let doc = crate::common::extract_json(&[&pdf]);
        let truth = read_json(&dir().join(e["truth"].as_str().unwrap()));
        assert_eq!(doc["goal"], truth["goal"], "{}", pdf.display());
        let ops: Vec<&Value> = doc["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["target"]["raw"].as_str().is_some_and(|r| r.contains('≧')))
            .map(|i| &i["target"]["op"])
            .collect();
        assert!(
            !ops.is_empty() && ops.iter().all(|op| *op == ">="),
            "{ops:?}"
        );
    }
}

/// Every form of the bundle is found, on its own pages, as a project form,
/// and reads at least 98% of its fields; the prose and budget tables are
/// no form.
#[test]
fn juesuan_bundle_finds_every_form() {
    let out = scratch("projects_bundle");
    extract_bundle(&out);
    let bundle = manifest("bundle-manifest.json");
    let found = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".json"))
        })
        .count();
    assert_eq!(found, bundle.len(), "one document per form");
    for e in &bundle {
        let doc = read_json(&out.join(format!("{}.json", stem(e["pdf"].as_str().unwrap()))));
        assert_eq!(doc["form"], "project", "{}", e["pdf"]);
        assert_eq!(doc["source"]["page_range"], e["page_range"], "{}", e["pdf"]);
        assert_eq!(doc["source"]["form_index"], e["form_index"], "{}", e["pdf"]);
    }
    assert_each_at_least_98("bundle-manifest.json", &out);
}

/// The title is the line above the form, whatever precedes 自评表: the
/// project's name (`西安市级2022年安保服务项目绩效自评表`) or none
/// (`项目支出绩效自评表`); two forms under one title stay two documents.
#[test]
fn titles_name_the_project() {
    let out = scratch("projects_titles");
    extract_alone(&out.join("alone"));
    extract_bundle(&out.join("bundle"));
    let mut wrong = Vec::new();
    let alone = manifest("manifest.json")
        .into_iter()
        .map(|e| (out.join("alone"), e));
    let bundled = manifest("bundle-manifest.json")
        .into_iter()
        .map(|e| (out.join("bundle"), e));
    for (dir, e) in alone.chain(bundled) {
        let name = stem(e["pdf"].as_str().unwrap());
        let doc = read_json(&dir.join(format!("{name}.json")));
        if doc["title"] != e["title"] {
            wrong.push(format!("{name}: {} for {}", doc["title"], e["title"]));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// `extract` on the bundle takes no longer than a few seconds (it is read
/// in a fraction of a second; the bound catches a pathological slowdown).
#[test]
fn bundle_reads_in_seconds() {
    let out = scratch("projects_time");
    let start = std::time::Instant::now();
    let status = bin()
        .arg("extract")
        .arg(dir().join("juesuan-bundle.pdf"))
        .arg("-o")
        .arg(format!("{}/", out.display()))
        .status()
        .expect("evalform runs");
    assert!(status.success());
    let took = start.elapsed();
    assert!(took.as_secs_f64() < 10.0, "{took:?}");
}
