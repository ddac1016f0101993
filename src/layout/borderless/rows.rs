//! Rows: the gaps between consecutive blocks of a column hold row boundaries,
//! stabbed again per page.

use super::*;

/// Row boundaries of a page: gaps between consecutive blocks of each column,
/// stabbed; then bands no block crosses that lie well away from every
/// boundary found (rows whose texts share no column, e.g. a row of blank
/// amounts above a header centred elsewhere). A band next to a boundary found
/// is left alone: a merged label straddling that boundary bounds it, so it
/// misplaces the boundary. The table's top and bottom mirror the first and
/// last row's gaps.
pub(super) fn row_bounds(blocks: &[Block], ncols: usize) -> Vec<(f32, f32)> {
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
pub(super) fn centre_bounds(ranges: &[(f32, f32)], blocks: &[Block]) -> Vec<f32> {
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
pub(super) fn whitespace_bands(blocks: &[Block]) -> Vec<(f32, f32)> {
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
