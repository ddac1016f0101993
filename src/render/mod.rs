//! Page renderer: a PDF page as a viewer shows it (`/Rotate`, crop box,
//! clipping, Form XObjects, every image filter — DCT, Flate/LZW with
//! predictors, CCITT, JBIG2, JPX, 1-bit and indexed images, image masks),
//! drawn by hayro (pure Rust) on a white page.
//!
//! The pixmap of a page is capped at [`Limits::max_page_pixels`] (the
//! resolution is lowered to fit) and every image the page draws at
//! [`Limits::max_image_pixels`] (checked against what the extractor met
//! before hayro decodes anything). A panic inside the renderer is caught and
//! reported as a [`RenderError`].

use std::collections::HashMap;
use std::sync::Arc;

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};
use image::{DynamicImage, GrayImage, RgbImage};

use crate::extract::{Limits, Page};

/// Widest or tallest pixmap side the rasteriser takes.
const MAX_SIDE: f32 = 65_535.0;

/// Why a page could not be rendered.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RenderError {
    #[error("the renderer cannot open the PDF: {0}")]
    Open(String),
    #[error("page {0} is not in the renderer's page tree")]
    NoPage(u32),

    #[error("page {page}: over a limit: {reason}")]
    Limit { page: u32, reason: String },
    #[error("page {0}: internal error while rendering")]
    Panic(u32),
}

/// A parsed PDF, ready to render pages of.
pub struct PageRenderer {
    pdf: Pdf,
    limits: Limits,
    /// Index in the renderer's page list of each page object, by reference.
    by_reference: HashMap<(u32, u16), usize>,
}

/// One rendered page and the resolution it was drawn at.
pub struct Rendered {
    pub image: DynamicImage,
    /// Pixels per inch actually used (lower than asked when the page would
    /// pass [`Limits::max_page_pixels`]).
    pub dpi: f32,
}

impl PageRenderer {
    /// Parses `bytes` for rendering (decrypting files whose user password
    /// is empty). The bytes are shared, not copied.
    pub fn open(bytes: Arc<Vec<u8>>, limits: &Limits) -> Result<PageRenderer, RenderError> {
        crate::extract::parses::count(crate::extract::parses::Parser::Render);
        let pdf = catch(|| Pdf::new(bytes))
            .ok_or_else(|| RenderError::Open("internal error while parsing".into()))?
            .map_err(|e| RenderError::Open(format!("{e:?}")))?;
        let by_reference = catch(|| {
            let mut map = HashMap::new();
            for (i, page) in pdf.pages().iter().enumerate() {
                if let Some(id) = page.raw().obj_id()
                    && let Ok(generation) = u16::try_from(id.gen_number)
                {
                    map.entry((id.obj_number, generation)).or_insert(i);
                }
            }
            map
        })
        .ok_or_else(|| RenderError::Open("internal error while reading the page tree".into()))?;
        Ok(PageRenderer {
            pdf,
            limits: limits.clone(),
            by_reference,
        })
    }

    /// Number of pages the renderer sees.
    pub fn page_count(&self) -> usize {
        self.pdf.pages().len()
    }

    /// Renders `page` (as the extractor read it: its object reference picks
    /// the page, its images are checked against the limits) at `dpi`. A page
    /// read from no PDF (no reference) is found by its number.
    pub fn render(&self, page: &Page, dpi: f32) -> Result<Rendered, RenderError> {
        let number = page.number;
        for img in &page.images {
            let pixels = u64::from(img.width) * u64::from(img.height);
            if pixels > self.limits.max_image_pixels {
                return Err(RenderError::Limit {
                    page: number,
                    reason: format!(
                        "an image of {}x{} pixels (cap {})",
                        img.width, img.height, self.limits.max_image_pixels
                    ),
                });
            }
        }
        let index = match page.reference {
            Some(r) => *self
                .by_reference
                .get(&r)
                .ok_or(RenderError::NoPage(number))?,
            None => number.checked_sub(1).ok_or(RenderError::NoPage(number))? as usize,
        };
        let pages = self.pdf.pages();
        let hpage = pages.get(index).ok_or(RenderError::NoPage(number))?;
        let (w_pt, h_pt) = hpage.render_dimensions();
        let scale =
            fit_scale(w_pt, h_pt, dpi / 72.0, self.limits.max_page_pixels).ok_or_else(|| {
                RenderError::Limit {
                    page: number,
                    reason: format!("a page of {w_pt}x{h_pt} points"),
                }
            })?;
        // Whole pixels, rounded (the rasteriser truncates): a page drawn at a
        // scan's own resolution gets the scan's pixel size.
        let (w_px, h_px) = (
            (w_pt * scale).round().max(1.0),
            (h_pt * scale).round().max(1.0),
        );
        let pixmap = catch(|| {
            let cache = RenderCache::new();
            let settings = PixmapSettings {
                x_scale: (w_px + 0.01) / w_pt,
                y_scale: (h_px + 0.01) / h_pt,
                bg_color: WHITE,
            };
            hayro::render(
                hpage,
                &cache,
                &InterpreterSettings::default(),
                &RenderSettings::default(),
                &settings,
            )
        })
        .ok_or(RenderError::Panic(number))?;
        let (w, h) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
        Ok(Rendered {
            image: to_image(w, h, pixmap.data_as_u8_slice()),
            dpi: scale * 72.0,
        })
    }
}

/// The scale (pixels per point) at most `wanted` that keeps a `w` × `h`
/// point page within `max_pixels` and the rasteriser's side limit; `None`
/// for a degenerate page.
fn fit_scale(w: f32, h: f32, wanted: f32, max_pixels: u64) -> Option<f32> {
    if !(w.is_finite() && h.is_finite() && w >= 1.0 && h >= 1.0 && wanted > 0.0) {
        return None;
    }
    let by_area = ((max_pixels as f64) / (f64::from(w) * f64::from(h))).sqrt() as f32;
    let by_side = MAX_SIDE / w.max(h);
    let scale = wanted.min(by_area * 0.999).min(by_side);
    (scale * w.min(h) >= 1.0).then_some(scale)
}

/// RGBA on an opaque white page → gray when every pixel is gray, else RGB.
fn to_image(w: u32, h: u32, rgba: &[u8]) -> DynamicImage {
    let gray = rgba.chunks_exact(4).all(|p| p[0] == p[1] && p[1] == p[2]);
    if gray {
        let px = rgba.chunks_exact(4).map(|p| p[0]).collect();
        GrayImage::from_raw(w, h, px)
            .map_or_else(|| DynamicImage::new_luma8(w, h), DynamicImage::ImageLuma8)
    } else {
        let px = rgba
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        RgbImage::from_raw(w, h, px)
            .map_or_else(|| DynamicImage::new_rgb8(w, h), DynamicImage::ImageRgb8)
    }
}

/// Runs `f`, turning a panic into `None` (the default hook's message is
/// silenced only by the caller's hook, not here).
fn catch<T>(f: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_is_lowered_to_the_pixel_cap() {
        // A4 at 300 dpi is about 8.7 million pixels.
        let s = fit_scale(595.0, 842.0, 300.0 / 72.0, 2_000_000).expect("fits");
        let px = (595.0 * s) * (842.0 * s);
        assert!(px <= 2_000_000.0 && px > 1_900_000.0, "{px}");
        assert_eq!(fit_scale(595.0, 842.0, 1.0, 2_000_000), Some(1.0));
        assert_eq!(fit_scale(0.0, 842.0, 1.0, 2_000_000), None);
        assert_eq!(fit_scale(f32::NAN, 842.0, 1.0, 2_000_000), None);
    }

    #[test]
    fn gray_pixmaps_become_gray_images() {
        let gray = to_image(2, 1, &[10, 10, 10, 255, 200, 200, 200, 255]);
        assert_eq!(gray.as_luma8().expect("gray").as_raw(), &vec![10, 200]);
        let rgb = to_image(1, 1, &[200, 0, 0, 255]);
        assert_eq!(rgb.as_rgb8().expect("rgb").as_raw(), &vec![200, 0, 0]);
    }
}
