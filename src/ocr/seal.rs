//! Colour scans: red seals (公章) stamped over text confuse recognition and
//! break the table lines they cross, so seal ink is turned to paper before
//! converting to gray, while the black ink under it stays dark.
//!
//! Seal ink is translucent: over paper it has the seal's own brightness, over
//! black text it is much darker. So a reddish pixel is judged by its
//! brightness against the seal's typical brightness over paper.

use image::{GrayImage, Luma, RgbImage};

/// How much redder than green and blue a pixel must be to be surely seal ink
/// (used to learn the seal's colour).
const SURE_RED: i16 = 50;
/// How much redder a pixel must be to be treated as (blurred, faint) seal ink.
const REDDISH: i16 = 25;
/// Fewer sure seal pixels than this: no seal on the page.
const MIN_SEAL_PIXELS: usize = 200;
/// Seal pixels darker than this share of the seal's brightness over paper
/// have black ink under them.
const INK_UNDER_SEAL: f32 = 0.65;

/// Within this many pixels of seal ink, light pixels are the seal's blurred
/// fringe (JPEG keeps colour at half resolution): paper.
const FRINGE_PX: usize = 2;
/// Fringe pixels at least this light are paper; darker ones are black ink.
const FRINGE_PAPER_LUMA: u8 = 110;

/// Gray version of a colour scan with red (seal) ink removed.
pub fn gray_without_seals(rgb: &RgbImage) -> GrayImage {
    let (w, h) = (rgb.width() as usize, rgb.height() as usize);
    let luma = |[r, g, b]: [u8; 3]| {
        // ITU-R BT.601 luma.
        ((299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b)) / 1000) as u8
    };
    let Some(seal_luma) = seal_luma_over_paper(rgb, luma) else {
        return GrayImage::from_fn(rgb.width(), rgb.height(), |x, y| {
            Luma([luma(rgb.get_pixel(x, y).0)])
        });
    };
    let seal: Vec<bool> = rgb
        .pixels()
        .map(|p| {
            let [r, g, b] = p.0;
            redness(r, g, b) >= REDDISH
        })
        .collect();
    let fringe = dilate(&seal, w, h, FRINGE_PX);
    GrayImage::from_fn(rgb.width(), rgb.height(), |x, y| {
        let px = rgb.get_pixel(x, y).0;
        let i = y as usize * w + x as usize;
        let l = luma(px);
        if seal[i] {
            let ink = f32::from(l) < INK_UNDER_SEAL * f32::from(seal_luma);
            Luma([if ink { l } else { 255 }])
        } else if fringe[i] && l >= FRINGE_PAPER_LUMA {
            Luma([255])
        } else {
            Luma([l])
        }
    })
}

/// Marks every pixel within `r` (square) of a marked one.
fn dilate(mask: &[bool], w: usize, h: usize, r: usize) -> Vec<bool> {
    // Rows then columns: a square dilation in two 1-D passes.
    let mut rows = vec![false; mask.len()];
    for y in 0..h {
        for x in 0..w {
            if mask[y * w + x] {
                for nx in x.saturating_sub(r)..=(x + r).min(w - 1) {
                    rows[y * w + nx] = true;
                }
            }
        }
    }
    let mut out = vec![false; mask.len()];
    for y in 0..h {
        for x in 0..w {
            if rows[y * w + x] {
                for ny in y.saturating_sub(r)..=(y + r).min(h - 1) {
                    out[ny * w + x] = true;
                }
            }
        }
    }
    out
}

fn redness(r: u8, g: u8, b: u8) -> i16 {
    i16::from(r) - i16::from(g.max(b))
}

/// The median brightness of surely-red pixels: the seal over paper (most of
/// a seal lies over paper). `None` when the page has no seal.
fn seal_luma_over_paper(rgb: &RgbImage, luma: impl Fn([u8; 3]) -> u8) -> Option<u8> {
    let mut hist = [0usize; 256];
    let mut n = 0;
    for p in rgb.pixels() {
        let [r, g, b] = p.0;
        if redness(r, g, b) >= SURE_RED {
            hist[usize::from(luma(p.0))] += 1;
            n += 1;
        }
    }
    if n < MIN_SEAL_PIXELS {
        return None;
    }
    let mut seen = 0;
    (0..=255u8).find(|&v| {
        seen += hist[usize::from(v)];
        seen * 2 >= n
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_over_paper_goes_black_under_seal_stays() {
        // A seal (translucent red) over paper on most of the image, one pixel
        // of it over black text, one plain black pixel, one plain paper pixel.
        let mut rgb = RgbImage::from_pixel(40, 40, image::Rgb([231, 122, 125]));
        rgb.put_pixel(0, 0, image::Rgb([127, 18, 21]));
        rgb.put_pixel(1, 0, image::Rgb([20, 20, 20]));
        rgb.put_pixel(2, 0, image::Rgb([250, 250, 250]));
        rgb.put_pixel(3, 0, image::Rgb([238, 190, 192])); // blurred seal edge
        rgb.put_pixel(5, 0, image::Rgb([200, 200, 200])); // its gray fringe
        let gray = gray_without_seals(&rgb);
        assert!(gray.get_pixel(10, 10).0[0] > 240, "seal over paper");
        assert!(gray.get_pixel(0, 0).0[0] < 80, "ink under the seal");
        assert!(gray.get_pixel(1, 0).0[0] < 30);
        assert!(gray.get_pixel(2, 0).0[0] > 240);
        assert!(gray.get_pixel(3, 0).0[0] > 240, "faint seal edge");
        assert_eq!(gray.get_pixel(5, 0).0[0], 255, "gray fringe of the seal");
    }

    #[test]
    fn pages_without_a_seal_keep_their_reds() {
        // A few red pixels (a red-ink correction) are not a seal: plain luma.
        let mut rgb = RgbImage::from_pixel(40, 40, image::Rgb([255, 255, 255]));
        rgb.put_pixel(5, 5, image::Rgb([200, 20, 20]));
        let gray = gray_without_seals(&rgb);
        assert!(gray.get_pixel(5, 5).0[0] < 100);
    }
}
