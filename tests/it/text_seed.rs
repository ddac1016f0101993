//! The seed rendition (a real 2021 Liwan district form) read into a layout,
//! checked against its intended reading in samples/spec/seed-form.json.

use crate::common;

use evalform::input::{decode_text, text::read_rendition};
use evalform::layout::{FormLayout, Row};

use common::{cell, key};
use serde_json::Value;

const SEED_TXT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/spec/seed-form.txt");
const SEED_JSON: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/spec/seed-form.json");

fn seed_bytes() -> Vec<u8> {
    std::fs::read(SEED_TXT).expect("seed rendition readable")
}

fn seed_layout() -> FormLayout {
    let text = decode_text(&seed_bytes(), None).expect("seed decodes");
    read_rendition(&text).expect("seed reads")
}

fn truth() -> Value {
    serde_json::from_str(&std::fs::read_to_string(SEED_JSON).expect("truth readable"))
        .expect("truth is JSON")
}

/// Rows of the 主要任务 block: after its header, before 存在问题.
fn task_block(layout: &FormLayout) -> Vec<&Row> {
    let start = layout
        .rows
        .iter()
        .position(|r| cell(r, 3).as_deref() == Some("关键指标"))
        .expect("task header row");
    layout.rows[start + 1..]
        .iter()
        .take_while(|r| cell(r, 0).as_deref() != Some("存在问题"))
        .collect()
}

/// Rows that start a task: they carry the task's expected or achieved text.
fn task_rows<'a>(block: &[&'a Row]) -> Vec<&'a Row> {
    block
        .iter()
        .copied()
        .filter(|r| cell(r, 1).is_some() || cell(r, 2).is_some())
        .collect()
}

#[test]
fn seventeen_indicators_sit_in_columns_three_to_six() {
    let layout = seed_layout();
    let truth = truth();
    let expected = truth["indicators"].as_array().expect("indicators");
    let rows: Vec<&Row> = task_block(&layout)
        .into_iter()
        .filter(|r| cell(r, 3).is_some())
        .collect();
    assert_eq!(rows.len(), expected.len(), "one row per indicator");
    for (row, want) in rows.iter().zip(expected) {
        let name = want["name"].as_str().expect("name");
        assert_eq!(cell(row, 3).as_deref(), Some(key(name).as_str()));
        assert_eq!(
            cell(row, 4).as_deref(),
            want["formula"].as_str().map(key).as_deref(),
            "formula of {name}"
        );
        assert_eq!(
            cell(row, 5).as_deref(),
            want["target"]["raw"].as_str().map(key).as_deref(),
            "target of {name}"
        );
        assert_eq!(
            cell(row, 6).as_deref(),
            want["actual"]["raw"].as_str().map(key).as_deref(),
            "actual of {name}"
        );
    }
}

#[test]
fn indicators_belong_to_their_tasks() {
    let layout = seed_layout();
    let truth = truth();
    let mut task = 0;
    let mut got = Vec::new();
    for row in task_block(&layout) {
        if cell(row, 1).is_some() || cell(row, 2).is_some() {
            task += 1;
        }
        if cell(row, 3).is_some() {
            got.push(task);
        }
    }
    let want: Vec<i64> = truth["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .map(|i| i["task"].as_i64().expect("task"))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn four_tasks_have_their_expected_and_achieved_texts() {
    let layout = seed_layout();
    let truth = truth();
    let tasks = truth["tasks"].as_array().expect("tasks");
    let block = task_block(&layout);
    let rows = task_rows(&block);
    assert_eq!(rows.len(), tasks.len());
    for (row, want) in rows.iter().zip(tasks) {
        let no = &want["no"];
        assert_eq!(
            cell(row, 1),
            want["expected"].as_str().map(key),
            "task {no} expected"
        );
        assert_eq!(
            cell(row, 2),
            want["achieved"].as_str().map(key),
            "task {no} achieved"
        );
        let funds = cell(row, 7).map(|f| f.parse::<f64>().expect("funds number"));
        assert_eq!(funds, want["funds"].as_f64(), "task {no} funds");
    }
}

#[test]
fn task_labels_as_printed_and_the_lost_one_an_empty_cell() {
    let layout = seed_layout();
    let block = task_block(&layout);
    let labels: Vec<Option<String>> = task_rows(&block).iter().map(|r| cell(r, 0)).collect();
    assert_eq!(
        labels,
        vec![
            Some("任务1".to_string()),
            Some("任务2".to_string()),
            Some(String::new()),
            Some("任务4".to_string())
        ]
    );
    assert!(
        layout
            .warnings
            .iter()
            .any(|w| w.code == "text.task_label_missing" && w.message.contains("任务3"))
    );
}

#[test]
fn page_breaks_are_counted_and_recorded_on_cells() {
    let layout = seed_layout();
    assert_eq!(layout.pages, 3);
    let block = task_block(&layout);
    let rows = task_rows(&block);
    let pages = |row: &Row, col: usize| {
        row.cells
            .iter()
            .find(|c| c.col == col)
            .map(|c| c.pages.clone())
            .unwrap_or_default()
    };
    assert_eq!(pages(rows[0], 1), vec![1, 2], "task 1 expected crosses 1→2");
    assert_eq!(pages(rows[0], 2), vec![1, 2], "task 1 achieved crosses 1→2");
    assert_eq!(pages(rows[1], 2), vec![2, 3], "task 2 achieved crosses 2→3");
    assert_eq!(pages(rows[3], 0), vec![3]);
}

#[test]
fn merged_task_cells_span_their_indicator_rows() {
    let layout = seed_layout();
    let block = task_block(&layout);
    let rows = task_rows(&block);
    let span = |row: &Row| row.cells.iter().find(|c| c.col == 2).map(|c| c.rowspan);
    let spans: Vec<Option<usize>> = rows.iter().map(|r| span(r)).collect();
    assert_eq!(spans, vec![Some(6), Some(4), Some(4), Some(3)]);
}

#[test]
fn title_block_is_free_text_above_the_table() {
    let layout = seed_layout();
    let above: Vec<&str> = layout
        .lines
        .iter()
        .filter(|l| l.above_table)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(
        above,
        vec![
            "荔湾区部门整体支出绩效自评表",
            "(2021年度)",
            "部门名称 (盖章)",
            "单位: 万元"
        ]
    );
    assert!(
        layout.lines.iter().all(|l| l.above_table),
        "nothing is left over below"
    );
}

#[test]
fn funds_rows_leave_column_zero_empty() {
    let layout = seed_layout();
    let sources: Vec<(Option<String>, Option<String>, Option<String>)> = layout
        .rows
        .iter()
        .filter(|r| cell(r, 1).is_some_and(|s| s == "合计" || s == "一般公共预算"))
        .map(|r| (cell(r, 0), cell(r, 1), cell(r, 2)))
        .collect();
    assert_eq!(
        sources,
        vec![
            (None, Some("合计".into()), Some("2222.37".into())),
            (None, Some("一般公共预算".into()), Some("2222.37".into())),
        ]
    );
}

#[test]
fn guesses_are_reported() {
    let layout = seed_layout();
    let codes: Vec<&str> = layout.warnings.iter().map(|w| w.code.as_str()).collect();
    for code in [
        "text.stray_value",
        "text.cell_displaced",
        "text.repeated_text_removed",
        "text.rows_regrouped",
        "text.head_paragraph",
    ] {
        assert!(codes.contains(&code), "missing warning {code} in {codes:?}");
    }
    assert!(layout.warnings.iter().all(|w| w.page.is_some()));
}

fn layout_json(bytes: &[u8]) -> String {
    let text = decode_text(bytes, None).expect("decodes");
    serde_json::to_string(&read_rendition(&text).expect("reads")).expect("serialises")
}

#[test]
fn re_encodings_give_the_same_layout() {
    let bytes = seed_bytes();
    let text = String::from_utf8(bytes.clone()).expect("seed is UTF-8");
    let reference = layout_json(&bytes);

    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    assert_eq!(layout_json(&gb), reference, "GB18030");

    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    assert_eq!(layout_json(&utf16), reference, "UTF-16LE with BOM");

    let mut utf16be = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        utf16be.extend_from_slice(&unit.to_be_bytes());
    }
    assert_eq!(layout_json(&utf16be), reference, "UTF-16BE with BOM");

    let crlf = text.replace('\n', "\r\n");
    assert_eq!(layout_json(crlf.as_bytes()), reference, "CRLF");

    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(&bytes);
    assert_eq!(layout_json(&bom), reference, "UTF-8 with BOM");
}
