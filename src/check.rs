//! Check stage: cross-field arithmetic; every mismatch becomes a warning with
//! the figures, and nothing is changed.

use crate::model::{Document, Warning};

/// Largest difference, in percentage points or score points, that rounding
/// to two decimals explains.
const TOLERANCE: f64 = 0.011;

/// All arithmetic checks of a document.
pub fn check(doc: &Document) -> Vec<Warning> {
    let mut w = Vec::new();
    for f in &doc.funds {
        execution_rate(f, &mut w);
        adjustment_rate(f, &mut w);
        if let Some(s) = f.score.filter(|s| *s < 0.0) {
            w.push(warn(
                "funds_score_negative",
                format!("{}: score {s} is negative", f.source),
            ));
        }
        if let (Some(s), Some(wt)) = (f.score, f.weight)
            && s > wt + TOLERANCE
        {
            w.push(warn(
                "funds_score_over_weight",
                format!("{}: score {s} exceeds weight {wt}", f.source),
            ));
        }
    }
    for (i, ind) in doc.indicators.iter().enumerate() {
        if let Some(s) = ind.score.filter(|s| *s < 0.0) {
            let name = ind.name.as_deref().unwrap_or("?");
            w.push(warn(
                "indicator_score_negative",
                format!("indicator {} ({name}): score {s} is negative", i + 1),
            ));
        }
        if let (Some(s), Some(wt)) = (ind.score, ind.weight)
            && s > wt + TOLERANCE
        {
            let name = ind.name.as_deref().unwrap_or("?");
            w.push(warn(
                "indicator_score_over_weight",
                format!(
                    "indicator {} ({name}): score {s} exceeds weight {wt}",
                    i + 1
                ),
            ));
        }
    }
    total_score(doc, &mut w);
    w
}

/// A field whose value breaks an arithmetic check: its JSON path and the
/// check, as a reviewer reads it (`得分 ≤ 分值: score 12 > weight 10`).
#[derive(Debug, Clone, PartialEq)]
pub struct Broken {
    pub path: String,
    pub check: String,
}

/// The fields whose values break a check: a negative score or weight, a
/// score over its weight (the score and the weight), the 总分 the scores do
/// not add up to. A misread value is among them; a consumer that knows how
/// each value was read (OCR) can doubt it.
pub fn broken_fields(doc: &Document) -> Vec<Broken> {
    let mut out = Vec::new();
    let mut push = |path: String, check: String| out.push(Broken { path, check });
    let mut scored = |prefix: String, score: Option<f64>, weight: Option<f64>| {
        if let Some(s) = score.filter(|s| *s < 0.0) {
            push(
                format!("{prefix}.score"),
                format!("得分 ≥ 0: score {s} is negative"),
            );
        }
        if let Some(w) = weight.filter(|w| *w < 0.0) {
            push(
                format!("{prefix}.weight"),
                format!("分值 ≥ 0: weight {w} is negative"),
            );
        }
        if let (Some(s), Some(w)) = (score, weight)
            && s > w + TOLERANCE
        {
            let why = format!("得分 ≤ 分值: score {s} > weight {w}");
            push(format!("{prefix}.score"), why.clone());
            push(format!("{prefix}.weight"), why);
        }
    };
    for (i, f) in doc.funds.iter().enumerate() {
        scored(format!("funds[{i}]"), f.score, f.weight);
    }
    for (i, ind) in doc.indicators.iter().enumerate() {
        scored(format!("indicators[{i}]"), ind.score, ind.weight);
    }
    if let Some(sum) = score_sum(doc)
        && let Some(total) = doc.total_score
        && !close(round2(sum), total)
    {
        out.push(Broken {
            path: "total_score".into(),
            check: format!(
                "总分 = the scores' sum: total {total} but the scores add up to {sum:.2}"
            ),
        });
    }
    out
}

/// The funds score plus the indicators' scores, when any indicator has one.
fn score_sum(doc: &Document) -> Option<f64> {
    let scores: Vec<f64> = doc.indicators.iter().filter_map(|i| i.score).collect();
    if scores.is_empty() {
        return None;
    }
    Some(scores.iter().sum::<f64>() + doc.funds.iter().filter_map(|f| f.score).sum::<f64>())
}

fn warn(code: &str, message: String) -> Warning {
    Warning {
        code: code.into(),
        message,
        page: None,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE + 1e-9
}

/// 预算完成率 = actual / (initial + adjustment), or actual / full-year budget.
fn execution_rate(f: &crate::model::Funds, w: &mut Vec<Warning>) {
    let (Some(rate), Some(actual)) = (f.execution_rate, f.actual) else {
        return;
    };
    let bases: Vec<(f64, &str)> = [
        f.full_year_budget.map(|b| (b, "full-year budget")),
        f.initial_budget
            .map(|i| (i + f.adjustment.unwrap_or(0.0), "initial + adjustment")),
    ]
    .into_iter()
    .flatten()
    .filter(|(b, _)| *b > 0.0)
    .collect();
    if bases.is_empty() {
        return;
    }
    if bases
        .iter()
        .any(|(b, _)| close(round2(actual / b * 100.0), rate))
    {
        return;
    }
    let (b, what) = bases[0];
    w.push(warn(
        "execution_rate_mismatch",
        format!(
            "{}: execution rate {rate}% but actual {actual} / {what} {b} = {:.2}%",
            f.source,
            actual / b * 100.0
        ),
    ));
}

/// 预算调整率 = adjustment / initial.
fn adjustment_rate(f: &crate::model::Funds, w: &mut Vec<Warning>) {
    let (Some(rate), Some(adj), Some(init)) = (f.adjustment_rate, f.adjustment, f.initial_budget)
    else {
        return;
    };
    if init <= 0.0 || close(round2(adj / init * 100.0), rate) {
        return;
    }
    w.push(warn(
        "adjustment_rate_mismatch",
        format!(
            "{}: adjustment rate {rate}% but adjustment {adj} / initial {init} = {:.2}%",
            f.source,
            adj / init * 100.0
        ),
    ));
}

/// 总分 = the funds score plus the indicators' scores.
fn total_score(doc: &Document, w: &mut Vec<Warning>) {
    let Some(total) = doc.total_score else { return };
    let Some(sum) = score_sum(doc) else { return };
    if !close(round2(sum), total) {
        w.push(warn(
            "total_score_mismatch",
            format!("total score {total} but the scores add up to {:.2}", sum),
        ));
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Funds, Indicator};

    fn funds(initial: f64, adj: f64, actual: f64, rate: f64, adj_rate: f64) -> Funds {
        Funds {
            source: "合计".into(),
            initial_budget: Some(initial),
            adjustment: Some(adj),
            actual: Some(actual),
            execution_rate: Some(rate),
            adjustment_rate: Some(adj_rate),
            ..Funds::default()
        }
    }

    #[test]
    fn consistent_funds_pass() {
        let doc = Document {
            funds: vec![funds(2222.37, 48.03, 2190.49, 96.48, 2.16)],
            ..Document::default()
        };
        assert!(check(&doc).is_empty(), "{:?}", check(&doc));
    }

    #[test]
    fn wrong_rates_warn_with_figures() {
        let doc = Document {
            funds: vec![funds(2222.37, 48.03, 2190.49, 98.0, 3.0)],
            ..Document::default()
        };
        let w = check(&doc);
        assert_eq!(w.len(), 2);
        assert!(w[0].message.contains("96.48"), "{}", w[0].message);
        assert_eq!(w[1].code, "adjustment_rate_mismatch");
    }

    #[test]
    fn scores_checked() {
        let ind = |wt, s| Indicator {
            weight: Some(wt),
            score: Some(s),
            ..Indicator::default()
        };
        let mut doc = Document {
            indicators: vec![ind(6.0, 6.0), ind(5.0, 4.94)],
            total_score: Some(10.94),
            ..Document::default()
        };
        assert!(check(&doc).is_empty());
        doc.total_score = Some(12.0);
        doc.indicators.push(ind(1.0, 2.0));
        let codes: Vec<String> = check(&doc).into_iter().map(|w| w.code).collect();
        assert_eq!(
            codes,
            ["indicator_score_over_weight", "total_score_mismatch"]
        );
        let broken: Vec<String> = broken_fields(&doc).into_iter().map(|b| b.path).collect();
        assert_eq!(
            broken,
            ["indicators[2].score", "indicators[2].weight", "total_score"]
        );
    }

    #[test]
    fn negative_scores_warn() {
        let doc = Document {
            indicators: vec![Indicator {
                name: Some("群众满意度".into()),
                weight: Some(10.0),
                score: Some(-10.0),
                ..Indicator::default()
            }],
            ..Document::default()
        };
        let w = check(&doc);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].code, "indicator_score_negative");
        assert!(w[0].message.contains("-10"), "{}", w[0].message);
        let broken = broken_fields(&doc);
        assert_eq!(broken.len(), 1, "{broken:?}");
        assert_eq!(broken[0].path, "indicators[0].score");
    }
}
