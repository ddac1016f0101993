//! `evalform template draft FILE` on a layout no template names: the draft
//! names the labels found and the field each was given, lists the labels
//! nothing took, and is itself a template that reads the form.

use crate::common;

use common::{bin, extract_json, scratch};

/// A project form of no built-in layout, with one label no vocabulary knows (绩效等级).
const FORM: &str = "\
某某县部门项目绩效自查表

（2023年度）

项目名称\t农村饮水安全巩固提升
主管单位\t某某县水利局\t项目实施单位\t某某县农村供水站
\t\t年初预算\t调整后预算数\t预算执行数\t权重\t预算执行率\t得分
\t年度资金总额\t500.00\t520.00\t510.00\t10\t98.08%\t9.81
项目资金（万元）\t其中：财政拨款\t500.00\t520.00\t510.00\t—\t98.08%\t—
\t年初设定目标\t年度总体目标完成情况
年度总体目标\t完成12个村的供水管网改造。\t完成12个村的改造，受益群众8600人。
\t一级指标\t二级指标\t三级指标\t指标值\t完成值\t权重\t得分\t未完成原因分析
\t产出指标\t数量指标\t改造村数\t12个\t12个\t40\t40\t
\t效益指标\t社会效益指标\t受益人口\t≥8000人\t8600人\t40\t40\t
合计\t\t\t\t\t\t90\t89.81\t
绩效等级\t优
填表人：赵云\t联系电话：0791-7654321
";

#[test]
fn a_draft_names_labels_fields_and_what_nothing_took_and_reads_the_form() {
    let dir = scratch("template-draft");
    let form = dir.join("county.txt");
    std::fs::write(&form, FORM).unwrap();
    let draft = dir.join("county.toml");
    let out = bin()
        .args(["template", "draft"])
        .arg(&form)
        .arg("-o")
        .arg(&draft)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&draft).unwrap();
    for line in [
        "id = \"county\"",
        "form = \"project\"",
        "title = [\"某某县部门项目绩效自查表\"]",
        "supervisor = true  # 主管单位",
        "implementer = true  # 项目实施单位",
        "# 调整后预算数 → full_year_budget",
        "# 完成值 → table.row actual",
        "# 未完成原因分析 → table.row note",
        "levels = true",
        "#   绩效等级: label \"绩效等级\", keys [[\"绩效等级\"]]",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} not in:\n{text}");
    }
    // The draft is a template: read with it, the form is named by it and read whole.
    let doc = extract_json(&[
        std::ffi::OsStr::new("--template"),
        draft.as_os_str(),
        form.as_os_str(),
    ]);
    assert_eq!(doc["source"]["template"], "county");
    assert_eq!(doc["supervisor"], "某某县水利局");
    assert_eq!(doc["indicators"].as_array().map(Vec::len), Some(2));
    assert_eq!(doc["indicators"][1]["target"]["op"], ">=");
    assert_eq!(doc["total_score"], 89.81);
    // Without it, the generic reader reads the form and says so.
    let out = bin().arg("extract").arg(&form).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["source"]["template"], "generic");
}

#[test]
fn a_file_with_no_form_is_an_error_naming_it() {
    let dir = scratch("template-draft-none");
    let path = dir.join("notes.txt");
    std::fs::write(&path, "只是一段说明文字。\n没有表格。\n").unwrap();
    let out = bin()
        .args(["template", "draft"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("notes.txt"), "{err}");
}
