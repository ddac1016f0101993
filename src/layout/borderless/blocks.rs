//! Blocks: the runs of a column that follow each other at line spacing, one
//! cell's text on one page; and the blocks that keep exactly their own rows.

use super::*;

/// One cell's text on one page: runs of a column that follow each other.
#[derive(Debug, Clone)]
pub(super) struct Block<'a> {
    pub(super) glyphs: Vec<&'a Glyph>,
    pub(super) x0: f32,
    pub(super) x1: f32,
    pub(super) y0: f32,
    pub(super) y1: f32,
    pub(super) size: f32,
    pub(super) c0: usize,
    pub(super) c1: usize,
    /// Rows the text touches (inclusive).
    pub(super) r0: usize,
    pub(super) r1: usize,
    /// The block covers exactly the rows it touches (see [`fix_blocks`]).
    pub(super) fixed: bool,
    /// A cell of a header row repeated at the top of a page.
    pub(super) repeated: bool,
}

impl Block<'_> {
    pub(super) fn centre(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
    pub(super) fn covers(&self, col: usize) -> bool {
        self.c0 <= col && col < self.c1
    }
}

/// Joins runs into blocks: runs sharing a column whose vertical gap is below
/// the cell-break threshold (or that overlap vertically) are one cell.
pub(super) fn blocks<'a>(runs: Vec<Run<'a>>, xs: &[f32], s: &BorderlessSettings) -> Vec<Block<'a>> {
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
    pub(super) fn find(p: &mut [usize], mut i: usize) -> usize {
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

/// Marks the blocks that cover exactly their own rows whatever the
/// alignment: the cells of a header row repeated at the top of a later page
/// (`seen`: texts of the rows of earlier pages), and a text that alone makes
/// its row as tall as it is (a long note beside one-line cells: a merged
/// cell's text would not decide the height of one of its rows).
pub(super) fn fix_blocks(blocks: &mut [Block], ys: &[f32], seen: &mut Vec<Vec<String>>) {
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
