//! Spans: the document's vertical alignment, and per column the blank rows
//! shared out between its blocks by a small dynamic programme.

use super::*;

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
pub(super) fn alignment_evidence(blocks: &[Block], nrows: usize) -> Vec<(f32, f32, f32)> {
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

/// Where a page sits in the document: a span may run on past a page's edge.
#[derive(Debug, Clone, Copy)]
pub(super) struct PageEdges {
    pub(super) first: bool,
    pub(super) last: bool,
}

/// Cost of `block` covering rows `[s, e]`, or `None` when the alignment rules
/// it out.
pub(super) fn span_cost(
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
pub(super) type Step = Option<(f32, usize, Option<usize>)>;

/// Spans of the blocks covering one column: the cheapest way to share the
/// column's blank rows out (rows left over become empty cells).
pub(super) fn column_spans(
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
