//! Items → rows of cells, with the structural repairs a rendition needs.
//!
//! The [`Assembler`] walks the scanned items once. This file holds the walk,
//! the rows and the bookkeeping; `paragraphs` decides where dumped text goes,
//! `groups` handles the merged task cells, `cells` the small helpers.

mod cells;
mod groups;
mod paragraphs;

use crate::layout::{Cell, FormLayout, FreeLine, Row};
use crate::model::Warning;

use super::blocks::{BlockSpec, GroupSpec};
use super::scan::Item;
use super::shape::{best_offset, is_number};
use crate::vocab::ColKind;
use cells::{
    append_to, cell_text, first_cell, header_spec, insert_cell, is_stop_label, label_number,
    place_header, preview,
};

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
    /// A blank line: a page break when it separates two rows of the table.
    Blank,
    /// A form feed: the page was already counted.
    PageBreak,
}

/// The block being read (after its header row).
struct Block {
    spec: std::rc::Rc<BlockSpec>,
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

/// The walk's state: the rows built so far, the block and group being read,
/// the current page.
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
        FormLayout {
            pages: self.page,
            lines: self.lines,
            rows: self.rows,
            warnings: self.warnings,
        }
    }

    // ---- rows ----

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
        if let Some((spec, offset)) = header {
            if self.sub_header(&spec, offset, cells) {
                return;
            }
            self.close_block();
            self.block = Some(Block {
                spec: std::rc::Rc::new(spec),
                header_row: self.rows.len(),
                group_start: None,
                last_label: None,
                unlabelled: 0,
            });
            let placed = place_header(offset, cells);
            self.push_row(placed);
            return;
        }
        if self.block.is_some() && self.ends_block(cells) {
            self.close_block();
        }
        if filled == 1 && self.gap == Gap::None && self.attach_lone_number(cells) {
            return;
        }
        let Some(spec) = self.block.as_ref().map(|b| b.spec.clone()) else {
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
        let offset = best_offset(&spec.kinds, cells);
        let placed: Vec<(usize, String)> = cells
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .map(|(i, c)| (i + offset, c.clone()))
            .collect();
        match spec.group {
            Some(group) => self.group_row(index, &spec, group, placed),
            None => self.plain_row(&spec, placed),
        }
    }

    /// A second header row right under a table's header (指标性质 | 指标值 |
    /// 度量单位 under 年度指标值): the converter printed the merged cell
    /// above once, so it spans the sub-header's columns and the header cells
    /// after it move right; the block's columns become the sub-header's.
    fn sub_header(&mut self, spec: &BlockSpec, offset: usize, cells: &[String]) -> bool {
        let Some(block) = self.block.as_ref() else {
            return false;
        };
        if block.spec.id != "table"
            || spec.id != "table"
            || block.spec.group.is_some()
            || self.rows.len() != block.header_row + 1
        {
            return false;
        }
        let placed = place_header(offset, cells);
        let (Some(first), Some(last)) = (
            placed.iter().map(|p| p.0).min(),
            placed.iter().map(|p| p.0).max(),
        ) else {
            return false;
        };
        let n = last - first + 1;
        let header = block.header_row;
        let Some(parent) = self.rows[header].cells.iter().position(|c| c.col == first) else {
            return false;
        };
        if n < 2 || spec.kinds.len() < last + 1 || block.spec.kinds.len() <= first {
            return false;
        }
        let shift = n - 1;
        for c in &mut self.rows[header].cells {
            if c.col > first {
                c.col += shift;
            }
        }
        self.rows[header].cells[parent].colspan = n;
        let old = &block.spec;
        let mut kinds = old.kinds[..first].to_vec();
        kinds.extend_from_slice(&spec.kinds[first..=last]);
        kinds.extend_from_slice(&old.kinds[first + 1..]);
        let key_col = if old.key_col > first {
            old.key_col + shift
        } else {
            old.key_col
        };
        let merged = BlockSpec {
            id: old.id,
            kinds,
            key_col,
            group: None,
        };
        if let Some(b) = self.block.as_mut() {
            b.spec = std::rc::Rc::new(merged);
        }
        self.push_row(placed);
        true
    }

    fn ends_block(&self, cells: &[String]) -> bool {
        let first = first_cell(cells);
        if first.is_empty() {
            return false;
        }
        if is_stop_label(first) {
            return true;
        }
        if self.block.as_ref().is_some_and(|b| b.spec.id == "table")
            && super::blocks::is_total_label(first)
        {
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
                bbox: None,
                crosses: false,
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
            bbox: None,
        });
    }

    fn warn(&mut self, code: &str, message: String, page: u32) {
        self.warnings.push(Warning {
            code: code.to_string(),
            message,
            page: Some(page),
            fields: Vec::new(),
        });
    }
}
