//! Layout stage: glyphs and rulings → the form's table as rows of cells with
//! spans, one table across all pages.
//!
//! [`FormLayout`] is also what the text-rendition reader produces, so both kinds
//! of input meet the same template matchers.

use serde::{Deserialize, Serialize};

use crate::model::Warning;

/// The form as the template matchers see it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FormLayout {
    pub pages: u32,
    /// Text outside the table (title, year, unit line, signatures), in reading order.
    pub lines: Vec<FreeLine>,
    /// The table's rows, top to bottom, pages joined.
    pub rows: Vec<Row>,
    pub warnings: Vec<Warning>,
}

/// A line of text outside the table.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FreeLine {
    pub text: String,
    pub page: u32,
    /// True when the line sits above the table (title block), false below it.
    pub above_table: bool,
}

/// One table row. A merged cell appears once, in the row where it starts.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Row {
    pub cells: Vec<Cell>,
}

/// One cell: its text already joined across lines and page breaks.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Cell {
    pub text: String,
    /// First grid column the cell covers (0-based).
    pub col: usize,
    pub colspan: usize,
    pub rowspan: usize,
    /// Pages the cell's text was read from (1-based).
    pub pages: Vec<u32>,
}

impl Row {
    /// The cell covering grid column `col`, if it starts in this row.
    pub fn cell_at(&self, col: usize) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|c| c.col <= col && col < c.col + c.colspan.max(1))
    }
}
