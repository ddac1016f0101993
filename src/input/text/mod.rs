//! The text-rendition reader: a converter's text dump → [`FormLayout`].
//!
//! A rendition prints one table row a line with tab-separated cells, but the
//! converters that made them lose structure at page breaks and around tall
//! merged cells. The reader rebuilds the table and repairs what it can see:
//!
//! - a merged cell continued after a page break as a row of its own is joined
//!   to the cell it continues (and the page count goes up);
//! - text dumped as a paragraph after the rows is joined to the unterminated
//!   cell it continues, dropping a line the converter printed twice;
//! - a paragraph that continues no cell is the head of the next group's cell;
//! - rows that lost their leading empty cells are placed by the shape of
//!   their cells; a lone value away from its row goes to its group's value cell;
//! - a group whose label (`任务N`) was lost is recognised, and text pushed
//!   into the wrong column of it is moved back.
//!
//! Where the text cannot tell, the reader picks the most plausible reading and
//! says so in [`FormLayout::warnings`].

mod assemble;
pub mod labels;
mod scan;
mod shape;

use crate::layout::FormLayout;

use super::InputError;

pub use shape::squash;

/// Reads a decoded rendition into the form's layout.
pub fn read_rendition(text: &str) -> Result<FormLayout, InputError> {
    let items = scan::scan(text);
    let layout = assemble::assemble(&items);
    if layout.rows.is_empty() {
        return Err(InputError::NotARendition(
            "no table rows (lines with tab-separated cells) found".into(),
        ));
    }
    Ok(layout)
}
