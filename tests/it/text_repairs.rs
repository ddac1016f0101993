//! Structural repairs of the rendition reader on small renditions written
//! the way the archive's converters print them.

use crate::common;

use evalform::input::InputError;
use evalform::input::text::read_rendition;
use evalform::layout::{FormLayout, Row};

use common::{cell, key};

/// A national 项目支出绩效自评表 rendition: block labels printed in middle rows,
/// rows that lost their leading cells, a note cut by a page break, lone values.
const PROJECT: &str = "\
项目支出绩效自评表

（2021年度）

\t单位：万元

项目名称\t测试项目
主管部门\t甲局\t实施单位\t乙中心
\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分
\t年度资金总额\t100.00\t120.00\t110.00\t10\t91.67%\t9.17
项目资金（万元）\t其中：当年财政拨款\t100.00\t100.00\t95.00\t—\t95.00%\t—
\t上年结转资金\t0.00\t20.00\t15.00\t—\t75.00%\t—
\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
\t产出指标（50分）\t数量指标\t培训人数\t≥100人\t120人\t10\t10\t

质量指标\t考核合格率\t100%\t98%\t10\t9\t部分学员未按期参加考核，下一步将加强

组织。

绩效指标\t\t时效指标\t完成及时率\t100%\t100%\t10\t10\t
效益指标（30分）\t社会效益指标\t受益人数\t≥50人\t60人\t\t10\t
\t\t\t10\t\t\t
总分\t100\t
\t\t\t97.00\t\t\t
填报人：\t张三\t联系电话：12345678\t\t
";

fn row_with<'a>(layout: &'a FormLayout, col: usize, text: &str) -> &'a Row {
    layout
        .rows
        .iter()
        .find(|r| cell(r, col).as_deref() == Some(text))
        .unwrap_or_else(|| panic!("no row with {text} in column {col}"))
}

#[test]
fn block_labels_move_up_to_their_header_rows() {
    let layout = read_rendition(PROJECT).expect("reads");
    let funds_header = row_with(&layout, 2, "年初预算数");
    assert_eq!(cell(funds_header, 0).as_deref(), Some("项目资金（万元）"));
    let label = funds_header
        .cells
        .iter()
        .find(|c| c.col == 0)
        .expect("label");
    assert_eq!(label.rowspan, 4, "header and three money rows");
    let money_row = row_with(&layout, 1, "其中：当年财政拨款");
    assert_eq!(cell(money_row, 0), None);

    let indicator_header = row_with(&layout, 3, "三级指标");
    assert_eq!(cell(indicator_header, 0).as_deref(), Some("绩效指标"));
}

#[test]
fn rows_that_lost_leading_cells_keep_their_right_edge() {
    let layout = read_rendition(PROJECT).expect("reads");
    let row = row_with(&layout, 3, "考核合格率");
    assert_eq!(cell(row, 2).as_deref(), Some("质量指标"));
    assert_eq!(cell(row, 4).as_deref(), Some("100%"));
    assert_eq!(cell(row, 7).as_deref(), Some("9"));
    assert_eq!(
        cell(row, 8).as_deref(),
        Some("部分学员未按期参加考核，下一步将加强组织。"),
        "the note continued after the break is joined"
    );
}

#[test]
fn lone_values_rejoin_the_row_above() {
    let layout = read_rendition(PROJECT).expect("reads");
    let row = row_with(&layout, 3, "受益人数");
    assert_eq!(
        cell(row, 6).as_deref(),
        Some("10"),
        "the weight printed below"
    );
    assert_eq!(cell(row, 7).as_deref(), Some("10"));
    let total = row_with(&layout, 0, "总分");
    let texts: Vec<String> = total.cells.iter().map(|c| key(&c.text)).collect();
    assert_eq!(texts, vec!["总分", "100", "97.00"]);
    assert!(
        !layout
            .rows
            .iter()
            .any(|r| r.cells.len() == 1 && cell(r, 3).is_some())
    );
}

#[test]
fn title_block_and_pages() {
    let layout = read_rendition(PROJECT).expect("reads");
    let lines: Vec<&str> = layout.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        lines,
        vec!["项目支出绩效自评表", "（2021年度）", "单位：万元"]
    );
    assert_eq!(
        layout.pages, 2,
        "one blank line between two rows of the table"
    );
    let row = row_with(&layout, 3, "考核合格率");
    assert_eq!(row.page, 2);
    assert_eq!(row_with(&layout, 3, "培训人数").page, 1);
}

/// A 主要任务 block where text after the rows could continue either open cell.
const AMBIGUOUS: &str = "\
主要任务\t年初预期目标\t目标完成情况\t关键指标\t计算公式或指标内容\t预期实现值\t指标完成情况\t任务涉及资金
任务1\t完成甲项工作和\t已完成甲项工作和\t甲指标\t甲公式\t100%\t100%\t12.50
\t\t\t乙指标\t乙公式\t≥1个\t2个\t

乙项工作。
存在问题\t无。\t\t\t\t\t\t
";

#[test]
fn an_undecidable_continuation_is_reported_with_both_candidates() {
    let layout = read_rendition(AMBIGUOUS).expect("reads");
    let task = row_with(&layout, 0, "任务1");
    assert_eq!(cell(task, 1).as_deref(), Some("完成甲项工作和乙项工作。"));
    assert_eq!(cell(task, 2).as_deref(), Some("已完成甲项工作和"));
    let warning = layout
        .warnings
        .iter()
        .find(|w| w.code == "text.continuation_ambiguous")
        .expect("warning");
    assert!(warning.message.contains("column 1") && warning.message.contains("column 2"));
    assert_eq!(
        task.cells.iter().find(|c| c.col == 1).map(|c| c.rowspan),
        Some(2)
    );
}

#[test]
fn text_without_a_table_is_not_a_rendition() {
    let err = read_rendition("只是一段文字。\n\n没有表格。\n").expect_err("no table");
    assert!(matches!(err, InputError::NotARendition(_)));
}

/// Renditions stitched from random pieces of real ones: the reader may fail
/// with an error but never panics, and every cell it returns has a page.
#[test]
fn random_renditions_never_panic() {
    const PIECES: &[&str] = &[
        "",
        "\t",
        "任务1",
        "<p>任务2</p>",
        "主要任务\t年初预期目标\t目标完成情况\t关键指标\t计算公式或指标内容\t预期实现值\t指标完成情况\t任务涉及资金",
        "\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
        "\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
        "226.06",
        "≥1个",
        "未完的一段文字，",
        "完整的一句话。",
        "存在问题",
        "总分",
        "\u{c}",
        "\r",
        "项目资金（万元）",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for _ in 0..300 {
        let mut text = String::new();
        for _ in 0..next(40) {
            for _ in 0..next(9) {
                text.push_str(PIECES[next(PIECES.len())]);
                if next(3) > 0 {
                    text.push('\t');
                }
            }
            text.push('\n');
        }
        if let Ok(layout) = read_rendition(&text) {
            assert!(layout.pages >= 1);
            for row in &layout.rows {
                assert!(row.cells.iter().all(|c| !c.pages.is_empty()));
            }
        }
    }
}

/// An indicator's formula cut by a page break: its rest printed after the
/// break, before the next rows (which lost their leading empty cells).
const CUT_FORMULA: &str = "\
主要任务\t年初预期目标\t目标完成情况\t关键指标\t计算公式或指标内容\t预期实现值\t指标完成情况\t任务涉及资金
任务1\t完成甲项工作。\t已完成甲项工作。\t甲指标\t甲公式\t100%\t100%\t12.50
\t\t\t乙指标\t已完成数/计划\t≥1个\t2个\t

数*100%

丙指标\t丙公式\t90%\t95%\t
存在问题\t无。\t\t\t\t\t\t
";

#[test]
fn a_cut_formula_is_joined_and_the_next_rows_realigned() {
    let layout = read_rendition(CUT_FORMULA).expect("reads");
    let second = row_with(&layout, 3, "乙指标");
    assert_eq!(cell(second, 4).as_deref(), Some("已完成数/计划数*100%"));
    let third = row_with(&layout, 3, "丙指标");
    assert_eq!(cell(third, 6).as_deref(), Some("95%"));
    assert!(
        layout.lines.is_empty(),
        "nothing left over: {:?}",
        layout.lines
    );
}

/// A long indicator result cut by a page break, its rest printed after the
/// break, followed by another indicator row (not a new task).
const CUT_RESULT: &str = "\
主要任务\t年初预期目标\t目标完成情况\t关键指标\t计算公式或指标内容\t预期实现值\t指标完成情况\t任务涉及资金
任务1\t完成甲项工作。\t已完成甲项工作。\t事故发生次数下降\t(本年次数-上年次数)/上年次数*100%\t市下达文件要求的范围内\t2021年共发生事故22起、死亡13人，与去年同期相比，事故总量增加22.22%，其中建筑施工事故6起，同比\t12.50

增加2起、3人；道路交通事故14起、死亡8人，同比增加5起、3人；其他事故2起、死亡0人，同比减少3起、3人，总体可控。

丙指标\t丙公式\t90%\t95%\t
任务2\t完成乙项工作。\t已完成乙项工作。\t丁指标\t丁公式\t100%\t100%\t3.00
存在问题\t无。\t\t\t\t\t\t
";

#[test]
fn a_long_cut_result_goes_to_the_longest_open_cell_when_no_task_follows() {
    let layout = read_rendition(CUT_RESULT).expect("reads");
    let first = row_with(&layout, 3, "事故发生次数下降");
    let actual = cell(first, 6).expect("actual");
    assert!(actual.starts_with("2021年共发生事故22起"));
    assert!(actual.ends_with("同比增加2起、3人；道路交通事故14起、死亡8人，同比增加5起、3人；其他事故2起、死亡0人，同比减少3起、3人，总体可控。"));
    assert_eq!(
        cell(first, 4).as_deref(),
        Some("(本年次数-上年次数)/上年次数*100%")
    );
    assert!(
        layout
            .warnings
            .iter()
            .any(|w| w.code == "text.long_continuation")
    );
    let tasks: Vec<Option<String>> = layout
        .rows
        .iter()
        .map(|r| cell(r, 0))
        .filter(|c| c.as_deref().is_some_and(|t| t.starts_with("任务")))
        .collect();
    assert_eq!(tasks.len(), 2);
    assert_eq!(
        cell(row_with(&layout, 3, "丙指标"), 0),
        None,
        "stays with task 1"
    );
}

/// The last task lost its label and its expected text was pushed into the
/// achieved column of its second row; no later label bounds the count.
const LAST_TASK_UNLABELLED: &str = "\
主要任务\t年初预期目标\t目标完成情况\t关键指标\t计算公式或指标内容\t预期实现值\t指标完成情况\t任务涉及资金
任务1\t完成甲项工作。\t已完成甲项工作。\t甲指标\t甲公式\t100%\t100%\t12.50
\t\t全年完成乙项工作，培训120人。\t乙指标\t乙公式\t≥100人\t120人\t
\t\t计划完成乙项工作，培训100人。\t丙指标\t丙公式\t≥1个\t2个\t
存在问题\t无。\t\t\t\t\t\t
";

#[test]
fn text_pushed_aside_in_an_unlabelled_last_task_stays_in_that_task() {
    let layout = read_rendition(LAST_TASK_UNLABELLED).expect("reads");
    let starts: Vec<&Row> = layout
        .rows
        .iter()
        .filter(|r| {
            cell(r, 1).is_some()
                && cell(r, 3).is_some()
                && cell(r, 3).as_deref() != Some("关键指标")
        })
        .collect();
    assert_eq!(starts.len(), 2, "two tasks");
    let second = starts[1];
    assert_eq!(cell(second, 0).as_deref(), Some(""), "label left empty");
    assert_eq!(
        cell(second, 1).as_deref(),
        Some("计划完成乙项工作，培训100人。")
    );
    assert_eq!(
        cell(second, 2).as_deref(),
        Some("全年完成乙项工作，培训120人。")
    );
    assert!(
        layout
            .warnings
            .iter()
            .any(|w| w.code == "text.cell_displaced")
    );
    assert_eq!(cell(row_with(&layout, 3, "丙指标"), 2), None);
}
