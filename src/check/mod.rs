//! Check stage: cross-field arithmetic. Every relation the form's figures
//! should keep (得分 ≤ 分值, 总分 = the scores' sum, 分值 adding up to 100,
//! 执行率 = 执行数 / 预算 within the printed rounding) is tested; a broken one
//! becomes a warning naming its fields, and nothing is changed.
//!
//! A disagreement that another reading of one cell repairs ([`misread`]) is
//! likely ours: its warning names that cell. One that no such reading
//! repairs is the form's own (`form_arithmetic`) and names every figure.

pub mod misread;

use crate::model::{Document, Funds, Warning};

/// Largest difference, in percentage points or score points, that rounding
/// to two decimals explains.
const TOLERANCE: f64 = 0.011;

/// At most this many cells are blamed for one disagreement; more means no
/// one cell is to blame.
const MAX_BLAMED: usize = 3;

/// What the weights of a form add up to.
const FULL_MARKS: f64 = 100.0;

/// Whether a relation holds for its figures.
type Holds = Box<dyn Fn(&[f64]) -> bool>;

/// One relation between printed figures.
struct Relation {
    /// The warning's code when a cell is to blame.
    code: &'static str,
    /// The check as a reviewer reads it (`得分 ≤ 分值`).
    check: &'static str,
    /// The figures, as field paths and values.
    values: Vec<(String, f64)>,
    /// The fields [`broken_fields`] names when it breaks.
    blame: Vec<String>,
    /// Lists a row missing from which breaks the relation (`indicators`
    /// for a sum): named too when no one cell is to blame.
    rows: Vec<String>,
    holds: Holds,
    /// The figures in words, for the message.
    describe: String,
}

impl Relation {
    fn holds_now(&self) -> bool {
        let v: Vec<f64> = self.values.iter().map(|(_, v)| *v).collect();
        (self.holds)(&v)
    }

    /// Two figures printed in each other's cells: the pair whose exchange
    /// repairs the relation.
    fn swapped(&self) -> Option<(String, String)> {
        let mut v: Vec<f64> = self.values.iter().map(|(_, v)| *v).collect();
        for i in 0..v.len() {
            for j in i + 1..v.len() {
                if (v[i] - v[j]).abs() < 1e-9 {
                    continue;
                }
                v.swap(i, j);
                let holds = (self.holds)(&v);
                v.swap(i, j);
                if holds {
                    return Some((self.values[i].0.clone(), self.values[j].0.clone()));
                }
            }
        }
        None
    }

    /// The cells another reading of which repairs the relation, with that
    /// reading.
    fn repairs(&self) -> Vec<(String, f64, f64)> {
        let mut v: Vec<f64> = self.values.iter().map(|(_, v)| *v).collect();
        let mut out = Vec::new();
        for i in 0..v.len() {
            let original = v[i];
            if let Some(r) = misread::readings(original).into_iter().find(|&r| {
                v[i] = r;
                (self.holds)(&v)
            }) {
                out.push((self.values[i].0.clone(), original, r));
            }
            v[i] = original;
        }
        out
    }
}

/// All arithmetic checks of a document.
pub fn check(doc: &Document) -> Vec<Warning> {
    relations(doc)
        .into_iter()
        .filter(|r| !r.holds_now())
        .map(|r| warning(&r))
        .collect()
}

/// The warning for a broken relation: the cell to blame when another
/// reading of one repairs it, else the form's own arithmetic.
fn warning(r: &Relation) -> Warning {
    if let Some((a, b)) = r.swapped() {
        return Warning::new(
            r.code,
            format!("{}; it would hold with {a} and {b} exchanged", r.describe),
            None,
        )
        .naming([a, b])
        .naming(r.blame.iter().cloned());
    }
    let repairs = r.repairs();
    if !repairs.is_empty() && repairs.len() <= MAX_BLAMED {
        let how: Vec<String> = repairs
            .iter()
            .map(|(p, was, now)| {
                format!(
                    "{p} read as {} instead of {}",
                    misread::shortest(*was),
                    misread::shortest(*now)
                )
            })
            .collect();
        return Warning::new(
            r.code,
            format!("{}; it would hold with {}", r.describe, how.join(" or ")),
            None,
        )
        .naming(repairs.into_iter().map(|(p, _, _)| p))
        .naming(r.blame.iter().cloned());
    }
    Warning::new(
        "form_arithmetic",
        format!(
            "{} ({}): the form's printed figures disagree",
            r.describe, r.check
        ),
        None,
    )
    .naming(r.values.iter().map(|(p, _)| p.clone()))
    .naming(r.rows.iter().cloned())
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
    relations(doc)
        .into_iter()
        .filter(|r| !r.holds_now())
        .flat_map(|r| {
            let check = format!("{}: {}", r.check, r.describe);
            r.blame.into_iter().map(move |path| Broken {
                path,
                check: check.clone(),
            })
        })
        .collect()
}

/// Every relation the document's figures should keep, in form order.
fn relations(doc: &Document) -> Vec<Relation> {
    let mut out = Vec::new();
    for (i, f) in doc.funds.iter().enumerate() {
        let p = format!("funds[{i}]");
        execution_rate(&p, f, &mut out);
        adjustment_rate(&p, f, &mut out);
        scored(&p, &f.source, f.score, f.weight, "funds", &mut out);
    }
    for (i, ind) in doc.indicators.iter().enumerate() {
        let name = ind.name.as_deref().unwrap_or("?");
        let label = format!("indicator {} ({name})", i + 1);
        scored(
            &format!("indicators[{i}]"),
            &label,
            ind.score,
            ind.weight,
            "indicator",
            &mut out,
        );
    }
    total_score(doc, &mut out);
    funds_total(doc, &mut out);
    weights(doc, &mut out);
    out
}

fn rel(
    code: &'static str,
    check: &'static str,
    values: Vec<(String, f64)>,
    blame: Vec<String>,
    describe: String,
    holds: impl Fn(&[f64]) -> bool + 'static,
) -> Relation {
    Relation {
        code,
        check,
        values,
        blame,
        rows: Vec::new(),
        holds: Box::new(holds),
        describe,
    }
}

/// 得分 ≥ 0, 分值 ≥ 0 and 得分 ≤ 分值 for one row.
fn scored(
    prefix: &str,
    label: &str,
    score: Option<f64>,
    weight: Option<f64>,
    kind: &str,
    out: &mut Vec<Relation>,
) {
    let (sp, wp) = (format!("{prefix}.score"), format!("{prefix}.weight"));
    if let Some(s) = score {
        out.push(rel(
            if kind == "funds" {
                "funds_score_negative"
            } else {
                "indicator_score_negative"
            },
            "得分 ≥ 0",
            vec![(sp.clone(), s)],
            vec![sp.clone()],
            format!("{label}: score {s} is negative"),
            |v| v[0] >= 0.0,
        ));
    }
    if let Some(w) = weight {
        out.push(rel(
            if kind == "funds" {
                "funds_weight_negative"
            } else {
                "indicator_weight_negative"
            },
            "分值 ≥ 0",
            vec![(wp.clone(), w)],
            vec![wp.clone()],
            format!("{label}: weight {w} is negative"),
            |v| v[0] >= 0.0,
        ));
    }
    if let (Some(s), Some(w)) = (score, weight) {
        out.push(rel(
            if kind == "funds" {
                "funds_score_over_weight"
            } else {
                "indicator_score_over_weight"
            },
            "得分 ≤ 分值",
            vec![(sp.clone(), s), (wp.clone(), w)],
            vec![sp, wp],
            format!("{label}: score {s} exceeds weight {w}"),
            |v| v[0] <= v[1] + TOLERANCE,
        ));
    }
}

/// The rounding a printed rate allows: half its last printed digit.
fn rate_tolerance(rate: f64) -> f64 {
    let half_digit = 0.5 * 10f64.powi(-(misread::decimals(rate) as i32));
    half_digit.max(TOLERANCE) + 1e-9
}

/// 预算完成率 = actual / (initial + adjustment), or actual / full-year budget.
fn execution_rate(p: &str, f: &Funds, out: &mut Vec<Relation>) {
    let (Some(rate), Some(actual)) = (f.execution_rate, f.actual) else {
        return;
    };
    let base = match (f.full_year_budget, f.initial_budget) {
        (Some(b), _) if b > 0.0 => vec![(format!("{p}.full_year_budget"), b)],
        (_, Some(i)) if i + f.adjustment.unwrap_or(0.0) > 0.0 => {
            let mut v = vec![(format!("{p}.initial_budget"), i)];
            if let Some(a) = f.adjustment {
                v.push((format!("{p}.adjustment"), a));
            }
            v
        }
        _ => return,
    };
    let what = if base[0].0.ends_with("full_year_budget") {
        "full-year budget"
    } else {
        "initial + adjustment"
    };
    let b: f64 = base.iter().map(|(_, v)| v).sum();
    let mut values = vec![
        (format!("{p}.execution_rate"), rate),
        (format!("{p}.actual"), actual),
    ];
    values.extend(base);
    // Either base agrees: a form may print the rate of the other one.
    let other = f
        .full_year_budget
        .zip(f.initial_budget)
        .map(|(_, i)| i + f.adjustment.unwrap_or(0.0))
        .filter(|o| *o > 0.0);
    let describe = format!(
        "{}: execution rate {rate}% but actual {actual} / {what} {b} = {:.2}%",
        f.source,
        actual / b * 100.0
    );
    out.push(rel(
        "execution_rate_mismatch",
        "执行率 = 执行数 / 预算",
        values,
        Vec::new(),
        describe,
        move |v| {
            let tol = rate_tolerance(v[0]);
            let base: f64 = v[2..].iter().sum();
            (base > 0.0 && (v[1] / base * 100.0 - v[0]).abs() <= tol)
                || other.is_some_and(|o| (v[1] / o * 100.0 - v[0]).abs() <= tol)
        },
    ));
}

/// 预算调整率 = adjustment / initial.
fn adjustment_rate(p: &str, f: &Funds, out: &mut Vec<Relation>) {
    let (Some(rate), Some(adj), Some(init)) = (f.adjustment_rate, f.adjustment, f.initial_budget)
    else {
        return;
    };
    if init <= 0.0 {
        return;
    }
    out.push(rel(
        "adjustment_rate_mismatch",
        "调整率 = 调整数 / 年初预算",
        vec![
            (format!("{p}.adjustment_rate"), rate),
            (format!("{p}.adjustment"), adj),
            (format!("{p}.initial_budget"), init),
        ],
        Vec::new(),
        format!(
            "{}: adjustment rate {rate}% but adjustment {adj} / initial {init} = {:.2}%",
            f.source,
            adj / init * 100.0
        ),
        |v| v[2] > 0.0 && (v[1] / v[2] * 100.0 - v[0]).abs() <= rate_tolerance(v[0]),
    ));
}

/// The money rows whose score (or weight) counts: every row's, except that
/// a total row's rows below it (其中 …) repeating its figure count once.
fn counted_funds(doc: &Document, value: impl Fn(&Funds) -> Option<f64>) -> Vec<(usize, f64)> {
    let rows: Vec<(usize, f64)> = doc
        .funds
        .iter()
        .enumerate()
        .filter_map(|(i, f)| Some((i, value(f)?)))
        .collect();
    let Some(&(first, total)) = rows.first() else {
        return rows;
    };
    let repeats = rows.len() > 1
        && rows[1..].iter().all(|&(i, v)| {
            (v - total).abs() < 1e-9 || doc.funds[i].source.trim_start().starts_with("其中")
        });
    if repeats { vec![(first, total)] } else { rows }
}

/// 总分 = the funds score plus the indicators' scores.
fn total_score(doc: &Document, out: &mut Vec<Relation>) {
    let Some(total) = doc.total_score else { return };
    if !doc.indicators.iter().any(|i| i.score.is_some()) {
        return;
    }
    let mut values = vec![("total_score".to_string(), total)];
    values.extend(
        counted_funds(doc, |f| f.score)
            .into_iter()
            .map(|(i, v)| (format!("funds[{i}].score"), v)),
    );
    values.extend(
        doc.indicators
            .iter()
            .enumerate()
            .filter_map(|(i, ind)| Some((format!("indicators[{i}].score"), ind.score?))),
    );
    let sum: f64 = values[1..].iter().map(|(_, v)| v).sum();
    out.push(Relation {
        rows: vec!["indicators".into()],
        ..rel(
            "total_score_mismatch",
            "总分 = the scores' sum",
            values,
            vec!["total_score".into()],
            format!("total score {total} but the scores add up to {sum:.2}"),
            |v| close(round2(v[1..].iter().sum()), v[0]),
        )
    });
}

/// The money fields a total row sums.
const SUMMED: [&str; 4] = ["initial_budget", "adjustment", "full_year_budget", "actual"];

/// A total row (合计, 年度资金总额 …) first and rows below it:
/// each amount of the total is the sum of theirs (a missing row breaks it).
fn funds_total(doc: &Document, out: &mut Vec<Relation>) {
    let Some((total, rest)) = doc.funds.split_first() else {
        return;
    };
    if rest.is_empty() || !is_total_source(&total.source) {
        return;
    }
    for field in SUMMED {
        let get = |f: &Funds| match field {
            "initial_budget" => f.initial_budget,
            "adjustment" => f.adjustment,
            "full_year_budget" => f.full_year_budget,
            _ => f.actual,
        };
        let Some(t) = get(total) else { continue };
        let parts: Vec<(String, f64)> = rest
            .iter()
            .enumerate()
            .filter(|(i, _)| summed_row(rest, *i))
            .filter_map(|(i, f)| Some((format!("funds[{}].{field}", i + 1), get(f)?)))
            .collect();
        if parts.is_empty() {
            continue;
        }
        let sum: f64 = parts.iter().map(|(_, v)| v).sum();
        let mut values = vec![(format!("funds[0].{field}"), t)];
        values.extend(parts);
        out.push(Relation {
            rows: vec!["funds".into()],
            ..rel(
                "funds_total_mismatch",
                "合计 = the rows' sum",
                values,
                Vec::new(),
                format!(
                    "{}: {field} {t} but the rows below add up to {sum:.2}",
                    total.source
                ),
                |v| close(round2(v[1..].iter().sum()), v[0]),
            )
        });
    }
}

/// Whether the total sums row `i` of the rows below it: every row when none
/// is a subtotal; else the subtotals (财政资金小计, 其他资金小计) and the rows
/// before the first, not the rows a subtotal sums.
fn summed_row(rest: &[Funds], i: usize) -> bool {
    match rest.iter().position(|f| is_total_source(&f.source)) {
        None => true,
        Some(first) => i < first || is_total_source(&rest[i].source),
    }
}

/// A money row that totals the rows below it.
fn is_total_source(source: &str) -> bool {
    ["合计", "总额", "总计", "小计", "总体"]
        .iter()
        .any(|k| source.contains(k))
}

/// 分值: the funds weight and the indicators' weights add up to 100, when
/// every indicator prints one and the funds weight is printed (or the
/// indicators alone pass 100).
fn weights(doc: &Document, out: &mut Vec<Relation>) {
    // A negative weight is already named as impossible: their sum says
    // nothing more.
    if doc.indicators.len() < 2
        || doc
            .indicators
            .iter()
            .any(|i| i.weight.is_none_or(|w| w < 0.0))
    {
        return;
    }
    let funds = counted_funds(doc, |f| f.weight);
    let indicators: f64 = doc.indicators.iter().filter_map(|i| i.weight).sum();
    if funds.is_empty() && indicators <= FULL_MARKS + TOLERANCE {
        return;
    }
    let mut values: Vec<(String, f64)> = funds
        .into_iter()
        .map(|(i, v)| (format!("funds[{i}].weight"), v))
        .collect();
    values.extend(
        doc.indicators
            .iter()
            .enumerate()
            .filter_map(|(i, ind)| Some((format!("indicators[{i}].weight"), ind.weight?))),
    );
    let sum: f64 = values.iter().map(|(_, v)| v).sum();
    out.push(rel(
        "weights_total_mismatch",
        "分值 add up to 100",
        values,
        Vec::new(),
        format!("the weights add up to {sum:.2}, not {FULL_MARKS}"),
        |v| close(round2(v.iter().sum()), FULL_MARKS),
    ));
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE + 1e-9
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
        // 98 printed for 96: one digit misread, so the rate cell is named.
        assert_eq!(w[0].code, "execution_rate_mismatch");
        assert!(w[0].names("funds[0].execution_rate"), "{:?}", w[0].fields);
        // No single other reading repairs 3%: the form's own figures disagree.
        assert_eq!(w[1].code, "form_arithmetic");
        assert!(w[1].names("funds[0].adjustment_rate"));
        assert!(w[1].names("funds[0].initial_budget"));
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
        assert_eq!(codes, ["indicator_score_over_weight", "form_arithmetic"]);
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

#[cfg(test)]
mod real_forms {
    use super::*;
    use crate::model::{Funds, Indicator};

    fn scored(source: &str, weight: Option<f64>, score: Option<f64>) -> Funds {
        Funds {
            source: source.into(),
            weight,
            score,
            ..Funds::default()
        }
    }

    #[test]
    fn sub_rows_repeating_the_total_score_count_once() {
        let doc = Document {
            funds: vec![
                scored("年度资金总额", Some(10.0), Some(9.2)),
                scored("其中：当年财政拨款", Some(10.0), Some(9.2)),
                scored("上年结转资金", None, None),
            ],
            indicators: vec![
                Indicator {
                    weight: Some(50.0),
                    score: Some(48.0),
                    ..Indicator::default()
                },
                Indicator {
                    weight: Some(40.0),
                    score: Some(38.0),
                    ..Indicator::default()
                },
            ],
            total_score: Some(95.2),
            ..Document::default()
        };
        assert!(check(&doc).is_empty(), "{:?}", check(&doc));
    }

    #[test]
    fn a_misread_digit_is_named_and_the_rest_left_alone() {
        let ind = |w, s| Indicator {
            weight: Some(w),
            score: Some(s),
            ..Indicator::default()
        };
        // 18 read for 13: the total names the one score that repairs it.
        let doc = Document {
            indicators: vec![ind(20.0, 18.0), ind(30.0, 30.0), ind(50.0, 45.0)],
            total_score: Some(88.0),
            ..Document::default()
        };
        let w = check(&doc);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].code, "total_score_mismatch");
        assert!(w[0].names("indicators[0].score"), "{w:?}");
        assert!(!w[0].names("indicators[1].score"));
    }

    #[test]
    fn weights_add_up_to_full_marks() {
        let ind = |w| Indicator {
            weight: Some(w),
            ..Indicator::default()
        };
        let mut doc = Document {
            funds: vec![scored("合计", Some(10.0), None)],
            indicators: vec![ind(40.0), ind(50.0)],
            ..Document::default()
        };
        assert!(check(&doc).is_empty());
        doc.indicators[1].weight = Some(45.0);
        let w = check(&doc);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].names("indicators[1].weight") || w[0].code == "form_arithmetic");
    }

    #[test]
    fn a_rate_agrees_within_its_printed_rounding() {
        let f = Funds {
            source: "合计".into(),
            full_year_budget: Some(300.0),
            actual: Some(292.9),
            execution_rate: Some(98.0),
            ..Funds::default()
        };
        // 292.9 / 300 = 97.63%, printed as 98%.
        let doc = Document {
            funds: vec![f],
            ..Document::default()
        };
        assert!(check(&doc).is_empty(), "{:?}", check(&doc));
    }
}
