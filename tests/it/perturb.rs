//! Damaged forms: every field a damage makes wrong is flagged, and nothing
//! is flagged on the undamaged samples that was not before.
//!
//! `samples/perturb/` (made by `scripts/gen-perturb.py`) holds the bundled
//! forms each damaged one way: a column's values erased, two value cells
//! swapped, a label's last character pushed into the next cell, a header
//! garbled, a row left out under a kept total, a number changed so a check
//! breaks, an added column no schema field takes. The truth of a damaged
//! file is the undamaged form's. A field read wrong must be named by a
//! warning's `fields` or have a confidence below 0.85 (`Document::flags`);
//! a file evalform refuses to read (exit 1, saying why) flags all of its
//! fields. Run with `--nocapture` for the per-class table.

use crate::common;
use crate::perturb_support;

use std::collections::{BTreeMap, BTreeSet};

use perturb_support::{TABLE_HEAD, Tally, documents, extract_all, manifest, samples, score, stem};
use serde_json::Value;

const CLASSES: [&str; 7] = [
    "erase", "swap", "push", "header", "delete", "check", "column",
];

/// Per class at least this share of the wrong fields is flagged.
const CLASS_SHARE: f64 = 0.90;
/// Over all classes at least this share.
const OVERALL_SHARE: f64 = 0.95;

fn perturb_manifest() -> std::path::PathBuf {
    samples().join("perturb/manifest.json")
}

fn class_of(entries: &[Value]) -> BTreeMap<String, String> {
    entries
        .iter()
        .map(|e| (stem(e), e["class"].as_str().expect("class").to_string()))
        .collect()
}

#[test]
fn the_damaged_set_covers_every_class_on_department_and_project_forms() {
    let entries = manifest(&perturb_manifest());
    assert!(entries.len() <= 40, "{} files", entries.len());
    let mut bytes = 0;
    for class in CLASSES {
        let of: Vec<&Value> = entries.iter().filter(|e| e["class"] == class).collect();
        assert!(of.len() >= 4, "{class}: {} files", of.len());
        let mut kinds = BTreeSet::new();
        for e in of {
            let pdf = samples().join("perturb").join(e["pdf"].as_str().unwrap());
            bytes += std::fs::metadata(&pdf).expect("damaged PDF").len();
            let truth = samples().join("perturb").join(e["truth"].as_str().unwrap());
            let truth: Value =
                serde_json::from_slice(&std::fs::read(&truth).expect("truth")).expect("truth JSON");
            kinds.insert(truth["form"].as_str().unwrap_or_default().to_string());
        }
        assert!(
            kinds.contains("department_overall") && kinds.contains("project"),
            "{class}: damaged forms of one kind only: {kinds:?}"
        );
    }
    assert!(bytes <= 5 << 20, "{bytes} bytes");
}

#[test]
fn wrong_fields_of_damaged_forms_are_flagged() {
    let out = common::scratch("perturb-flagged");
    let refused = extract_all(&perturb_manifest(), &out);
    let (report, scorer) = score(&perturb_manifest(), &out);
    let classes = class_of(&manifest(&perturb_manifest()));
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    for (name, doc) in documents(&report) {
        let class = classes
            .get(&name)
            .expect("a scored document is a manifest entry");
        let refused = refused.contains_key(&name) && doc["missing"] == Value::Bool(true);
        tallies
            .entry(CLASSES.iter().find(|c| *c == class).expect("a known class"))
            .or_default()
            .add(&name, doc, refused);
    }
    let mut all = Tally::default();
    let mut table =
        format!("flagged share of wrong fields per damage class ({scorer})\n{TABLE_HEAD}\n");
    for class in CLASSES {
        let t = tallies.get(class).expect("every class scored");
        table += &t.row(class);
        table.push('\n');
        all.merge(t);
    }
    table += &all.row("all");
    table.push('\n');
    for (name, message) in &refused {
        table += &format!("refused {name}: {message}\n");
    }
    let mut silent = String::new();
    for class in CLASSES {
        for (doc, path, truth, output) in &tallies[class].silent {
            silent += &format!("  {doc} {path}: truth {truth}, read {output}\n");
        }
    }
    println!("{table}wrong fields nothing flagged:\n{silent}");
    let low: Vec<&str> = CLASSES
        .iter()
        .filter(|c| tallies[*c].share() < CLASS_SHARE)
        .copied()
        .collect();
    assert!(
        low.is_empty() && all.share() >= OVERALL_SHARE,
        "flagged share below {CLASS_SHARE} in {low:?} or below {OVERALL_SHARE} overall\n{table}{silent}"
    );
}

#[test]
fn an_added_column_is_kept_in_extra_and_changes_no_field() {
    let path = perturb_manifest();
    let out = common::scratch("perturb-column");
    let refused = extract_all(&path, &out);
    let (report, _) = score(&path, &out);
    let docs = documents(&report);
    let mut problems = Vec::new();
    for entry in manifest(&path).iter().filter(|e| e["class"] == "column") {
        let name = stem(entry);
        if let Some(message) = refused.get(&name) {
            problems.push(format!("{name}: refused: {message}"));
            continue;
        }
        for f in docs[&name]["wrong_fields"].as_array().into_iter().flatten() {
            problems.push(format!(
                "{name}: {} reads {} (truth {})",
                f["path"], f["output"], f["truth"]
            ));
        }
        let doc: Value =
            serde_json::from_slice(&std::fs::read(out.join(format!("{name}.json"))).unwrap())
                .unwrap();
        let truth: Value = serde_json::from_slice(
            &std::fs::read(
                samples()
                    .join("perturb")
                    .join(entry["truth"].as_str().unwrap()),
            )
            .unwrap(),
        )
        .unwrap();
        let expected = entry["extra"]
            .as_array()
            .expect("a column entry lists its values");
        for x in expected {
            let row = x["row"].as_str().unwrap();
            let (header, value) = (x["header"].as_str().unwrap(), x["value"].as_str().unwrap());
            let got = output_row(&truth, &doc, row).and_then(|r| {
                r["extra"]
                    .as_object()?
                    .iter()
                    .find(|(k, _)| common::key(k) == common::key(header))
                    .and_then(|(_, v)| v.as_str().map(common::key))
            });
            if got.as_deref() != Some(common::key(value).as_str()) {
                problems.push(format!(
                    "{name}: {row}.extra[{header}] is {got:?}, printed {value}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The output row that prints truth row `row` (`indicators[3]`, `funds[1]`):
/// an indicator by its name, a funds row by its source.
fn output_row<'a>(truth: &Value, doc: &'a Value, row: &str) -> Option<&'a Value> {
    let (collection, index) = row.trim_end_matches(']').split_once('[')?;
    let index: usize = index.parse().ok()?;
    let label = if collection == "funds" {
        "source"
    } else {
        "name"
    };
    let want = common::key(truth[collection][index][label].as_str()?);
    doc[collection]
        .as_array()?
        .iter()
        .find(|r| r[label].as_str().map(common::key).as_deref() == Some(want.as_str()))
}

#[test]
fn undamaged_samples_have_no_unread_cell_and_no_new_flag() {
    let path = samples().join("manifest.json");
    let baseline: Value = serde_json::from_slice(
        &std::fs::read(samples().join("perturb/baseline-warnings.json")).expect("baseline"),
    )
    .unwrap();
    let out = common::scratch("perturb-undamaged");
    let refused = extract_all(&path, &out);
    assert!(refused.is_empty(), "undamaged samples refused: {refused:?}");
    // The same documents keeping only the warnings of codes each sample had
    // before flagging was added, and no confidences.
    let before = common::scratch("perturb-undamaged-before");
    let mut problems = Vec::new();
    for entry in manifest(&path) {
        let name = stem(&entry);
        let file = format!("{name}.json");
        let mut doc: Value =
            serde_json::from_slice(&std::fs::read(out.join(&file)).unwrap()).unwrap();
        for u in doc["unread"].as_array().into_iter().flatten() {
            problems.push(format!("{name}: unread cell {u}"));
        }
        let codes: BTreeSet<&str> = baseline["warnings"][&name]
            .as_array()
            .unwrap_or_else(|| panic!("{name} missing from the baseline"))
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let kept: Vec<Value> = doc["warnings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|w| w["code"].as_str().is_some_and(|c| codes.contains(c)))
            .cloned()
            .collect();
        doc["warnings"] = Value::Array(kept);
        if let Some(map) = doc.as_object_mut() {
            map.remove("confidence");
            map.remove("ocr_confidence");
        }
        std::fs::write(before.join(&file), serde_json::to_vec(&doc).unwrap()).unwrap();
    }
    let (now, scorer) = score(&path, &out);
    let (then, _) = score(&path, &before);
    let then = documents(&then);
    for (name, doc) in documents(&now) {
        let (a, b) = (&doc["right_flagged"], &then[&name]["right_flagged"]);
        if a != b {
            problems.push(format!(
                "{name}: {a} right fields flagged, {b} by the warnings it had before ({scorer}); \
                 new doubt: {}",
                new_doubt(
                    &out.join(format!("{name}.json")),
                    &baseline["warnings"][&name]
                )
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The warnings of codes not in `codes` that name fields, and the
/// confidences below 0.85, of the document in `file` (for failure messages).
fn new_doubt(file: &std::path::Path, codes: &Value) -> String {
    let doc: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    let old: Vec<&Value> = codes.as_array().into_iter().flatten().collect();
    let mut out = Vec::new();
    for w in doc["warnings"].as_array().into_iter().flatten() {
        let named = w["fields"].as_array().is_some_and(|f| !f.is_empty());
        if named && !old.contains(&&w["code"]) {
            out.push(format!("{} {}", w["code"], w["fields"]));
        }
    }
    for (path, c) in doc["confidence"].as_object().into_iter().flatten() {
        if c.as_f64().is_some_and(|c| c < evalform::model::DOUBT_BELOW) {
            out.push(format!("confidence {path} {c}"));
        }
    }
    out.join("; ")
}
