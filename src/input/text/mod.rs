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
//!
//! A rendition may hold several forms, one after another, each under its own
//! title line ([`read_renditions`]); text before the first title is a cover
//! or notice and is skipped.

mod assemble;
pub mod blocks;
mod scan;
mod shape;

use crate::layout::FormLayout;
use crate::model::Warning;
use crate::title::is_form_title;

use super::InputError;

pub use shape::squash;

/// Reads a decoded rendition of one form into the form's layout.
pub fn read_rendition(text: &str) -> Result<FormLayout, InputError> {
    let items = scan::scan(text);
    let layout = assemble::assemble(&items);
    if layout.rows.is_empty() {
        return Err(no_rows());
    }
    Ok(layout)
}

fn no_rows() -> InputError {
    InputError::NotARendition("no table rows (lines with tab-separated cells) found".into())
}

/// One form of a rendition.
#[derive(Debug, Clone)]
pub struct RenditionForm {
    /// Its layout, pages numbered as in the whole rendition.
    pub layout: FormLayout,
    /// `[first, last]` page of the rendition the form was read from.
    pub page_range: [u32; 2],
}

/// Reads a decoded rendition that may hold several forms: one layout per
/// form, in order. A form starts at a title line (…绩效自评表) once the form
/// before it has table rows; a rendition without any title is one form.
pub fn read_renditions(text: &str) -> Result<Vec<RenditionForm>, InputError> {
    let items = scan::scan(text);
    let parts = split_forms(&items);
    let mut forms: Vec<RenditionForm> = Vec::new();
    let mut last_page = 0;
    for (start, end) in &parts {
        let mut layout = assemble::assemble(&items[*start..*end]);
        if layout.rows.is_empty() {
            continue;
        }
        // Forms after the first start on a new page.
        shift_pages(&mut layout, last_page);
        let first = last_page + 1;
        last_page += layout.pages;
        layout.pages = last_page - first + 1;
        forms.push(RenditionForm {
            layout,
            page_range: [first, last_page],
        });
    }
    let Some(first) = forms.first_mut() else {
        return Err(no_rows());
    };
    let preamble = parts.first().map_or(0, |p| p.0);
    let skipped = items[..preamble]
        .iter()
        .filter(|i| matches!(i, scan::Item::Para(_) | scan::Item::Row(_)))
        .count();
    if skipped > 0 {
        first.layout.warnings.push(Warning {
            code: "pages_skipped".into(),
            message: format!(
                "{skipped} lines before the first form's title hold no form and were skipped"
            ),
            page: None,
            fields: Vec::new(),
        });
    }
    Ok(forms)
}

/// Item ranges of the forms: from each title that follows table rows (or the
/// first title) to the next such title; the whole text when there is no title.
fn split_forms(items: &[scan::Item]) -> Vec<(usize, usize)> {
    let mut starts: Vec<usize> = Vec::new();
    let mut rows_since_start = false;
    for (i, item) in items.iter().enumerate() {
        match item {
            scan::Item::Para(t) if is_form_title(t) && (starts.is_empty() || rows_since_start) => {
                starts.push(i);
                rows_since_start = false;
            }
            scan::Item::Row(_) => rows_since_start = true,
            _ => {}
        }
    }
    if starts.is_empty() {
        return vec![(0, items.len())];
    }
    // Keep any blank lines before a title with the form they follow.
    let mut parts = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(items.len());
        parts.push((s, end));
    }
    parts
}

fn shift_pages(layout: &mut FormLayout, by: u32) {
    if by == 0 {
        return;
    }
    for row in &mut layout.rows {
        row.page += by;
        for cell in &mut row.cells {
            cell.pages.iter_mut().for_each(|p| *p += by);
        }
    }
    for line in &mut layout.lines {
        line.page += by;
    }
    for w in &mut layout.warnings {
        if let Some(p) = w.page.as_mut() {
            *p += by;
        }
    }
}
