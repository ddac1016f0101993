//! Where a paragraph dumped between the rows belongs: the open cell it
//! continues, or the head of the next group's text.

use super::cells::{append_to, cell_text, first_cell, join, label_number, preview};
use super::{Assembler, ColKind, GroupSpec, Head, Item, SHORT_CONTINUATION};
use crate::input::text::shape::{is_terminated, repeated_head, text_len};
use crate::layout::Cell;

impl Assembler<'_> {
    pub(super) fn paragraph(&mut self, index: usize, text: &str) {
        if !self.in_table {
            self.free_line(text.to_string(), self.page, true);
            return;
        }
        if self.continue_open_cell(text, false) {
            return;
        }
        if let (Some(group), Some(_)) = (self.group_spec(), self.group_start()) {
            // Text that continues no group cell is the head of the next group's
            // text when a group follows; otherwise the rest of a long cell above.
            if self.next_row_starts_group(index, group) || !self.continue_open_cell(text, true) {
                self.hold_head(text);
            } else {
                self.warn(
                    "text.long_continuation",
                    format!(
                        "long text after the rows joined to the last row's open cell: {}",
                        preview(text)
                    ),
                    self.page,
                );
            }
            return;
        }
        self.free_line(text.to_string(), self.page, false);
    }

    /// Whether the next table row opens a group: it has a group label, or it
    /// is a full row with text in the group's columns.
    pub(super) fn next_row_starts_group(&self, index: usize, group: GroupSpec) -> bool {
        let Some(width) = self.block.as_ref().map(|b| b.spec.width()) else {
            return false;
        };
        let next = self.items[index + 1..].iter().find_map(|item| match item {
            Item::Row(cells) => Some(cells),
            _ => None,
        });
        next.is_some_and(|cells| {
            label_number(group, first_cell(cells)).is_some()
                || (cells.len() + 1 >= width
                    && group
                        .text_cols
                        .iter()
                        .any(|&col| cells.get(col).is_some_and(|c| !c.is_empty())))
        })
    }

    /// Cells a dumped paragraph may continue, in the order a converter prints
    /// the cut parts: the group's merged text cells, then the last row's cells.
    /// A cell qualifies when its text does not end a sentence and no paragraph
    /// has continued it since the last row.
    pub(super) fn open_cells(&self, text: &str, any_length: bool) -> Vec<(usize, usize)> {
        let Some(block) = self.block.as_ref() else {
            return Vec::new();
        };
        let is_open = |row: usize, col: usize| {
            !self.continued.contains(&(row, col))
                && cell_text(&self.rows[row], col).is_some_and(|t| !is_terminated(t))
        };
        let mut open = Vec::new();
        let group = block.spec.group;
        if let (Some(group), Some(start)) = (group, block.group_start) {
            open.extend(
                group
                    .text_cols
                    .iter()
                    .map(|&col| (start, col))
                    .filter(|&(r, c)| is_open(r, c)),
            );
        }
        let Some(last) = self
            .rows
            .len()
            .checked_sub(1)
            .filter(|&l| l > block.header_row)
        else {
            return open;
        };
        // In a grouped block a long paragraph that continues no group cell is
        // the head of the next group's text, not the end of an indicator's cell.
        let short = any_length || text_len(text) <= SHORT_CONTINUATION;
        // Free text without a sentence end is far likelier cut than a name
        // (names never end a sentence): text cells first.
        let mut cells: Vec<&Cell> = self.rows[last].cells.iter().collect();
        // For a long rest, the cell holding the most text is the one the break cut.
        if any_length {
            cells.sort_by_key(|c| (std::cmp::Reverse(text_len(&c.text)), c.col));
        } else {
            cells.sort_by_key(|c| (block.spec.kinds.get(c.col) != Some(&ColKind::Text), c.col));
        }
        for cell in cells {
            let kind = block.spec.kinds.get(cell.col).copied();
            let is_group_col = group.is_some_and(|g| {
                cell.col == g.label_col
                    || g.text_cols.contains(&cell.col)
                    || g.value_cols.contains(&cell.col)
            });
            let fits = match kind {
                Some(ColKind::Text) => short || group.is_none(),
                Some(ColKind::Name | ColKind::Quantity) => short,
                _ => false,
            };
            if fits && !is_group_col && is_open(last, cell.col) {
                open.push((last, cell.col));
            }
        }
        open
    }

    /// Joins a dumped paragraph to the open cell it continues: the one whose
    /// end the paragraph repeats, else the first in print order.
    pub(super) fn continue_open_cell(&mut self, text: &str, any_length: bool) -> bool {
        let open = self.open_cells(text, any_length);
        let Some(&first) = open.first() else {
            return false;
        };
        let repeated: Vec<(usize, usize)> = open
            .iter()
            .copied()
            .filter(|&(row, col)| {
                cell_text(&self.rows[row], col).is_some_and(|t| repeated_head(t, text).is_some())
            })
            .collect();
        let (row, col) = match repeated.as_slice() {
            [only] => *only,
            _ => {
                if let [a, b, ..] = open.as_slice() {
                    self.warn(
                        "text.continuation_ambiguous",
                        format!(
                            "text after the rows could continue column {} or column {}; joined to column {}: {}",
                            a.1,
                            b.1,
                            first.1,
                            preview(text)
                        ),
                        self.page,
                    );
                }
                first
            }
        };
        let page = self.page;
        let head = cell_text(&self.rows[row], col)
            .unwrap_or_default()
            .to_string();
        let tail = match repeated_head(&head, text) {
            Some(skip) => {
                self.warn(
                    "text.repeated_text_removed",
                    format!(
                        "the converter printed {skip} characters twice at a cell's break; kept once: {}",
                        preview(text)
                    ),
                    page,
                );
                text.chars().skip(skip).collect()
            }
            None => text.to_string(),
        };
        append_to(&mut self.rows[row], col, &tail, page);
        self.continued.push((row, col));
        true
    }

    pub(super) fn hold_head(&mut self, text: &str) {
        if let Some(head) = self.head.as_mut() {
            head.text = join(&head.text, text);
            return;
        }
        let last = self.rows.len().checked_sub(1);
        let row = match (last, self.group_start()) {
            (Some(last), Some(start)) if last > start => Some(last),
            _ => None,
        };
        self.head = Some(Head {
            text: text.to_string(),
            page: self.page,
            row,
        });
    }
}
