//! The generic reader: forms read with no template at all, only the
//! vocabulary. Every born-digital sample (the bundled layouts and the
//! variants) is read with the generic reader alone and scored by
//! `evalform score`; a form no built-in template names is read by it in the ordinary
//! pipeline, marked `generic`, with a meaningful template fit.

use crate::common;

use std::path::{Path, PathBuf};

use evalform::extract::Limits;
use evalform::pipeline::{documents_from_pdf, extract_bytes_with};
use evalform::source::read_pages;
use evalform::template::generic;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// Share of fields each sample must get right with no template.
const MIN_PERCENT: usize = 95;

/// (manifest, PDF) of every born-digital sample of a manifest.
fn born_digital(dir: &Path) -> Vec<(PathBuf, String)> {
    let manifest = dir.join("manifest.json");
    let entries: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    entries
        .iter()
        .filter(|e| e["variant"].as_str() != Some("scan"))
        .map(|e| (manifest.clone(), e["pdf"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn every_born_digital_sample_reads_with_the_vocabulary_alone() {
    let templates = [generic().clone()];
    let mut short = Vec::new();
    for dir in ["samples", "samples/variants"] {
        let dir = Path::new(ROOT).join(dir);
        let samples = born_digital(&dir);
        assert!(samples.len() >= 4, "{}: samples", dir.display());
        let out = common::scratch(&format!(
            "generic-{}",
            dir.file_name().unwrap().to_string_lossy()
        ));
        for (_, pdf) in &samples {
            let path = dir.join(pdf);
            let doc = read_pages(&std::fs::read(&path).unwrap(), &Limits::default()).unwrap();
            let mut docs = documents_from_pdf(&path, &doc, &templates)
                .unwrap_or_else(|e| panic!("{pdf}: {e}"));
            let d = docs.remove(0);
            assert_eq!(d.source.template, "generic", "{pdf}");
            let fit = d.source.template_fit.expect("fit recorded");
            assert!(fit >= 0.75, "{pdf}: fit {fit}");
            let stem = pdf.trim_end_matches(".pdf");
            std::fs::write(
                out.join(format!("{stem}.json")),
                serde_json::to_vec(&d).unwrap(),
            )
            .unwrap();
        }
        let (scores, report) = common::score(&samples[0].0, &out, None);
        let scores: Vec<_> = scores
            .iter()
            .filter(|s| {
                samples
                    .iter()
                    .any(|(_, p)| p.trim_end_matches(".pdf") == s.name)
            })
            .collect();
        assert_eq!(scores.len(), samples.len(), "{report}");
        for s in scores {
            eprintln!("generic {}: {}/{}", s.name, s.ok, s.total);
            if s.ok * 100 < s.total * MIN_PERCENT {
                short.push(format!("{}: {}/{}", s.name, s.ok, s.total));
            }
        }
    }
    assert!(short.is_empty(), "below {MIN_PERCENT}%: {short:?}");
}

/// A project form of a layout no template names: its own title, labels from
/// the vocabulary's variants (主管单位, 项目实施单位, 调整后预算数, 预算执行数,
/// 权重, 完成值, 未完成原因分析, 自评结论, 合计, 填表人/单位负责人).
const UNSEEN: &str = "\
某某市财政支出项目绩效评价自查表

（2023年度）

项目名称\t社区养老服务补助
主管单位\t某某市民政局\t项目实施单位\t某某市养老服务中心
\t\t年初预算\t调整后预算数\t预算执行数\t权重\t预算执行率\t得分
\t年度资金总额\t300.00\t320.00\t310.40\t10\t97.00%\t9.70
项目资金（万元）\t其中：财政拨款\t300.00\t320.00\t310.40\t—\t97.00%\t—
\t年初设定目标\t年度总体目标完成情况
年度总体目标\t为全市老年人提供助餐、助浴等居家养老服务。\t全年服务老年人12000人次，助餐点覆盖全部街道。
\t一级指标\t二级指标\t三级指标\t指标值\t完成值\t权重\t得分\t未完成原因分析
\t产出指标\t数量指标\t服务人次\t≥10000人次\t12000人次\t20\t20\t
\t\t质量指标\t服务合格率\t≥95%\t98%\t20\t20\t
\t效益指标\t社会效益指标\t老年人生活质量\t有效提升\t有效提升\t30\t28\t个别街道助浴服务不足
\t满意度指标\t服务对象满意度指标\t老年人满意度\t≥90%\t93%\t20\t20\t
合计\t\t\t\t\t\t100\t97.70\t
自评结论\t项目完成年度目标，自评等级为优。
填表人：王敏\t单位负责人：李强\t联系电话：0795-1234567
";

#[test]
fn a_form_no_template_names_is_read_by_the_generic_reader() {
    let dir = common::scratch("generic-unseen");
    let path = dir.join("unseen.txt");
    std::fs::write(&path, UNSEEN).unwrap();
    let templates = evalform::pipeline::templates(&Default::default()).unwrap();
    let mut docs = extract_bytes_with(&path, UNSEEN.as_bytes(), &Default::default(), &templates)
        .expect("reads");
    let d = docs.remove(0);
    assert_eq!(d.source.template, "generic");
    assert!(
        d.source.template_fit.is_some_and(|f| f >= 0.75),
        "{:?}",
        d.source
    );
    assert_eq!(d.form.as_deref(), Some("project"));
    assert_eq!(d.project.as_deref(), Some("社区养老服务补助"));
    assert_eq!(d.supervisor.as_deref(), Some("某某市民政局"));
    assert_eq!(d.implementer.as_deref(), Some("某某市养老服务中心"));
    let total = d
        .funds
        .iter()
        .find(|f| f.source == "年度资金总额")
        .expect("funds");
    assert_eq!(
        (total.initial_budget, total.full_year_budget, total.actual),
        (Some(300.0), Some(320.0), Some(310.4))
    );
    assert_eq!((total.weight, total.score), (Some(10.0), Some(9.7)));
    let goal = d.goal.as_ref().expect("goal");
    assert!(goal.expected.as_deref().unwrap().starts_with("为全市"));
    assert!(goal.achieved.as_deref().unwrap().starts_with("全年服务"));
    assert_eq!(d.indicators.len(), 4, "{:#?}", d.indicators);
    let first = &d.indicators[0];
    assert_eq!(first.level1.as_deref(), Some("产出指标"));
    assert_eq!(first.target.as_ref().unwrap().raw, "≥10000人次");
    assert_eq!(first.actual.as_ref().unwrap().unit.as_deref(), Some("人次"));
    assert_eq!((first.weight, first.score), (Some(20.0), Some(20.0)));
    assert_eq!(d.indicators[1].level1.as_deref(), Some("产出指标"));
    assert_eq!(
        d.indicators[2].note.as_deref(),
        Some("个别街道助浴服务不足")
    );
    assert_eq!(d.total_score, Some(97.7));
    assert_eq!(
        d.conclusion.as_deref(),
        Some("项目完成年度目标，自评等级为优。")
    );
    let roles: Vec<(&str, Option<&str>)> = d
        .contacts
        .iter()
        .map(|c| (c.role.as_str(), c.name.as_deref()))
        .collect();
    assert_eq!(
        roles,
        [("填表人", Some("王敏")), ("单位负责人", Some("李强"))]
    );
    assert_eq!(d.contacts[1].phone.as_deref(), Some("0795-1234567"));
}
