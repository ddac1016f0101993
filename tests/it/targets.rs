//! Target tables (绩效目标表) are documents of their own kinds, never
//! self-evaluations. Real 部门预算 files (`samples/real/`, as published; see
//! the README there), one test per family: every document of every file is
//! a `project_target` or `department_target` with its title, and the forms
//! whose truth was written by hand from the page image score at least 95%.
//! Generated target tables (`samples/targets/`, scripts/gen-targets.py) from
//! two producers and a bundle mixing them with a self-evaluation score at
//! least 98%, each form its own document of its own kind. Files holding no
//! form say so, with the file's true page count.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::{bin, score, scratch};
use serde_json::Value;

fn real() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/real")
}

fn targets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/targets")
}

/// `evalform extract FILE -o DIR/`: the documents written (in form order),
/// the exit status's success and the standard error.
fn extract(file: &Path, out: &Path) -> (Vec<Value>, bool, String) {
    let run = bin()
        .arg("extract")
        .arg(file)
        .arg("-o")
        .arg(format!("{}/", out.display()))
        .output()
        .expect("evalform runs");
    let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
    let mut docs: Vec<Value> = std::fs::read_dir(out)
        .map(|d| d.flatten().collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(&stem) && name.ends_with(".json")
        })
        .map(|e| serde_json::from_slice(&std::fs::read(e.path()).unwrap()).unwrap())
        .collect();
    docs.sort_by_key(|d| d["source"]["form_index"].as_u64());
    (
        docs,
        run.status.success(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

/// Reads a real file; every document is a target table, there are at
/// least `min_docs`, and the given documents (1-based form index) carry
/// these titles and kinds.
fn assert_targets(name: &str, min_docs: usize, expect: &[(usize, &str, &str)]) -> Vec<Value> {
    let out = scratch(&format!("targets-{name}"));
    let file = std::fs::read_dir(real())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
        .unwrap_or_else(|| panic!("samples/real/{name}*.pdf"));
    let (docs, _, stderr) = extract(&file, &out);
    assert!(
        docs.len() >= min_docs,
        "{name}: {} documents, want ≥ {min_docs}: {stderr}",
        docs.len()
    );
    for d in &docs {
        let form = d["form"].as_str().unwrap_or_default();
        assert!(
            form == "project_target" || form == "department_target",
            "{name} form {}: read as {form:?} (title {})",
            d["source"]["form_index"],
            d["title"]
        );
        assert!(
            d["indicators"].as_array().is_some_and(|i| i
                .iter()
                .all(|i| i["actual"].is_null() && i["score"].is_null())),
            "{name} form {}: a target table has no actual or score",
            d["source"]["form_index"]
        );
    }
    for (index, title, form) in expect {
        let d = &docs[index - 1];
        let key = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(
            key(d["title"].as_str().unwrap_or_default()),
            key(title),
            "{name} form {index}"
        );
        assert_eq!(d["form"], *form, "{name} form {index}");
    }
    docs
}

#[test]
fn chongqing_department_and_project_targets() {
    assert_targets(
        "mb02",
        3,
        &[
            (1, "2026年部门整体绩效目标表", "department_target"),
            (
                2,
                "2026年市级重点专项资金绩效目标表(一级项目)",
                "project_target",
            ),
        ],
    );
}

#[test]
fn beijing_project_targets() {
    assert_targets(
        "mb04",
        1,
        &[(1, "预算12表项目支出绩效目标表", "project_target")],
    );
}

#[test]
fn changsha_targets_of_both_kinds() {
    let docs = assert_targets(
        "mb05",
        2,
        &[(1, "2026年项目支出绩效目标表", "project_target")],
    );
    assert!(
        docs.iter().any(|d| d["form"] == "department_target"),
        "the 部门整体支出绩效目标表 pages are the department's"
    );
    // The listing of projects (pages 22–29, a three-line header): one
    // document per project, none for the 合计 row or the unit's own row;
    // the 部门整体 form's three pages (its header repeated) are one.
    let projects: Vec<&str> = docs
        .iter()
        .filter(|d| d["form"] == "project_target")
        .map(|d| d["project"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        projects,
        [
            "基层及其他信访业务工作经费专项",
            "人民来访接待中心及特护期运行专项",
            "人民来访接待中心业务专项",
            "信访业务工作专项"
        ]
    );
    let dept: Vec<&Value> = docs
        .iter()
        .filter(|d| d["form"] == "department_target")
        .collect();
    assert_eq!(dept.len(), 1, "one 部门整体 form over pages 30–32");
    assert_eq!(dept[0]["source"]["page_range"], serde_json::json!([30, 32]));
    assert_eq!(dept[0]["entity"], "长沙市信访局", "not a header cell");
    for d in &docs {
        assert!(
            !d["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w["code"] == "required_missing"),
            "{}: {}",
            d["project"],
            d["warnings"]
        );
    }
}

/// A target table whose indicators are all written as free text in one
/// cell: one indicator keeps the whole text, a warning names it, and the
/// form stays a target table (both producers).
#[test]
fn packed_indicator_text_is_kept_whole_and_warned() {
    let out = scratch("targets-packed");
    let truth: Value = serde_json::from_slice(
        &std::fs::read(targets().join("tgt-proj-packed-2025.json")).unwrap(),
    )
    .unwrap();
    let whole = truth["indicators"][0]["name"].as_str().unwrap();
    for variant in ["rl", "xls"] {
        let file = targets().join(format!("tgt-proj-packed-2025.{variant}.pdf"));
        let (docs, ok, stderr) = extract(&file, &out);
        assert!(ok && docs.len() == 1, "{variant}: {stderr}");
        let d = &docs[0];
        assert_eq!(d["form"], "project_target", "{variant}");
        let inds = d["indicators"].as_array().unwrap();
        assert_eq!(inds.len(), 1, "{variant}: {inds:?}");
        let key = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(
            key(inds[0]["name"].as_str().unwrap()),
            key(whole),
            "{variant}"
        );
        assert!(inds[0]["target"].is_null(), "{variant}");
        let warned = d["warnings"].as_array().unwrap().iter().any(|w| {
            w["code"] == "indicators_packed"
                && w["fields"]
                    .as_array()
                    .is_some_and(|f| f.iter().any(|f| f == "indicators[0].name"))
        });
        assert!(warned, "{variant}: {}", d["warnings"]);
    }
}

#[test]
fn yantai_targets_every_page_fast() {
    let started = Instant::now();
    let docs = assert_targets(
        "mb06",
        70,
        &[(1, "政策和项目预算绩效目标表", "project_target")],
    );
    let took = started.elapsed();
    assert!(took < Duration::from_secs(20), "116 pages took {took:?}");
    // 绩效指标 repeated on every row is the block's label, never a level.
    for d in &docs {
        for i in d["indicators"].as_array().unwrap() {
            assert_ne!(i["level1"], "绩效指标", "{}", d["title"]);
            assert_ne!(i["name"], "绩效指标", "{}", d["title"]);
        }
    }
}

#[test]
fn shanghai_target_fill_in_forms() {
    let docs = assert_targets(
        "mb10",
        5,
        &[(3, "财政项目支出绩效目标填报表", "project_target")],
    );
    let t = &docs[2]["indicators"][0]["target"];
    assert_eq!(t["value"], 12.0, "≥12.00(次) is one quantity: {t}");
    assert_eq!(t["unit"], "次", "{t}");
}

#[test]
fn changchun_listing_of_projects() {
    assert_targets(
        "mb15",
        1,
        &[(
            1,
            "长春市信访局2026年项目支出绩效目标表预算表（预算表11）",
            "project_target",
        )],
    );
}

#[test]
fn national_project_targets() {
    let docs = assert_targets(
        "mb16",
        3,
        &[
            (1, "信息化运行维护绩效目标表", "project_target"),
            (2, "信访综合保障经费绩效目标表", "project_target"),
            (3, "信访业务培训绩效目标表", "project_target"),
        ],
    );
    assert_eq!(docs.len(), 3);
}

/// Whether the OCR models are installed: a test that needs them fails
/// under CI=true when they are not, and says it skipped otherwise.
#[cfg(feature = "ocr")]
fn models_present() -> bool {
    crate::need::ocr_models().is_some()
}

/// Hand-written truth (samples/real/truth/, README there) scores ≥ 95%
/// per document.
#[test]
fn real_targets_score_against_hand_truth() {
    let out = scratch("targets-real-truth");
    let manifest = real().join("manifest.json");
    let list: Vec<Value> = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    let mut files: Vec<String> = list
        .iter()
        .map(|e| e["file"].as_str().unwrap().to_string())
        .collect();
    files.dedup();
    for f in &files {
        extract(&real().join(f), &out);
    }
    let (docs, report) = score(&manifest, &out, None);
    assert_eq!(docs.len(), list.len(), "{report}");
    for d in &docs {
        assert!(
            d.ok as f64 >= 0.95 * d.total as f64,
            "{}: {}/{}\n{report}",
            d.name,
            d.ok,
            d.total
        );
    }
}

/// Files of budget tables and prose only: no form found, and the reason
/// names the file's own page count.
#[test]
fn files_without_forms_say_so() {
    for (name, pages) in [
        ("js01_shanghai_putuo_czj_2024_bmjs.pdf", 25),
        ("ys01_shanghai_czj_2025_dwys.pdf", 21),
        ("ys03_jiangsu_swbgt_2019_ysgkbg.pdf", 12),
    ] {
        let out = scratch(&format!("targets-none-{name}"));
        let (docs, ok, stderr) = extract(&real().join(name), &out);
        assert!(!ok && docs.is_empty(), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("no form found: {pages} pages;")),
            "{name}: {stderr}"
        );
    }
}

/// An image-only prose file: OCR finds no form in it.
#[cfg(feature = "ocr")]
#[test]
fn scanned_prose_has_no_form() {
    if !models_present() {
        return;
    }
    let name = "sc02_image_changsha_jjzd_2023_jxpjjg.pdf";
    let out = scratch("targets-none-sc02");
    let (docs, ok, stderr) = extract(&real().join(name), &out);
    assert!(!ok && docs.is_empty(), "{stderr}");
    assert!(stderr.contains("no form found: 7 pages;"), "{stderr}");
}

/// Generated target tables from two producers, and the bundle mixing them
/// with a self-evaluation: the kind the manifest names, ≥ 98% of fields.
#[test]
fn generated_targets_score_and_keep_their_kinds() {
    let out = scratch("targets-generated");
    let manifest = targets().join("manifest.json");
    let list: Vec<Value> = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    let mut files: Vec<String> = std::fs::read_dir(targets())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    files.sort();
    for f in &files {
        let (_, ok, stderr) = extract(&targets().join(f), &out);
        assert!(ok, "{f}: {stderr}");
    }
    for e in &list {
        let stem = e["pdf"].as_str().unwrap().trim_end_matches(".pdf");
        let path = out.join(format!("{stem}.json"));
        let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(doc["form"], e["form"], "{stem}");
    }
    let (docs, report) = score(&manifest, &out, None);
    assert_eq!(docs.len(), list.len(), "{report}");
    for d in &docs {
        assert!(
            d.ok as f64 >= 0.98 * d.total as f64,
            "{}: {}/{}\n{report}",
            d.name,
            d.ok,
            d.total
        );
    }
}
