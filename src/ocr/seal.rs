//! Colour scans: red seals (公章) stamped over text confuse recognition, so
//! strongly red pixels are turned to paper before converting to gray.

use image::{GrayImage, Luma, RgbImage};

/// How much redder than green and blue a pixel must be to count as seal ink.
const RED_MARGIN: i16 = 50;

/// Gray version of a colour scan with red (seal) ink removed.
pub fn gray_without_seals(rgb: &RgbImage) -> GrayImage {
    GrayImage::from_fn(rgb.width(), rgb.height(), |x, y| {
        let [r, g, b] = rgb.get_pixel(x, y).0;
        if is_seal_red(r, g, b) {
            return Luma([255]);
        }
        // ITU-R BT.601 luma.
        let luma = (299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b)) / 1000;
        Luma([luma as u8])
    })
}

fn is_seal_red(r: u8, g: u8, b: u8) -> bool {
    let (r, g, b) = (i16::from(r), i16::from(g), i16::from(b));
    r - g >= RED_MARGIN && r - b >= RED_MARGIN
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn red_becomes_paper_black_stays() {
        let mut rgb = RgbImage::from_pixel(3, 1, image::Rgb([255, 255, 255]));
        rgb.put_pixel(0, 0, image::Rgb([220, 40, 50]));
        rgb.put_pixel(1, 0, image::Rgb([20, 20, 20]));
        let gray = gray_without_seals(&rgb);
        assert_eq!(gray.get_pixel(0, 0).0[0], 255);
        assert!(gray.get_pixel(1, 0).0[0] < 30);
        assert_eq!(gray.get_pixel(2, 0).0[0], 255);
    }
}
