//! Columns: the fewest x positions that fall in every gap between runs
//! (interval stabbing), each moved to where the fewest runs cross it.

use super::*;

/// The fewest points that stab every interval `(lo, hi)`, each refined to the
/// intersection of the intervals it alone stabs (the tightest evidence for
/// it), with the number of those intervals.
pub(super) fn stab(intervals: &[(f32, f32)]) -> Vec<(f32, f32, usize)> {
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
pub(super) fn column_bounds(lines: &[Vec<Run>]) -> Vec<f32> {
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
pub(super) fn least_crossed(runs: &[&Run], lo: f32, hi: f32) -> f32 {
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
pub(super) fn slot(bounds: &[f32], v: f32) -> usize {
    let n = bounds.len().saturating_sub(1).max(1);
    bounds
        .partition_point(|&b| b <= v)
        .saturating_sub(1)
        .min(n - 1)
}

/// The columns `[c0, c1)` a run covers: those holding its ends, pulled in a
/// little so a run that touches a boundary stays in its own column.
pub(super) fn column_range(xs: &[f32], x0: f32, x1: f32, size: f32) -> (usize, usize) {
    let inset = (0.3 * size).min((x1 - x0) / 2.0).max(0.0);
    let c0 = slot(xs, x0 + inset);
    let c1 = slot(xs, x1 - inset).max(c0);
    (c0, c1 + 1)
}
