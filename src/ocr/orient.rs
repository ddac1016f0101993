//! Which way up a rendered page is: a scan stored at 90°, 180° or 270° with
//! no `/Rotate` is turned upright before it is read.
//!
//! The direction of the text lines decides between upright and sideways:
//! with the table's rulings removed, ink smeared along the text direction
//! joins characters into long bars, across it only into short ones. Between
//! the two ways up that remain, the recognition model decides: it reads a few
//! lines both ways, and the reading it is surer of wins.

use image::{DynamicImage, GrayImage};

use super::cells::{self, Rect};
use super::engine::Engine;
use super::error::OcrError;
use super::lines::{InkMask, otsu_threshold};

/// Resolution the direction of the text lines is measured at.
const WORK_DPI: f32 = 100.0;
/// A typical character of a form, in points (10.5 pt, 五号).
const EM_PT: f32 = 10.5;
/// Lines read each way to choose between two ways up.
const PROBE_LINES: usize = 4;
/// Mean confidence at which the first way tried is taken without trying the other.
const SURE: f32 = 0.9;

/// The page turned upright and the clockwise quarter turns applied (0–3).
pub fn upright(
    image: DynamicImage,
    dpi: f32,
    engine: &Engine,
) -> Result<(DynamicImage, u32), OcrError> {
    let gray = image.to_luma8();
    let factor = (dpi / WORK_DPI).floor().max(1.0) as u32;
    let small = shrink_keep_ink(&gray, factor);
    let em = (EM_PT / 72.0 * dpi / factor as f32).max(4.0);
    let mask = without_rulings(&small, em);
    let along_rows = bar_length(&mask, em, false);
    let along_cols = bar_length(&mask, em, true);
    let sideways = along_cols > 1.5 * along_rows;
    // First guess: upright, or for sideways text a quarter turn clockwise
    // (a scan stored a quarter turn left, as feeders do).
    let (first, second) = if sideways { (1, 3) } else { (0, 2) };
    let probe = |turns: u32| -> Result<f32, OcrError> {
        let g = turn_gray(&gray, turns);
        let m = turn_mask(&mask, turns);
        probe_confidence(&g, &m, factor, em, engine)
    };
    let a = probe(first)?;
    let turns = if a >= SURE {
        first
    } else if probe(second)? > a {
        second
    } else {
        first
    };
    Ok((turn(image, turns), turns))
}

fn turn(image: DynamicImage, turns: u32) -> DynamicImage {
    match turns {
        1 => image.rotate90(),
        2 => image.rotate180(),
        3 => image.rotate270(),
        _ => image,
    }
}

fn turn_gray(g: &GrayImage, turns: u32) -> GrayImage {
    match turns {
        1 => image::imageops::rotate90(g),
        2 => image::imageops::rotate180(g),
        3 => image::imageops::rotate270(g),
        _ => g.clone(),
    }
}

/// The mask as a gray image turned like the page (ink 0, paper 255).
fn turn_mask(m: &InkMask, turns: u32) -> InkMask {
    let img = GrayImage::from_fn(m.width as u32, m.height as u32, |x, y| {
        image::Luma([if m.at(x as usize, y as usize) { 0 } else { 255 }])
    });
    InkMask::from_gray(&turn_gray(&img, turns), 128)
}

/// Mean confidence of the model on a few text lines of the page as it lies.
fn probe_confidence(
    gray: &GrayImage,
    mask: &InkMask,
    factor: u32,
    em: f32,
    engine: &Engine,
) -> Result<f32, OcrError> {
    let whole = Rect {
        x0: 0,
        y0: 0,
        x1: mask.width,
        y1: mask.height,
    };
    let mut lines: Vec<Rect> = cells::text_lines(mask, whole, 2, Some(em as usize))
        .into_iter()
        .filter(|r| {
            let h = r.height() as f32;
            h >= 0.6 * em && h <= 1.6 * em && r.width() as f32 >= 3.0 * em
        })
        .collect();
    // The widest lines, a few characters each (long ones cost more to read).
    lines.sort_by_key(|r| std::cmp::Reverse(r.width().min(12 * em as usize)));
    let f = factor as usize;
    let mut sum = 0.0;
    let mut n = 0;
    for r in lines.iter().take(PROBE_LINES) {
        let pad = f * 2;
        let x0 = (r.x0 * f).saturating_sub(pad);
        let y0 = (r.y0 * f).saturating_sub(pad);
        let x1 =
            (r.x0 * f + (12 * em as usize).min(r.width()) * f + pad).min(gray.width() as usize);
        let y1 = (r.y1 * f + pad).min(gray.height() as usize);
        if x1 <= x0 || y1 <= y0 {
            continue;
        }
        let crop = image::imageops::crop_imm(
            gray,
            x0 as u32,
            y0 as u32,
            (x1 - x0) as u32,
            (y1 - y0) as u32,
        )
        .to_image();
        let rec = engine.rec.recognize(&crop)?;
        sum += rec.confidence;
        n += 1;
    }
    Ok(if n == 0 { 0.0 } else { sum / n as f32 })
}

/// `factor` × `factor` blocks to one pixel, the darkest of the block (thin
/// strokes survive).
fn shrink_keep_ink(g: &GrayImage, factor: u32) -> GrayImage {
    if factor <= 1 {
        return g.clone();
    }
    let (w, h) = (g.width() / factor, g.height() / factor);
    GrayImage::from_fn(w.max(1), h.max(1), |x, y| {
        let mut v = 255u8;
        for dy in 0..factor {
            for dx in 0..factor {
                let (sx, sy) = (x * factor + dx, y * factor + dy);
                if sx < g.width() && sy < g.height() {
                    v = v.min(g.get_pixel(sx, sy).0[0]);
                }
            }
        }
        image::Luma([v])
    })
}

/// Ink with the rulings taken out: runs of ink longer than five characters
/// in a row or a column are lines, not text.
fn without_rulings(g: &GrayImage, em: f32) -> InkMask {
    let mut mask = InkMask::from_gray(g, otsu_threshold(g));
    let long = (5.0 * em) as usize;
    let (w, h) = (mask.width, mask.height);
    let mut line = vec![false; w * h];
    let mut mark = |idx: &dyn Fn(usize, usize) -> usize, outer: usize, inner: usize| {
        for o in 0..outer {
            let mut start = None;
            for i in 0..=inner {
                let ink = i < inner && mask.ink[idx(o, i)] != 0;
                match (ink, start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        if i - s >= long {
                            (s..i).for_each(|k| line[idx(o, k)] = true);
                        }
                        start = None;
                    }
                    _ => {}
                }
            }
        }
    };
    mark(&|y, x| y * w + x, h, w);
    mark(&|x, y| y * w + x, w, h);
    for (m, l) in mask.ink.iter_mut().zip(&line) {
        if *l {
            *m = 0;
        }
    }
    mask
}

/// Total length of the bars (runs of at least three characters) that ink
/// forms when gaps under a third of a character are bridged, along rows or
/// along columns.
fn bar_length(mask: &InkMask, em: f32, columns: bool) -> f32 {
    let (outer, inner) = if columns {
        (mask.width, mask.height)
    } else {
        (mask.height, mask.width)
    };
    let at = |o: usize, i: usize| {
        if columns {
            mask.at(o, i)
        } else {
            mask.at(i, o)
        }
    };
    let bridge = (em / 3.0) as usize;
    let min_bar = (3.0 * em) as usize;
    let mut total = 0usize;
    for o in 0..outer {
        let mut start: Option<usize> = None;
        let mut last = 0usize;
        for i in 0..inner {
            if !at(o, i) {
                continue;
            }
            match start {
                Some(_) if i - last <= bridge + 1 => {}
                Some(s) => {
                    if last + 1 - s >= min_bar {
                        total += last + 1 - s;
                    }
                    start = Some(i);
                }
                None => start = Some(i),
            }
            last = i;
        }
        if let Some(s) = start
            && last + 1 - s >= min_bar
        {
            total += last + 1 - s;
        }
    }
    total as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of short horizontal "text lines": blocks of glyph-like squares.
    fn text_page() -> GrayImage {
        let mut g = GrayImage::from_pixel(400, 400, image::Luma([255]));
        for line in 0..10 {
            let y0 = 20 + line * 36;
            for ch in 0..12 {
                let x0 = 20 + ch * 16;
                for y in y0..y0 + 14 {
                    for x in x0..x0 + 13 {
                        if (x + y) % 3 != 0 {
                            g.put_pixel(x, y, image::Luma([0]));
                        }
                    }
                }
            }
        }
        // A ruling across the page, which must not count as text.
        for x in 0..400 {
            g.put_pixel(x, 10, image::Luma([0]));
        }
        g
    }

    #[test]
    fn text_lines_run_along_rows_upright_and_along_columns_sideways() {
        let g = text_page();
        let em = 14.0;
        let mask = without_rulings(&g, em);
        assert!(bar_length(&mask, em, false) > 3.0 * bar_length(&mask, em, true));
        let side = without_rulings(&image::imageops::rotate90(&g), em);
        assert!(bar_length(&side, em, true) > 3.0 * bar_length(&side, em, false));
    }

    #[test]
    fn shrinking_keeps_thin_strokes() {
        let mut g = GrayImage::from_pixel(9, 9, image::Luma([255]));
        g.put_pixel(4, 4, image::Luma([0]));
        let s = shrink_keep_ink(&g, 3);
        assert_eq!(s.dimensions(), (3, 3));
        assert_eq!(s.get_pixel(1, 1).0[0], 0);
        assert_eq!(s.get_pixel(0, 0).0[0], 255);
    }
}
