//! Scanner speckle: dots of dirt far from any other ink. The recognition model
//! reads them as stray punctuation (`.`, `·`, `：`, `‘`) at the ends of cell
//! text, so they are turned to paper before text lines are found.
//!
//! Real punctuation is never that alone: a full stop or comma sits beside the
//! character before it, a colon's two dots see each other, a decimal point
//! sits between digits.

use image::{GrayImage, Luma};

use super::lines::InkMask;

/// A speck is at most this wide and tall, in points (a quarter of a 10 pt em).
const MAX_SPECK_PT: f32 = 2.5;
/// …and has no other ink within this distance, in points (half an em).
const CLEARANCE_PT: f32 = 5.0;
/// Scanned text has no piece this small (in pixels at 300 dpi, a quarter of
/// that at 150 dpi), however close to other ink: dust from the scanner glass.
const DUST_PX_AT_300DPI: f32 = 2.0;

/// Sizes in pixels for one scan resolution.
#[derive(Debug, Clone, Copy)]
pub struct SpeckleParams {
    pub max_size: usize,
    pub clearance: usize,
    /// Components of at most this many pixels go wherever they are.
    pub dust: usize,
}

impl SpeckleParams {
    pub fn for_dpi(dpi: f32) -> SpeckleParams {
        let px = |pt: f32| (pt * dpi / 72.0).round().max(1.0) as usize;
        SpeckleParams {
            max_size: px(MAX_SPECK_PT),
            clearance: px(CLEARANCE_PT),
            dust: (DUST_PX_AT_300DPI * (dpi / 300.0).powi(2)).round().max(1.0) as usize,
        }
    }
}

/// Whitens isolated specks in `img` and clears them from `ink`; returns how
/// many were removed.
pub fn remove_specks(ink: &mut InkMask, img: &mut GrayImage, p: SpeckleParams) -> usize {
    let mut label = vec![0u32; ink.ink.len()];
    let mut removed = 0;
    let mut next = 0u32;
    for start in 0..ink.ink.len() {
        if ink.ink[start] == 0 || label[start] != 0 {
            continue;
        }
        next += 1;
        let (bbox, area) = flood(ink, &mut label, start, next);
        let small = bbox[2] - bbox[0] < p.max_size && bbox[3] - bbox[1] < p.max_size;
        if area <= p.dust || (small && is_alone(ink, &label, next, bbox, p.clearance)) {
            whiten(ink, img, &label, next, bbox);
            removed += 1;
        }
    }
    removed
}

/// Labels the 8-connected component at `start`; returns its box
/// `[x0, y0, x1, y1]` (inclusive) and its pixel count.
fn flood(ink: &InkMask, label: &mut [u32], start: usize, id: u32) -> ([usize; 4], usize) {
    let w = ink.width;
    let (sx, sy) = (start % w, start / w);
    let mut bbox = [sx, sy, sx, sy];
    let mut stack = vec![start];
    let mut area = 0;
    label[start] = id;
    while let Some(i) = stack.pop() {
        area += 1;
        let (x, y) = (i % w, i / w);
        bbox = [
            bbox[0].min(x),
            bbox[1].min(y),
            bbox[2].max(x),
            bbox[3].max(y),
        ];
        for ny in y.saturating_sub(1)..=(y + 1).min(ink.height - 1) {
            for nx in x.saturating_sub(1)..=(x + 1).min(w - 1) {
                let j = ny * w + nx;
                if ink.ink[j] != 0 && label[j] == 0 {
                    label[j] = id;
                    stack.push(j);
                }
            }
        }
    }
    (bbox, area)
}

/// True when no ink other than component `id` lies within `clearance` of its box.
fn is_alone(ink: &InkMask, label: &[u32], id: u32, bbox: [usize; 4], clearance: usize) -> bool {
    let x0 = bbox[0].saturating_sub(clearance);
    let y0 = bbox[1].saturating_sub(clearance);
    let x1 = (bbox[2] + clearance).min(ink.width - 1);
    let y1 = (bbox[3] + clearance).min(ink.height - 1);
    (y0..=y1).all(|y| {
        (x0..=x1).all(|x| {
            let i = y * ink.width + x;
            ink.ink[i] == 0 || label[i] == id
        })
    })
}

fn whiten(ink: &mut InkMask, img: &mut GrayImage, label: &[u32], id: u32, bbox: [usize; 4]) {
    for y in bbox[1]..=bbox[3] {
        for x in bbox[0]..=bbox[2] {
            let i = y * ink.width + x;
            if label[i] == id {
                ink.ink[i] = 0;
            }
        }
    }
    // The gray image keeps the speck's blurred halo above the threshold:
    // paint the box and a pixel around it, sparing other components' ink.
    let x0 = bbox[0].saturating_sub(1);
    let y0 = bbox[1].saturating_sub(1);
    let x1 = (bbox[2] + 1).min(ink.width - 1);
    let y1 = (bbox[3] + 1).min(ink.height - 1);
    for y in y0..=y1 {
        for x in x0..=x1 {
            if ink.ink[y * ink.width + x] == 0 {
                img.put_pixel(x as u32, y as u32, Luma([255]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(dots: &[(u32, u32, u32)]) -> GrayImage {
        let mut img = GrayImage::from_pixel(120, 60, Luma([255]));
        for &(x, y, size) in dots {
            for dy in 0..size {
                for dx in 0..size {
                    img.put_pixel(x + dx, y + dy, Luma([0]));
                }
            }
        }
        img
    }

    #[test]
    fn lone_dot_goes_dots_near_text_stay() {
        let params = SpeckleParams {
            max_size: 4,
            clearance: 10,
            dust: 1,
        };
        // A 20 px "character", a full stop 3 px after it, a colon's two dots
        // 6 px apart, and a speck far from everything.
        let mut img = page(&[
            (10, 20, 20),
            (33, 36, 3),
            (70, 24, 3),
            (70, 32, 3),
            (105, 5, 2),
        ]);
        let mut ink = InkMask::from_gray(&img, 128);
        let removed = remove_specks(&mut ink, &mut img, params);
        assert_eq!(removed, 1);
        assert_eq!(img.get_pixel(105, 5).0[0], 255);
        assert!(!ink.at(106, 6));
        for (x, y) in [(34, 37), (71, 25), (71, 33), (15, 25)] {
            assert!(ink.at(x, y), "ink at {x},{y} kept");
            assert_eq!(img.get_pixel(x as u32, y as u32).0[0], 0);
        }
    }

    #[test]
    fn dust_goes_even_beside_text() {
        let params = SpeckleParams {
            max_size: 4,
            clearance: 10,
            dust: 1,
        };
        let mut img = page(&[(10, 20, 20), (32, 25, 1)]);
        let mut ink = InkMask::from_gray(&img, 128);
        assert_eq!(remove_specks(&mut ink, &mut img, params), 1);
        assert_eq!(img.get_pixel(32, 25).0[0], 255);
        assert_eq!(img.get_pixel(29, 25).0[0], 0, "the character keeps its ink");
    }

    #[test]
    fn large_lone_marks_are_not_specks() {
        let params = SpeckleParams::for_dpi(150.0);
        let mut img = page(&[(50, 20, params.max_size as u32 + 2)]);
        let mut ink = InkMask::from_gray(&img, 128);
        assert_eq!(remove_specks(&mut ink, &mut img, params), 0);
    }
}
