//! Groups of rows under merged cells (a task's label, texts and funds):
//! where a group starts, what continues it, and text that lost its column.

use super::cells::{
    append_to, cell_text, insert_cell, join, label_number, next_label, preview, row_preview,
};
use super::{Assembler, BlockSpec, Gap, GroupSpec, Head};
use crate::input::text::shape::{is_number, text_len};

impl Assembler<'_> {
    pub(super) fn group_row(
        &mut self,
        index: usize,
        spec: &BlockSpec,
        group: GroupSpec,
        placed: Vec<(usize, String)>,
    ) {
        let label = placed
            .iter()
            .find(|(col, _)| *col == group.label_col)
            .and_then(|(_, text)| label_number(group, text));
        let (shared, members): (Vec<_>, Vec<_>) = placed.into_iter().partition(|(col, _)| {
            *col == group.label_col
                || group.text_cols.contains(col)
                || group.value_cols.contains(col)
        });
        let has_text = shared.iter().any(|(col, _)| group.text_cols.contains(col));
        if let Some(number) = label {
            if let Some(block) = self.block.as_mut() {
                block.last_label = Some(number);
                block.unlabelled = 0;
            }
            self.start_group(shared, members);
            return;
        }
        let open = self.group_start().is_some();
        if open && self.gap != Gap::None && !shared.is_empty() {
            // After a break, group text without a label continues the group's cells.
            self.use_break();
            self.continue_group(shared);
            self.member_row(spec, members);
            return;
        }
        let fills_gap = open && self.fills_own_gap(group, &shared);
        if has_text && (!open || (!fills_gap && self.room_for_unlabelled_group(index))) {
            if let Some(block) = self.block.as_mut() {
                block.unlabelled += 1;
            }
            let expected = self
                .block
                .as_ref()
                .and_then(|b| b.last_label.map(|n| n + b.unlabelled));
            self.warn(
                "text.task_label_missing",
                match expected {
                    Some(n) => format!(
                        "a group starts without its label (by order: {}{n})",
                        group.label_prefix
                    ),
                    None => "a group starts without its label".to_string(),
                },
                self.page,
            );
            // An empty label cell marks the group's start for the matcher,
            // which numbers it from its order.
            let mut shared = shared;
            shared.insert(0, (group.label_col, String::new()));
            self.start_group(shared, members);
            return;
        }
        if !shared.is_empty() {
            self.displaced_text(group, shared);
        }
        self.member_row(spec, members);
    }

    /// Whether the labels around leave room for one more unlabelled group
    /// (between `任务2` and `任务4` there is exactly one).
    pub(super) fn room_for_unlabelled_group(&self, index: usize) -> bool {
        let (Some(block), Some(group)) = (self.block.as_ref(), self.group_spec()) else {
            return true;
        };
        let next = next_label(&self.items[index + 1..], group);
        match (block.last_label, next) {
            (Some(last), Some(next)) if next > last => block.unlabelled + 1 < next - last,
            _ => true,
        }
    }

    /// Whether this row's group text belongs to the open group after all: the
    /// group still misses one of its texts, and the row only repeats columns
    /// the group already has (a converter pushed the missing text aside).
    pub(super) fn fills_own_gap(&self, group: GroupSpec, shared: &[(usize, String)]) -> bool {
        let Some(start) = self.group_start() else {
            return false;
        };
        let has = |col: usize| cell_text(&self.rows[start], col).is_some();
        let missing_text = group.text_cols.iter().any(|&col| !has(col));
        let texts: Vec<usize> = shared
            .iter()
            .map(|(col, _)| *col)
            .filter(|col| group.text_cols.contains(col))
            .collect();
        missing_text && !texts.is_empty() && texts.iter().all(|&col| has(col))
    }

    /// Text in a group column of a row that cannot start a new group: it was
    /// pushed out of its column; put it in the group's column still empty.
    pub(super) fn displaced_text(&mut self, group: GroupSpec, shared: Vec<(usize, String)>) {
        let Some(start) = self.group_start() else {
            return;
        };
        for (col, text) in shared {
            let taken = cell_text(&self.rows[start], col).is_some();
            let target = if !taken {
                col
            } else if let Some(&free) = group.text_cols.iter().find(|&&c| {
                group.text_cols.contains(&col) && cell_text(&self.rows[start], c).is_none()
            }) {
                self.warn(
                    "text.cell_displaced",
                    format!(
                        "column {col} of this group already has text; the second text goes to empty column {free} (it could also continue column {col}): {}",
                        preview(&text)
                    ),
                    self.page,
                );
                free
            } else {
                self.warn(
                    "text.cell_displaced",
                    format!(
                        "more text for column {col} of this group; appended: {}",
                        preview(&text)
                    ),
                    self.page,
                );
                col
            };
            append_to(&mut self.rows[start], target, &text, self.page);
        }
    }

    pub(super) fn continue_group(&mut self, shared: Vec<(usize, String)>) {
        let Some(start) = self.group_start() else {
            return;
        };
        for (col, text) in shared {
            append_to(&mut self.rows[start], col, &text, self.page);
        }
    }

    /// Member cells of a group row; after a page break, a row without its key
    /// cell continues the row above.
    pub(super) fn member_row(&mut self, spec: &BlockSpec, members: Vec<(usize, String)>) {
        if members.is_empty() {
            return;
        }
        self.plain_row(spec, members);
    }

    pub(super) fn start_group(
        &mut self,
        shared: Vec<(usize, String)>,
        members: Vec<(usize, String)>,
    ) {
        let head = self.head.take();
        self.close_group_at(head.as_ref().and_then(|h| h.row).unwrap_or(self.rows.len()));
        let start = match head.as_ref().and_then(|h| h.row) {
            Some(row) => {
                self.warn(
                    "text.rows_regrouped",
                    format!(
                        "the group's text began above; its group starts at the row before it: {}",
                        preview(&row_preview(&self.rows[row]))
                    ),
                    self.page,
                );
                for (col, text) in shared {
                    append_to(&mut self.rows[row], col, &text, self.page);
                }
                if !members.is_empty() {
                    self.push_row(members);
                }
                row
            }
            None => {
                let mut cells = shared;
                cells.extend(members);
                cells.sort_by_key(|(col, _)| *col);
                self.push_row(cells);
                self.rows.len() - 1
            }
        };
        if let Some(block) = self.block.as_mut() {
            block.group_start = Some(start);
        }
        if let Some(head) = head {
            self.prepend_head(start, head);
        }
    }

    /// Puts a held paragraph in front of the new group's longest text cell.
    pub(super) fn prepend_head(&mut self, start: usize, head: Head) {
        let Some(group) = self.group_spec() else {
            return;
        };
        let mut present: Vec<(usize, usize)> = group
            .text_cols
            .iter()
            .filter_map(|&col| cell_text(&self.rows[start], col).map(|t| (col, text_len(t))))
            .collect();
        present.sort_by_key(|&(col, len)| (std::cmp::Reverse(len), col));
        let Some(target) = present
            .first()
            .map(|&(col, _)| col)
            .or_else(|| group.text_cols.first().copied())
        else {
            return;
        };
        let others: Vec<String> = present.iter().skip(1).map(|(c, _)| c.to_string()).collect();
        self.warn(
            "text.head_paragraph",
            format!(
                "text that continues no cell was put before the group's longest text (column {target}{}): {}",
                if others.is_empty() {
                    String::new()
                } else {
                    format!("; could also belong to column {}", others.join(", "))
                },
                preview(&head.text)
            ),
            head.page,
        );
        let row = &mut self.rows[start];
        match row.cells.iter_mut().find(|c| c.col == target) {
            Some(cell) => {
                cell.text = join(&head.text, &cell.text);
                if !cell.pages.contains(&head.page) {
                    cell.pages.insert(0, head.page);
                }
            }
            None => insert_cell(row, target, head.text, head.page),
        }
    }

    /// A lone number (task funds printed away from its row) goes to the group's value cell.
    pub(super) fn attach_stray_value(&mut self, group: GroupSpec, cells: &[String]) -> bool {
        let Some(value) = cells.iter().find(|c| !c.is_empty()) else {
            return false;
        };
        let Some(start) = self.group_start() else {
            return false;
        };
        if !is_number(value) {
            return false;
        }
        let Some(&col) = group
            .value_cols
            .iter()
            .find(|&&col| cell_text(&self.rows[start], col).is_none())
        else {
            return false;
        };
        self.warn(
            "text.stray_value",
            format!(
                "value {value} printed on a line of its own; taken as the group's column {col}"
            ),
            self.page,
        );
        insert_cell(&mut self.rows[start], col, value.clone(), self.page);
        true
    }
}
