//! The cells no field took: an unknown label with its value beside it is a
//! document-level `extra` pair; anything else that is not a label the
//! vocabulary knows is listed in `unread`, with its row's label and its
//! column's header, and named in an `unread_cells` warning.

use crate::layout::{Cell, FormLayout, Row};
use crate::model::{Document, Unread, Warning};
use crate::normalize::clean_text;
use crate::template::fit::is_label_cell;
use crate::vocab::vocabulary;

/// Cells named in the `unread_cells` message, at most.
const NAMED: usize = 8;

/// How far up a column its header is looked for, in rows.
const HEADER_REACH: usize = 12;

/// Fills `doc.unread` and `doc.extra` from the cells `taken` says no field
/// took (per layout row, per cell).
pub fn account_cells(doc: &mut Document, layout: &FormLayout, taken: &[Vec<bool>]) {
    let vocab = vocabulary();
    let untaken = |r: usize, i: usize| {
        let cell = &layout.rows[r].cells[i];
        !cell.is_empty()
            && !taken
                .get(r)
                .and_then(|t| t.get(i))
                .copied()
                .unwrap_or(false)
            && !vocab.knows(&cell.text)
    };
    for (r, row) in layout.rows.iter().enumerate() {
        let mut i = 0;
        while i < row.cells.len() {
            if !untaken(r, i) {
                i += 1;
                continue;
            }
            let cell = &row.cells[i];
            let value = row
                .cells
                .get(i + 1)
                .filter(|next| untaken(r, i + 1) && !is_label_cell(&next.text));
            if let (true, Some(value)) = (is_label_cell(&cell.text), value) {
                let label = clean_text(&cell.text);
                if let Some(field) = near_label(&label) {
                    doc.warnings.push(
                        Warning::new(
                            "label_unmatched",
                            format!(
                                "{field}: not read; the cell {label:?} (beside {:?}) is one \
                                 character from its label",
                                clean_text(&value.text)
                            ),
                            Some(row.page),
                        )
                        .naming([field]),
                    );
                }
                doc.extra.insert(label, clean_text(&value.text));
                i += 2;
                continue;
            }
            doc.unread.push(Unread {
                page: cell.pages.first().copied().unwrap_or(row.page),
                bbox: cell
                    .bbox
                    .map(|b| b.map(|v| (v as f64 * 100.0).round() / 100.0)),
                text: clean_text(&cell.text),
                row_label: row_label(row, i),
                column_label: column_label(&layout.rows[..r], cell),
            });
            i += 1;
        }
    }
    if let Some(w) = unread_warning(&doc.unread) {
        doc.warnings.push(w);
    }
}

/// The key/value field whose label `text` misses by one character
/// (dropped, added or changed): a label cut at a border, or misprinted.
fn near_label(text: &str) -> Option<String> {
    let t: Vec<char> = text.chars().collect();
    vocabulary().fields.iter().find_map(|(field, labels)| {
        labels
            .labels
            .iter()
            .any(|l| {
                let l: Vec<char> = l.chars().collect();
                l.len() >= 3 && crate::vocab::one_edit(&t, &l)
            })
            .then(|| field.clone())
    })
}

/// `unread_cells`: how many cells no field took, the first few named.
fn unread_warning(unread: &[Unread]) -> Option<Warning> {
    let first = unread.first()?;
    let mut named: Vec<String> = unread
        .iter()
        .take(NAMED)
        .map(|u| {
            let at = match (&u.row_label, &u.column_label) {
                (Some(r), Some(c)) => format!(" ({r} / {c})"),
                (Some(r), None) => format!(" ({r})"),
                (None, Some(c)) => format!(" (under {c})"),
                (None, None) => String::new(),
            };
            format!("p{} {:?}{at}", u.page, u.text)
        })
        .collect();
    if unread.len() > NAMED {
        named.push(format!("+{} more", unread.len() - NAMED));
    }
    Some(Warning::new(
        "unread_cells",
        format!(
            "{} printed cell{} no field took (see unread): {}",
            unread.len(),
            if unread.len() == 1 { "" } else { "s" },
            named.join("; ")
        ),
        Some(first.page),
    ))
}

/// The row's label: its first label-like cell other than cell `i`.
fn row_label(row: &Row, i: usize) -> Option<String> {
    row.cells
        .iter()
        .enumerate()
        .find(|(j, c)| *j != i && is_label_cell(&c.text))
        .map(|(_, c)| clean_text(&c.text))
}

/// The column's header: the nearest label-like cell above over the cell's
/// first column.
fn column_label(above: &[Row], cell: &Cell) -> Option<String> {
    above
        .iter()
        .rev()
        .take(HEADER_REACH)
        .flat_map(|r| r.cells.iter().filter(|c| c.covers(cell.col)))
        .find(|c| is_label_cell(&c.text))
        .map(|c| clean_text(&c.text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, col: usize) -> Cell {
        Cell {
            text: text.into(),
            col,
            colspan: 1,
            rowspan: 1,
            pages: vec![1],
            ..Cell::default()
        }
    }

    fn row(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            page: 1,
            page_top: false,
        }
    }

    #[test]
    fn untaken_cells_are_unread_or_extra() {
        let layout = FormLayout {
            pages: 1,
            rows: vec![
                row(vec![cell("项目名称", 0), cell("便民服务", 1)]),
                row(vec![cell("部门预算编码", 0), cell("127", 1)]),
                row(vec![cell("88.5", 0), cell("分值", 1)]),
            ],
            ..FormLayout::default()
        };
        let taken = vec![vec![true, true], vec![false, false], vec![false, false]];
        let mut doc = Document::default();
        account_cells(&mut doc, &layout, &taken);
        assert_eq!(
            doc.extra.get("部门预算编码").map(String::as_str),
            Some("127")
        );
        // 88.5 has no label beside it; 分值 is a label the vocabulary knows.
        assert_eq!(doc.unread.len(), 1, "{:?}", doc.unread);
        assert_eq!(doc.unread[0].text, "88.5");
    }

    #[test]
    fn a_label_one_character_off_names_its_field() {
        use crate::vocab::one_edit;
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(one_edit(&c("实施单"), &c("实施单位")));
        assert!(one_edit(&c("部门名祢"), &c("部门名称")));
        assert!(!one_edit(&c("部门名称"), &c("部门名称")));
        assert!(!one_edit(&c("实施"), &c("实施单位")));
        assert_eq!(near_label("实施单").as_deref(), Some("implementer"));
        assert_eq!(near_label("部门预算编码"), None);
    }

    #[test]
    fn a_lone_number_is_unread_with_its_row_and_column() {
        let layout = FormLayout {
            pages: 1,
            rows: vec![
                row(vec![cell("资金来源", 0), cell("结余金额", 1)]),
                row(vec![cell("财政拨款", 0), cell("12.5", 1)]),
            ],
            ..FormLayout::default()
        };
        let taken = vec![vec![true, true], vec![true, false]];
        let mut doc = Document::default();
        account_cells(&mut doc, &layout, &taken);
        assert_eq!(doc.unread.len(), 1);
        let u = &doc.unread[0];
        assert_eq!(u.text, "12.5");
        assert_eq!(u.row_label.as_deref(), Some("财政拨款"));
        assert_eq!(u.column_label.as_deref(), Some("结余金额"));
        assert_eq!(doc.warnings[0].code, "unread_cells");
    }
}
