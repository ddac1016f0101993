//! Small helpers on raw cells, rows and the label table.

use crate::input::text::blocks::{self, BlockSpec, GroupSpec};
use crate::input::text::scan::Item;
use crate::input::text::shape::squash;
use crate::layout::{Cell, Row};

pub(super) fn first_cell(cells: &[String]) -> &str {
    cells.first().map_or("", String::as_str)
}

pub(super) fn is_stop_label(text: &str) -> bool {
    blocks::is_stop_label(text)
}

/// The block whose header this row is, and the column its first cell is at.
pub(super) fn header_spec(cells: &[String]) -> Option<(BlockSpec, usize)> {
    blocks::header_spec(cells)
}

/// Header cells at their columns.
pub(super) fn place_header(offset: usize, cells: &[String]) -> Vec<(usize, String)> {
    cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_empty())
        .map(|(i, c)| (i + offset, c.clone()))
        .collect()
}

/// `任务3` → 3 (markup and spaces ignored).
pub(super) fn label_number(_group: GroupSpec, text: &str) -> Option<u32> {
    blocks::label_number(text)
}

/// The next group label in the items ahead (first cells only).
pub(super) fn next_label(items: &[Item], group: GroupSpec) -> Option<u32> {
    items.iter().find_map(|item| match item {
        Item::Row(cells) => label_number(group, first_cell(cells)),
        _ => None,
    })
}

pub(super) fn cell_text(row: &Row, col: usize) -> Option<&str> {
    row.cells
        .iter()
        .find(|c| c.col == col)
        .map(|c| c.text.as_str())
        .filter(|t| !t.trim().is_empty())
}

pub(super) fn insert_cell(row: &mut Row, col: usize, text: String, page: u32) {
    let at = row
        .cells
        .iter()
        .position(|c| c.col > col)
        .unwrap_or(row.cells.len());
    row.cells.insert(
        at,
        Cell {
            text,
            col,
            colspan: 1,
            rowspan: 1,
            pages: vec![page],
            bbox: None,
            crosses: false,
        },
    );
}

/// Appends text to the cell at `col` (creating it), recording the page.
pub(super) fn append_to(row: &mut Row, col: usize, text: &str, page: u32) {
    match row.cells.iter_mut().find(|c| c.col == col) {
        Some(cell) => {
            cell.text = join(&cell.text, text);
            if !cell.pages.contains(&page) {
                cell.pages.push(page);
            }
        }
        None => insert_cell(row, col, text.to_string(), page),
    }
}

/// Joins a cell's text with its continuation: no separator (the schema joins
/// CJK without spaces), and the paragraph tags at the seam dropped.
pub(super) fn join(head: &str, tail: &str) -> String {
    let head = head.trim_end();
    let head = head.strip_suffix("</p>").unwrap_or(head).trim_end();
    let tail = tail.trim_start();
    let tail = tail.strip_prefix("<p>").unwrap_or(tail).trim_start();
    format!("{head}{tail}")
}

pub(super) fn preview(text: &str) -> String {
    let key = squash(text);
    let short: String = key.chars().take(24).collect();
    if key.chars().count() > 24 {
        format!("“{short}…”")
    } else {
        format!("“{short}”")
    }
}

pub(super) fn row_preview(row: &Row) -> String {
    row.cells
        .iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}
