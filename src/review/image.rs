//! Page images for review pages: each page drawn by the renderer
//! ([`crate::render`]), turned as OCR turned it, and inlined as a `data:` URI
//! (PNG for drawn pages, JPEG for scans, which PNG would make large).

use std::collections::BTreeMap;
use std::io::Cursor;

use base64::Engine as _;
use image::DynamicImage;

use crate::extract::PdfDocument;
use crate::ocr::OcrFrame;
use crate::source::Source;

/// Resolution pages are drawn at: sharp enough to read a 9 pt figure, small
/// enough that a page is some hundred kilobytes.
pub const REVIEW_DPI: f32 = 120.0;

/// JPEG quality for scanned pages.
const JPEG_QUALITY: u8 = 80;

/// One page drawn: its `data:` URI and pixel size.
#[derive(Debug, Clone)]
pub struct PageImage {
    pub data_uri: String,
    pub width: u32,
    pub height: u32,
}

/// Draws the pages numbered `wanted`; each page's image or why it could not
/// be drawn.
pub fn draw_pages(
    source: &Source,
    pdf: &PdfDocument,
    wanted: &[u32],
    frames: &[OcrFrame],
) -> BTreeMap<u32, Result<PageImage, String>> {
    let mut out = BTreeMap::new();
    let renderer = match source.renderer() {
        Ok(r) => r,
        Err(e) => {
            for &n in wanted {
                out.insert(n, Err(e.to_string()));
            }
            return out;
        }
    };
    for &n in wanted {
        let Some(page) = pdf.pages.iter().find(|p| p.number == n) else {
            continue;
        };
        let scan = crate::trust::scan_image(page).is_some();
        let turns = frames
            .iter()
            .find(|f| f.page == n)
            .map_or(0, |f| f.quarter_turns);
        let drawn = renderer
            .render(page, REVIEW_DPI)
            .map_err(|e| e.to_string())
            .and_then(|r| encode(turn(r.image, turns), scan));
        out.insert(n, drawn);
    }
    out
}

/// Quarter turns clockwise, as OCR turned the page upright.
fn turn(image: DynamicImage, turns: u32) -> DynamicImage {
    match turns % 4 {
        1 => image.rotate90(),
        2 => image.rotate180(),
        3 => image.rotate270(),
        _ => image,
    }
}

fn encode(image: DynamicImage, scan: bool) -> Result<PageImage, String> {
    let (width, height) = (image.width(), image.height());
    let mut buf = Cursor::new(Vec::new());
    let mime = if scan {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut buf, JPEG_QUALITY);
        image
            .write_with_encoder(encoder)
            .map_err(|e| e.to_string())?;
        "image/jpeg"
    } else {
        image
            .write_to(&mut buf, image::ImageFormat::Png)
            .map_err(|e| e.to_string())?;
        "image/png"
    };
    let b64 = base64::engine::general_purpose::STANDARD.encode(buf.into_inner());
    Ok(PageImage {
        data_uri: format!("data:{mime};base64,{b64}"),
        width,
        height,
    })
}
