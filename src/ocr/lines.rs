//! Table lines of a scanned page: binarise, measure and undo the skew, then
//! find long horizontal and vertical runs of ink and turn them into ruling
//! segments (in pixels of the deskewed image).

use image::GrayImage;

/// Largest skew corrected, in degrees.
const MAX_SKEW_DEG: f32 = 2.0;

/// Ink mask: one byte per pixel, 1 where the pixel is dark.
#[derive(Debug, Clone)]
pub struct InkMask {
    pub width: usize,
    pub height: usize,
    pub ink: Vec<u8>,
}

impl InkMask {
    /// Pixels darker than `threshold` are ink.
    pub fn from_gray(img: &GrayImage, threshold: u8) -> InkMask {
        let ink = img
            .as_raw()
            .iter()
            .map(|&v| u8::from(v < threshold))
            .collect();
        InkMask {
            width: img.width() as usize,
            height: img.height() as usize,
            ink,
        }
    }

    pub fn at(&self, x: usize, y: usize) -> bool {
        self.ink[y * self.width + x] != 0
    }

    fn transposed(&self) -> InkMask {
        let mut ink = vec![0u8; self.ink.len()];
        for y in 0..self.height {
            for x in 0..self.width {
                ink[x * self.height + y] = self.ink[y * self.width + x];
            }
        }
        InkMask {
            width: self.height,
            height: self.width,
            ink,
        }
    }
}

/// Otsu's threshold: the gray level that best separates ink from paper.
pub fn otsu_threshold(img: &GrayImage) -> u8 {
    let mut hist = [0u64; 256];
    for &v in img.as_raw() {
        hist[v as usize] += 1;
    }
    let total: u64 = hist.iter().sum();
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &n)| i as f64 * n as f64)
        .sum();
    let (mut weight_bg, mut sum_bg, mut best, mut best_t) = (0u64, 0f64, -1f64, 128u8);
    for (t, &n) in hist.iter().enumerate() {
        weight_bg += n;
        sum_bg += t as f64 * n as f64;
        let weight_fg = total - weight_bg;
        if weight_bg == 0 || weight_fg == 0 {
            continue;
        }
        let mean_bg = sum_bg / weight_bg as f64;
        let mean_fg = (sum_all - sum_bg) / weight_fg as f64;
        let between = weight_bg as f64 * weight_fg as f64 * (mean_bg - mean_fg).powi(2);
        if between > best {
            best = between;
            best_t = t as u8;
        }
    }
    // Pixels strictly below the threshold are ink, so include level `best_t`.
    best_t.saturating_add(1)
}

/// Skew of the page's horizontal structure in degrees (positive: lines fall to the right).
///
/// Maximises the sharpness (sum of squares) of the row profile of ink sheared by each
/// candidate angle: table rulings and text baselines give sharp peaks when level.
pub fn estimate_skew(mask: &InkMask) -> f32 {
    // Sample ink pixels on a coarse grid of rows: plenty for a profile.
    let points: Vec<(f32, f32)> = (0..mask.height)
        .flat_map(|y| (0..mask.width).map(move |x| (x, y)))
        .filter(|&(x, y)| mask.at(x, y))
        .map(|(x, y)| (x as f32, y as f32))
        .collect();
    if points.len() < 100 {
        return 0.0;
    }
    let score = |deg: f32| -> f64 {
        let slope = deg.to_radians().tan();
        let offset = (mask.width as f32 * MAX_SKEW_DEG.to_radians().tan()).ceil() + 2.0;
        let mut bins = vec![0u32; mask.height + 2 * offset as usize + 2];
        for &(x, y) in &points {
            let b = (y - x * slope + offset).round();
            if let Some(bin) = bins.get_mut(b as usize) {
                *bin += 1;
            }
        }
        bins.iter().map(|&n| f64::from(n) * f64::from(n)).sum()
    };
    // Several angles can score the same (lines falling into the same bins):
    // take the middle of the best plateau.
    let best_in = |from: f32, to: f32, step: f32| -> f32 {
        let steps = ((to - from) / step).round() as i32;
        let scored: Vec<(f32, f64)> = (0..=steps)
            .map(|i| from + i as f32 * step)
            .map(|d| (d, score(d)))
            .collect();
        let top = scored.iter().map(|s| s.1).fold(f64::MIN, f64::max);
        let plateau: Vec<f32> = scored
            .iter()
            .filter(|s| s.1 >= top * (1.0 - 1e-4))
            .map(|s| s.0)
            .collect();
        plateau.iter().sum::<f32>() / plateau.len().max(1) as f32
    };
    let coarse = best_in(-MAX_SKEW_DEG, MAX_SKEW_DEG, 0.1);
    best_in(coarse - 0.1, coarse + 0.1, 0.01)
}

/// Rotates `img` about its centre so that a skew of `deg` becomes level; new pixels are white.
pub fn deskew(img: &GrayImage, deg: f32) -> GrayImage {
    if deg.abs() < 0.01 {
        return img.clone();
    }
    let (w, h) = (img.width() as usize, img.height() as usize);
    let (sin, cos) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let src = img.as_raw();
    let sample = |x: f32, y: f32| -> f32 {
        if x < 0.0 || y < 0.0 || x > (w - 1) as f32 || y > (h - 1) as f32 {
            return 255.0;
        }
        let (x0, y0) = (x.floor() as usize, y.floor() as usize);
        let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let p = |xx: usize, yy: usize| f32::from(src[yy * w + xx]);
        let top = p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx;
        let bottom = p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx;
        top * (1.0 - fy) + bottom * fy
    };
    GrayImage::from_fn(w as u32, h as u32, |xo, yo| {
        let (dx, dy) = (xo as f32 - cx, yo as f32 - cy);
        let x = cx + dx * cos - dy * sin;
        let y = cy + dx * sin + dy * cos;
        image::Luma([sample(x, y).round() as u8])
    })
}

/// A straight table line in pixel coordinates of the deskewed image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub horizontal: bool,
    /// Row (horizontal) or column (vertical) of the line's centre.
    pub pos: f32,
    /// Extent along the line, inclusive start, exclusive end.
    pub start: usize,
    pub end: usize,
    /// Rows (or columns) the line covers.
    pub thickness: usize,
}

/// Size settings for line finding, in pixels.
#[derive(Debug, Clone, Copy)]
pub struct LineParams {
    /// Shortest run kept as part of a line.
    pub min_len: usize,
    /// Longest gap of paper bridged inside a run (noise, JPEG artefacts).
    pub max_gap: usize,
    /// Thickest line; thicker dark areas are not rulings.
    pub max_thickness: usize,
}

impl LineParams {
    /// Settings for a scan of `dpi` dots per inch.
    pub fn for_dpi(dpi: f32) -> LineParams {
        let px = |inches: f32| (inches * dpi).round().max(1.0) as usize;
        LineParams {
            min_len: px(0.3),
            max_gap: px(0.02).max(2),
            max_thickness: px(0.05).max(3),
        }
    }
}

/// All horizontal and vertical ruling segments of a deskewed ink mask.
pub fn find_segments(mask: &InkMask, params: &LineParams) -> Vec<Segment> {
    let transposed = mask.transposed();
    let mut out: Vec<Segment> = runs_to_segments(mask, params, true)
        .into_iter()
        .filter(|s| stands_alone(mask, s, params.min_len / 2))
        .collect();
    out.extend(
        runs_to_segments(&transposed, params, false)
            .into_iter()
            .filter(|s| stands_alone(&transposed, s, params.min_len / 2)),
    );
    out
}

/// Segments shorter than `params.min_len` that run from one of `long`'s
/// perpendicular segments to another: the walls of a row (or column) too
/// short to be found on their own, such as the part of a table row a page
/// break left at the top of the next page. Strokes of text can end near a
/// ruling at both ends in a tight row, so a wall must also be at least half
/// `min_len` long and as thick as the page's rulings of its direction
/// (printed with one pen, where a stroke of text is thinner).
pub fn short_walls(mask: &InkMask, params: &LineParams, long: &[Segment]) -> Vec<Segment> {
    let short = LineParams {
        min_len: (params.min_len / 2).max(2),
        ..*params
    };
    let tol = (params.max_gap * 3) as f32;
    let ends_on = |s: &Segment, at: usize| {
        long.iter().any(|p| {
            p.horizontal != s.horizontal
                && (p.pos - at as f32).abs() <= tol
                && p.start as f32 <= s.pos + tol
                && s.pos <= p.end as f32 + tol
        })
    };
    let pen = |horizontal: bool| {
        let mut t: Vec<usize> = long
            .iter()
            .filter(|s| s.horizontal == horizontal)
            .map(|s| s.thickness)
            .collect();
        t.sort_unstable();
        t.get(t.len() / 2).copied()
    };
    let transposed = mask.transposed();
    let mut walls = Vec::new();
    for (m, horizontal) in [(mask, true), (&transposed, false)] {
        let Some(pen) = pen(horizontal) else { continue };
        walls.extend(
            runs_to_segments(m, &short, horizontal)
                .into_iter()
                .filter(|s| {
                    s.end - s.start < params.min_len
                        && s.thickness >= pen
                        && ends_on(s, s.start)
                        && ends_on(s, s.end - 1)
                        && stands_alone(m, s, params.min_len / 2)
                }),
        );
    }
    walls
}

/// Keeps segments that meet a perpendicular one (within `tol` pixels): table
/// lines end on or cross other lines, stray strokes do not.
pub fn keep_connected(segs: Vec<Segment>, tol: usize) -> Vec<Segment> {
    let tol_f = tol as f32;
    let meets = |a: &Segment, b: &Segment| {
        a.horizontal != b.horizontal
            && b.pos + tol_f >= a.start as f32
            && b.pos <= (a.end + tol) as f32
            && a.pos + tol_f >= b.start as f32
            && a.pos <= (b.end + tol) as f32
    };
    segs.iter()
        .filter(|a| segs.iter().any(|b| meets(a, b)))
        .copied()
        .collect()
}

/// Share of a line's length that may have ink just beside it (crossing lines).
const MAX_BESIDE_INK: f32 = 0.3;
/// Share of a line's length whose stretches may be crowded (ink beside more
/// than [`MAX_BESIDE_INK`] of the stretch) when the greater part stands
/// clear: a seal or a character stamped across a ruling crowds only the
/// stretch it covers.
const MAX_CROWDED: f32 = 0.5;

/// True when the paper just beside the segment is mostly clear: a ruling stands
/// alone, while the strokes of a text line that happen to join have other
/// strokes around them all along. A ruling crossed by a seal or touched by
/// text has ink beside it in one stretch only, so the segment also stands
/// alone when its crowded stretches (of `stretch` pixels) are few. `mask` is
/// oriented so that the segment runs along rows.
fn stands_alone(mask: &InkMask, s: &Segment, stretch: usize) -> bool {
    let reach = s.thickness / 2 + 3;
    let row = s.pos.round() as usize;
    let (above, below) = (
        row.checked_sub(reach),
        Some(row + reach).filter(|&r| r < mask.height),
    );
    let beside =
        |x: usize| above.is_some_and(|y| mask.at(x, y)) || below.is_some_and(|y| mask.at(x, y));
    let inked = (s.start..s.end).filter(|&x| beside(x)).count();
    let len = (s.end - s.start) as f32;
    if (inked as f32) < MAX_BESIDE_INK * len {
        return true;
    }
    let stretch = stretch.max(1);
    let crowded: usize = (s.start..s.end)
        .step_by(stretch)
        .map(|from| from..(from + stretch).min(s.end))
        .filter(|r| {
            let n = r.clone().filter(|&x| beside(x)).count();
            n as f32 >= MAX_BESIDE_INK * r.len() as f32
        })
        .map(|r| r.len())
        .sum();
    (crowded as f32) < MAX_CROWDED * len
}

/// A run of ink on one row: [start, end).
#[derive(Debug, Clone, Copy)]
struct Run {
    row: usize,
    start: usize,
    end: usize,
}

/// Long runs on each row of `mask`, gaps up to `max_gap` bridged.
fn long_runs(mask: &InkMask, params: &LineParams) -> Vec<Run> {
    let mut runs = Vec::new();
    for row in 0..mask.height {
        let line = &mask.ink[row * mask.width..(row + 1) * mask.width];
        let mut x = 0;
        while x < line.len() {
            if line[x] == 0 {
                x += 1;
                continue;
            }
            let start = x;
            let mut last_ink = x;
            while x < line.len() && x - last_ink <= params.max_gap {
                if line[x] != 0 {
                    last_ink = x;
                }
                x += 1;
            }
            let end = last_ink + 1;
            if end - start >= params.min_len {
                runs.push(Run { row, start, end });
            }
            x = end;
        }
    }
    runs
}

/// Groups runs on neighbouring rows that overlap into lines.
fn runs_to_segments(mask: &InkMask, params: &LineParams, horizontal: bool) -> Vec<Segment> {
    struct Group {
        first_row: usize,
        last_row: usize,
        start: usize,
        end: usize,
        weighted_rows: f64,
        weight: f64,
        /// Extent of the runs on the last row, for matching the next row.
        tail: Vec<(usize, usize)>,
    }
    let mut open: Vec<Group> = Vec::new();
    let mut done: Vec<Group> = Vec::new();
    for run in long_runs(mask, params) {
        // Close groups that no longer touch this row.
        let (still, ended): (Vec<Group>, Vec<Group>) =
            open.into_iter().partition(|g| g.last_row + 2 >= run.row);
        open = still;
        done.extend(ended);
        let overlaps = |g: &Group| {
            g.tail.iter().any(|&(s, e)| run.start < e && s < run.end)
                && (g.last_row + 1 == run.row || g.last_row + 2 == run.row || g.last_row == run.row)
        };
        let len = (run.end - run.start) as f64;
        match open.iter_mut().find(|g| overlaps(g)) {
            Some(g) => {
                if g.last_row != run.row {
                    g.tail.clear();
                }
                g.last_row = run.row;
                g.start = g.start.min(run.start);
                g.end = g.end.max(run.end);
                g.weighted_rows += run.row as f64 * len;
                g.weight += len;
                g.tail.push((run.start, run.end));
            }
            None => open.push(Group {
                first_row: run.row,
                last_row: run.row,
                start: run.start,
                end: run.end,
                weighted_rows: run.row as f64 * len,
                weight: len,
                tail: vec![(run.start, run.end)],
            }),
        }
    }
    done.extend(open);
    done.into_iter()
        .map(|g| Segment {
            horizontal,
            pos: (g.weighted_rows / g.weight) as f32,
            start: g.start,
            end: g.end,
            thickness: g.last_row - g.first_row + 1,
        })
        .filter(|s| s.thickness <= params.max_thickness || s.end - s.start > 40 * s.thickness)
        .collect()
}

/// Joins collinear segments whose ends are within `max_gap` pixels (lines broken
/// by noise, or found twice on neighbouring rows): segments are clustered by
/// position (within `pos_tol`), then overlapping extents merged in each cluster.
pub fn join_collinear(mut segs: Vec<Segment>, max_gap: usize, pos_tol: f32) -> Vec<Segment> {
    segs.sort_by(|a, b| {
        (a.horizontal, a.pos)
            .partial_cmp(&(b.horizontal, b.pos))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut clusters: Vec<Vec<Segment>> = Vec::new();
    for s in segs {
        match clusters.last_mut() {
            Some(c) if c[0].horizontal == s.horizontal && s.pos - c[c.len() - 1].pos <= pos_tol => {
                c.push(s)
            }
            _ => clusters.push(vec![s]),
        }
    }
    clusters
        .into_iter()
        .flat_map(|c| merge_extents(c, max_gap))
        .collect()
}

/// Merges segments of one position cluster whose extents overlap or nearly touch.
fn merge_extents(mut cluster: Vec<Segment>, max_gap: usize) -> Vec<Segment> {
    cluster.sort_by_key(|s| s.start);
    let mut out: Vec<(Segment, f32)> = Vec::new(); // segment, summed length for the mean position
    for s in cluster {
        let len = (s.end - s.start) as f32;
        match out.last_mut() {
            Some((o, weight)) if s.start <= o.end + max_gap => {
                o.pos = (o.pos * *weight + s.pos * len) / (*weight + len);
                *weight += len;
                o.end = o.end.max(s.end);
                o.thickness = o.thickness.max(s.thickness);
            }
            _ => out.push((s, len)),
        }
    }
    out.into_iter().map(|(s, _)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_with_grid(skew_px_per_1000: f32) -> GrayImage {
        GrayImage::from_fn(1200, 400, |x, y| {
            let yy = y as f32 - x as f32 * skew_px_per_1000 / 1000.0;
            let on_h = [50.0, 150.0, 350.0].iter().any(|&r| (yy - r).abs() < 1.0);
            let on_v = [40, 600, 1160].contains(&x) && (50..=350).contains(&y);
            image::Luma([if on_h && (40..=1160).contains(&x) || on_v {
                0
            } else {
                255
            }])
        })
    }

    #[test]
    fn finds_grid_lines_of_level_page() {
        let img = page_with_grid(0.0);
        let mask = InkMask::from_gray(&img, otsu_threshold(&img));
        let segs = join_collinear(find_segments(&mask, &LineParams::for_dpi(150.0)), 4, 2.0);
        let h: Vec<_> = segs.iter().filter(|s| s.horizontal).collect();
        let v: Vec<_> = segs.iter().filter(|s| !s.horizontal).collect();
        assert_eq!(h.len(), 3, "{segs:?}");
        assert_eq!(v.len(), 3, "{segs:?}");
        assert!(h.iter().all(|s| s.start <= 41 && s.end >= 1160));
    }

    #[test]
    fn measures_and_removes_skew() {
        // 8.7 px per 1000 px is 0.5 degrees.
        let img = page_with_grid(8.7);
        let mask = InkMask::from_gray(&img, 128);
        let skew = estimate_skew(&mask);
        assert!((skew - 0.5).abs() < 0.06, "skew {skew}");
        let level = deskew(&img, skew);
        let mask = InkMask::from_gray(&level, 160);
        let segs = join_collinear(find_segments(&mask, &LineParams::for_dpi(150.0)), 4, 2.0);
        let long_h = segs
            .iter()
            .filter(|s| s.horizontal && s.end - s.start > 1000)
            .count();
        assert_eq!(long_h, 3, "{segs:?}");
    }

    #[test]
    fn walls_of_a_row_shorter_than_a_line_are_found_between_rulings() {
        // Rulings at y 20 and 50 (a row 30 px high, shorter than min_len 45 at
        // 150 dpi) and at 300; walls at x 40 and 1160 run the whole height,
        // one at x 600 only across the short row. A stroke at x 300, 20 px
        // long, stands in the row without reaching both rulings.
        let img = GrayImage::from_fn(1200, 320, |x, y| {
            let ruling = |c: u32, w: u32| c.abs_diff(w) <= 1;
            let on_h = [20, 50, 300].iter().any(|&r| ruling(y, r)) && (40..=1160).contains(&x);
            let on_v = ([40, 1160].iter().any(|&c| ruling(x, c)) && (20..=300).contains(&y))
                || (ruling(x, 600) && (20..=50).contains(&y));
            let stroke = ruling(x, 300) && (26..46).contains(&y);
            image::Luma([if on_h || on_v || stroke { 0 } else { 255 }])
        });
        let mask = InkMask::from_gray(&img, 128);
        let params = LineParams::for_dpi(150.0);
        let long = find_segments(&mask, &params);
        assert!(
            !long
                .iter()
                .any(|s| !s.horizontal && (s.pos - 600.0).abs() < 3.0)
        );
        let walls = short_walls(&mask, &params, &long);
        assert_eq!(walls.len(), 1, "{walls:?}");
        assert!(!walls[0].horizontal && (walls[0].pos - 600.0).abs() < 1.0);
    }

    #[test]
    fn a_ruling_crowded_along_one_stretch_stands_alone() {
        // Rulings at x 100 and 300, y 20..400. A seal's stroke runs beside the
        // first for 140 px (more than MAX_BESIDE_INK of its length, in one
        // stretch); strokes of text sit beside the second all along, every
        // other 10 px.
        let img = GrayImage::from_fn(400, 420, |x, y| {
            let ruling = [100, 300].iter().any(|&c| x.abs_diff(c) <= 1) && (20..400).contains(&y);
            let seal = (95..=97).contains(&x) && (60..200).contains(&y);
            let text = (295..=296).contains(&x) && (20..400).contains(&y) && (y / 10) % 2 == 0;
            image::Luma([if ruling || seal || text { 0 } else { 255 }])
        });
        let mask = InkMask::from_gray(&img, 128);
        let segs = find_segments(&mask, &LineParams::for_dpi(150.0));
        let at = |x: f32| {
            segs.iter()
                .any(|s| !s.horizontal && (s.pos - x).abs() < 1.5 && s.end - s.start > 300)
        };
        assert!(at(100.0), "{segs:?}");
        assert!(!at(300.0), "{segs:?}");
    }

    #[test]
    fn overlapping_parallel_pieces_join() {
        let s = |pos: f32, start, end, thickness| Segment {
            horizontal: true,
            pos,
            start,
            end,
            thickness,
        };
        let out = join_collinear(
            vec![
                s(279.1, 69, 1684, 3),
                s(278.0, 1211, 1285, 1),
                s(278.0, 1358, 1439, 1),
            ],
            22,
            3.0,
        );
        assert_eq!(out.len(), 1, "{out:?}");
    }

    #[test]
    fn stray_strokes_that_meet_no_line_are_dropped() {
        let seg = |horizontal, pos: f32, start, end| Segment {
            horizontal,
            pos,
            start,
            end,
            thickness: 1,
        };
        let kept = keep_connected(
            vec![
                seg(true, 10.0, 10, 200),
                seg(false, 10.0, 10, 100),
                seg(true, 50.0, 60, 120),
            ],
            6,
        );
        assert_eq!(kept.len(), 2, "{kept:?}");
        assert!(kept.iter().all(|s| s.pos == 10.0));
    }
}
