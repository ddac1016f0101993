//! Items → rows of cells, with the structural repairs a rendition needs.

use crate::layout::{Cell, FormLayout, FreeLine, Row};
use crate::model::Warning;

use super::labels::{BLOCKS, BlockSpec, ColKind, GroupSpec, STOP_LABELS};
use super::scan::Item;
use super::shape::{best_offset, is_number, is_terminated, repeated_head, squash, text_len};

/// Longest paragraph (in characters) taken for the rest of a cut name, formula
/// or value; longer text is a cut note or the head of the next group's text.
const SHORT_CONTINUATION: usize = 40;

/// Rows with at least this many non-empty cells start the table.
const MIN_TABLE_CELLS: usize = 3;

/// Builds the layout from scanned items.
pub fn assemble(items: &[Item]) -> FormLayout {
    let mut asm = Assembler::new(items);
    for (index, item) in items.iter().enumerate() {
        asm.item(index, item);
    }
    asm.finish()
}

/// What separated the current item from the previous one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    None,
    /// A blank line: a page break if what follows continues a cell.
    Blank,
    /// A form feed: the page was already counted.
    PageBreak,
}

/// The block being read (after its header row).
struct Block {
    spec: &'static BlockSpec,
    /// Row index of the block's header row.
    header_row: usize,
    /// Row index where the current group starts, if the block groups rows.
    group_start: Option<usize>,
    /// Number of the last group label seen (`任务2` → 2).
    last_label: Option<u32>,
    /// Groups started without a label since `last_label`.
    unlabelled: u32,
}

/// A paragraph that continues no open cell: the head of the next group's cell.
struct Head {
    text: String,
    page: u32,
    /// The row its cell began in, when that row was printed before the paragraph.
    row: Option<usize>,
}

struct Assembler<'a> {
    items: &'a [Item],
    rows: Vec<Row>,
    lines: Vec<FreeLine>,
    warnings: Vec<Warning>,
    page: u32,
    gap: Gap,
    in_table: bool,
    block: Option<Block>,
    head: Option<Head>,
    /// Whether the previous non-blank item was a table row.
    after_row: bool,
    /// Cells a paragraph has continued since the last row (each cut cell has one rest).
    continued: Vec<(usize, usize)>,
}

impl<'a> Assembler<'a> {
    fn new(items: &'a [Item]) -> Self {
        Assembler {
            items,
            rows: Vec::new(),
            lines: Vec::new(),
            warnings: Vec::new(),
            page: 1,
            gap: Gap::None,
            in_table: false,
            block: None,
            head: None,
            after_row: false,
            continued: Vec::new(),
        }
    }

    fn item(&mut self, index: usize, item: &Item) {
        match item {
            Item::Blank => {
                if self.gap == Gap::None {
                    self.gap = Gap::Blank;
                }
                return;
            }
            Item::PageBreak => {
                self.page += 1;
                self.gap = Gap::PageBreak;
                return;
            }
            Item::Para(text) => {
                self.paragraph(index, text);
                self.after_row = false;
            }
            Item::Row(cells) => {
                self.row(index, cells);
                self.after_row = self.in_table;
                self.continued.clear();
            }
        }
        self.gap = Gap::None;
    }

    fn finish(mut self) -> FormLayout {
        self.close_block();
        if let Some(head) = self.head.take() {
            self.warn(
                "text.loose_paragraph",
                format!(
                    "text continues no cell and no group follows: {}",
                    preview(&head.text)
                ),
                head.page,
            );
            self.free_line(head.text, head.page, false);
        }
        FormLayout {
            pages: self.page,
            lines: self.lines,
            rows: self.rows,
            warnings: self.warnings,
        }
    }

    // ---- paragraphs ----

    fn paragraph(&mut self, index: usize, text: &str) {
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
    fn next_row_starts_group(&self, index: usize, group: GroupSpec) -> bool {
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
    fn open_cells(&self, text: &str, any_length: bool) -> Vec<(usize, usize)> {
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
    fn continue_open_cell(&mut self, text: &str, any_length: bool) -> bool {
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

    /// A lone number on a line of its own belongs to the row above: in a
    /// block, its first empty number column; elsewhere, after its last cell.
    fn attach_lone_number(&mut self, cells: &[String]) -> bool {
        let Some(value) = cells.iter().find(|c| !c.is_empty()) else {
            return false;
        };
        if !is_number(value) || self.group_spec().is_some() {
            return false;
        }
        let Some(last) = self.rows.len().checked_sub(1) else {
            return false;
        };
        let row = &self.rows[last];
        let col = match self.block.as_ref() {
            Some(block) if last > block.header_row => {
                let empty_number_col =
                    block.spec.kinds.iter().enumerate().position(|(col, kind)| {
                        *kind == ColKind::Number
                            && col > block.spec.key_col
                            && cell_text(row, col).is_none()
                    });
                match empty_number_col {
                    Some(col) => col,
                    None => return false,
                }
            }
            Some(_) => return false,
            None => row.cells.last().map_or(0, |c| c.col + c.colspan.max(1)),
        };
        self.warn(
            "text.stray_value",
            format!(
                "value {value} printed on a line of its own; taken as column {col} of the row above"
            ),
            self.page,
        );
        let page = self.page;
        insert_cell(&mut self.rows[last], col, value.clone(), page);
        true
    }

    fn hold_head(&mut self, text: &str) {
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

    // ---- rows ----

    fn row(&mut self, index: usize, cells: &[String]) {
        let filled = cells.iter().filter(|c| !c.is_empty()).count();
        if !self.in_table {
            if filled >= MIN_TABLE_CELLS || is_stop_label(first_cell(cells)) {
                self.in_table = true;
            } else {
                for cell in cells.iter().filter(|c| !c.is_empty()) {
                    self.free_line(cell.clone(), self.page, true);
                }
                return;
            }
        }
        let header = header_spec(cells);
        if self.gap == Gap::Blank && self.after_row && header.is_none() {
            // Between two table rows a blank line is where the page broke.
            self.page += 1;
        }
        if let Some(spec) = header {
            self.close_block();
            self.block = Some(Block {
                spec,
                header_row: self.rows.len(),
                group_start: None,
                last_label: None,
                unlabelled: 0,
            });
            let placed = place_header(spec, cells);
            self.push_row(placed);
            return;
        }
        if self.block.is_some() && self.ends_block(cells) {
            self.close_block();
        }
        if filled == 1 && self.gap == Gap::None && self.attach_lone_number(cells) {
            return;
        }
        let Some(spec) = self.block.as_ref().map(|b| b.spec) else {
            let placed = cells
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.is_empty())
                .map(|(col, c)| (col, c.clone()))
                .collect();
            self.push_row(placed);
            return;
        };
        if let Some(group) = spec.group
            && filled == 1
            && self.attach_stray_value(group, cells)
        {
            return;
        }
        // Rows that lost leading cells are common: the cells' shapes place them.
        let offset = best_offset(spec.kinds, cells);
        let placed: Vec<(usize, String)> = cells
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .map(|(i, c)| (i + offset, c.clone()))
            .collect();
        match spec.group {
            Some(group) => self.group_row(index, spec, group, placed),
            None => self.plain_row(spec, placed),
        }
    }

    fn ends_block(&self, cells: &[String]) -> bool {
        let first = first_cell(cells);
        if first.is_empty() {
            return false;
        }
        if is_stop_label(first) {
            return true;
        }
        // A full-width row led by a non-label leaves the group block; a short row
        // is one that lost its leading cells and stays.
        match (self.group_spec(), self.block.as_ref()) {
            (Some(group), Some(block)) => {
                label_number(group, first).is_none() && cells.len() + 1 >= block.spec.width()
            }
            _ => false,
        }
    }

    /// A row in a block without groups: after a page break, a row without its
    /// key cell continues the row above.
    fn plain_row(&mut self, spec: &BlockSpec, placed: Vec<(usize, String)>) {
        if self.gap != Gap::None && self.continues_row_above(spec, &placed) {
            self.use_break();
            let last = self.rows.len() - 1;
            for (col, text) in placed {
                append_to(&mut self.rows[last], col, &text, self.page);
            }
            return;
        }
        self.push_row(placed);
    }

    fn continues_row_above(&self, spec: &BlockSpec, placed: &[(usize, String)]) -> bool {
        let key_empty = !placed.iter().any(|(col, _)| *col == spec.key_col);
        let block_has_rows = self.rows.len() > self.block_first_row();
        key_empty && !placed.is_empty() && block_has_rows
    }

    fn group_row(
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
        if has_text && (!open || self.room_for_unlabelled_group(index)) {
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
    fn room_for_unlabelled_group(&self, index: usize) -> bool {
        let (Some(block), Some(group)) = (self.block.as_ref(), self.group_spec()) else {
            return true;
        };
        let next = next_label(&self.items[index + 1..], group);
        match (block.last_label, next) {
            (Some(last), Some(next)) if next > last => block.unlabelled + 1 < next - last,
            _ => true,
        }
    }

    /// Text in a group column of a row that cannot start a new group: it was
    /// pushed out of its column; put it in the group's column still empty.
    fn displaced_text(&mut self, group: GroupSpec, shared: Vec<(usize, String)>) {
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

    fn continue_group(&mut self, shared: Vec<(usize, String)>) {
        let Some(start) = self.group_start() else {
            return;
        };
        for (col, text) in shared {
            append_to(&mut self.rows[start], col, &text, self.page);
        }
    }

    /// Member cells of a group row; after a page break, a row without its key
    /// cell continues the row above.
    fn member_row(&mut self, spec: &BlockSpec, members: Vec<(usize, String)>) {
        if members.is_empty() {
            return;
        }
        self.plain_row(spec, members);
    }

    fn start_group(&mut self, shared: Vec<(usize, String)>, members: Vec<(usize, String)>) {
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
    fn prepend_head(&mut self, start: usize, head: Head) {
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
    fn attach_stray_value(&mut self, group: GroupSpec, cells: &[String]) -> bool {
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

    // ---- bookkeeping ----

    /// The break before this row has been used to join cells: the rest of the
    /// row is read as an ordinary row.
    fn use_break(&mut self) {
        self.gap = Gap::None;
    }

    fn push_row(&mut self, placed: Vec<(usize, String)>) {
        let page = self.page;
        let cells = placed
            .into_iter()
            .map(|(col, text)| Cell {
                text,
                col,
                colspan: 1,
                rowspan: 1,
                pages: vec![page],
            })
            .collect();
        // The reader joins cells across page breaks itself, so no row is marked
        // as possibly continuing the one above (`page_top`).
        self.rows.push(Row {
            cells,
            page,
            page_top: false,
        });
    }

    fn close_group(&mut self) {
        self.close_group_at(self.rows.len());
    }

    /// Ends the current group before row `end`, setting its merged cells' row span.
    fn close_group_at(&mut self, end: usize) {
        let Some(start) = self.group_start() else {
            return;
        };
        let span = end.saturating_sub(start);
        if let Some(group) = self.group_spec() {
            for cell in &mut self.rows[start].cells {
                if cell.col == group.label_col
                    || group.text_cols.contains(&cell.col)
                    || group.value_cols.contains(&cell.col)
                {
                    cell.rowspan = span.max(1);
                }
            }
        }
        if let Some(block) = self.block.as_mut() {
            block.group_start = None;
        }
    }

    fn close_block(&mut self) {
        self.close_group();
        self.lift_block_label();
        if let Some(head) = self.head.take() {
            self.warn(
                "text.loose_paragraph",
                format!("text continues no cell: {}", preview(&head.text)),
                head.page,
            );
            self.free_line(head.text, head.page, false);
        }
        self.block = None;
    }

    /// A block label printed in a middle row (a merged cell's text is centred
    /// vertically) moves up to the block's header row, spanning the block.
    fn lift_block_label(&mut self) {
        let Some(block) = self.block.as_ref() else {
            return;
        };
        if block.spec.group.is_some() || block.spec.kinds.first() != Some(&ColKind::Label) {
            return;
        }
        let (header, end) = (block.header_row, self.rows.len());
        if end < header + 3 || cell_text(&self.rows[header], 0).is_some() {
            return; // a label beside a single data row is that row's own label
        }
        let holders: Vec<usize> = (header + 1..end)
            .filter(|&r| cell_text(&self.rows[r], 0).is_some())
            .collect();
        let [row] = holders.as_slice() else {
            return;
        };
        let Some(pos) = self.rows[*row].cells.iter().position(|c| c.col == 0) else {
            return;
        };
        let mut cell = self.rows[*row].cells.remove(pos);
        cell.rowspan = end - header;
        self.rows[header].cells.retain(|c| c.col != 0);
        self.rows[header].cells.insert(0, cell);
    }

    fn block_first_row(&self) -> usize {
        self.block
            .as_ref()
            .map_or(self.rows.len(), |b| b.header_row + 1)
    }

    fn group_spec(&self) -> Option<GroupSpec> {
        self.block.as_ref().and_then(|b| b.spec.group)
    }

    fn group_start(&self) -> Option<usize> {
        self.block.as_ref().and_then(|b| b.group_start)
    }

    fn free_line(&mut self, text: String, page: u32, above_table: bool) {
        self.lines.push(FreeLine {
            text,
            page,
            above_table,
        });
    }

    fn warn(&mut self, code: &str, message: String, page: u32) {
        self.warnings.push(Warning {
            code: code.to_string(),
            message,
            page: Some(page),
        });
    }
}

// ---- helpers on rows and cells ----

fn first_cell(cells: &[String]) -> &str {
    cells.first().map_or("", String::as_str)
}

fn is_stop_label(text: &str) -> bool {
    let key = squash(text);
    !key.is_empty() && STOP_LABELS.iter().any(|label| squash(label) == key)
}

/// The block whose header this row is: at least two of its labels, and at
/// least half of them, appear among the row's cells.
fn header_spec(cells: &[String]) -> Option<&'static BlockSpec> {
    let keys: Vec<String> = cells.iter().map(|c| squash(c)).collect();
    BLOCKS.iter().find(|spec| {
        let labels: Vec<String> = spec
            .header
            .iter()
            .filter(|l| !l.is_empty())
            .map(|l| squash(l))
            .collect();
        let hits = labels.iter().filter(|l| keys.contains(l)).count();
        hits >= 2 && hits * 2 >= labels.len()
    })
}

/// Header cells at the columns of the labels they match; the rest follow their neighbours.
fn place_header(spec: &BlockSpec, cells: &[String]) -> Vec<(usize, String)> {
    let labels: Vec<String> = spec.header.iter().map(|l| squash(l)).collect();
    let offset = cells
        .iter()
        .enumerate()
        .find_map(|(i, c)| {
            let key = squash(c);
            labels
                .iter()
                .position(|l| !l.is_empty() && *l == key)
                .filter(|&col| col >= i)
                .map(|col| col - i)
        })
        .unwrap_or(0);
    cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_empty())
        .map(|(i, c)| (i + offset, c.clone()))
        .collect()
}

/// `任务3` → 3 (markup and spaces ignored).
fn label_number(group: GroupSpec, text: &str) -> Option<u32> {
    squash(text)
        .strip_prefix(group.label_prefix)
        .and_then(|rest| rest.parse().ok())
}

/// The next group label in the items ahead (first cells only).
fn next_label(items: &[Item], group: GroupSpec) -> Option<u32> {
    items.iter().find_map(|item| match item {
        Item::Row(cells) => label_number(group, first_cell(cells)),
        _ => None,
    })
}

fn cell_text(row: &Row, col: usize) -> Option<&str> {
    row.cells
        .iter()
        .find(|c| c.col == col)
        .map(|c| c.text.as_str())
        .filter(|t| !t.trim().is_empty())
}

fn insert_cell(row: &mut Row, col: usize, text: String, page: u32) {
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
        },
    );
}

/// Appends text to the cell at `col` (creating it), recording the page.
fn append_to(row: &mut Row, col: usize, text: &str, page: u32) {
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
fn join(head: &str, tail: &str) -> String {
    let head = head.trim_end();
    let head = head.strip_suffix("</p>").unwrap_or(head).trim_end();
    let tail = tail.trim_start();
    let tail = tail.strip_prefix("<p>").unwrap_or(tail).trim_start();
    format!("{head}{tail}")
}

fn preview(text: &str) -> String {
    let key = squash(text);
    let short: String = key.chars().take(24).collect();
    if key.chars().count() > 24 {
        format!("“{short}…”")
    } else {
        format!("“{short}”")
    }
}

fn row_preview(row: &Row) -> String {
    row.cells
        .iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}
