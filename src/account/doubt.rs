//! Fields whose reading is in doubt, each named in a warning's `fields`:
//! text that ran across a cell border, a column whose header was found but
//! whose values were not read, a value missing where its column is filled,
//! a required field missing.

use std::collections::BTreeSet;

use crate::layout::FormLayout;
use crate::model::{Document, Funds, Indicator, Warning};

/// A column filled on at least this share of its rows expects a value on
/// every row.
const FILLED_SHARE: f64 = 0.75;

/// A column needs this many rows before its gaps are doubted.
const MIN_ROWS: usize = 3;

/// Names every doubtful field of `doc` in a warning. `headed` lists the block
/// fields whose column a header named (`indicators.score`).
pub fn name_doubts(doc: &mut Document, layout: &FormLayout, headed: &[String]) {
    let mut found = Vec::new();
    across_borders(doc, layout, &mut found);
    swapped_quantities(doc, &mut found);
    unmatched_columns(doc, headed, &mut found);
    unread_columns(doc, headed, &mut found);
    missing_values(doc, headed, &mut found);
    required(doc, &mut found);
    doc.warnings.extend(found);
}

/// `text_across_border`: a glyph of a cell reaches into its neighbour, so
/// the text of both may be cut or joined at the wrong place; names the
/// fields read from either cell.
fn across_borders(doc: &Document, layout: &FormLayout, out: &mut Vec<Warning>) {
    let mut cells: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (r, row) in layout.rows.iter().enumerate() {
        // A value that starts with one character of text stuck to a number
        // or comparator (`数≥1.2万户`): the character is its left
        // neighbour's, cut off at the seam.
        for (i, cell) in row.cells.iter().enumerate().skip(1) {
            if seam_character(&cell.text) {
                cells.insert((r, cell.col));
                cells.insert((r, row.cells[i - 1].col));
            }
        }
        for (i, cell) in row.cells.iter().enumerate().filter(|(_, c)| c.crosses) {
            cells.insert((r, cell.col));
            for j in [i.wrapping_sub(1), i + 1] {
                if let Some(n) = row.cells.get(j) {
                    cells.insert((r, n.col));
                }
            }
        }
    }
    if cells.is_empty() {
        return;
    }
    let located = crate::locate::locate(doc, layout);
    for (r, col) in cells {
        let paths: Vec<String> = located
            .fields
            .iter()
            .filter(|f| {
                f.places.iter().any(|&p| {
                    let place = &located.places[p];
                    place.row == Some(r) && place.col == col
                })
            })
            .map(|f| f.path.clone())
            .collect();
        if paths.is_empty() {
            continue;
        }
        let row = &layout.rows[r];
        let text = row
            .cells
            .iter()
            .find(|c| c.col == col)
            .map(|c| crate::normalize::clean_text(&c.text))
            .unwrap_or_default();
        out.push(
            Warning::new(
                "text_across_border",
                format!(
                    "{}: the text of its cell ({text:?}) runs across the cell's border; \
                     characters may belong to the neighbouring cell",
                    paths.join(", ")
                ),
                Some(row.page),
            )
            .naming(paths),
        );
    }
}

/// True when a cell's text is one CJK character followed by a digit or a
/// comparator.
fn seam_character(text: &str) -> bool {
    let t = crate::normalize::clean_text(text);
    let mut chars = t.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some(a), Some(b)) if crate::normalize::is_cjk(a)
            && (b.is_ascii_digit() || "≥≤≧≦><=＞＜".contains(b))
    )
}

/// `values_swapped`: an actual printed with a comparator (≥, ≤) where the
/// target has none reads like the target: the two cells may be exchanged.
fn swapped_quantities(doc: &Document, out: &mut Vec<Warning>) {
    let comparing = |q: &Option<crate::model::Quantity>| {
        q.as_ref()
            .and_then(|q| q.op.as_deref())
            .is_some_and(|op| op != "=")
    };
    for (i, ind) in doc.indicators.iter().enumerate() {
        if ind.actual.is_some() && comparing(&ind.actual) && !comparing(&ind.target) {
            let paths = [
                format!("indicators[{i}].target"),
                format!("indicators[{i}].actual"),
            ];
            out.push(
                Warning::new(
                    "values_swapped",
                    format!(
                        "{}: the actual value carries a comparator and the target none; \
                         the two may be in each other's cells",
                        paths.join(" and ")
                    ),
                    ind.pages.first().copied(),
                )
                .naming(paths),
            );
        }
    }
}

/// The value fields every self-evaluation's blocks head.
const EXPECTED: [(&str, &str); 5] = [
    ("indicators", "target"),
    ("indicators", "actual"),
    ("indicators", "weight"),
    ("indicators", "score"),
    ("funds", "actual"),
];

/// `column_unmatched`: a block's header has a cell no field's label
/// matched while a column every form of the kind prints was not found:
/// that cell may be the column's header, misprinted. Names the field on
/// every row.
fn unmatched_columns(doc: &Document, headed: &[String], out: &mut Vec<Warning>) {
    let target_table = doc.form.as_deref().is_some_and(|f| f.ends_with("_target"));
    for (block, field) in EXPECTED {
        let rows = if block == "funds" {
            doc.funds.len()
        } else {
            doc.indicators.len()
        };
        if rows == 0 || (target_table && matches!(field, "actual" | "score")) {
            continue;
        }
        let has = |f: &str| headed.iter().any(|h| h == &format!("{block}.{f}"));
        let unknown: Vec<&str> = headed
            .iter()
            .filter_map(|h| h.strip_prefix(&format!("{block}.{}", crate::template::EXTRA)))
            .filter(|h| !crate::vocab::vocabulary().knows(h))
            .collect();
        if has(field) || unknown.is_empty() {
            continue;
        }
        out.push(
            Warning::new(
                "column_unmatched",
                format!(
                    "{block}[].{field}: no header names it, while the header cell{} {} named no field; \
                     it may be that column's header, misprinted",
                    if unknown.len() == 1 { "" } else { "s" },
                    unknown.iter().map(|u| format!("{u:?}")).collect::<Vec<_>>().join(", ")
                ),
                None,
            )
            .naming((0..rows).map(|i| format!("{block}[{i}].{field}"))),
        );
    }
}

/// The indicator fields a column can hold a number or quantity in.
const INDICATOR_VALUES: [&str; 4] = ["target", "actual", "weight", "score"];

fn indicator_has(ind: &Indicator, field: &str) -> bool {
    match field {
        "target" => ind.target.is_some(),
        "actual" => ind.actual.is_some(),
        "weight" => ind.weight.is_some(),
        "score" => ind.score.is_some(),
        _ => true,
    }
}

fn funds_has(f: &Funds, field: &str) -> bool {
    match field {
        "initial_budget" => f.initial_budget.is_some(),
        "adjustment" => f.adjustment.is_some(),
        "full_year_budget" => f.full_year_budget.is_some(),
        "actual" => f.actual.is_some(),
        "execution_rate" => f.execution_rate.is_some(),
        "adjustment_rate" => f.adjustment_rate.is_some(),
        "weight" => f.weight.is_some(),
        "score" => f.score.is_some(),
        _ => true,
    }
}

/// Per block, per value field a header named: how many rows hold a value
/// and which rows (indexes) do not.
fn column_gaps(
    doc: &Document,
    headed: &[String],
) -> Vec<(&'static str, String, usize, Vec<usize>)> {
    let mut out = Vec::new();
    for field in INDICATOR_VALUES {
        if !headed.iter().any(|h| h == &format!("indicators.{field}")) {
            continue;
        }
        let gaps: Vec<usize> = (0..doc.indicators.len())
            .filter(|&i| !indicator_has(&doc.indicators[i], field))
            .collect();
        out.push(("indicators", field.to_string(), doc.indicators.len(), gaps));
    }
    for field in crate::model::FUNDS_NUMBERS {
        if !headed.iter().any(|h| h == &format!("funds.{field}")) {
            continue;
        }
        let gaps: Vec<usize> = (0..doc.funds.len())
            .filter(|&i| !funds_has(&doc.funds[i], field))
            .collect();
        out.push(("funds", field.to_string(), doc.funds.len(), gaps));
    }
    out
}

/// `column_unread`: a column's header was found, but not one of its rows'
/// values was read.
fn unread_columns(doc: &Document, headed: &[String], out: &mut Vec<Warning>) {
    for (block, field, rows, gaps) in column_gaps(doc, headed) {
        if rows == 0 || gaps.len() < rows {
            continue;
        }
        out.push(
            Warning::new(
                "column_unread",
                format!(
                    "{block}[].{field}: the column's header was found but none of its \
                     {rows} rows' values was read"
                ),
                None,
            )
            .naming(gaps.iter().map(|i| format!("{block}[{i}].{field}"))),
        );
    }
}

/// `value_missing`: a row without a value in a column most rows fill.
fn missing_values(doc: &Document, headed: &[String], out: &mut Vec<Warning>) {
    for (block, field, rows, gaps) in column_gaps(doc, headed) {
        if block != "indicators" || rows < MIN_ROWS || gaps.is_empty() || gaps.len() == rows {
            continue;
        }
        let filled = (rows - gaps.len()) as f64 / rows as f64;
        if filled < FILLED_SHARE {
            continue;
        }
        let have = rows - gaps.len();
        for i in gaps {
            let name = doc.indicators[i].name.as_deref().unwrap_or("?");
            let path = format!("{block}[{i}].{field}");
            out.push(
                Warning::new(
                    "value_missing",
                    format!("{path} ({name}): no value read, while {have} of {rows} rows have one"),
                    doc.indicators[i].pages.first().copied(),
                )
                .naming([path]),
            );
        }
    }
}

/// `required_missing`: the form's title, year, and its entity (department
/// forms) or project (project forms) are always printed.
fn required(doc: &Document, out: &mut Vec<Warning>) {
    let project = doc
        .form
        .as_deref()
        .is_some_and(|f| f.starts_with("project"));
    let missing = [
        ("title", doc.title.is_none()),
        ("year", doc.year.is_none()),
        ("entity", !project && doc.entity.is_none()),
        ("project", project && doc.project.is_none()),
    ];
    for (field, absent) in missing {
        if absent {
            out.push(
                Warning::new(
                    "required_missing",
                    format!("{field}: not found on the form"),
                    None,
                )
                .naming([field]),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ind(score: Option<f64>) -> Indicator {
        Indicator {
            weight: Some(10.0),
            score,
            ..Indicator::default()
        }
    }

    fn headed() -> Vec<String> {
        vec!["indicators.weight".into(), "indicators.score".into()]
    }

    #[test]
    fn an_empty_column_names_every_row() {
        let doc = Document {
            indicators: vec![ind(None), ind(None)],
            ..Document::default()
        };
        let mut w = Vec::new();
        unread_columns(&doc, &headed(), &mut w);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].code, "column_unread");
        assert!(w[0].names("indicators[1].score"));
        assert!(!w[0].names("indicators[1].weight"));
    }

    #[test]
    fn a_gap_in_a_filled_column_is_named() {
        let doc = Document {
            indicators: vec![ind(Some(9.0)), ind(None), ind(Some(8.0)), ind(Some(10.0))],
            ..Document::default()
        };
        let mut w = Vec::new();
        missing_values(&doc, &headed(), &mut w);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].fields, ["indicators[1].score"]);
        // A column no header named is not doubted.
        let mut w = Vec::new();
        missing_values(&doc, &["indicators.weight".to_string()], &mut w);
        assert!(w.is_empty());
    }

    #[test]
    fn required_fields_by_form_kind() {
        let doc = Document {
            form: Some("project".into()),
            title: Some("项目支出绩效自评表".into()),
            year: Some(2022),
            ..Document::default()
        };
        let mut w = Vec::new();
        required(&doc, &mut w);
        let named: Vec<&str> = w
            .iter()
            .flat_map(|w| w.fields.iter().map(String::as_str))
            .collect();
        assert_eq!(named, ["project"]);
    }
}
