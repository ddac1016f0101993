//! Form segmentation, between extract and layout: the pages of a file cut into
//! the forms they hold.
//!
//! Departments publish their forms together: a notice or cover page, a prose
//! report, then one form after another. Each page is sketched ([`page`]): its
//! form titles, its ruled tables and whether each one's first rows open a form
//! (项目名称, 部门名称 …), other tables' titles, prose. Then, in page order:
//!
//! - a form starts at a form title, or at a ruled table that opens a form
//!   with no title of its own above it;
//! - a page whose table opens nothing continues the form above;
//! - a prose page, or another table's title, ends the form;
//! - a form that ends and another that starts on the same page split the page
//!   at the new form's title (or table);
//! - pages of no form are skipped and named.
//!
//! A file with no ruled table at all is read as borderless: there a form runs
//! from its title to the next title, over pages whose text is laid out in
//! columns. Text renditions are split the same way by
//! [`crate::input::text::read_renditions`].

pub mod page;

use crate::extract::{Orientation, Page, PdfDocument};
use crate::template::Template;
use page::{Mark, Sketch};

/// Distance (points) above a mark where a page is cut between two forms.
const CUT_MARGIN: f32 = 2.0;

/// A piece of a page: all of it, or the band between two cuts (top-origin points).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PagePart {
    /// 1-based page number.
    pub page: u32,
    pub top: Option<f32>,
    pub bottom: Option<f32>,
}

/// The pages (or parts of pages) one form was read from, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormSpan {
    pub parts: Vec<PagePart>,
}

impl FormSpan {
    /// `[first, last]` page of the form.
    pub fn page_range(&self) -> [u32; 2] {
        let first = self.parts.first().map_or(1, |p| p.page);
        let last = self.parts.last().map_or(first, |p| p.page);
        [first, last]
    }
}

/// The forms of a file, and what else was seen.
#[derive(Debug, Clone, Default)]
pub struct Segmentation {
    pub forms: Vec<FormSpan>,
    /// Pages no form took.
    pub skipped: Vec<u32>,
    pub sketches: Vec<Sketch>,
}

/// A form being collected.
struct Open {
    parts: Vec<PagePart>,
    /// Whether it has a table yet (a title alone is not a form).
    has_table: bool,
    /// Whether anything of the form was seen on its last page so far.
    on_page: bool,
    /// The title line that started it, if one did.
    title: Option<String>,
    /// The first rows of the table that opened it, if one did.
    head: Option<String>,
}

impl Open {
    fn at(page: u32, top: Option<f32>) -> Open {
        Open {
            parts: vec![PagePart {
                page,
                top,
                bottom: None,
            }],
            has_table: false,
            on_page: true,
            title: None,
            head: None,
        }
    }
}

struct Walk {
    forms: Vec<FormSpan>,
    open: Option<Open>,
}

impl Walk {
    /// Ends the open form at `cut` on page `page` (or after its last part).
    fn close(&mut self, page: u32, cut: Option<f32>) {
        let Some(mut open) = self.open.take() else {
            return;
        };
        if let Some(last) = open.parts.last_mut()
            && last.page == page
            && cut.is_some()
        {
            last.bottom = cut;
            // Cut above anything of the form on this page: the page is not its.
            if last.top.is_none() && !open.on_page {
                open.parts.pop();
            }
        }
        open.parts
            .retain(|p| !matches!((p.top, p.bottom), (Some(t), Some(b)) if b <= t));
        if open.has_table && !open.parts.is_empty() {
            self.forms.push(FormSpan { parts: open.parts });
        }
    }

    fn start(&mut self, page: u32, top: f32) {
        let cut = (top - CUT_MARGIN).max(0.0);
        self.close(page, Some(cut));
        self.open = Some(Open::at(page, Some(cut)));
    }

    /// Notes that the open form has a table (on the current page).
    fn table(&mut self) {
        if let Some(o) = self.open.as_mut() {
            o.has_table = true;
            o.on_page = true;
        }
    }
}

/// Cuts a PDF's pages into forms.
pub fn segment_pdf(doc: &PdfDocument, templates: &[Template]) -> Segmentation {
    let sketches: Vec<Sketch> = doc
        .pages
        .iter()
        .map(|p| page::sketch(p, templates))
        .collect();
    let borderless = !sketches.iter().any(Sketch::has_table);
    let mut walk = Walk {
        forms: Vec::new(),
        open: None,
    };
    for s in &sketches {
        if s.is_prose() {
            walk.close(s.number, None);
            continue;
        }
        if let Some(open) = walk.open.as_mut() {
            open.parts.push(PagePart {
                page: s.number,
                top: None,
                bottom: None,
            });
            open.on_page = false;
            if borderless && s.gapped_lines > 0 {
                open.has_table = true;
                open.on_page = true;
            }
        }
        // Another table's title above on this page (项目支出预算情况表): a
        // table below it that opens with 项目名称 is that table, not a form.
        let mut other_titled = false;
        // The open form's title repeated at the top of this page.
        let mut repeated_title = false;
        for (i, m) in s.marks.iter().enumerate() {
            match &m.mark {
                Mark::FormTable { .. } if other_titled => {}
                Mark::FormTitle(title) => {
                    other_titled = false;
                    // The open form's title repeated at the top of a page
                    // (its first mark) over a table that opens nothing, or
                    // that repeats the open form's header: the form goes on.
                    let repeated = i == 0
                        && walk.open.as_ref().is_some_and(|o| {
                            o.has_table
                                && o.title.as_ref() == Some(title)
                                && match s.marks.get(i + 1).map(|n| &n.mark) {
                                    Some(Mark::Table { .. }) => true,
                                    Some(Mark::FormTable { head }) => o.head.as_ref() == Some(head),
                                    _ => false,
                                }
                        });
                    repeated_title = repeated;
                    // A second title line before the table (a subtitle) starts nothing.
                    if !repeated && walk.open.as_ref().is_none_or(|o| o.has_table) {
                        walk.start(s.number, m.top);
                        if let Some(o) = walk.open.as_mut() {
                            o.title = Some(title.clone());
                        }
                    }
                    if borderless && s.tabular {
                        walk.table();
                    }
                }
                Mark::FormTable { head } => {
                    let goes_on = std::mem::take(&mut repeated_title);
                    if !goes_on && walk.open.as_ref().is_none_or(|o| o.has_table) {
                        walk.start(s.number, m.top);
                    }
                    if let Some(o) = walk.open.as_mut()
                        && o.head.is_none()
                    {
                        o.head = Some(head.clone());
                    }
                    walk.table();
                }
                Mark::Table { .. } => walk.table(),
                Mark::OtherTitle(_) => {
                    other_titled = true;
                    if walk.open.as_ref().is_some_and(|o| o.has_table) {
                        walk.close(s.number, Some((m.top - CUT_MARGIN).max(0.0)));
                    }
                }
            }
        }
    }
    if let Some(last) = sketches.last() {
        walk.close(last.number, None);
    }
    let taken: std::collections::BTreeSet<u32> = walk
        .forms
        .iter()
        .flat_map(|f| f.parts.iter().map(|p| p.page))
        .collect();
    let skipped = sketches
        .iter()
        .map(|s| s.number)
        .filter(|n| !taken.contains(n))
        .collect();
    Segmentation {
        forms: walk.forms,
        skipped,
        sketches,
    }
}

/// The part of the document one form was read from: its pages, each cut to
/// the form's band (glyphs by their centre, rulings clipped).
pub fn sub_document(doc: &PdfDocument, span: &FormSpan) -> PdfDocument {
    let pages = span
        .parts
        .iter()
        .filter_map(|part| {
            let page = doc.pages.iter().find(|p| p.number == part.page)?;
            Some(cut_page(page, part))
        })
        .collect();
    PdfDocument {
        pages,
        fonts: doc.fonts.clone(),
    }
}

fn cut_page(page: &Page, part: &PagePart) -> Page {
    if part.top.is_none() && part.bottom.is_none() {
        return page.clone();
    }
    let top = part.top.unwrap_or(f32::NEG_INFINITY);
    let bottom = part.bottom.unwrap_or(f32::INFINITY);
    let inside = |y: f32| y >= top && y < bottom;
    let mut out = page.clone();
    out.glyphs.retain(|g| inside((g.y0 + g.y1) / 2.0));
    out.rulings.retain_mut(|r| match r.orientation {
        Orientation::Horizontal => inside(r.pos),
        Orientation::Vertical => {
            r.start = r.start.max(top);
            r.end = r.end.min(bottom);
            r.end > r.start
        }
    });
    out
}

/// What a file without a form shows, for the error: `4 pages; none holds a
/// table; page 1 mentions 项目支出绩效自评表 in its text`.
pub fn describe_no_form(seg: &Segmentation) -> String {
    let n = seg.sketches.len();
    let mut parts = vec![format!("{n} page{}", if n == 1 { "" } else { "s" })];
    if seg.sketches.iter().all(|s| !s.has_text) {
        parts.push("no text on any page (a scan without a text layer?)".into());
        return parts.join("; ");
    }
    let tables: Vec<String> = seg
        .sketches
        .iter()
        .flat_map(|s| {
            s.marks.iter().filter_map(move |m| match &m.mark {
                Mark::Table { head } => Some(format!("page {} ({head})", s.number)),
                _ => None,
            })
        })
        .collect();
    let titles: Vec<String> = seg
        .sketches
        .iter()
        .flat_map(|s| {
            s.marks.iter().filter_map(move |m| match &m.mark {
                Mark::OtherTitle(t) => Some(format!("page {} is titled {t}", s.number)),
                _ => None,
            })
        })
        .collect();
    if tables.is_empty() {
        parts.push(if n == 1 {
            "it holds no ruled table".into()
        } else {
            "none holds a ruled table".into()
        });
    } else {
        parts.push(format!(
            "no table opens a form (项目名称, 部门名称 …): {}",
            tables.join(", ")
        ));
    }
    parts.extend(titles);
    for s in &seg.sketches {
        if let Some(m) = &s.mentions {
            parts.push(format!("page {} mentions {m} in its text", s.number));
            break;
        }
    }
    parts.join("; ")
}

/// `pages 1, 5` / `page 3`.
pub fn page_list(pages: &[u32]) -> String {
    let list: Vec<String> = pages.iter().map(u32::to_string).collect();
    format!(
        "page{} {}",
        if pages.len() == 1 { "" } else { "s" },
        list.join(", ")
    )
}
