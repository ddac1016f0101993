//! Where to read: the table's cells (areas enclosed by rulings), the page area
//! outside the table, and the text lines inside each, found by ink projection.

use super::lines::{InkMask, Segment};

/// A pixel rectangle: [x0, x1) × [y0, y1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
}

impl Rect {
    pub fn width(&self) -> usize {
        self.x1 - self.x0
    }
    pub fn height(&self) -> usize {
        self.y1 - self.y0
    }
}

/// Smallest cell kept, in pixels each way (narrower areas are gaps between double lines).
const MIN_CELL_PX: usize = 8;

/// Areas of the page enclosed by rulings (the table's cells, merged cells whole)
/// and the bands above and below the table.
#[derive(Debug, Clone, Default)]
pub struct Regions {
    pub cells: Vec<Rect>,
    pub outside: Vec<Rect>,
}

/// Splits the page into cells by labelling the paper enclosed by the ruling segments.
pub fn find_regions(width: usize, height: usize, segs: &[Segment]) -> Regions {
    let walls = wall_mask(width, height, segs);
    let mut label = vec![u32::MAX; width * height];
    let mut cells = Vec::new();
    let mut table: Option<Rect> = None;
    let mut stack = Vec::new();
    for seed in 0..width * height {
        if walls[seed] || label[seed] != u32::MAX {
            continue;
        }
        let (rect, touches_border) = flood(seed, width, height, &walls, &mut label, &mut stack);
        if touches_border {
            continue;
        }
        if rect.width() >= MIN_CELL_PX && rect.height() >= MIN_CELL_PX {
            table = Some(match table {
                None => rect,
                Some(t) => Rect {
                    x0: t.x0.min(rect.x0),
                    y0: t.y0.min(rect.y0),
                    x1: t.x1.max(rect.x1),
                    y1: t.y1.max(rect.y1),
                },
            });
            cells.push(rect);
        }
    }
    let full = |y0: usize, y1: usize| Rect {
        x0: 0,
        y0,
        x1: width,
        y1,
    };
    let outside = match table {
        None => vec![full(0, height)],
        Some(t) => {
            // Take the bands clear of the table's outer lines.
            let top = t.y0.saturating_sub(6);
            let bottom = (t.y1 + 6).min(height);
            [full(0, top), full(bottom, height)]
                .into_iter()
                .filter(|r| r.height() >= MIN_CELL_PX)
                .collect()
        }
    };
    cells.sort_by_key(|r| (r.y0, r.x0));
    Regions { cells, outside }
}

/// Ruling segments drawn as walls, widened a little so cells do not leak at corners.
fn wall_mask(width: usize, height: usize, segs: &[Segment]) -> Vec<bool> {
    let mut walls = vec![false; width * height];
    for s in segs {
        let half = s.thickness / 2 + 2;
        let pos = s.pos.round().max(0.0) as usize;
        let (across_lo, across_hi) = (pos.saturating_sub(half), pos + half + 1);
        let (along_lo, along_hi) = (s.start.saturating_sub(4), s.end + 4);
        for a in across_lo..across_hi {
            for b in along_lo..along_hi {
                let (x, y) = if s.horizontal { (b, a) } else { (a, b) };
                if x < width && y < height {
                    walls[y * width + x] = true;
                }
            }
        }
    }
    walls
}

/// Labels the 4-connected paper area from `seed`; returns its bounding box and
/// whether it reaches the image border (outside the table).
fn flood(
    seed: usize,
    width: usize,
    height: usize,
    walls: &[bool],
    label: &mut [u32],
    stack: &mut Vec<usize>,
) -> (Rect, bool) {
    let id = seed as u32;
    let mut rect = Rect {
        x0: usize::MAX,
        y0: usize::MAX,
        x1: 0,
        y1: 0,
    };
    let mut border = false;
    stack.clear();
    stack.push(seed);
    label[seed] = id;
    while let Some(i) = stack.pop() {
        let (x, y) = (i % width, i / width);
        rect.x0 = rect.x0.min(x);
        rect.y0 = rect.y0.min(y);
        rect.x1 = rect.x1.max(x + 1);
        rect.y1 = rect.y1.max(y + 1);
        border |= x == 0 || y == 0 || x + 1 == width || y + 1 == height;
        let mut visit = |j: usize| {
            if !walls[j] && label[j] == u32::MAX {
                label[j] = id;
                stack.push(j);
            }
        };
        if x > 0 {
            visit(i - 1);
        }
        if x + 1 < width {
            visit(i + 1);
        }
        if y > 0 {
            visit(i - width);
        }
        if y + 1 < height {
            visit(i + width);
        }
    }
    (rect, border)
}

/// Ink count per row of `area`.
fn row_profile(mask: &InkMask, area: Rect) -> Vec<usize> {
    (area.y0..area.y1)
        .map(|y| (area.x0..area.x1).filter(|&x| mask.at(x, y)).count())
        .collect()
}

/// Text lines inside `area`: bands of rows holding ink, each trimmed to its ink.
///
/// `min_ink` is the ink a row needs to count (noise specks stay below it).
/// When `split_gap` is set, a line is also cut where the paper between two
/// pieces is wider than that (text blocks side by side outside the table).
pub fn text_lines(
    mask: &InkMask,
    area: Rect,
    min_ink: usize,
    split_gap: Option<usize>,
) -> Vec<Rect> {
    let profile = row_profile(mask, area);
    let mut bands = Vec::new();
    let mut start: Option<usize> = None;
    for (i, &n) in profile.iter().chain(std::iter::once(&0)).enumerate() {
        match (n >= min_ink, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                bands.push((area.y0 + s, area.y0 + i));
                start = None;
            }
            _ => {}
        }
    }
    bands
        .into_iter()
        .flat_map(|(y0, y1)| {
            let band = Rect {
                x0: area.x0,
                y0,
                x1: area.x1,
                y1,
            };
            ink_pieces(mask, band, split_gap.unwrap_or(usize::MAX))
        })
        .collect()
}

/// Pieces of a text band separated by more than `max_gap` columns of paper,
/// ignoring pieces too small to be text.
fn ink_pieces(mask: &InkMask, band: Rect, max_gap: usize) -> Vec<Rect> {
    let col_ink: Vec<usize> = (band.x0..band.x1)
        .map(|x| (band.y0..band.y1).filter(|&y| mask.at(x, y)).count())
        .collect();
    let min_piece_ink = band.height().max(6);
    let mut pieces = Vec::new();
    let mut current: Option<(usize, usize, usize)> = None; // start, last ink col, ink
    for (i, &n) in col_ink.iter().enumerate() {
        if n == 0 {
            continue;
        }
        current = match current {
            Some((s, last, ink)) if i - last <= max_gap => Some((s, i, ink + n)),
            Some(done) => {
                pieces.push(done);
                Some((i, i, n))
            }
            None => Some((i, i, n)),
        };
    }
    pieces.extend(current);
    pieces
        .into_iter()
        .filter(|&(s, last, ink)| is_text_piece(band.height(), last + 1 - s, ink, min_piece_ink))
        .map(|(s, last, _)| Rect {
            x0: band.x0 + s,
            y0: band.y0,
            x1: band.x0 + last + 1,
            y1: band.y1,
        })
        .collect()
}

/// Splits each line where more than `max_gap` columns of paper lie inside
/// it, each piece trimmed to the rows its own ink covers; a line of one piece
/// stays as it is. A seal's ring crossing a cell beside its value makes the
/// cell's one line as tall as the ring: the value is read at its own height,
/// the ring apart.
pub fn split_at_wide_gaps(mask: &InkMask, lines: Vec<Rect>, max_gap: usize) -> Vec<Rect> {
    lines
        .into_iter()
        .flat_map(|line| {
            let pieces = ink_pieces(mask, line, max_gap);
            if pieces.len() < 2 {
                return vec![line];
            }
            pieces.into_iter().map(|p| rows_of_ink(mask, p)).collect()
        })
        .collect()
}

/// `r` trimmed to the rows holding ink inside it.
fn rows_of_ink(mask: &InkMask, r: Rect) -> Rect {
    let profile = row_profile(mask, r);
    match (
        profile.iter().position(|&n| n > 0),
        profile.iter().rposition(|&n| n > 0),
    ) {
        (Some(first), Some(last)) => Rect {
            y0: r.y0 + first,
            y1: r.y0 + last + 1,
            ..r
        },
        _ => r,
    }
}

/// Text, or a dash (一, —) standing alone in a cell; not a speck of noise.
fn is_text_piece(height: usize, width: usize, ink: usize, min_ink: usize) -> bool {
    let dash = height < 4 && width >= 10 && width >= 4 * height;
    (height >= 4 && ink >= min_ink) || dash
}

/// Joins bands of one area that are pieces of one text line (a line of
/// characters like 二 or 三 has paper between its strokes), given the page's
/// typical line height.
pub fn merge_broken_lines(lines: Vec<Rect>, line_height: usize) -> Vec<Rect> {
    let mut out: Vec<Rect> = Vec::new();
    for r in lines {
        if let Some(last) = out.last_mut() {
            let overlap_x = r.x0 < last.x1 && last.x0 < r.x1;
            let gap = r.y0.saturating_sub(last.y1);
            let joined_height = r.y1.max(last.y1) - last.y0.min(r.y0);
            if overlap_x && gap * 10 <= line_height * 3 && joined_height * 10 <= line_height * 13 {
                *last = Rect {
                    x0: last.x0.min(r.x0),
                    y0: last.y0.min(r.y0),
                    x1: last.x1.max(r.x1),
                    y1: last.y1.max(r.y1),
                };
                continue;
            }
        }
        out.push(r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(horizontal: bool, pos: f32, start: usize, end: usize) -> Segment {
        Segment {
            horizontal,
            pos,
            start,
            end,
            thickness: 2,
        }
    }

    #[test]
    fn two_by_two_grid_with_merged_cell_gives_three_cells() {
        // Outer box 20..220 × 20..120, a middle row line, a column line only in the top row.
        let segs = [
            seg(true, 20.0, 20, 220),
            seg(true, 70.0, 20, 220),
            seg(true, 120.0, 20, 220),
            seg(false, 20.0, 20, 120),
            seg(false, 220.0, 20, 120),
            seg(false, 120.0, 20, 70),
        ];
        let regions = find_regions(240, 200, &segs);
        assert_eq!(regions.cells.len(), 3, "{:?}", regions.cells);
        let bottom = regions.cells[2];
        assert!(bottom.width() > 180 && bottom.y0 > 70);
        assert_eq!(regions.outside.len(), 2);
    }

    #[test]
    fn a_value_beside_a_ring_is_its_own_line_at_its_own_height() {
        // A cell 200 × 60: a ring's arc runs down its whole height at x 10..14,
        // a value 40 px right of it at rows 25..35.
        let mut mask = InkMask {
            width: 200,
            height: 60,
            ink: vec![0; 12000],
        };
        for y in 0..60 {
            for x in 10..14 {
                mask.ink[y * 200 + x] = 1;
            }
        }
        for y in 25..35 {
            for x in 60..120 {
                mask.ink[y * 200 + x] = 1;
            }
        }
        let cell = Rect {
            x0: 0,
            y0: 0,
            x1: 200,
            y1: 60,
        };
        let lines = text_lines(&mask, cell, 2, None);
        assert_eq!(lines.len(), 1, "{lines:?}");
        let split = split_at_wide_gaps(&mask, lines.clone(), 20);
        assert_eq!(split.len(), 2, "{split:?}");
        assert_eq!(
            split[1],
            Rect {
                x0: 60,
                y0: 25,
                x1: 120,
                y1: 35
            }
        );
        // A gap narrower than the limit keeps the line whole.
        assert_eq!(split_at_wide_gaps(&mask, lines.clone(), 50), lines);
    }

    #[test]
    fn lines_split_by_projection() {
        let mut mask = InkMask {
            width: 100,
            height: 60,
            ink: vec![0; 6000],
        };
        for y in (10..20).chain(30..42) {
            for x in 20..70 {
                mask.ink[y * 100 + x] = 1;
            }
        }
        mask.ink[55 * 100 + 5] = 1; // a speck
        let lines = text_lines(
            &mask,
            Rect {
                x0: 0,
                y0: 0,
                x1: 100,
                y1: 60,
            },
            2,
            None,
        );
        assert_eq!(
            lines,
            vec![
                Rect {
                    x0: 20,
                    y0: 10,
                    x1: 70,
                    y1: 20
                },
                Rect {
                    x0: 20,
                    y0: 30,
                    x1: 70,
                    y1: 42
                }
            ]
        );
    }
}
