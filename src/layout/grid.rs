//! Ruling segments → a grid of cells with spans, for one page.
//!
//! The chain, each step a plain function: snap and join segments → grid lines
//! (distinct x and y positions) → grid squares merged where no ruling separates
//! them → cells.

use crate::extract::{Orientation, Ruling};

/// Tolerances of the grid builder, in points.
#[derive(Debug, Clone, Copy)]
pub struct GridSettings {
    /// Segments whose positions differ by less than this are one line.
    pub snap: f32,
    /// Collinear segments with a gap below this are joined.
    pub join: f32,
    /// Segments shorter than this are ignored (glyph strokes, dots).
    pub min_length: f32,
    /// Share of a grid edge that rulings must cover for it to separate two squares.
    pub edge_coverage: f32,
    /// A filled shape at most this thick is a ruling along its long side.
    pub thin_fill: f32,
    /// A stroked segment may run this far off axis-parallel and be a ruling.
    pub axis_tolerance: f32,
}

impl Default for GridSettings {
    fn default() -> Self {
        GridSettings {
            snap: 1.5,
            join: 2.5,
            min_length: 4.0,
            edge_coverage: 0.6,
            thin_fill: 2.0,
            axis_tolerance: 0.5,
        }
    }
}

/// A line of the table after snapping: one position, possibly several pieces.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub pos: f32,
    /// Disjoint covered intervals along the line, sorted.
    pub pieces: Vec<(f32, f32)>,
}

impl Line {
    /// Length of `[a, b]` covered by the line's pieces.
    fn covered(&self, a: f32, b: f32) -> f32 {
        self.pieces
            .iter()
            .map(|&(s, e)| (e.min(b) - s.max(a)).max(0.0))
            .sum()
    }
}

/// One cell of a page grid: a rectangle of grid squares.
#[derive(Debug, Clone, PartialEq)]
pub struct GridCell {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
}

/// A page's table grid: column boundaries `xs`, row boundaries `ys`, and cells.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub xs: Vec<f32>,
    pub ys: Vec<f32>,
    pub cells: Vec<GridCell>,
}

impl Grid {
    /// Left, top, right, bottom of the table.
    pub fn bounds(&self) -> Option<(f32, f32, f32, f32)> {
        Some((
            *self.xs.first()?,
            *self.ys.first()?,
            *self.xs.last()?,
            *self.ys.last()?,
        ))
    }

    /// The grid square holding point (x, y).
    pub fn square_at(&self, x: f32, y: f32) -> Option<(usize, usize)> {
        Some((interval_index(&self.ys, y)?, interval_index(&self.xs, x)?))
    }
}

/// Index `i` with `bounds[i] <= v < bounds[i+1]`.
fn interval_index(bounds: &[f32], v: f32) -> Option<usize> {
    if bounds.len() < 2 || v < bounds[0] || v >= bounds[bounds.len() - 1] {
        return None;
    }
    Some(bounds.partition_point(|&b| b <= v).saturating_sub(1))
}

/// Snaps segments of one orientation into lines: positions clustered within
/// `snap`, overlapping or nearly touching pieces joined.
pub fn snap_lines(rulings: &[Ruling], orientation: Orientation, s: &GridSettings) -> Vec<Line> {
    let mut segs: Vec<(f32, f32, f32)> = rulings
        .iter()
        .filter(|r| r.orientation == orientation)
        .map(|r| (r.pos, r.start.min(r.end), r.start.max(r.end)))
        .filter(|&(p, a, b)| {
            b - a >= s.min_length && p.is_finite() && a.is_finite() && b.is_finite()
        })
        .collect();
    segs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut clusters: Vec<Cluster> = Vec::new();
    for (pos, a, b) in segs {
        match clusters.last_mut() {
            Some(c) if (pos - c.mean()).abs() <= s.snap => {
                c.sum += pos;
                c.count += 1;
                c.pieces.push((a, b));
            }
            _ => clusters.push(Cluster {
                sum: pos,
                count: 1,
                pieces: vec![(a, b)],
            }),
        }
    }
    clusters
        .into_iter()
        .map(|c| Line {
            pos: c.mean(),
            pieces: join_pieces(c.pieces, s.join),
        })
        .collect()
}

/// Segments gathered at one position while snapping.
struct Cluster {
    sum: f32,
    count: usize,
    pieces: Vec<(f32, f32)>,
}

impl Cluster {
    fn mean(&self) -> f32 {
        self.sum / self.count as f32
    }
}

fn join_pieces(mut pieces: Vec<(f32, f32)>, gap: f32) -> Vec<(f32, f32)> {
    pieces.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, f32)> = Vec::with_capacity(pieces.len());
    for (a, b) in pieces {
        match out.last_mut() {
            Some(last) if a <= last.1 + gap => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Groups lines into tables: sets of horizontal and vertical lines that touch.
/// Returns (horizontal, vertical) per table, top to bottom.
pub fn connected_tables(h: &[Line], v: &[Line], tol: f32) -> Vec<(Vec<Line>, Vec<Line>)> {
    let n = h.len() + v.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, hl) in h.iter().enumerate() {
        for (j, vl) in v.iter().enumerate() {
            if touches(hl, vl, tol) {
                union(&mut parent, i, h.len() + j);
            }
        }
    }
    let mut groups: Vec<(usize, Vec<Line>, Vec<Line>)> = Vec::new();
    for i in 0..n {
        let root = find(&mut parent, i);
        let idx = match groups.iter().position(|g| g.0 == root) {
            Some(k) => k,
            None => {
                groups.push((root, Vec::new(), Vec::new()));
                groups.len() - 1
            }
        };
        if i < h.len() {
            groups[idx].1.push(h[i].clone());
        } else {
            groups[idx].2.push(v[i - h.len()].clone());
        }
    }
    let mut tables: Vec<(Vec<Line>, Vec<Line>)> = groups
        .into_iter()
        .filter(|g| g.1.len() + g.2.len() >= 3 && !g.2.is_empty() && !g.1.is_empty())
        .map(|g| (g.1, g.2))
        .collect();
    tables.sort_by(|a, b| top_of(a).total_cmp(&top_of(b)));
    tables
}

fn top_of(t: &(Vec<Line>, Vec<Line>)) -> f32 {
    t.1.iter()
        .flat_map(|l| l.pieces.iter().map(|p| p.0))
        .chain(t.0.iter().map(|l| l.pos))
        .fold(f32::INFINITY, f32::min)
}

/// A horizontal and a vertical line touch when one's piece reaches the other.
fn touches(h: &Line, v: &Line, tol: f32) -> bool {
    let h_reaches = h
        .pieces
        .iter()
        .any(|&(a, b)| a - tol <= v.pos && v.pos <= b + tol);
    let v_reaches = v
        .pieces
        .iter()
        .any(|&(a, b)| a - tol <= h.pos && h.pos <= b + tol);
    h_reaches && v_reaches
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[rb.max(ra)] = ra.min(rb);
    }
}

/// Builds the grid of one table from its lines.
pub fn build_grid(h: &[Line], v: &[Line], s: &GridSettings) -> Grid {
    let xs = positions(v.iter().map(|l| l.pos), s.snap);
    // A table whose last row runs on past the last horizontal line (a merged
    // cell cut by the page) is closed at the end of its vertical lines.
    let v_top = v
        .iter()
        .flat_map(|l| l.pieces.first().map(|p| p.0))
        .fold(f32::INFINITY, f32::min);
    let v_bottom = v
        .iter()
        .flat_map(|l| l.pieces.last().map(|p| p.1))
        .fold(f32::NEG_INFINITY, f32::max);
    let ys = positions(
        h.iter().map(|l| l.pos).chain([v_top, v_bottom]),
        s.snap * 2.0,
    );
    if xs.len() < 2 || ys.len() < 2 {
        return Grid::default();
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    for r in 0..rows {
        for c in 0..cols {
            if c + 1 < cols && !separated(v, xs[c + 1], ys[r], ys[r + 1], s) {
                union(&mut parent, r * cols + c, r * cols + c + 1);
            }
            if r + 1 < rows && !separated(h, ys[r + 1], xs[c], xs[c + 1], s) {
                union(&mut parent, r * cols + c, (r + 1) * cols + c);
            }
        }
    }
    let cells = cells_from_components(&mut parent, rows, cols);
    Grid { xs, ys, cells }
}

/// Distinct positions, clustered within `tol`, sorted.
fn positions(values: impl Iterator<Item = f32>, tol: f32) -> Vec<f32> {
    let mut v: Vec<f32> = values.filter(|x| x.is_finite()).collect();
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for x in v {
        match out.last() {
            Some(&last) if x - last <= tol => {}
            _ => out.push(x),
        }
    }
    out
}

/// Whether the edge at `pos` from `a` to `b` is drawn by a line.
fn separated(lines: &[Line], pos: f32, a: f32, b: f32, s: &GridSettings) -> bool {
    let len = (b - a).max(f32::EPSILON);
    lines
        .iter()
        .filter(|l| (l.pos - pos).abs() <= s.snap * 2.0)
        .any(|l| l.covered(a, b) / len >= s.edge_coverage)
}

fn cells_from_components(parent: &mut [usize], rows: usize, cols: usize) -> Vec<GridCell> {
    let mut bounds: std::collections::BTreeMap<usize, (usize, usize, usize, usize)> =
        Default::default();
    for r in 0..rows {
        for c in 0..cols {
            let root = find(parent, r * cols + c);
            let e = bounds.entry(root).or_insert((r, c, r, c));
            e.0 = e.0.min(r);
            e.1 = e.1.min(c);
            e.2 = e.2.max(r);
            e.3 = e.3.max(c);
        }
    }
    let mut cells: Vec<GridCell> = bounds
        .values()
        .map(|&(r0, c0, r1, c1)| GridCell {
            row: r0,
            col: c0,
            rowspan: r1 - r0 + 1,
            colspan: c1 - c0 + 1,
        })
        .collect();
    cells.sort_by_key(|c| (c.row, c.col));
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f32, a: f32, b: f32) -> Ruling {
        Ruling {
            orientation: Orientation::Horizontal,
            pos: y,
            start: a,
            end: b,
        }
    }
    fn v(x: f32, a: f32, b: f32) -> Ruling {
        Ruling {
            orientation: Orientation::Vertical,
            pos: x,
            start: a,
            end: b,
        }
    }

    fn grid_of(rulings: &[Ruling]) -> Grid {
        let s = GridSettings::default();
        let hl = snap_lines(rulings, Orientation::Horizontal, &s);
        let vl = snap_lines(rulings, Orientation::Vertical, &s);
        let tables = connected_tables(&hl, &vl, 2.0);
        assert_eq!(tables.len(), 1);
        build_grid(&tables[0].0, &tables[0].1, &s)
    }

    #[test]
    fn merged_cell_spans_rows_and_columns() {
        // 3x3 grid; the left column's two lower squares are one cell, and the
        // top row's two right squares are one cell.
        let r = vec![
            h(0.0, 0.0, 30.0),
            h(10.0, 10.0, 30.0),
            h(20.0, 0.0, 30.0),
            h(30.0, 0.0, 30.0),
            v(0.0, 0.0, 30.0),
            v(10.0, 0.0, 30.0),
            v(20.0, 10.0, 30.0),
            v(30.0, 0.0, 30.0),
        ];
        let g = grid_of(&r);
        assert_eq!(g.xs, vec![0.0, 10.0, 20.0, 30.0]);
        assert_eq!(g.ys, vec![0.0, 10.0, 20.0, 30.0]);
        let at = |row, col| {
            g.cells
                .iter()
                .find(|c| c.row == row && c.col == col)
                .cloned()
        };
        assert_eq!(at(0, 0).unwrap().rowspan, 2);
        assert_eq!(at(0, 1).unwrap().colspan, 2);
        assert_eq!(g.cells.len(), 7);
    }

    #[test]
    fn near_lines_snap_and_pieces_join() {
        let r = vec![
            h(0.0, 0.0, 14.0),
            h(0.6, 15.0, 30.0),
            h(30.0, 0.0, 30.0),
            v(0.0, 0.0, 30.0),
            v(30.2, 0.0, 30.0),
        ];
        let g = grid_of(&r);
        assert_eq!(g.xs.len(), 2);
        assert_eq!(g.ys.len(), 2);
        assert_eq!(g.cells.len(), 1);
    }

    #[test]
    fn open_bottom_is_closed_by_vertical_extent() {
        let r = vec![
            h(0.0, 0.0, 30.0),
            h(10.0, 0.0, 30.0),
            v(0.0, 0.0, 50.0),
            v(30.0, 0.0, 50.0),
        ];
        let g = grid_of(&r);
        assert_eq!(g.ys, vec![0.0, 10.0, 50.0]);
        assert_eq!(g.square_at(5.0, 40.0), Some((1, 0)));
        assert_eq!(g.square_at(5.0, 60.0), None);
    }
}
