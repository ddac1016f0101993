//! The template stage on hand-built layouts: how rows on both sides of a page
//! break are joined, and which are new.

use evalform::layout::{Cell, FormLayout, FreeLine, Row};
use evalform::model::Document;
use evalform::template::{Template, match_layout};

fn cell(col: usize, text: &str, page: u32) -> Cell {
    Cell {
        text: text.into(),
        col,
        colspan: 1,
        rowspan: 1,
        pages: vec![page],
        ..Cell::default()
    }
}

fn row(page: u32, page_top: bool, cells: &[(usize, &str)]) -> Row {
    Row {
        cells: cells.iter().map(|&(c, t)| cell(c, t, page)).collect(),
        page,
        page_top,
    }
}

const HEADER: &[(usize, &str)] = &[
    (0, "主要任务"),
    (1, "年初预期目标"),
    (2, "目标完成情况"),
    (3, "关键指标"),
    (4, "计算公式或指标内容"),
    (5, "预期实现值"),
    (6, "指标完成情况"),
    (7, "任务涉及资金"),
];

fn gz_layout(rows: Vec<Row>) -> FormLayout {
    let mut all = vec![
        row(1, false, &[(0, "部门名称"), (1, "某某局")]),
        row(1, false, HEADER),
    ];
    all.extend(rows);
    FormLayout {
        pages: 3,
        lines: vec![FreeLine {
            text: "某区部门整体支出绩效自评表".into(),
            page: 1,
            above_table: true,
            ..FreeLine::default()
        }],
        rows: all,
        warnings: vec![],
    }
}

fn read(layout: &FormLayout) -> Document {
    let t = Template::builtin()
        .into_iter()
        .find(|t| t.id == "gz_dept")
        .expect("gz_dept");
    match_layout(layout, &t)
}

#[test]
fn task_cell_straddling_a_break_is_one_task() {
    let doc = read(&gz_layout(vec![
        row(
            1,
            false,
            &[
                (0, "任务1"),
                (1, "预期甲"),
                (2, "完成甲"),
                (3, "指标一"),
                (4, "式一"),
                (5, "100%"),
                (6, "100%"),
                (7, "10.5"),
            ],
        ),
        row(
            2,
            true,
            &[
                (0, ""),
                (1, "续写"),
                (2, ""),
                (3, "指标二"),
                (4, "式二"),
                (5, "≥1个"),
                (6, "2个"),
                (7, ""),
            ],
        ),
        row(
            2,
            false,
            &[
                (0, "任务2"),
                (1, "预期乙"),
                (2, "完成乙"),
                (3, "指标三"),
                (4, "式三"),
                (5, "5"),
                (6, "5"),
                (7, "3"),
            ],
        ),
    ]));
    assert_eq!(doc.tasks.len(), 2);
    assert_eq!(doc.tasks[0].expected.as_deref(), Some("预期甲续写"));
    assert_eq!(doc.tasks[0].pages, vec![1, 2]);
    assert_eq!(doc.tasks[0].funds, Some(10.5));
    let tasks: Vec<Option<i64>> = doc.indicators.iter().map(|i| i.task).collect();
    assert_eq!(tasks, [Some(1), Some(1), Some(2)]);
    assert_eq!(doc.indicators[1].name.as_deref(), Some("指标二"));
}

#[test]
fn row_cut_by_a_break_is_one_indicator() {
    let doc = read(&gz_layout(vec![
        row(
            1,
            false,
            &[
                (0, "任务1"),
                (1, "甲"),
                (2, "乙"),
                (3, "应急管理宣传资"),
                (4, "全年印制宣"),
                (5, "5000份"),
                (6, "全年共发放"),
            ],
        ),
        row(
            2,
            true,
            &[
                (0, ""),
                (1, ""),
                (2, ""),
                (3, "料、手册"),
                (4, "传资料"),
                (5, ""),
                (6, ""),
            ],
        ),
    ]));
    assert_eq!(doc.indicators.len(), 1);
    assert_eq!(
        doc.indicators[0].name.as_deref(),
        Some("应急管理宣传资料、手册")
    );
    assert_eq!(
        doc.indicators[0].formula.as_deref(),
        Some("全年印制宣传资料")
    );
    assert_eq!(doc.indicators[0].pages, vec![1, 2]);
}

#[test]
fn complete_rows_on_both_sides_stay_apart() {
    let doc = read(&gz_layout(vec![
        row(
            1,
            false,
            &[
                (0, "任务1"),
                (1, "甲"),
                (2, "乙"),
                (3, "指标一"),
                (4, "式"),
                (5, "100%"),
                (6, "100%"),
            ],
        ),
        row(
            2,
            true,
            &[
                (0, ""),
                (1, ""),
                (2, ""),
                (3, "指标二"),
                (4, "式"),
                (5, "90%"),
                (6, "95%"),
            ],
        ),
    ]));
    assert_eq!(doc.indicators.len(), 2);
    assert_eq!(doc.tasks.len(), 1);
}

#[test]
fn label_on_the_later_page_names_the_task_that_straddles() {
    let doc = read(&gz_layout(vec![
        row(
            1,
            false,
            &[
                (0, "任务1"),
                (1, "甲"),
                (2, "乙"),
                (3, "指标一"),
                (4, "式"),
                (5, "1"),
                (6, "1"),
            ],
        ),
        row(
            1,
            false,
            &[
                (0, ""),
                (1, "丙前"),
                (2, "丁"),
                (3, "指标二"),
                (4, "式"),
                (5, "1"),
                (6, "1"),
            ],
        ),
        row(
            2,
            true,
            &[
                (0, "任务2"),
                (1, "丙后"),
                (2, ""),
                (3, "指标三"),
                (4, "式"),
                (5, "1"),
                (6, "1"),
                (7, "8.8"),
            ],
        ),
    ]));
    assert_eq!(doc.tasks.len(), 2);
    assert_eq!(doc.tasks[1].no, 2);
    assert_eq!(doc.tasks[1].expected.as_deref(), Some("丙前丙后"));
    assert_eq!(doc.tasks[1].funds, Some(8.8));
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn missing_task_label_is_inferred_with_a_warning() {
    let doc = read(&gz_layout(vec![
        row(
            1,
            false,
            &[
                (0, "任务1"),
                (1, "甲"),
                (2, "乙"),
                (3, "指标一"),
                (4, "式"),
                (5, "1"),
                (6, "1"),
            ],
        ),
        row(
            1,
            false,
            &[
                (0, ""),
                (1, "丙"),
                (2, "丁"),
                (3, "指标二"),
                (4, "式"),
                (5, "1"),
                (6, "1"),
            ],
        ),
    ]));
    assert_eq!(doc.tasks.iter().map(|t| t.no).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(doc.warnings.len(), 1);
    assert_eq!(doc.warnings[0].code, "task_number_inferred");
}

#[test]
fn repeated_header_on_a_later_page_is_dropped() {
    let doc = read(&gz_layout(vec![
        row(
            1,
            false,
            &[
                (0, "任务1"),
                (1, "甲"),
                (2, "乙"),
                (3, "指标一"),
                (4, "式"),
                (5, "1"),
                (6, "1"),
            ],
        ),
        row(2, true, HEADER),
        row(
            2,
            false,
            &[
                (0, "任务2"),
                (1, "丙"),
                (2, "丁"),
                (3, "指标二"),
                (4, "式"),
                (5, "1"),
                (6, "1"),
            ],
        ),
    ]));
    assert_eq!(doc.indicators.len(), 2);
    assert_eq!(doc.tasks.len(), 2);
}

#[test]
fn value_cut_by_a_break_continues_under_an_empty_label() {
    let doc = read(&gz_layout(vec![
        row(1, false, &[(0, "改进措施"), (1, "一是加强")]),
        row(2, true, &[(0, ""), (1, "管理。")]),
    ]));
    assert_eq!(doc.improvements.as_deref(), Some("一是加强管理。"));
}
