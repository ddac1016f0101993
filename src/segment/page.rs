//! One page, sketched for segmentation: its form titles, its ruled tables
//! (and whether each one's first rows start a form), and whether its text is
//! prose, a borderless table, or nothing.

use crate::extract::Page;
use crate::layout::grid::GridSettings;
use crate::layout::lines::{cell_text, group_lines};
use crate::layout::{assign_glyphs, page_tables, readable_glyphs};
use crate::normalize::clean_text;
use crate::template::Template;

use crate::title::{is_form_title, is_other_title, mention};

/// Rows of a ruled table searched for the labels that start a form.
const HEAD_ROWS: usize = 3;
/// A page is a borderless table when at least this share of its lines (and
/// at least [`MIN_TABULAR_LINES`]) have wide gaps between runs of text.
const TABULAR_SHARE: f32 = 0.3;
const MIN_TABULAR_LINES: usize = 3;

/// What starts, continues or ends a form on a page, top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// A form's title line.
    FormTitle(String),
    /// Another table's title line (收入支出决算总表).
    OtherTitle(String),
    /// A ruled table whose first rows hold a form's opening labels (项目名称,
    /// 部门名称 …) or its title; `head` is the text of those rows' cells.
    FormTable { head: String },
    /// A ruled table that starts no form: a form's continuation, or a table of
    /// another kind; `head` is the text of its first cells.
    Table { head: String },
}

/// A mark and where it sits on the page (top-origin points).
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub top: f32,
    pub mark: Mark,
}

/// One page as segmentation sees it.
#[derive(Debug, Clone, Default)]
pub struct Sketch {
    pub number: u32,
    pub marks: Vec<Placed>,
    /// Lines of text outside ruled tables.
    pub free_lines: usize,
    /// Of those, lines with a wide gap between runs of text (cells side by side).
    pub gapped_lines: usize,
    /// No ruled table, but text laid out in columns (a borderless table).
    pub tabular: bool,
    /// Free lines that only sign the form (填报人：…, 联系电话：…).
    pub signature_lines: usize,
    /// Whether the page has any readable text.
    pub has_text: bool,
    /// A form named in the page's prose (for the no-form error).
    pub mentions: Option<String>,
}

impl Sketch {
    /// True when the page has a ruled table.
    pub fn has_table(&self) -> bool {
        self.marks
            .iter()
            .any(|m| matches!(m.mark, Mark::FormTable { .. } | Mark::Table { .. }))
    }

    /// A page of prose: text, no table of any kind (not even text side by
    /// side, as a borderless table's cells), and more than signatures.
    pub fn is_prose(&self) -> bool {
        self.has_text
            && !self.has_table()
            && self.gapped_lines == 0
            && self.free_lines > self.signature_lines
    }
}

/// Sketches one page. `templates` say which labels open a form.
pub fn sketch(page: &Page, templates: &[Template]) -> Sketch {
    let glyphs = readable_glyphs(page);
    let tables = page_tables(page, &GridSettings::default());
    let (tables, free) = assign_glyphs(tables, glyphs);
    let mut out = Sketch {
        number: page.number,
        has_text: !free.is_empty() || tables.iter().any(|t| !t.cell_glyphs.is_empty()),
        ..Sketch::default()
    };
    for table in &tables {
        let Some(&top) = table.grid.ys.first() else {
            continue;
        };
        let heads: Vec<String> = table
            .grid
            .cells
            .iter()
            .zip(&table.cell_glyphs)
            .filter(|(c, _)| c.row < HEAD_ROWS)
            .map(|(_, g)| clean_text(&cell_text(g)))
            .filter(|t| !t.is_empty())
            .collect();
        let opens = heads.iter().any(|h| opens_form(h, templates));
        let mark = if opens {
            Mark::FormTable {
                head: heads.join(" "),
            }
        } else {
            Mark::Table {
                head: heads.iter().take(4).cloned().collect::<Vec<_>>().join(" "),
            }
        };
        out.marks.push(Placed { top, mark });
        out.marks.extend(titles_inside(table));
    }
    let lines = group_lines(&free);
    let mut gapped = 0;
    for line in &lines {
        let text = line.text_with_gaps(2.5, "\t");
        out.free_lines += 1;
        if text.contains('\t') {
            gapped += 1;
        }
        if is_signature(&text) {
            out.signature_lines += 1;
        }
        if is_form_title(&text) {
            out.marks.push(Placed {
                top: line.top,
                mark: Mark::FormTitle(clean_text(&text)),
            });
        } else if is_other_title(&text) {
            out.marks.push(Placed {
                top: line.top,
                mark: Mark::OtherTitle(clean_text(&text)),
            });
        } else if out.mentions.is_none() {
            out.mentions = mention(&text);
        }
    }
    out.gapped_lines = gapped;
    out.tabular = tables.is_empty()
        && gapped >= MIN_TABULAR_LINES
        && gapped as f32 >= TABULAR_SHARE * lines.len() as f32;
    out.marks.sort_by(|a, b| a.top.total_cmp(&b.top));
    out
}

/// Form titles printed inside a table's grid below its first rows: where
/// two forms' tables share a page and their borders line up, they are found
/// as one table, and the next form's title sits in the full-width band
/// between them. Each title is followed by a mark for the table below it.
fn titles_inside(table: &crate::layout::PageTable) -> Vec<Placed> {
    let width = table.grid.xs.len().saturating_sub(1);
    let mut out = Vec::new();
    for (cell, glyphs) in table.grid.cells.iter().zip(&table.cell_glyphs) {
        if cell.row < HEAD_ROWS || cell.colspan < width {
            continue;
        }
        for line in group_lines(glyphs) {
            let text = line.text_with_gaps(2.5, "\t");
            if is_form_title(&text) {
                out.push(Placed {
                    top: line.top,
                    mark: Mark::FormTitle(clean_text(&text)),
                });
                out.push(Placed {
                    top: line.bottom,
                    mark: Mark::Table {
                        head: "(the rest of the table)".into(),
                    },
                });
            }
        }
    }
    out
}

/// A cell that opens a form: a template's title, or its entity or project label.
fn opens_form(text: &str, templates: &[Template]) -> bool {
    is_form_title(text)
        || templates.iter().any(|t| {
            t.fields
                .iter()
                .filter(|(f, _)| f == "entity" || f == "project")
                .any(|(_, re)| re.is_match(text))
        })
}

/// A line that signs a form: 填报人：…, 联系电话：…, 单位负责人：… (the
/// vocabulary's signature roles and phone labels).
fn is_signature(text: &str) -> bool {
    crate::vocab::vocabulary().is_signature(text)
}
