//! Tables drawn without ruling lines (borderless forms): the grid is inferred
//! from where the text sits, and comes out as the same rows of cells with
//! spans that ruled tables give.
//!
//! The chain, each step a plain function:
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

/// Closing punctuation a line may hang past its cell's right edge (it may
/// not start a line, so a full line keeps it).
const HANGING: &str = "，。、；：？！）》”’%．,.;:)";

fn hangs(g: &Glyph) -> bool {
    g.text.chars().all(|c| HANGING.contains(c))
}

/// Opening punctuation: a line does not end with it.
const OPENING: &str = "（《“‘([【";

/// Characters of a word that a line does not break inside (digits, Latin
/// letters, decimal points, percent signs).
fn word_char(c: char) -> bool {
    c.is_ascii_graphic() || "％‰".contains(c)
}

/// Characters a line does not start with besides closing punctuation.
const NO_START: &str = "/·";

/// May a line break between glyphs `a` and `b`?
fn breaks_between(a: &Glyph, b: &Glyph) -> bool {
    let (Some(last), Some(first)) = (a.text.chars().last(), b.text.chars().next()) else {
        return true;
    };
    let inside_word = word_char(last) && word_char(first);
    let held = OPENING.contains(last) || HANGING.contains(first) || NO_START.contains(first);
    !(inside_word || held)
}

/// Can `lower`, the next line of the same column, continue the text of
/// `upper` wrapped? Only if the line could break there and the lower line's
/// first word (with punctuation that may not start a line) did not fit after
/// the upper line's text: the upper line then reaches to about `limit`, the
/// right edge of the column's text. A short value over another short value
/// (10 over 10, 8352人 over 1416人) is two cells, however close the lines.
fn may_wrap(upper: &Run, lower: &Run, limit: f32) -> Wrap {
    let (Some(last), Some(first)) = (upper.glyphs.last(), lower.glyphs.first()) else {
        return Wrap::Sure;
    };
    let right = upper
        .glyphs
        .iter()
        .map(|g| g.x1)
        .fold(f32::NEG_INFINITY, f32::max);
    let size = upper.size;
    // How far past the column's text edge the lower line's first word
    // would have reached on the upper line (positive: it did not fit).
    let over = if last.text.chars().all(word_char) && first.text.chars().all(word_char) {
        // Inside a word (a number, a percentage) a line breaks only when the
        // word is wider than the column: a long full line, not a short value.
        if right - upper.x0 <= 4.0 * size {
            return Wrap::No;
        }
        right - limit
    } else {
        let mut word_end = first.x1;
        for w in lower.glyphs.windows(2) {
            if breaks_between(w[0], w[1]) {
                break;
            }
            word_end = w[1].x1;
        }
        right + (word_end - lower.x0) - limit
    };
    // Producers measure text a little differently when they wrap than when
    // they print it (Calc): a word that would just have fitted is a doubt.
    // A wrap is sure only where the upper line reaches the column's text
    // edge (as the lines of a long text do): a short text that ends before
    // the edge and a word that would not have fitted after it is also what
    // a cell over the next row's cell in a narrow column looks like.
    let full = right > limit - SURE_WRAP_EM * size;
    if over > -SURE_WRAP_EM * size && full {
        Wrap::Sure
    } else if over > -LOOSE_WRAP_EM * size {
        Wrap::Loose
    } else {
        Wrap::No
    }
}

/// Whether a line may continue the text of the line above in its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wrap {
    /// The lower line's first word did not fit: the text wrapped.
    Sure,
    /// It would barely have fitted: a wrap unless the lower line starts a
    /// row (see [`blocks`]).
    Loose,
    /// It would have fitted, or the line cannot break there: a new cell.
    No,
}

/// Slack of the wrap test, in font sizes: up to `SURE_WRAP_EM` short of the
/// column's text edge the text surely wrapped, up to `LOOSE_WRAP_EM` it may
/// have.
const SURE_WRAP_EM: f32 = 0.4;
const LOOSE_WRAP_EM: f32 = 1.0;

/// A run of glyphs of one line without a wide gap.
#[derive(Debug, Clone)]
struct Run<'a> {
    glyphs: Vec<&'a Glyph>,
    x0: f32,
    /// Right edge of the text, hanging punctuation at the end left out.
    x1: f32,
    y0: f32,
    y1: f32,
    size: f32,
}

impl<'a> Run<'a> {
    fn of(glyphs: Vec<&'a Glyph>) -> Run<'a> {
        let f = |init: f32, pick: fn(&Glyph) -> f32, m: fn(f32, f32) -> f32| {
            glyphs.iter().map(|g| pick(g)).fold(init, m)
        };
        let mut sizes: Vec<f32> = glyphs.iter().map(|g| g.size.max(1.0)).collect();
        sizes.sort_by(f32::total_cmp);
        let body = glyphs.len() - glyphs.iter().rev().take_while(|g| hangs(g)).count();
        let x1 = glyphs[..body.max(1).min(glyphs.len())]
            .iter()
            .map(|g| g.x1)
            .fold(f32::NEG_INFINITY, f32::max);
        Run {
            x0: f(f32::INFINITY, |g| g.x0, f32::min),
            x1,
            y0: f(f32::INFINITY, |g| g.y0, f32::min),
            y1: f(f32::NEG_INFINITY, |g| g.y1, f32::max),
            size: sizes.get(sizes.len() / 2).copied().unwrap_or(1.0),
            glyphs,
        }
    }
}

/// Splits a text line into runs at gaps wider than `gap_em` font sizes.
fn runs_of<'a>(line: &TextLine<'a>, gap_em: f32) -> Vec<Run<'a>> {
    let mut out: Vec<Vec<&Glyph>> = Vec::new();
    let mut right = f32::NEG_INFINITY;
    for &g in &line.glyphs {
        let size = g.size.max(1.0);
        // Punctuation hanging past a cell's edge can touch the next cell's
        // text; inside a cell the next character follows it exactly at its
        // advance, on the same line (a neighbour cell's line sits at its own
        // height). A split inside a cell costs nothing: runs of one line that
        // share a column are one block again.
        let after_hanging = out.last().and_then(|r| r.last()).is_some_and(|p| {
            hangs(p) && ((g.x0 - p.x1).abs() > 0.05 * size || (g.y0 - p.y0).abs() > 0.15 * size)
        });
        match out.last_mut() {
            Some(run) if g.x0 - right <= gap_em * size && !after_hanging => run.push(g),
            _ => out.push(vec![g]),
        }
        right = right.max(g.x1);
    }
    out.into_iter().map(Run::of).collect()
}

/// The fewest points that stab every interval `(lo, hi)`, each refined to the
/// intersection of the intervals it alone stabs (the tightest evidence for
/// it), with the number of those intervals.
fn stab(intervals: &[(f32, f32)]) -> Vec<(f32, f32, usize)> {
    let mut sorted: Vec<(f32, f32)> = intervals
        .iter()
        .copied()
        .filter(|(a, b)| a.is_finite() && b.is_finite() && a <= b)
        .collect();
    sorted.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut points: Vec<f32> = Vec::new();
    for &(lo, hi) in &sorted {
        if !points.iter().any(|&p| lo <= p && p <= hi) {
            points.push(hi);
        }
    }
    points
        .iter()
        .map(|&p| {
            let mut range = (f32::NEG_INFINITY, f32::INFINITY);
            let mut witnesses = 0;
            for &(lo, hi) in &sorted {
                let inside = points.iter().filter(|&&q| lo <= q && q <= hi).count();
                if inside == 1 && lo <= p && p <= hi {
                    range = (range.0.max(lo), range.1.min(hi));
                    witnesses += 1;
                }
            }
            if range.0 > range.1 || !range.0.is_finite() || !range.1.is_finite() {
                (p, p, witnesses)
            } else {
                (range.0, range.1, witnesses)
            }
        })
        .collect()
}

/// Column boundaries from the gaps between the runs of each line (placed
/// where the fewest runs cross them). A boundary only one line vouches for is
/// not the table's: a footer line of contacts spaced out.
fn column_bounds(lines: &[Vec<Run>]) -> Vec<f32> {
    let gaps: Vec<(f32, f32)> = lines
        .iter()
        .flat_map(|l| l.windows(2).map(|w| (w[0].x1, w[1].x0)))
        .collect();
    let all: Vec<&Run> = lines.iter().flatten().collect();
    let (Some(left), Some(right)) = (
        all.iter().map(|r| r.x0).min_by(f32::total_cmp),
        all.iter().map(|r| r.x1).max_by(f32::total_cmp),
    ) else {
        return Vec::new();
    };
    let mut xs = vec![left - 1.0];
    for (lo, hi, _) in stab(&gaps)
        .into_iter()
        .filter(|p| p.2 >= MIN_COLUMN_WITNESSES)
    {
        xs.push(least_crossed(&all, lo, hi));
    }
    xs.push(right + 1.0);
    xs.sort_by(f32::total_cmp);
    xs.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    xs
}

/// The x in `[lo, hi]` crossed by the fewest runs: the middle of the widest
/// stretch with that count.
fn least_crossed(runs: &[&Run], lo: f32, hi: f32) -> f32 {
    if hi - lo < 0.5 {
        return (lo + hi) / 2.0;
    }
    let mut cuts: Vec<f32> = runs
        .iter()
        .flat_map(|r| [r.x0, r.x1])
        .filter(|&x| lo < x && x < hi)
        .chain([lo, hi])
        .collect();
    cuts.sort_by(f32::total_cmp);
    let mut best = (usize::MAX, 0.0f32, (lo + hi) / 2.0);
    for w in cuts.windows(2) {
        let mid = (w[0] + w[1]) / 2.0;
        let crossing = runs.iter().filter(|r| r.x0 < mid && mid < r.x1).count();
        let width = w[1] - w[0];
        if crossing < best.0 || (crossing == best.0 && width > best.1) {
            best = (crossing, width, mid);
        }
    }
    best.2
}

/// Index `i` with `bounds[i] <= v < bounds[i + 1]`, clamped to the grid.
fn slot(bounds: &[f32], v: f32) -> usize {
    let n = bounds.len().saturating_sub(1).max(1);
    bounds
        .partition_point(|&b| b <= v)
        .saturating_sub(1)
        .min(n - 1)
}

/// The columns `[c0, c1)` a run covers: those holding its ends, pulled in a
/// little so a run that touches a boundary stays in its own column.
fn column_range(xs: &[f32], x0: f32, x1: f32, size: f32) -> (usize, usize) {
    let inset = (0.3 * size).min((x1 - x0) / 2.0).max(0.0);
    let c0 = slot(xs, x0 + inset);
    let c1 = slot(xs, x1 - inset).max(c0);
    (c0, c1 + 1)
}

/// One cell's text on one page: runs of a column that follow each other.
#[derive(Debug, Clone)]
struct Block<'a> {
    glyphs: Vec<&'a Glyph>,
    x0: f32,
    x1: f32,
    y0: f32,
    y1: f32,
    size: f32,
    c0: usize,
    c1: usize,
    /// Rows the text touches (inclusive).
    r0: usize,
    r1: usize,
    /// The block covers exactly the rows it touches (see [`fix_blocks`]).
    fixed: bool,
    /// A cell of a header row repeated at the top of a page.
    repeated: bool,
}

impl Block<'_> {
    fn centre(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
    fn covers(&self, col: usize) -> bool {
        self.c0 <= col && col < self.c1
    }
}

/// Joins runs into blocks: runs sharing a column whose vertical gap is below
/// the cell-break threshold (or that overlap vertically) are one cell.
fn blocks<'a>(runs: Vec<Run<'a>>, xs: &[f32], s: &BorderlessSettings) -> Vec<Block<'a>> {
    let ranges: Vec<(usize, usize)> = runs
        .iter()
        .map(|r| column_range(xs, r.x0, r.x1, r.size))
        .collect();
    // Right edge of the text of each column range: where lines wrap
    // (punctuation hanging past it left out).
    let mut limits: std::collections::HashMap<(usize, usize), f32> = Default::default();
    for (r, range) in runs.iter().zip(&ranges) {
        let right = r.x1;
        let e = limits.entry(*range).or_insert(right);
        *e = e.max(right);
    }
    let mut parent: Vec<usize> = (0..runs.len()).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    // Pairs of runs of a column that are one cell unless the text tells
    // otherwise, with how sure a wrap joins them.
    let mut pairs: Vec<(usize, usize, Wrap)> = Vec::new();
    for i in 0..runs.len() {
        for j in i + 1..runs.len() {
            let share = ranges[i].0 < ranges[j].1 && ranges[j].0 < ranges[i].1;
            if !share {
                continue;
            }
            let (a, b) = (&runs[i], &runs[j]);
            let gap = (b.y0 - a.y1).max(a.y0 - b.y1);
            if gap >= s.block_gap_em * a.size.max(b.size) {
                continue;
            }
            // Two lines of one column at line spacing: one wrapped cell only
            // if the lower line's first word did not fit on the upper one.
            let (upper, lower) = if a.y0 <= b.y0 { (i, j) } else { (j, i) };
            // A wrapped line stays inside its cell, which the first line
            // (the one that did not fit) spans.
            let (ru, rl) = (ranges[upper], ranges[lower]);
            let wrap = if gap < 0.0 {
                Wrap::Sure
            } else if (ru.0 <= rl.0 && rl.1 <= ru.1)
                || (runs[upper].x0 - runs[lower].x0).abs() < 0.3 * runs[upper].size
            {
                // (A lower line starting where the upper one starts but
                // running on: it ran into the next cell's text.)
                may_wrap(&runs[upper], &runs[lower], limits[&ru])
            } else {
                Wrap::No
            };
            pairs.push((upper, lower, wrap));
        }
    }
    // Lines that start a row: a cell starts on them right below another
    // cell of its column at line spacing (rows set tight). The cells of one
    // row start on one line, so a doubtful wrap onto such a line is a new
    // cell too.
    let starts: Vec<f32> = pairs
        .iter()
        .filter(|p| p.2 == Wrap::No)
        .map(|p| runs[p.1].y0)
        .collect();
    for &(upper, lower, wrap) in &pairs {
        let r = &runs[lower];
        let row_start = || starts.iter().any(|&y| (y - r.y0).abs() < 0.3 * r.size);
        if wrap == Wrap::Sure || (wrap == Wrap::Loose && !row_start()) {
            let (ri, rj) = (find(&mut parent, upper), find(&mut parent, lower));
            parent[ri.max(rj)] = ri.min(rj);
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..runs.len() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(i);
    }
    let mut out: Vec<Block> = groups
        .into_values()
        .map(|members| {
            let glyphs: Vec<&Glyph> = members
                .iter()
                .flat_map(|&i| runs[i].glyphs.iter().copied())
                .collect();
            let x1 = members
                .iter()
                .map(|&i| runs[i].x1)
                .fold(f32::NEG_INFINITY, f32::max);
            let run = Run::of(glyphs);
            let (c0, c1) = members.iter().fold((usize::MAX, 0), |acc, &i| {
                (acc.0.min(ranges[i].0), acc.1.max(ranges[i].1))
            });
            Block {
                x0: run.x0,
                x1,
                y0: run.y0,
                y1: run.y1,
                size: run.size,
                glyphs: run.glyphs,
                c0,
                c1,
                r0: 0,
                r1: 0,
                fixed: false,
                repeated: false,
            }
        })
        .collect();
    out.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.c0.cmp(&b.c0)));
    out
}

/// Row boundaries of a page: gaps between consecutive blocks of each column,
/// stabbed; then bands no block crosses that lie well away from every
/// boundary found (rows whose texts share no column, e.g. a row of blank
/// amounts above a header centred elsewhere). A band next to a boundary found
/// is left alone: a merged label straddling that boundary bounds it, so it
/// misplaces the boundary. The table's top and bottom mirror the first and
/// last row's gaps.
fn row_bounds(blocks: &[Block], ncols: usize) -> Vec<(f32, f32)> {
    let mut gaps = Vec::new();
    for col in 0..ncols {
        let mut column: Vec<&Block> = blocks.iter().filter(|b| b.covers(col)).collect();
        column.sort_by(|a, b| a.y0.total_cmp(&b.y0));
        gaps.extend(
            column
                .windows(2)
                .filter(|w| w[0].y1 <= w[1].y0)
                .map(|w| (w[0].y1, w[1].y0)),
        );
    }
    let mut ranges: Vec<(f32, f32)> = stab(&gaps).iter().map(|&(a, b, _)| (a, b)).collect();
    let size = blocks.first().map_or(10.0, |b| b.size);
    let far = 0.5 * size;
    let bands: Vec<(f32, f32)> = whitespace_bands(blocks)
        .into_iter()
        .filter(|&(a, b)| {
            b - a >= far && ranges.iter().all(|&(lo, hi)| hi < a - far || lo > b + far)
        })
        .collect();
    ranges.extend(bands);
    ranges.sort_by(|a, b| (a.0 + a.1).total_cmp(&(b.0 + b.1)));
    let ys: Vec<f32> = ranges.iter().map(|(a, b)| (a + b) / 2.0).collect();
    let top = blocks.iter().map(|b| b.y0).fold(f32::INFINITY, f32::min);
    let bottom = blocks
        .iter()
        .map(|b| b.y1)
        .fold(f32::NEG_INFINITY, f32::max);
    let size = blocks.first().map_or(10.0, |b| b.size);
    // Padding as seen at the first and last inner boundary.
    let pad_top = ys.first().map_or(0.3 * size, |&y| {
        let above = blocks.iter().filter(|b| b.y1 <= y).map(|b| b.y1);
        (y - above.fold(f32::NEG_INFINITY, f32::max)).clamp(0.0, size)
    });
    let pad_bottom = ys.last().map_or(0.3 * size, |&y| {
        let below = blocks.iter().filter(|b| b.y0 >= y).map(|b| b.y0);
        (below.fold(f32::INFINITY, f32::min) - y).clamp(0.0, size)
    });
    let first = top - pad_top;
    let last = bottom + pad_bottom;
    let mut out = vec![(first, first)];
    out.extend(ranges.into_iter().filter(|&(a, b)| {
        let y = (a + b) / 2.0;
        y > top && y < bottom
    }));
    out.push((last, last));
    out
}

/// Row boundaries placed for vertically centred text. Where the gaps leave
/// a boundary loose (a one-line row beside a row made tall by a long note:
/// the one-line cells' gap spans the tall row's padding), the row next to it
/// whose other boundary is tight tells where it is: a row's own cells are
/// centred between its top and bottom.
fn centre_bounds(ranges: &[(f32, f32)], blocks: &[Block]) -> Vec<f32> {
    let mut ys: Vec<f32> = ranges.iter().map(|(a, b)| (a + b) / 2.0).collect();
    let n = ys.len();
    let size = blocks.first().map_or(10.0, |b| b.size);
    let tight = |k: usize| k > 0 && k + 1 < n && ranges[k].1 - ranges[k].0 < size;
    // The centre most of a row's single-row texts share (a merged cell's
    // text that happens to sit in the row has its own).
    let centre = |k: usize| {
        let centres: Vec<f32> = blocks
            .iter()
            .filter(|b| b.r0 == k && b.r1 == k)
            .map(Block::centre)
            .collect();
        let shared = |c: f32| centres.iter().filter(|&&d| (d - c).abs() < 0.5).count();
        centres
            .iter()
            .copied()
            .max_by(|&a, &b| shared(a).cmp(&shared(b)))
            .filter(|&c| shared(c) >= 2)
    };
    for k in 1..n.saturating_sub(1) {
        let (lo, hi) = ranges[k];
        if hi - lo < size {
            continue;
        }
        let mut estimates = Vec::new();
        if tight(k - 1)
            && let Some(c) = centre(k - 1)
        {
            estimates.push(2.0 * c - ys[k - 1]);
        }
        if tight(k + 1)
            && let Some(c) = centre(k)
        {
            estimates.push(2.0 * c - ys[k + 1]);
        }
        if !estimates.is_empty() {
            let e = estimates.iter().sum::<f32>() / estimates.len() as f32;
            ys[k] = e.clamp(lo, hi);
        }
    }
    ys
}

/// Horizontal bands of the page that no block crosses, between blocks.
fn whitespace_bands(blocks: &[Block]) -> Vec<(f32, f32)> {
    let mut spans: Vec<(f32, f32)> = blocks.iter().map(|b| (b.y0, b.y1)).collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let mut bottom = f32::NEG_INFINITY;
    for (y0, y1) in spans {
        if bottom.is_finite() && y0 > bottom {
            out.push((bottom, y0));
        }
        bottom = bottom.max(y1);
    }
    out
}

/// The document's vertical alignment: in rows holding a tall and a short
/// cell, do the short one's top, middle or bottom line up with the tall one's?
pub fn vote_alignment(rows: &[(f32, f32, f32)]) -> VAlign {
    // Each item: (top difference, middle difference, bottom difference) of a
    // short cell against the tallest cell of its row.
    let mut votes = [0usize; 3];
    for &(t, m, b) in rows {
        let d = [t.abs(), m.abs(), b.abs()];
        let best = (0..3).min_by(|&i, &j| d[i].total_cmp(&d[j])).unwrap_or(1);
        votes[best] += 1;
    }
    if votes[0] > votes[1] && votes[0] >= votes[2] {
        VAlign::Top
    } else if votes[2] > votes[1] && votes[2] > votes[0] {
        VAlign::Bottom
    } else {
        VAlign::Middle
    }
}

/// Alignment evidence of one page: short single-row blocks against the
/// tallest single-row block of their row.
fn alignment_evidence(blocks: &[Block], nrows: usize) -> Vec<(f32, f32, f32)> {
    let mut out = Vec::new();
    for r in 0..nrows {
        let in_row: Vec<&Block> = blocks.iter().filter(|b| b.r0 == r && b.r1 == r).collect();
        let Some(tall) = in_row
            .iter()
            .max_by(|a, b| (a.y1 - a.y0).total_cmp(&(b.y1 - b.y0)))
        else {
            continue;
        };
        for b in &in_row {
            if (tall.y1 - tall.y0) - (b.y1 - b.y0) > 0.8 * b.size {
                out.push((b.y0 - tall.y0, b.centre() - tall.centre(), b.y1 - tall.y1));
            }
        }
    }
    out
}

/// Marks the blocks that cover exactly their own rows whatever the
/// alignment: the cells of a header row repeated at the top of a later page
/// (`seen`: texts of the rows of earlier pages), and a text that alone makes
/// its row as tall as it is (a long note beside one-line cells: a merged
/// cell's text would not decide the height of one of its rows).
fn fix_blocks(blocks: &mut [Block], ys: &[f32], seen: &mut Vec<Vec<String>>) {
    let n = ys.len() - 1;
    let mut page_rows = Vec::new();
    for r in 0..n {
        let in_row: Vec<usize> = (0..blocks.len())
            .filter(|&b| blocks[b].r0 == r && blocks[b].r1 == r)
            .collect();
        let mut texts: Vec<String> = in_row
            .iter()
            .map(|&b| cell_text(&blocks[b].glyphs))
            .collect();
        texts.sort();
        if texts.len() >= 3 && seen.contains(&texts) {
            for &b in &in_row {
                blocks[b].fixed = true;
                blocks[b].repeated = true;
            }
        }
        page_rows.push(texts);
        let height = |b: &Block| b.y1 - b.y0;
        let Some(&tall) = in_row
            .iter()
            .max_by(|&&a, &&b| height(&blocks[a]).total_cmp(&height(&blocks[b])))
        else {
            continue;
        };
        let t = &blocks[tall];
        let others = in_row
            .iter()
            .filter(|&&b| b != tall)
            .map(|&b| height(&blocks[b]))
            .fold(0.0, f32::max);
        let (above, below) = (t.y0 - ys[r], ys[r + 1] - t.y1);
        let fills = above > -0.1 && below > -0.1 && above + below < 1.5 * t.size;
        if in_row.len() > 1 && height(t) - others > 0.8 * t.size && fills {
            blocks[tall].fixed = true;
        }
    }
    seen.extend(page_rows.into_iter().filter(|t| t.len() >= 3));
}

/// Where a page sits in the document: a span may run on past a page's edge.
#[derive(Debug, Clone, Copy)]
struct PageEdges {
    first: bool,
    last: bool,
}

/// Cost of `block` covering rows `[s, e]`, or `None` when the alignment rules
/// it out.
fn span_cost(
    block: &Block,
    s: usize,
    e: usize,
    ys: &[f32],
    align: VAlign,
    edges: PageEdges,
    tol: f32,
) -> Option<f32> {
    if s > block.r0 || e < block.r1 {
        return None;
    }
    if block.fixed || block.c1 - block.c0 > 1 {
        // A text over several columns is a full-width line or a label over
        // a few columns: it covers its own rows.
        return (s == block.r0 && e == block.r1).then_some(0.0);
    }
    let n = ys.len() - 1;
    let own = s == block.r0 && e == block.r1;
    match align {
        VAlign::Top => (s == block.r0).then_some(0.0),
        VAlign::Bottom => (e == block.r1).then_some(0.0),
        VAlign::Middle => {
            let c = block.centre();
            let mid = (ys[s] + ys[e + 1]) / 2.0;
            let mut d = (mid - c).abs();
            // A span cut by a page break is centred on rows of the other page.
            if e == n - 1 && !edges.last {
                d = d.min((mid - c).max(0.0));
            }
            if s == 0 && !edges.first {
                d = d.min((c - mid).max(0.0));
            }
            let cost = (d / tol).powi(2);
            if own {
                Some(cost.min(1.0))
            } else {
                (d <= tol).then_some(cost)
            }
        }
    }
}

/// One entry of the span programme: total cost, the span's first row, and
/// the previous block's last row.
type Step = Option<(f32, usize, Option<usize>)>;

/// Spans of the blocks covering one column: the cheapest way to share the
/// column's blank rows out (rows left over become empty cells).
fn column_spans(
    items: &[usize],
    blocks: &[Block],
    ys: &[f32],
    align: VAlign,
    edges: PageEdges,
    tol: f32,
) -> Vec<(usize, usize)> {
    let n = ys.len() - 1;
    // best[i][e]: cost of items 0..=i with item i ending at row e, and the
    // (start, previous end) that achieved it.
    let mut best: Vec<Vec<Step>> = vec![vec![None; n]; items.len()];
    for (i, &b) in items.iter().enumerate() {
        let block = &blocks[b];
        let prevs: Vec<(Option<usize>, f32)> = if i == 0 {
            vec![(None, 0.0)]
        } else {
            (0..n)
                .filter_map(|e| best[i - 1][e].map(|v| (Some(e), v.0)))
                .collect()
        };
        for (prev_end, prev_cost) in prevs {
            let first_free = prev_end.map_or(0, |e| e + 1);
            for s in first_free..=block.r0.min(n - 1) {
                for (e, slot) in best[i].iter_mut().enumerate().skip(block.r1) {
                    let Some(cost) = span_cost(block, s, e, ys, align, edges, tol) else {
                        continue;
                    };
                    let total = prev_cost + cost + EMPTY_SLOT_COST * (s - first_free) as f32;
                    if slot.is_none_or(|v| total < v.0) {
                        *slot = Some((total, s, prev_end));
                    }
                }
            }
        }
    }
    let mut spans = vec![(0, 0); items.len()];
    let last = items.len().checked_sub(1);
    let end = last.and_then(|l| {
        (0..n)
            .filter_map(|e| best[l][e].map(|v| (v.0 + EMPTY_SLOT_COST * (n - 1 - e) as f32, e)))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|v| v.1)
    });
    if let (Some(l), Some(mut e)) = (last, end) {
        for i in (0..=l).rev() {
            let Some((_, s, prev)) = best[i][e] else {
                break;
            };
            spans[i] = (s, e);
            match prev {
                Some(p) => e = p,
                None => break,
            }
        }
    } else if last.is_some() {
        // No consistent tiling (blocks overlap in rows): own rows each.
        for (i, &b) in items.iter().enumerate() {
            spans[i] = (blocks[b].r0, blocks[b].r1);
        }
    }
    spans
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
