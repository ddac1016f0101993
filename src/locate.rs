//! Where each field of a document sits on its pages: the layout cells (or
//! free lines) its value was read from.
//!
//! The template stage fills values, not places, so the places are found
//! again from the values: a cell holds a field when its text is the value
//! (a number: the same number), a piece of it (a value joined across a page
//! break) or the value after a label. Fields of one row of the form (an
//! indicator, a money source, a task) are looked for around the row where
//! their name is, rows taken in order, so equal values (every weight `10`)
//! land in their own rows.

use std::collections::HashMap;

use serde_json::Value;

use crate::layout::FormLayout;
use crate::model::Document;
use crate::normalize::{ascii_fold, parse_percent};

/// A cell of the layout or a free line: what a field can be found in.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub page: u32,
    /// Box on the page in points (`None` for a text rendition).
    pub bbox: Option<[f32; 4]>,
    /// Row of the layout (`None` for a free line).
    pub row: Option<usize>,
    pub rowspan: usize,
    pub col: usize,
    pub colspan: usize,
    pub text: String,
}

/// One field of the document: its JSON path, its value as shown, and the
/// places it was found in (indexes into [`Located::places`]; none when it
/// was not found on the page).
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub path: String,
    pub value: String,
    pub places: Vec<usize>,
}

/// The layout's places and the document's fields with where they are.
#[derive(Debug, Clone, Default)]
pub struct Located {
    pub places: Vec<Place>,
    pub fields: Vec<Field>,
}

/// Finds the place of every field of `doc` in `layout`. Two passes: the
/// first learns which grid column each kind of field (`indicators[].weight`)
/// sits in from the rows where its value is in one cell only; the second
/// uses that column where a row holds the value twice (weight 10, score 10).
pub fn locate(doc: &Document, layout: &FormLayout) -> Located {
    let places = places_of(layout);
    let leaves = field_leaves(doc);
    let (_, seen) = pass(&places, &leaves, &HashMap::new());
    let columns: HashMap<String, usize> = seen
        .into_iter()
        .filter_map(|(kind, cols)| Some((kind, most_common(&cols)?)))
        .collect();
    let (fields, _) = pass(&places, &leaves, &columns);
    Located { places, fields }
}

/// One pass over the fields; returns them placed, and per kind of field the
/// columns where its value was found unambiguously.
fn pass(
    places: &[Place],
    leaves: &[(String, Value)],
    columns: &HashMap<String, usize>,
) -> (Vec<Field>, HashMap<String, Vec<usize>>) {
    let mut used = vec![false; places.len()];
    let mut fields = Vec::new();
    let mut seen: HashMap<String, Vec<usize>> = HashMap::new();
    // Groups in document order: top-level fields, then each row-like item.
    let mut cursor = 0usize;
    let mut i = 0;
    while i < leaves.len() {
        let group = group_of(&leaves[i].0);
        let mut j = i;
        while j < leaves.len() && group_of(&leaves[j].0) == group {
            j += 1;
        }
        let members = &leaves[i..j];
        let anchor_row = group.as_ref().and_then(|g| {
            let (_, value) = members.iter().find(|(p, _)| is_anchor(g, p))?;
            let at = (0..places.len())
                .map(|k| (k + cursor) % places.len())
                .find(|&k| places[k].row.is_some() && holds(&places[k].text, value, false))?;
            cursor = at;
            places[at].row
        });
        for (path, value) in members {
            let kind = crate::model::fold_indices(path);
            let want = Want {
                anchor_row,
                column: columns.get(&kind).copied(),
                from_end: path == "total_score",
                within: is_within(path),
            };
            let (found, unique) = find(places, &used, value, &want);
            for &k in &found {
                used[k] = true;
            }
            if unique && let [k] = found[..] {
                seen.entry(kind).or_default().push(places[k].col);
            }
            fields.push(Field {
                path: path.clone(),
                value: shown(value),
                places: found,
            });
        }
        i = j;
    }
    (fields, seen)
}

fn most_common(values: &[usize]) -> Option<usize> {
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for &v in values {
        *counts.entry(v).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(v, n)| (n, std::cmp::Reverse(v)))
        .map(|(v, _)| v)
}

/// What a field's place is chosen by.
struct Want {
    /// Row of its indicator's (money row's, task's) name.
    anchor_row: Option<usize>,
    /// Grid column its kind of field was found in elsewhere.
    column: Option<usize>,
    /// Take the last candidate rather than the first (总分 is at the foot).
    from_end: bool,
    /// The value may sit inside a longer line.
    within: bool,
}

/// Every cell in row order, then the free lines.
fn places_of(layout: &FormLayout) -> Vec<Place> {
    let line_place = |l: &crate::layout::FreeLine| Place {
        page: l.page,
        bbox: l.bbox,
        row: None,
        rowspan: 1,
        col: 0,
        colspan: 1,
        text: l.text.clone(),
    };
    let mut out: Vec<Place> = layout
        .lines
        .iter()
        .filter(|l| l.above_table)
        .map(line_place)
        .collect();
    for (r, row) in layout.rows.iter().enumerate() {
        for c in &row.cells {
            out.push(Place {
                page: row.page,
                bbox: c.bbox,
                row: Some(r),
                rowspan: c.rowspan.max(1),
                col: c.col,
                colspan: c.colspan.max(1),
                text: c.text.clone(),
            });
        }
    }
    out.extend(
        layout
            .lines
            .iter()
            .filter(|l| !l.above_table)
            .map(line_place),
    );
    out
}

/// `indicators[3]` for `indicators[3].actual`; `None` for top-level fields.
fn group_of(path: &str) -> Option<String> {
    let end = path.find(']')?;
    Some(path[..=end].to_string())
}

/// The field a row-like item is found by: its name (a money row: its source).
fn is_anchor(group: &str, path: &str) -> bool {
    let field = &path[group.len()..];
    matches!(field, ".name" | ".source")
}

/// The places holding `value`: in the anchor's row or the nearest row to
/// it (in the kind's column when the row holds it twice), else the first
/// unused one (for 总分, the last). Also whether the choice was unambiguous.
fn find(places: &[Place], used: &[bool], value: &Value, want: &Want) -> (Vec<usize>, bool) {
    let exact: Vec<usize> = (0..places.len())
        .filter(|&k| holds(&places[k].text, value, want.within))
        .collect();
    let distance = |k: usize| -> usize {
        match (want.anchor_row, places[k].row) {
            (Some(a), Some(r)) if r <= a && a < r + places[k].rowspan => 0,
            (Some(a), Some(r)) => a.abs_diff(r),
            (Some(_), None) => usize::MAX / 2,
            (None, _) => 0,
        }
    };
    let off_column = |k: usize| usize::from(want.column.is_some_and(|c| places[k].col != c));
    let best = |cands: &[usize]| -> Option<(usize, bool)> {
        let fresh: Vec<usize> = cands.iter().copied().filter(|&k| !used[k]).collect();
        let pool = if fresh.is_empty() { cands } else { &fresh };
        let order = |k: usize| if want.from_end { usize::MAX - k } else { k };
        let k = pool
            .iter()
            .copied()
            .min_by_key(|&k| (distance(k), off_column(k), order(k)))?;
        let ties = pool.iter().filter(|&&c| distance(c) == distance(k)).count();
        Some((k, ties == 1 && want.anchor_row.is_some()))
    };
    if let Some((k, unique)) = best(&exact) {
        return (vec![k], unique);
    }
    // A value joined from pieces (a cell cut by a page break): each piece
    // near the first one found.
    let pieces: Vec<usize> = (0..places.len())
        .filter(|&k| is_piece(&places[k].text, value))
        .collect();
    let Some((first, _)) = best(&pieces) else {
        return (Vec::new(), false);
    };
    let near = |k: usize| match (places[k].row, places[first].row) {
        (Some(a), Some(b)) => a.abs_diff(b) <= 3,
        _ => k == first,
    };
    (pieces.into_iter().filter(|&k| near(k)).collect(), false)
}

/// Fields read out of a longer line: the year from `（2021年度）`, the unit
/// from `单位：万元`, contacts from the form's foot line.
fn is_within(path: &str) -> bool {
    matches!(path, "year" | "unit" | "title") || path.starts_with("contacts[")
}

/// True when a place's text is where `value` was read: the same text or
/// number, or the value after a label (`项目名称：…`); with `within`, any
/// text holding the value.
fn holds(text: &str, value: &Value, within: bool) -> bool {
    let t = squash(text);
    if t.is_empty() {
        return false;
    }
    match value {
        Value::Number(n) => {
            let n = n.as_f64().unwrap_or(f64::NAN);
            parse_percent(&t).is_some_and(|v| (v - n).abs() < 1e-9 * n.abs().max(1.0))
                || ((within || t.chars().count() <= 24) && numbers_in(&t).any(|v| v == n))
        }
        Value::String(s) => {
            let v = squash(s);
            !v.is_empty()
                && (t == v
                    || (t.contains(&v) && (within || t.chars().count() <= v.chars().count() + 12)))
        }
        _ => false,
    }
}

/// True when a place's text is a piece (4 characters or more) of a longer value.
fn is_piece(text: &str, value: &Value) -> bool {
    let t = squash(text);
    match value {
        Value::String(s) => t.chars().count() >= 4 && squash(s).contains(&t),
        _ => false,
    }
}

/// The numbers written in a short text (`（2021年度）` → 2021).
fn numbers_in(text: &str) -> impl Iterator<Item = f64> + '_ {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
}

fn squash(text: &str) -> String {
    ascii_fold(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n
            .as_f64()
            .map(crate::emit::number::decimal)
            .unwrap_or_else(|| n.to_string()),
        other => other.to_string(),
    }
}

/// Every field with a value, by JSON path, in document order: strings and
/// numbers, a quantity by its printed text; not the structure (task
/// numbers, pages) nor the run's details (source, warnings).
pub fn field_leaves(doc: &Document) -> Vec<(String, Value)> {
    // The form's order (the JSON map would sort the keys).
    const ORDER: &[&str] = &[
        "title",
        "year",
        "unit",
        "entity",
        "project",
        "supervisor",
        "implementer",
        "funds",
        "goal",
        "tasks",
        "indicators",
        "total_score",
        "conclusion",
        "problems",
        "improvements",
        "contacts",
    ];
    let mut out = Vec::new();
    if let Ok(Value::Object(map)) = serde_json::to_value(doc) {
        let rank = |k: &str| ORDER.iter().position(|o| *o == k).unwrap_or(ORDER.len());
        let mut keys: Vec<&String> = map
            .keys()
            .filter(|k| {
                !matches!(
                    k.as_str(),
                    "schema"
                        | "source"
                        | "form"
                        | "warnings"
                        | "ocr_confidence"
                        | "confidence"
                        | "unread"
                )
            })
            .collect();
        keys.sort_by_key(|k| rank(k));
        for key in keys {
            crate::confidence::visit_leaves(&map[key], key.clone(), &mut |path, leaf| {
                out.push((path, leaf.clone()));
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Cell, Row};
    use crate::model::Indicator;

    fn cell(col: usize, text: &str) -> Cell {
        Cell {
            text: text.into(),
            col,
            colspan: 1,
            rowspan: 1,
            pages: vec![1],
            bbox: Some([col as f32 * 100.0, 0.0, col as f32 * 100.0 + 100.0, 20.0]),
            crosses: false,
        }
    }

    fn row(cells: &[(usize, &str)]) -> Row {
        Row {
            cells: cells.iter().map(|&(c, t)| cell(c, t)).collect(),
            page: 1,
            page_top: false,
        }
    }

    #[test]
    fn equal_values_land_in_their_own_rows() {
        let layout = FormLayout {
            pages: 1,
            rows: vec![
                row(&[(0, "项目名称"), (1, "城乡低保")]),
                row(&[(0, "指标"), (1, "分值"), (2, "得分")]),
                row(&[(0, "保障人数"), (1, "10"), (2, "9")]),
                row(&[(0, "满意度"), (1, "10"), (2, "10")]),
            ],
            ..FormLayout::default()
        };
        let ind = |name: &str, score: f64| Indicator {
            name: Some(name.into()),
            weight: Some(10.0),
            score: Some(score),
            ..Indicator::default()
        };
        let doc = Document {
            project: Some("城乡低保".into()),
            indicators: vec![ind("保障人数", 9.0), ind("满意度", 10.0)],
            ..Document::default()
        };
        let found = locate(&doc, &layout);
        let at = |path: &str| -> (Option<usize>, usize) {
            let f = found.fields.iter().find(|f| f.path == path).unwrap();
            assert_eq!(f.places.len(), 1, "{path}: {f:?}");
            let p = &found.places[f.places[0]];
            (p.row, p.col)
        };
        assert_eq!(at("project"), (Some(0), 1));
        assert_eq!(at("indicators[0].weight"), (Some(2), 1));
        assert_eq!(at("indicators[0].score"), (Some(2), 2));
        assert_eq!(at("indicators[1].weight"), (Some(3), 1));
        assert_eq!(at("indicators[1].score"), (Some(3), 2));
    }

    #[test]
    fn a_value_joined_across_a_page_break_has_both_pieces() {
        let layout = FormLayout {
            pages: 2,
            rows: vec![
                row(&[(0, "存在问题"), (1, "部分项目受疫情影响")]),
                row(&[(1, "延期实施进度偏慢")]),
            ],
            ..FormLayout::default()
        };
        let doc = Document {
            problems: Some("部分项目受疫情影响延期实施进度偏慢".into()),
            ..Document::default()
        };
        let found = locate(&doc, &layout);
        assert_eq!(found.fields[0].places.len(), 2, "{:?}", found.fields);
    }

    #[test]
    fn the_conclusion_is_listed_where_forms_print_it() {
        let doc = Document {
            total_score: Some(97.5),
            conclusion: Some("评价等级为优".into()),
            problems: Some("个别工程推迟".into()),
            ..Document::default()
        };
        let paths: Vec<String> = field_leaves(&doc).into_iter().map(|(p, _)| p).collect();
        assert_eq!(paths, ["total_score", "conclusion", "problems"]);
    }
}
