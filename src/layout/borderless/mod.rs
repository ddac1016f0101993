//! Tables drawn without ruling lines (borderless forms): the grid is inferred
//! from where the text sits, and comes out as the same rows of cells with
//! spans that ruled tables give.
//!
//! The chain, each step a plain function in a file of its own (`runs.rs`,
//! `columns.rs`, `blocks.rs`, `rows.rs`, `spans.rs`; this file joins them per page):
//!
//! 1. **Runs**: each text line split at horizontal gaps wider than a space.
//!    Two runs of one line are two cells, so every such gap holds a column
//!    boundary.
//! 2. **Columns**, shared by all pages: the fewest x positions that fall in
//!    every gap (interval stabbing). A wrapped header label or a merged cell
//!    spanning several columns leaves no gap and costs nothing; each boundary
//!    is then moved to where the fewest runs cross it.
//! 3. **Blocks** (cell texts), per page: runs that share a column and follow
//!    each other at line spacing. The gap between two cells of one column is
//!    wider than the spacing of lines inside a cell (the cells' padding).
//!    Where it is not (Writer sets rows at line spacing), a line continues
//!    the one above only if the text wrapped there: a line break may fall
//!    between them and the lower line's first word did not fit after the
//!    upper line in the column's width, and the lower line stays inside the
//!    upper one's columns. A doubtful wrap (the word would nearly have fitted,
//!    or the upper line ends well short of the edge before a long word) is a
//!    new cell when its line starts a row: another column starts a new cell
//!    on that line right below one of its own (a row's cells share a top).
//! 4. **Rows**, per page: the gaps between consecutive blocks of a column hold
//!    row boundaries; stabbing them again gives the rows, the densest columns
//!    giving the exact places.
//! 5. **Spans**: a block covers the rows its text touches, but a merged cell
//!    can cover more: blank rows of its column above and below it. Where its
//!    text sits in the span depends on the vertical alignment, found once for
//!    the document: top-aligned text starts its span, bottom-aligned text ends
//!    it, and vertically centred text (as Excel/WPS print merged cells) sits
//!    in the middle of the span: with the span's top T and bottom B, the text
//!    centre c = (T + B) / 2. Per column, the blank rows are shared out
//!    between the blocks by a small dynamic programme that prefers spans that
//!    fit the alignment and leaves as few rows uncovered as it can; rows left
//!    over become one empty cell per run of blank rows, as a ruled grid would
//!    show them (a merged cell continued from the previous page is such an
//!    empty cell at the top of the page).

use super::lines::{TextLine, cell_text, group_lines};
use super::{Cell, FormLayout, FreeLine, Row};
use crate::extract::Glyph;

mod blocks;
mod columns;
mod rows;
mod runs;
mod spans;

use blocks::*;
use columns::*;
use rows::*;
use runs::*;
use spans::*;

/// Tolerances of the borderless reader, in multiples of the font size.
#[derive(Debug, Clone, Copy)]
pub struct BorderlessSettings {
    /// A horizontal gap wider than this splits a line into runs (cells).
    /// A space is about 0.3 em; two cells are at least their paddings apart.
    pub run_gap_em: f32,
    /// A vertical gap wider than this between two lines of a column ends a
    /// cell. Lines inside a cell are about 0.2–0.3 em apart.
    pub block_gap_em: f32,
    /// How far a vertically centred text may sit off its span's middle.
    pub centre_tolerance_em: f32,
}

impl Default for BorderlessSettings {
    fn default() -> Self {
        BorderlessSettings {
            run_gap_em: 0.45,
            block_gap_em: 0.5,
            centre_tolerance_em: 0.35,
        }
    }
}

/// Cost of one grid slot of a column left without text (an empty cell),
/// against a span whose text sits exactly where the alignment puts it (0) or
/// at the tolerance (1).
const EMPTY_SLOT_COST: f32 = 1.0;

/// Lines that must show a gap at a column boundary for it to count.
const MIN_COLUMN_WITNESSES: usize = 2;

/// Vertical alignment of text in its cell, one for the whole document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VAlign {
    Top,
    Middle,
    Bottom,
}

/// One page read: its blocks placed on rows, with `ys` the row boundaries.
struct PageGrid<'a> {
    number: u32,
    blocks: Vec<Block<'a>>,
    ys: Vec<f32>,
    /// Where each boundary of `ys` may lie, from the gaps.
    ranges: Vec<(f32, f32)>,
}

impl PageGrid<'_> {
    /// Sets the rows each block's text touches.
    fn place_blocks(&mut self) {
        for b in &mut self.blocks {
            let inset = (0.25 * b.size).min((b.y1 - b.y0) / 2.0);
            b.r0 = slot(&self.ys, b.y0 + inset);
            b.r1 = slot(&self.ys, b.y1 - inset).max(b.r0);
        }
    }
}

/// Reads a document whose pages have no ruled table. `pages` holds each
/// page's number and readable glyphs.
pub fn build(pages: &[(u32, Vec<&Glyph>)], s: &BorderlessSettings) -> FormLayout {
    let mut layout = FormLayout {
        pages: pages.len() as u32,
        ..FormLayout::default()
    };
    // Runs of the table's lines, per page; lines before the first line with
    // two cells (title, year, unit) are free text above the table.
    let mut started = false;
    let mut page_lines: Vec<(u32, Vec<Vec<Run>>)> = Vec::new();
    for (number, glyphs) in pages {
        let mut lines = Vec::new();
        for line in group_lines(glyphs) {
            let runs = runs_of(&line, s.run_gap_em);
            if !started && runs.len() < 2 {
                layout.lines.push(FreeLine {
                    text: line.text_with_gaps(2.5, "\t"),
                    page: *number,
                    above_table: true,
                    bbox: super::lines::line_box(&line),
                });
                continue;
            }
            started = true;
            lines.push(runs);
        }
        page_lines.push((*number, lines));
    }
    let all_lines: Vec<Vec<Run>> = page_lines.iter().flat_map(|p| p.1.clone()).collect();
    let xs = column_bounds(&all_lines);
    if xs.len() < 2 {
        return layout;
    }
    let ncols = xs.len() - 1;
    let mut grids: Vec<PageGrid> = Vec::new();
    let mut seen_rows = Vec::new();
    for (number, lines) in page_lines {
        let runs: Vec<Run> = lines.into_iter().flatten().collect();
        if runs.is_empty() {
            continue;
        }
        let blocks = blocks(runs, &xs, s);
        let ranges = row_bounds(&blocks, ncols);
        let ys = ranges.iter().map(|(a, b)| (a + b) / 2.0).collect();
        grids.push(PageGrid {
            number,
            blocks,
            ys,
            ranges,
        });
    }
    grids.iter_mut().for_each(|g| g.place_blocks());
    let evidence: Vec<(f32, f32, f32)> = grids
        .iter()
        .flat_map(|g| alignment_evidence(&g.blocks, g.ys.len() - 1))
        .collect();
    let align = vote_alignment(&evidence);
    for g in &mut grids {
        if align == VAlign::Middle {
            g.ys = centre_bounds(&g.ranges, &g.blocks);
            g.place_blocks();
        }
        fix_blocks(&mut g.blocks, &g.ys, &mut seen_rows);
    }
    let count = grids.len();
    for (i, grid) in grids.iter().enumerate() {
        let edges = PageEdges {
            first: i == 0,
            last: i + 1 == count,
        };
        let first_row = layout.rows.len();
        layout.rows.extend(page_rows(grid, &xs, align, edges, s));
        if i > 0 && layout.rows.len() > first_row {
            layout.rows[first_row].page_top = true;
        }
    }
    layout
}

/// The rows of one page: each block as a cell in the first row of its span,
/// each run of blank rows of a column as one empty cell.
fn page_rows(
    grid: &PageGrid,
    xs: &[f32],
    align: VAlign,
    edges: PageEdges,
    s: &BorderlessSettings,
) -> Vec<Row> {
    let ncols = xs.len() - 1;
    let n = grid.ys.len() - 1;
    let size = grid.blocks.first().map_or(10.0, |b| b.size);
    let tol = s.centre_tolerance_em * size;
    let mut spans: Vec<Option<(usize, usize)>> = vec![None; grid.blocks.len()];
    for col in 0..ncols {
        let items: Vec<usize> = (0..grid.blocks.len())
            .filter(|&b| grid.blocks[b].covers(col))
            .collect();
        let found = column_spans(&items, &grid.blocks, &grid.ys, align, edges, tol);
        for (&b, &span) in items.iter().zip(&found) {
            // A block over several columns keeps the span its first column gave.
            if spans[b].is_none() {
                spans[b] = Some(span);
            }
        }
    }
    // Which block covers each slot; then blocks widened over blank slots.
    let mut owner: Vec<Vec<Option<usize>>> = vec![vec![None; ncols]; n];
    let mut cols: Vec<(usize, usize)> = grid.blocks.iter().map(|b| (b.c0, b.c1)).collect();
    let rows_of = |b: usize| spans[b].unwrap_or((grid.blocks[b].r0, grid.blocks[b].r1));
    for (b, &(c0, c1)) in cols.iter().enumerate() {
        let (r0, r1) = rows_of(b);
        for row in owner.iter_mut().take(r1 + 1).skip(r0) {
            for slot in row.iter_mut().take(c1).skip(c0) {
                slot.get_or_insert(b);
            }
        }
    }
    // The first row of a page (after a repeated header) holds the rest of
    // cells cut by the break: a short last line is no centred label.
    let cut_row = |r: usize| {
        !edges.first
            && grid
                .blocks
                .iter()
                .all(|b| b.r0 >= r || (b.repeated && b.r0 + 1 == r))
    };
    for (b, block) in grid.blocks.iter().enumerate() {
        let (r0, r1) = rows_of(b);
        if cut_row(r0) {
            continue;
        }
        let (c0, c1) = widen(block, b, cols[b], (r0, r1), &owner, xs, s);
        for row in owner.iter_mut().take(r1 + 1).skip(r0) {
            for slot in row.iter_mut().take(c1).skip(c0) {
                *slot = Some(b);
            }
        }
        cols[b] = (c0, c1);
    }
    let mut rows: Vec<Row> = (0..n)
        .map(|_| Row {
            cells: Vec::new(),
            page: grid.number,
            page_top: false,
        })
        .collect();
    for col in 0..ncols {
        let blanks: Vec<bool> = owner.iter().map(|row| row[col].is_none()).collect();
        let blank = |r: usize| blanks[r];
        let mut r = 0;
        while r < n {
            if !blank(r) {
                r += 1;
                continue;
            }
            let start = r;
            while r < n && blank(r) {
                r += 1;
            }
            rows[start].cells.push(Cell {
                text: String::new(),
                col,
                colspan: 1,
                rowspan: r - start,
                pages: vec![grid.number],
                bbox: None,
                crosses: false,
            });
        }
    }
    for (b, block) in grid.blocks.iter().enumerate() {
        let (r0, r1) = rows_of(b);
        rows[r0].cells.push(Cell {
            text: cell_text(&block.glyphs),
            col: cols[b].0,
            colspan: cols[b].1 - cols[b].0,
            rowspan: r1 - r0 + 1,
            pages: vec![grid.number],
            bbox: super::lines::glyph_box(&block.glyphs),
            crosses: false,
        });
    }
    for r in &mut rows {
        r.cells.sort_by_key(|c| c.col);
    }
    rows.retain(|r| !r.cells.is_empty());
    rows
}

/// The columns of a block widened over blank neighbour slots when its text is
/// centred on the wider range (a short label centred in a merged cell over
/// several columns, e.g. 合计 under 资金来源): the widest such range.
fn widen(
    block: &Block,
    me: usize,
    (c0, c1): (usize, usize),
    (r0, r1): (usize, usize),
    owner: &[Vec<Option<usize>>],
    xs: &[f32],
    s: &BorderlessSettings,
) -> (usize, usize) {
    let free = |c: usize| (r0..=r1).all(|r| owner[r][c].is_none_or(|o| o == me));
    let mut lo = c0;
    while lo > 0 && free(lo - 1) {
        lo -= 1;
    }
    let mut hi = c1;
    while hi < xs.len() - 1 && free(hi) {
        hi += 1;
    }
    let centre = (block.x0 + block.x1) / 2.0;
    let tol = s.centre_tolerance_em * 2.0 * block.size;
    let mut best = (c0, c1);
    for a in lo..=c0 {
        for b in c1..=hi {
            let fits = (centre - (xs[a] + xs[b]) / 2.0).abs() <= tol;
            if fits && b - a > best.1 - best.0 {
                best = (a, b);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs of `text` from (x, y), one square per character.
    fn text(t: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
        t.chars()
            .enumerate()
            .map(|(i, c)| Glyph::square(&c.to_string(), x + i as f32 * size, y, size))
            .collect()
    }

    #[test]
    fn stabbing_finds_one_point_per_boundary() {
        // Two boundaries near 10 and 30; a wide gap [5, 35] holds both.
        let p = stab(&[(8.0, 12.0), (9.0, 11.0), (28.0, 33.0), (5.0, 35.0)]);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0], (9.0, 11.0, 2));
        assert_eq!(p[1], (28.0, 33.0, 1));
    }

    #[test]
    fn columns_from_gaps_with_spanning_and_wrapped_text() {
        // Header: three labels; a body line spanning the last two columns;
        // a label wrapped onto a second line.
        let g: Vec<Glyph> = [
            text("一级", 0.0, 0.0, 10.0),
            text("二级指标", 40.0, 0.0, 10.0),
            text("分值", 100.0, 0.0, 10.0),
            text("年度", 2.0, 12.0, 10.0),
            text("很长很长的说明文字", 42.0, 30.0, 10.0),
            text("甲", 5.0, 30.0, 10.0),
            text("乙", 5.0, 45.0, 10.0),
            text("名称", 45.0, 45.0, 10.0),
            text("5", 105.0, 45.0, 10.0),
        ]
        .concat();
        let refs: Vec<&Glyph> = g.iter().collect();
        let lines: Vec<Vec<Run>> = group_lines(&refs)
            .iter()
            .map(|l| runs_of(l, 0.45))
            .collect();
        let xs = column_bounds(&lines);
        assert_eq!(xs.len(), 4, "{xs:?}");
        assert!(xs[1] > 20.0 && xs[1] < 40.0, "{xs:?}");
        assert!(xs[2] > 80.0 && xs[2] < 100.0, "{xs:?}");
        // The spanning line covers columns 1 and 2.
        assert_eq!(column_range(&xs, 42.0, 132.0, 10.0), (1, 3));
    }

    /// A three-column table: a label merged over three rows in column 0,
    /// names in column 1, values in column 2; `label_y` places the label.
    /// The last row is taller (a two-line value); its name sits at `short_y`
    /// (80: top-aligned, 86: centred), which tells the alignment.
    fn merged_page(label_y: f32, short_y: f32) -> Vec<Glyph> {
        let mut g = Vec::new();
        g.extend(text("一级", 0.0, 0.0, 10.0));
        g.extend(text("名称", 40.0, 0.0, 10.0));
        g.extend(text("值", 100.0, 0.0, 10.0));
        for (i, name) in ["甲甲", "乙乙", "丙丙"].iter().enumerate() {
            let y = 20.0 + i as f32 * 20.0;
            g.extend(text(name, 40.0, y, 10.0));
            g.extend(text("1", 100.0, y, 10.0));
        }
        g.extend(text("产出", 0.0, label_y, 10.0));
        // A taller row so the alignment can be told.
        g.extend(text("丁丁", 40.0, short_y, 10.0));
        g.extend(text("长长", 100.0, 80.0, 10.0));
        g.extend(text("长长", 100.0, 92.0, 10.0));
        g
    }

    fn layout_of(glyphs: &[Glyph]) -> FormLayout {
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        build(&[(1, refs)], &BorderlessSettings::default())
    }

    fn cell_with<'a>(l: &'a FormLayout, t: &str) -> (usize, &'a Cell) {
        l.rows
            .iter()
            .enumerate()
            .find_map(|(i, r)| r.cells.iter().find(|c| c.text == t).map(|c| (i, c)))
            .unwrap_or_else(|| panic!("no cell {t:?} in {l:#?}"))
    }

    #[test]
    fn centred_merged_label_starts_its_span() {
        // Centred over the three rows at y 20..70 (middle 45): the label's
        // text sits level with the middle row, its cell starts in the first.
        let l = layout_of(&merged_page(40.0, 86.0));
        let (row, cell) = cell_with(&l, "产出");
        let (name_row, _) = cell_with(&l, "甲甲");
        assert_eq!(row, name_row);
        assert_eq!(cell.rowspan, 3);
        assert_eq!(cell.col, 0);
        // No empty cell under it in column 0 between the names.
        let (next, _) = cell_with(&l, "乙乙");
        assert!(l.rows[next].cells.iter().all(|c| c.col != 0));
    }

    #[test]
    fn single_row_cells_and_values_stay_in_their_rows() {
        let l = layout_of(&merged_page(40.0, 86.0));
        for name in ["甲甲", "乙乙", "丙丙", "丁丁"] {
            let (row, cell) = cell_with(&l, name);
            assert_eq!(cell.rowspan, 1, "{name}");
            assert_eq!(cell.col, 1);
            assert!(
                l.rows[row]
                    .cells
                    .iter()
                    .any(|c| c.col == 2 && !c.is_empty())
            );
        }
        let (_, tall) = cell_with(&l, "长长长长");
        assert_eq!(tall.rowspan, 1);
    }

    #[test]
    fn off_centre_label_is_not_merged_upwards() {
        // The label sits level with the third row: centred on that row alone,
        // so it must not claim the rows above it.
        let l = layout_of(&merged_page(60.0, 86.0));
        let (row, cell) = cell_with(&l, "产出");
        let (third, _) = cell_with(&l, "丙丙");
        assert_eq!(row, third);
        assert_eq!(cell.rowspan, 1);
    }

    #[test]
    fn top_aligned_label_spans_down_to_the_next() {
        let mut g = merged_page(20.0, 80.0);
        g.extend(text("效益", 0.0, 80.0, 10.0));
        let l = layout_of(&g);
        let (row, cell) = cell_with(&l, "产出");
        let (first, _) = cell_with(&l, "甲甲");
        assert_eq!(row, first);
        assert_eq!(cell.rowspan, 3);
        let (next, _) = cell_with(&l, "效益");
        assert_eq!(cell_with(&l, "丁丁").0, next);
    }

    /// Rows at line spacing (as Writer sets them): a full line followed by
    /// the rest of its cell, then short names and values one per row.
    fn tight_page() -> Vec<Glyph> {
        [
            text("名称", 0.0, 0.0, 10.0),
            text("分值", 100.0, 0.0, 10.0),
            text("甲乙丙丁戊己", 0.0, 12.0, 10.0),
            text("10", 100.0, 12.0, 10.0),
            text("庚辛", 0.0, 24.0, 10.0),
            text("子丑", 0.0, 36.0, 10.0),
            text("10", 100.0, 36.0, 10.0),
            text("寅卯", 0.0, 48.0, 10.0),
            text("5", 100.0, 48.0, 10.0),
        ]
        .concat()
    }

    #[test]
    fn lines_at_line_spacing_join_only_where_text_wrapped() {
        let l = layout_of(&tight_page());
        // The full line wrapped: its cell goes on.
        let (wrapped, _) = cell_with(&l, "甲乙丙丁戊己庚辛");
        // "子丑" would have fitted after "庚辛": a new cell, a new row.
        let (name2, _) = cell_with(&l, "子丑");
        let (name3, _) = cell_with(&l, "寅卯");
        assert!(wrapped < name2 && name2 < name3, "{l:#?}");
        // A number does not wrap into the next line: 10 over 5 is two cells.
        let (ten, _) = cell_with(&l, "10");
        let (five, _) = cell_with(&l, "5");
        assert!(ten < five, "{l:#?}");
        assert_eq!(five, name3, "{l:#?}");
    }

    #[test]
    fn doubtful_wrap_onto_a_row_start_is_a_new_cell() {
        // "1234567" could have wrapped from "子丑寅" (it is too long to fit
        // after it), but the value column starts a new cell on its line.
        let g: Vec<Glyph> = [
            text("名称", 0.0, 0.0, 10.0),
            text("分值", 100.0, 0.0, 10.0),
            text("甲乙", 0.0, 20.0, 10.0),
            text("10", 100.0, 20.0, 10.0),
            text("子丑寅", 0.0, 32.0, 10.0),
            text("10", 100.0, 32.0, 10.0),
            text("1234567", 0.0, 44.0, 10.0),
            text("5", 100.0, 44.0, 10.0),
        ]
        .concat();
        let l = layout_of(&g);
        let (name, _) = cell_with(&l, "子丑寅");
        let (long, _) = cell_with(&l, "1234567");
        let (five, _) = cell_with(&l, "5");
        assert!(name < long && long == five, "{l:#?}");
    }

    #[test]
    fn wrap_test_reads_break_rules() {
        let g = |t: &str, x: f32| Glyph::square(t, x, 0.0, 10.0);
        assert!(!breaks_between(&g("1", 0.0), &g("0", 10.0)));
        assert!(!breaks_between(&g("数", 0.0), &g("，", 10.0)));
        assert!(!breaks_between(&g("（", 0.0), &g("数", 10.0)));
        assert!(breaks_between(&g("数", 0.0), &g("据", 10.0)));
        assert!(breaks_between(&g("人", 0.0), &g("1", 10.0)));
    }

    #[test]
    fn alignment_vote() {
        assert_eq!(vote_alignment(&[(0.0, 5.0, 10.0)]), VAlign::Top);
        assert_eq!(vote_alignment(&[(-5.0, 0.1, 5.0)]), VAlign::Middle);
        assert_eq!(vote_alignment(&[(-9.0, -4.0, 0.0)]), VAlign::Bottom);
        assert_eq!(vote_alignment(&[]), VAlign::Middle);
    }
}
