//! Layout stage: glyphs and rulings → the form's table as rows of cells with
//! spans, one table across all pages. A document without any ruled table is
//! read by [`borderless`], which infers the grid from where the text sits.
//!
//! [`FormLayout`] is also what the text-rendition reader produces, so both kinds
//! of input meet the same template matchers.

use serde::{Deserialize, Serialize};

use crate::model::Warning;

/// The form as the template matchers see it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FormLayout {
    /// Pages the form spans.
    pub pages: u32,
    /// Text outside the table (title, year, unit line, signatures), in reading order.
    pub lines: Vec<FreeLine>,
    /// The table's rows, top to bottom, pages joined.
    pub rows: Vec<Row>,
    /// What the layout had to guess or repair.
    pub warnings: Vec<Warning>,
}

/// A line of text outside the table.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FreeLine {
    pub text: String,
    pub page: u32,
    /// True when the line sits above the table (title block), false below it.
    pub above_table: bool,
    /// Where the line sits on its page (see [`Cell::bbox`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f32; 4]>,
}

/// One table row. A merged cell appears once, in the row where it starts on
/// its page; a cell cut by a page break appears again at the top of the next
/// page, and the template stage decides what continues what (it knows which
/// columns are per-row and which are merged over a group of rows).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// Page the row is on (1-based).
    pub page: u32,
    /// The first row of the table on its page, after a page break.
    pub page_top: bool,
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
    /// Where the cell sits on its page: left, top, right, bottom in points,
    /// top-left origin, the page as shown (for a scan, in its deskewed
    /// frame). `None` for text renditions, which have no geometry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f32; 4]>,
    /// A run of text crosses the cell's left or right border: its text may
    /// have run into the neighbour's (or taken the neighbour's).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub crosses: bool,
}

/// One line per free line (`above`/`below` the table) and per row
/// (`p<page>` with `*` on a page's first row), each cell as
/// `[column+colspan×rowspan] text`.
impl std::fmt::Display for FormLayout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for l in self.lines.iter().filter(|l| l.above_table) {
            writeln!(f, "p{}  above | {}", l.page, l.text)?;
        }
        for r in &self.rows {
            let top = if r.page_top { '*' } else { ' ' };
            write!(f, "p{}{top} row  ", r.page)?;
            for c in &r.cells {
                write!(f, " | [{}+{}x{}] {}", c.col, c.colspan, c.rowspan, c.text)?;
            }
            writeln!(f)?;
        }
        for l in self.lines.iter().filter(|l| !l.above_table) {
            writeln!(f, "p{}  below | {}", l.page, l.text)?;
        }
        Ok(())
    }
}

impl Cell {
    /// True when the cell holds no text.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// True when the cell covers grid column `col`.
    pub fn covers(&self, col: usize) -> bool {
        self.col <= col && col < self.col + self.colspan.max(1)
    }

    /// True when the cell's columns overlap `[col, col + span)`.
    pub fn overlaps(&self, col: usize, span: usize) -> bool {
        self.col < col + span.max(1) && col < self.col + self.colspan.max(1)
    }
}

impl Row {
    /// The cell covering grid column `col`, if it starts in this row.
    pub fn cell_at(&self, col: usize) -> Option<&Cell> {
        self.cells.iter().find(|c| c.covers(col))
    }
}

pub mod borderless;
pub mod grid;
pub mod inspect;
pub mod lines;
pub mod rulings;

use crate::extract::{Glyph, Orientation, Page, PdfDocument};
use grid::{Grid, GridSettings};
use lines::{cell_text, group_lines};

/// Columns of different pages closer than this are one global column, in points.
const COLUMN_SNAP: f32 = 2.5;

/// One table found on one page, before columns are made global.
pub(crate) struct PageTable<'a> {
    pub(crate) grid: Grid,
    /// Glyphs of each grid cell, by index into `grid.cells`.
    pub(crate) cell_glyphs: Vec<Vec<&'a Glyph>>,
    /// Per cell: a glyph put in it starts outside it, in the neighbour's
    /// run of text (see [`assign_glyphs`]).
    pub(crate) crossing: Vec<bool>,
}

/// Builds the form layout of a PDF: each page's tables as grids, columns shared
/// across pages, text outside tables as free lines.
pub fn build(doc: &PdfDocument) -> FormLayout {
    let settings = GridSettings::default();
    let mut per_page: Vec<(u32, Vec<PageTable>, Vec<&Glyph>)> = Vec::new();
    for page in &doc.pages {
        let glyphs = readable_glyphs(page);
        let tables = page_tables(page, &settings);
        let (tables, free) = assign_glyphs(tables, glyphs);
        per_page.push((page.number, tables, free));
    }
    // No ruled table anywhere: the grid must come from where the text sits.
    if per_page.iter().all(|p| p.1.is_empty()) {
        let pages: Vec<(u32, Vec<&Glyph>)> = per_page.into_iter().map(|p| (p.0, p.2)).collect();
        let mut layout = borderless::build(&pages, &borderless::BorderlessSettings::default());
        layout.pages = doc.pages.len() as u32;
        return layout;
    }
    let columns = global_columns(
        per_page
            .iter()
            .flat_map(|p| p.1.iter().flat_map(|t| t.grid.xs.iter().copied())),
    );
    let mut layout = FormLayout {
        pages: doc.pages.len() as u32,
        ..FormLayout::default()
    };
    let mut seen_table = false;
    for (page, tables, free) in &per_page {
        let table_top = tables.first().and_then(|t| t.grid.ys.first().copied());
        for line in group_lines(free) {
            layout.lines.push(FreeLine {
                text: line.text_with_gaps(2.5, "\t"),
                page: *page,
                above_table: !seen_table && table_top.is_none_or(|t| line.bottom <= t + 1.0),
                bbox: lines::line_box(&line),
            });
        }
        for (ti, table) in tables.iter().enumerate() {
            let first_row = layout.rows.len();
            push_rows(&mut layout.rows, table, &columns, *page);
            if ti == 0 && seen_table && layout.rows.len() > first_row {
                layout.rows[first_row].page_top = true;
            }
            seen_table = true;
        }
    }
    layout
}

/// The glyphs layout reads: visible ones, or the invisible text layer of a page
/// that has nothing visible (an OCR layer over a scan).
pub(crate) fn readable_glyphs(page: &Page) -> Vec<&Glyph> {
    let in_page = |g: &&Glyph| {
        let (cx, cy) = ((g.x0 + g.x1) / 2.0, (g.y0 + g.y1) / 2.0);
        cx >= 0.0 && cy >= 0.0 && cx <= page.width && cy <= page.height && !g.text.trim().is_empty()
    };
    let visible: Vec<&Glyph> = page
        .glyphs
        .iter()
        .filter(|g| g.visible)
        .filter(in_page)
        .collect();
    if !visible.is_empty() {
        return visible;
    }
    page.glyphs.iter().filter(in_page).collect()
}

pub(crate) fn page_tables<'a>(page: &Page, s: &GridSettings) -> Vec<PageTable<'a>> {
    let h = grid::snap_lines(&page.rulings, Orientation::Horizontal, s);
    let v = grid::snap_lines(&page.rulings, Orientation::Vertical, s);
    grid::connected_tables(&h, &v, s.join)
        .into_iter()
        .map(|(h, v)| grid::build_grid(&h, &v, s))
        .filter(|g| !g.cells.is_empty() && g.xs.len() >= 3 && g.ys.len() >= 2)
        .map(|grid| PageTable {
            cell_glyphs: vec![Vec::new(); grid.cells.len()],
            crossing: vec![false; grid.cells.len()],
            grid,
        })
        .collect()
}

/// Puts each glyph in the cell holding its anchor point; the rest are free text.
/// The anchor sits in the upper third of the glyph: a browser lets a cell's
/// last line overflow onto the border below, and that line still belongs to
/// the cell it started in. Likewise a line that runs on past its cell's right
/// border (hanging punctuation, a long number) stays in the cell it started in.
pub(crate) fn assign_glyphs<'a>(
    mut tables: Vec<PageTable<'a>>,
    mut glyphs: Vec<&'a Glyph>,
) -> (Vec<PageTable<'a>>, Vec<&'a Glyph>) {
    glyphs.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    let squares: Vec<Vec<Option<usize>>> =
        tables.iter().map(|t| cell_per_square(&t.grid)).collect();
    let mut places: Vec<Option<(usize, usize)>> = glyphs
        .iter()
        .map(|g| place_of(&tables, &squares, g))
        .collect();
    for i in 1..glyphs.len() {
        let Some((t, c)) = places[i - 1] else {
            continue;
        };

        let cell = &tables[t].grid.cells[c];
        let right = tables[t].grid.xs[cell.col + cell.colspan];
        let g = glyphs[i];
        // A glyph clipped to its own cell stays there, whatever it touches.
        if let Some((t2, c2)) = places[i] {
            let grid = &tables[t2].grid;
            let own = &grid.cells[c2];
            let (l2, r2) = (grid.xs[own.col], grid.xs[own.col + own.colspan]);
            if clipped_within(g, l2, r2, 0.1 * g.size.max(1.0)) {
                continue;
            }
        }
        // Nothing past the clip of the glyph before runs on from it: the
        // viewer cut that text there.
        if glyphs[i - 1]
            .clip
            .is_some_and(|[_, _, x1, _]| (g.x0 + g.x1) / 2.0 > x1)
        {
            continue;
        }
        // Only a glyph that starts before the border is pulled back, or one
        // that goes on from a glyph already past it (a label running on
        // across an empty neighbour belongs to the cell it starts in): text
        // that starts past the border is the next cell's, however close.
        let prev = glyphs[i - 1];
        let prev_ran_on = prev.x0 > right;
        if runs_on(prev, g) && (g.x0 < right + 0.2 * g.size.max(1.0) || prev_ran_on) {
            places[i] = places[i - 1];
        }
    }
    for (i, (g, place)) in glyphs.iter().zip(&places).enumerate() {
        let Some((t, c)) = *place else { continue };
        let grid = &tables[t].grid;
        let cell = &grid.cells[c];
        let (left, right) = (grid.xs[cell.col], grid.xs[cell.col + cell.colspan]);
        let slack = 0.1 * g.size.max(1.0);
        if !g.visible || g.text.trim().is_empty() {
            continue;
        }
        // Past the right border: run on from this cell's text into the
        // neighbour (past the table's edge there is none). Before the left border: doubtful only when it continues
        // a run of the neighbour's (a line wider than its cell, centred,
        // starts there too, and is the cell's own).
        let outer = grid.xs.last().is_some_and(|&edge| right >= edge - slack);
        let ran_on = g.x0 > right - slack && !outer && !clipped_within(g, left, right, slack);
        let split_off = g.x0 < left - slack
            && i > 0
            && runs_on(glyphs[i - 1], g)
            && places[i - 1].is_some_and(|p| p != (t, c));
        if ran_on || split_off {
            tables[t].crossing[c] = true;
        }
    }
    let mut free = Vec::new();
    for (g, place) in glyphs.into_iter().zip(places) {
        match place {
            Some((t, c)) => tables[t].cell_glyphs[c].push(g),
            None => free.push(g),
        }
    }
    (tables, free)
}

/// (table, cell) holding a glyph's anchor point. `squares[t]` is table
/// `t`'s cell per grid square (see [`cell_per_square`]).
fn place_of(
    tables: &[PageTable],
    squares: &[Vec<Option<usize>>],
    g: &Glyph,
) -> Option<(usize, usize)> {
    let (cx, cy) = anchor(g);
    tables.iter().enumerate().find_map(|(ti, t)| {
        let (r, c) = t.grid.square_at(cx, cy)?;
        let cols = t.grid.xs.len().saturating_sub(1);
        Some((ti, squares[ti].get(r * cols + c).copied().flatten()?))
    })
}

/// The point that places a glyph: in the upper third of its box, moved
/// into its clip (a glyph drawn past its cell's border and clipped there
/// belongs to the cell it is clipped to).
fn anchor(g: &Glyph) -> (f32, f32) {
    let (cx, cy) = ((g.x0 + g.x1) / 2.0, g.y0 + 0.3 * (g.y1 - g.y0));
    match g.clip {
        // Only a glyph on a line the clip shows is moved (along the line):
        // one above or below it is another part of the text, drawn for
        // another page or cell, and stays where it is drawn.
        Some([x0, y0, x1, y1]) if x0 <= x1 && (y0..=y1).contains(&cy) => {
            // Just inside the clip: its edge is the border the next cell starts at.
            let ex = ((x1 - x0) / 4.0).min(1.0);
            (cx.clamp(x0 + ex, x1 - ex), cy)
        }
        _ => (cx, cy),
    }
}

/// Whether `g` is clipped to within `left..right` (its overflow hidden there).
fn clipped_within(g: &Glyph, left: f32, right: f32, slack: f32) -> bool {
    g.clip
        .is_some_and(|[x0, _, x1, _]| x0 >= left - slack && x1 <= right + slack)
}

/// For each square of the grid (row-major), the first cell covering it.
fn cell_per_square(grid: &Grid) -> Vec<Option<usize>> {
    let cols = grid.xs.len().saturating_sub(1);
    let rows = grid.ys.len().saturating_sub(1);
    let mut squares = vec![None; rows * cols];
    for (i, cell) in grid.cells.iter().enumerate().rev() {
        for r in cell.row..(cell.row + cell.rowspan).min(rows) {
            for c in cell.col..(cell.col + cell.colspan).min(cols) {
                squares[r * cols + c] = Some(i);
            }
        }
    }
    squares
}

/// True when `g` continues the run of text `prev` is in: same baseline and
/// touching (no gap a cell border and its padding would leave), or drawn over
/// it (fake bold).
fn runs_on(prev: &Glyph, g: &Glyph) -> bool {
    let size = prev.size.max(g.size).max(1.0);
    let same_line = (g.y0 - prev.y0).abs() < 0.2 * size && (g.y1 - prev.y1).abs() < 0.2 * size;
    let touching = g.x0 - prev.x1 < 0.1 * size && g.x0 > prev.x0;
    same_line && touching
}

/// Column boundaries of all pages, clustered: one list shared by every page.
fn global_columns(xs: impl Iterator<Item = f32>) -> Vec<f32> {
    let mut v: Vec<f32> = xs.collect();
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for x in v {
        match out.last() {
            Some(&last) if x - last <= COLUMN_SNAP => {}
            _ => out.push(x),
        }
    }
    out
}

fn global_index(columns: &[f32], x: f32) -> usize {
    columns
        .iter()
        .enumerate()
        .min_by(|a, b| (a.1 - x).abs().total_cmp(&(b.1 - x).abs()))
        .map_or(0, |(i, _)| i)
}

fn push_rows(rows: &mut Vec<Row>, table: &PageTable, columns: &[f32], page: u32) {
    let nrows = table.grid.ys.len() - 1;
    let start = rows.len();
    rows.extend((0..nrows).map(|_| Row {
        cells: Vec::new(),
        page,
        page_top: false,
    }));
    for ((cell, glyphs), crossing) in table
        .grid
        .cells
        .iter()
        .zip(&table.cell_glyphs)
        .zip(&table.crossing)
    {
        let col = global_index(columns, table.grid.xs[cell.col]);
        let end = global_index(columns, table.grid.xs[cell.col + cell.colspan]);
        rows[start + cell.row].cells.push(Cell {
            crosses: *crossing,
            text: cell_text(glyphs),
            col,
            colspan: end.saturating_sub(col).max(1),
            rowspan: cell.rowspan,
            pages: vec![page],
            bbox: Some([
                table.grid.xs[cell.col],
                table.grid.ys[cell.row],
                table.grid.xs[cell.col + cell.colspan],
                table.grid.ys[cell.row + cell.rowspan],
            ]),
        });
    }
    // Rows wholly covered by merged cells from above carry nothing.
    let mut i = start;
    while i < rows.len() {
        if rows[i].cells.is_empty() {
            rows.remove(i);
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Ruling;

    /// A small deterministic generator, so the test needs no dependency.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> f32 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as f32) / (u32::MAX >> 1) as f32
        }
    }

    fn random_page(rng: &mut Lcg, number: u32) -> Page {
        let mut rulings = Vec::new();
        for _ in 0..(rng.next() * 30.0) as usize {
            let orientation = if rng.next() < 0.5 {
                Orientation::Horizontal
            } else {
                Orientation::Vertical
            };
            let (a, b) = (rng.next() * 600.0, rng.next() * 600.0);
            rulings.push(Ruling {
                orientation,
                pos: rng.next() * 600.0,
                start: a.min(b),
                end: a.max(b),
            });
        }
        let glyphs = (0..(rng.next() * 200.0) as usize)
            .map(|i| {
                let (x, y) = (rng.next() * 590.0, rng.next() * 590.0);
                Glyph {
                    text: char::from_u32(0x4E00 + i as u32)
                        .map(String::from)
                        .unwrap_or_default(),
                    x0: x,
                    y0: y,
                    x1: x + 9.0,
                    y1: y + 9.0,
                    size: 9.0,
                    visible: true,
                    font: 0,
                    clip: None,
                }
            })
            .collect();
        Page {
            number,
            reference: None,
            width: 600.0,
            height: 600.0,
            rotation: 0,
            glyphs,
            rulings,
            painted: vec![],
            images: vec![],
            annotations: vec![],
            filled_paths: 0,
        }
    }

    /// Every glyph's text is in a cell or a free line.
    fn assert_keeps_every_glyph(doc: &PdfDocument, layout: &FormLayout, round: usize) {
        let count = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
        let in_cells: usize = layout
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .map(|c| count(&c.text))
            .sum();
        let in_lines: usize = layout.lines.iter().map(|l| count(&l.text)).sum();
        let glyphs: usize = doc.pages.iter().map(|p| p.glyphs.len()).sum();
        assert_eq!(in_cells + in_lines, glyphs, "round {round}");
    }

    /// Whatever the rulings, every glyph ends up in a cell or a free line:
    /// nothing is lost and nothing panics.
    #[test]
    fn every_glyph_is_kept_on_random_pages() {
        let mut rng = Lcg(7);
        for round in 0..200 {
            let doc = PdfDocument {
                pages: vec![random_page(&mut rng, 1), random_page(&mut rng, 2)],
                fonts: vec![],
            };
            let layout = build(&doc);
            assert_keeps_every_glyph(&doc, &layout, round);
        }
    }

    /// The same on pages without any ruling: the borderless reader keeps
    /// every glyph too, and builds rows when there is text.
    #[test]
    fn every_glyph_is_kept_on_random_borderless_pages() {
        let mut rng = Lcg(11);
        for round in 0..200 {
            let mut pages = vec![random_page(&mut rng, 1), random_page(&mut rng, 2)];
            pages.iter_mut().for_each(|p| p.rulings.clear());
            let doc = PdfDocument {
                pages,
                fonts: vec![],
            };
            let layout = build(&doc);
            assert_keeps_every_glyph(&doc, &layout, round);
            assert_eq!(layout.pages, 2);
            for row in &layout.rows {
                for c in &row.cells {
                    assert!(c.colspan >= 1 && c.rowspan >= 1, "round {round}: {c:?}");
                }
            }
        }
    }
}
