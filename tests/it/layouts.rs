//! Department layouts seen in real archives (samples/layouts, made by
//! scripts/gen-layouts.py): the Fujian 部门整体绩效自评表 (money over formula
//! columns ①–⑦ under a three-row header, 总分值、评价总分 (S), 评价等级) and
//! the 部门整体支出绩效自评表 whose first page is a 年度主要任务完成情况 grid
//! and whose untitled second page holds the goals and the indicators. Each
//! form is printed by reportlab, LibreOffice Calc and Chromium; every sample
//! goes through the binary and `evalform score` and must reach 98% of its
//! fields, title included.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{bin, score, scratch};

fn layouts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/layouts")
}

fn manifest() -> Vec<serde_json::Value> {
    let path = layouts_dir().join("manifest.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("layouts manifest"))
        .expect("manifest JSON")
}

/// Extracts every sample into `out` (`<stem>.json`); returns the documents
/// by stem and the errors of the files that failed.
fn extract_all(out: &Path) -> (BTreeMap<String, serde_json::Value>, Vec<String>) {
    let (mut docs, mut errors) = (BTreeMap::new(), Vec::new());
    for e in manifest() {
        let pdf = e["pdf"].as_str().expect("file name");
        let stem = pdf.trim_end_matches(".pdf").to_string();
        let target = out.join(format!("{stem}.json"));
        let result = bin()
            .arg("extract")
            .arg(layouts_dir().join(pdf))
            .arg("-o")
            .arg(&target)
            .output()
            .expect("evalform runs");
        if !result.status.success() {
            errors.push(format!(
                "{pdf}: {}",
                String::from_utf8_lossy(&result.stderr).trim()
            ));
            continue;
        }
        let doc = serde_json::from_str(&std::fs::read_to_string(&target).expect("output"))
            .expect("output JSON");
        docs.insert(stem, doc);
    }
    (docs, errors)
}

/// The samples cover what they claim: both layouts, two forms each, each
/// form through three producers sharing one truth.
#[test]
fn each_layout_has_two_forms_and_three_producers() {
    let mut seen: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for e in manifest() {
        let truth = e["truth"].as_str().expect("truth");
        assert!(layouts_dir().join(truth).is_file(), "{truth}");
        assert!(layouts_dir().join(e["pdf"].as_str().unwrap()).is_file());
        seen.entry(e["layout"].as_str().expect("layout").into())
            .or_default()
            .entry(truth.into())
            .or_default()
            .push(e["variant"].as_str().expect("variant").into());
    }
    assert_eq!(
        seen.keys().collect::<Vec<_>>(),
        ["fujian_dept", "task_grid_dept"]
    );
    for (layout, forms) in &seen {
        assert!(forms.len() >= 2, "{layout}: {forms:?}");
        for (form, variants) in forms {
            assert_eq!(variants, &["rl", "xls", "ch"], "{layout} {form}");
        }
    }
}

#[test]
fn department_layouts_read_at_least_98_percent() {
    let out = scratch("layouts");
    let (docs, errors) = extract_all(&out);
    let (scores, report) = score(&layouts_dir().join("manifest.json"), &out, None);
    assert_eq!(scores.len(), manifest().len(), "{report}");
    let short: Vec<String> = scores
        .iter()
        .filter(|d| d.total < 100 || d.ok * 100 < d.total * 98)
        .map(|d| format!("{}: {}/{}", d.name, d.ok, d.total))
        .collect();
    assert!(
        short.is_empty(),
        "below 98%: {short:?}\nerrors: {errors:#?}\n{report}"
    );
    for d in &scores {
        assert!(
            !d.wrong.iter().any(|w| w == "title"),
            "{}: title wrong\n{report}",
            d.name
        );
    }
    assert!(!docs.is_empty());
}

/// What the layouts print beyond the scored fields lands where the spec
/// says: the Fujian form's extra money columns in the rows' `extra`, the
/// key-word headers named as guesses; the task grid's split money in the
/// tasks' `extra`, its 合计 row a money row, its tasks numbered by order
/// with a warning, and its second page kept with the form.
#[test]
fn extra_columns_guesses_and_the_second_page() {
    let out = scratch("layouts_extra");
    let (docs, errors) = extract_all(&out);
    assert!(errors.is_empty(), "{errors:#?}");
    for (name, doc) in &docs {
        let guesses: Vec<&str> = doc["source"]["label_guesses"]
            .as_array()
            .map(|a| a.iter().filter_map(|g| g["field"].as_str()).collect())
            .unwrap_or_default();
        if name.starts_with("fj-") {
            let total = &doc["funds"][0];
            assert_eq!(total["source"], "合计", "{name}");
            let extra = total["extra"].as_object().expect("extra");
            assert!(
                extra.keys().any(|k| k.contains("本年度结余金额"))
                    && extra.keys().any(|k| k.contains("资金结余率")),
                "{name}: {extra:?}"
            );
            for field in ["funds.initial_budget", "funds.adjustment", "funds.actual"] {
                assert!(guesses.contains(&field), "{name}: {guesses:?}");
            }
            assert_eq!(doc["conclusion"], "优（S≧90）", "{name}");
        } else {
            assert_eq!(doc["source"]["page_range"], serde_json::json!([1, 2]));
            assert_eq!(doc["funds"][0]["source"], "金额合计", "{name}");
            let task = &doc["tasks"][0];
            let extra = task["extra"].as_object().expect("task extra");
            assert!(
                extra.keys().any(|k| k.ends_with("财政拨款")) && extra.contains_key("得分"),
                "{name}: {extra:?}"
            );
            let warned = doc["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w["code"] == "task_number_inferred");
            assert!(warned, "{name}: tasks numbered by order without a warning");
            assert!(
                doc["indicators"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|i| i["pages"] == serde_json::json!([2])),
                "{name}: indicators are on the second page"
            );
        }
        // Known gap: where the money header prints no 资金来源 label (the
        // Longhai form), its group headers (预算安排 …) and the 专项名称 pair
        // are left in `unread`; every other form is accounted for whole.
        if !name.starts_with("fj-dept-longhai") {
            assert!(
                doc["unread"].as_array().is_some_and(|u| u.is_empty()),
                "{name}: unread {}",
                doc["unread"]
            );
        }
    }
}
