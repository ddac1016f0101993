//! Marks too short to read alone, read a second time beside their row's next
//! cell.
//!
//! The recognition model reads lines of text. A cell holding one short mark —
//! a lone `≥` or `0`, as forms print a target over 指标性质 / 指标值 / 度量单位 —
//! comes out as `N`, `M` or `o`, or as nothing, however it is cropped; the
//! same mark set beside the value it qualifies (`≥18000`, `0起`) reads right.
//! So such a line is read again with the ink of its neighbour on the row pasted
//! after it on white paper (no ruling between), and keeps the characters the
//! model placed on its own part.

use image::{GrayImage, Luma};

use super::cells::Rect;
use super::rec::Recognized;

/// A text line of a cell, as [`lone_marks`] sees it.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    pub ink: Rect,
    pub cell: Option<usize>,
}

/// A line to read again (`pieces[lone_at]`) and the lines set beside it, as
/// indices into the lines given to [`lone_marks`], left to right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub pieces: Vec<usize>,
    pub lone_at: usize,
}

/// At most this many lines go on one strip.
const MAX_PIECES: usize = 3;

/// Lines no wider than one text line is high that are the only line of their
/// cell, each with the lines after it on its row up to the first that is not
/// such a mark (`≤`, `0`, `起`: the mark reads right only beside a value),
/// or, last on its row, with the nearest line before it. `line_height` is the
/// page's typical line height.
pub fn lone_marks(lines: &[Line], line_height: usize) -> Vec<Reading> {
    let mut per_cell = std::collections::HashMap::<usize, usize>::new();
    for l in lines {
        if let Some(c) = l.cell {
            *per_cell.entry(c).or_default() += 1;
        }
    }
    let is_lone = |l: &Line| {
        l.cell
            .is_some_and(|c| per_cell[&c] == 1 && l.ink.width() <= line_height)
    };
    // The nearest line of another cell on `l`'s row, after or before it.
    let neighbour = |i: usize, after: bool| {
        let l = &lines[i];
        let mid = (l.ink.y0 + l.ink.y1) / 2;
        lines
            .iter()
            .enumerate()
            .filter(|(_, o)| {
                o.cell.is_some_and(|c| Some(c) != l.cell) && o.ink.y0 <= mid && mid < o.ink.y1
            })
            .filter_map(|(j, o)| {
                let gap = if after {
                    o.ink.x0.checked_sub(l.ink.x1)
                } else {
                    l.ink.x0.checked_sub(o.ink.x1)
                };
                gap.map(|g| (g, j))
            })
            .min()
            .map(|(_, j)| j)
    };
    let mut readings = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if !is_lone(l) {
            continue;
        }
        let mut pieces = vec![i];
        while pieces.len() < MAX_PIECES {
            let Some(next) = neighbour(pieces[pieces.len() - 1], true) else {
                break;
            };
            pieces.push(next);
            if !is_lone(&lines[next]) {
                break;
            }
        }
        if pieces.len() > 1 {
            readings.push(Reading { pieces, lone_at: 0 });
        } else if let Some(before) = neighbour(i, false) {
            readings.push(Reading {
                pieces: vec![before, i],
                lone_at: 1,
            });
        }
    }
    readings
}

/// The lines' ink side by side on one strip of white paper, `pad` pixels
/// around each and half a line height apart, each piece cut inside its own
/// cell (its `bounds`, given with its ink) so no ruling comes along. Returns
/// the strip and the x range each piece takes in it.
pub fn strip(
    page: &GrayImage,
    pieces: &[(Rect, Rect)],
    line_height: usize,
    pad: usize,
) -> (GrayImage, Vec<std::ops::Range<f32>>) {
    let cut: Vec<Rect> = pieces
        .iter()
        .map(|&(ink, bounds)| Rect {
            x0: ink.x0.saturating_sub(pad).max(bounds.x0),
            y0: ink.y0.saturating_sub(pad).max(bounds.y0),
            x1: (ink.x1 + pad).min(bounds.x1).min(page.width() as usize),
            y1: (ink.y1 + pad).min(bounds.y1).min(page.height() as usize),
        })
        .collect();
    let gap = (line_height / 2).max(1);
    let top = cut.iter().map(|r| r.y0).min().unwrap_or(0);
    let bottom = cut.iter().map(|r| r.y1).max().unwrap_or(0);
    let width = cut.iter().map(Rect::width).sum::<usize>() + gap * cut.len().saturating_sub(1);
    let mut out = GrayImage::from_pixel(
        width.max(1) as u32,
        (bottom - top).max(1) as u32,
        Luma([255]),
    );
    let mut spans = Vec::with_capacity(cut.len());
    let mut dx = 0;
    for r in &cut {
        for y in r.y0..r.y1 {
            for x in r.x0..r.x1 {
                let px = *page.get_pixel(x as u32, y as u32);
                out.put_pixel((dx + x - r.x0) as u32, (y - top) as u32, px);
            }
        }
        // Each piece owns half the gap either side of it.
        let half = gap as f32 / 2.0;
        let start = if dx == 0 { 0.0 } else { dx as f32 - half };
        spans.push(start..(dx + r.width()) as f32 + half);
        dx += r.width() + gap;
    }
    (out, spans)
}

/// The characters of `rec` read within `span`, or `None` when there are none.
pub fn read_within(rec: &Recognized, span: &std::ops::Range<f32>) -> Option<Recognized> {
    let mut text = String::new();
    let mut char_confidence = Vec::new();
    let mut char_x = Vec::new();
    for ((c, &p), &x) in rec.text.chars().zip(&rec.char_confidence).zip(&rec.char_x) {
        if span.contains(&x) && !c.is_whitespace() {
            text.push(c);
            char_confidence.push(p);
            char_x.push(x - span.start);
        }
    }
    if text.is_empty() {
        return None;
    }
    let confidence = char_confidence.iter().sum::<f32>() / char_confidence.len() as f32;
    Some(Recognized {
        text,
        confidence,
        char_confidence,
        char_x,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x0: usize, y0: usize, x1: usize, y1: usize) -> Rect {
        Rect { x0, y0, x1, y1 }
    }

    #[test]
    fn a_lone_mark_is_read_with_the_row_up_to_a_value() {
        let lines = [
            // A cell of text, then `≤`, `0`, `起`, on one row.
            Line {
                ink: rect(10, 100, 90, 120),
                cell: Some(0),
            },
            Line {
                ink: rect(120, 104, 132, 116),
                cell: Some(1),
            },
            Line {
                ink: rect(160, 102, 170, 118),
                cell: Some(2),
            },
            Line {
                ink: rect(200, 100, 240, 120),
                cell: Some(3),
            },
            // A mark on the next row, last on it: read with the line before it.
            Line {
                ink: rect(10, 140, 60, 160),
                cell: Some(4),
            },
            Line {
                ink: rect(120, 144, 132, 156),
                cell: Some(5),
            },
            // Two lines in one cell: neither is lone.
            Line {
                ink: rect(300, 100, 310, 110),
                cell: Some(6),
            },
            Line {
                ink: rect(300, 112, 310, 122),
                cell: Some(6),
            },
        ];
        let readings = lone_marks(&lines, 20);
        assert_eq!(
            readings,
            vec![
                Reading {
                    pieces: vec![1, 2, 3],
                    lone_at: 0
                },
                Reading {
                    pieces: vec![2, 3],
                    lone_at: 0
                },
                Reading {
                    pieces: vec![4, 5],
                    lone_at: 1
                },
            ]
        );
    }

    #[test]
    fn the_strip_keeps_each_piece_inside_its_cell_and_names_its_span() {
        let mut page = GrayImage::from_pixel(200, 50, Luma([255]));
        // A ruling at x = 30 between the two cells, ink either side.
        for y in 0..50 {
            page.put_pixel(30, y, Luma([0]));
        }
        for x in (20..26).chain(40..60) {
            page.put_pixel(x, 20, Luma([0]));
        }
        let pieces = [
            (rect(20, 18, 26, 23), rect(0, 0, 30, 50)),
            (rect(40, 18, 60, 23), rect(31, 0, 200, 50)),
        ];
        let (img, spans) = strip(&page, &pieces, 20, 4);
        // The first piece, 16..30, stops at its cell's edge before the ruling;
        // then the gap (half a line), then the second piece, 36..64.
        assert_eq!(img.width(), 14 + 10 + 28);
        assert_eq!(spans, vec![0.0..19.0, 19.0..57.0]);
        let dark = img.pixels().filter(|p| p.0[0] == 0).count();
        assert_eq!(dark, 6 + 20, "the ruling stayed out");
    }

    #[test]
    fn characters_are_kept_by_where_they_were_read() {
        let rec = Recognized {
            text: "≥ 18000".into(),
            confidence: 0.9,
            char_confidence: vec![0.8, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0],
            char_x: vec![5.0, 14.0, 20.0, 26.0, 32.0, 38.0, 44.0],
        };
        let lone = read_within(&rec, &(0.0..15.0)).expect("read");
        assert_eq!(lone.text, "≥");
        assert!((lone.confidence - 0.8).abs() < 1e-6);
        assert!(read_within(&rec, &(100.0..120.0)).is_none());
    }
}
