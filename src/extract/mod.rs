//! Extract stage: PDF bytes → pages of positioned glyphs, painted paths and
//! images. Which painted paths are table rulings is the layout stage's call
//! (`layout::rulings`).
//!
//! Coordinates are PDF points in the page as displayed (after `/Rotate`), with
//! the origin at the top-left corner and y growing downwards.

use serde::{Deserialize, Serialize};

mod annot;
mod cmap;
mod device;
mod encoding;
mod font;
mod fontfile;
mod interp;
mod lexer;
mod load;
pub mod parses;
mod repair;
mod std_widths;

pub use repair::radical_to_ideograph;

/// Everything the later stages need from one PDF.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PdfDocument {
    /// The pages read, in order.
    pub pages: Vec<Page>,
    /// One entry per font resource met, with how its codes were decoded.
    pub fonts: Vec<FontReport>,
}

/// One page, as displayed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// The page object's reference (object number, generation): the page's
    /// identity for every reader of the file (the renderer finds the page by
    /// it, never by its position). `None` for a page not read from a PDF.
    #[serde(default)]
    pub reference: Option<(u32, u16)>,
    pub width: f32,
    pub height: f32,
    /// `/Rotate` of the page (0, 90, 180, 270); coordinates are already rotated.
    pub rotation: i32,
    pub glyphs: Vec<Glyph>,
    /// The table's lines: classified by layout from [`Page::painted`] when
    /// a source opens (`layout::rulings::classify_document`), or found by OCR.
    pub rulings: Vec<Ruling>,
    /// What the page painted with visible ink, in drawing order, until the
    /// layout stage turns it into [`Page::rulings`] (which empties it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub painted: Vec<Painted>,
    pub images: Vec<PageImage>,
    /// Visible annotations whose text was read into `glyphs` (filled form
    /// fields, FreeText notes), in the page's `/Annots` order.
    #[serde(default)]
    pub annotations: Vec<AnnotationText>,
    /// Filled paths of about a character's size (not rulings): text drawn
    /// as outlines shows as many of these and no glyphs.
    #[serde(default)]
    pub filled_paths: usize,
}

/// The text one annotation put on its page.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AnnotationText {
    /// `Widget`, `FreeText`, …
    pub subtype: String,
    /// A form field's full name.
    #[serde(default)]
    pub field: Option<String>,
    /// `appearance` (its appearance stream was drawn) or `value` (a field's
    /// `/V`, laid out because it has no appearance).
    pub via: String,
    pub text: String,
}

/// One drawn character (or a ligature's several characters).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Glyph {
    pub text: String,
    /// Box: left, top, right, bottom. Top/bottom span the font's ascent/descent.
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// Effective font size in points (text matrix and CTM applied).
    pub size: f32,
    /// False for render mode 3 (invisible text, as OCR layers are drawn).
    pub visible: bool,
    /// Index into [`PdfDocument::fonts`].
    pub font: u32,
    /// Box (left, top, right, bottom) of the clipping path in force when the
    /// glyph was drawn: a viewer shows only what lies inside it, and the
    /// glyph belongs where its clip is (a label clipped at its cell's
    /// border is its cell's, however far it runs past).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clip: Option<[f32; 4]>,
}

impl Glyph {
    /// A visible glyph whose box is a `size` square with its top-left corner
    /// at (x, y): for synthetic pages in tests and tools.
    pub fn square(text: &str, x: f32, y: f32, size: f32) -> Glyph {
        Glyph {
            text: text.into(),
            x0: x,
            y0: y,
            x1: x + size,
            y1: y + size,
            size,
            visible: true,
            font: 0,
            clip: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Orientation {
    Horizontal,
    Vertical,
}

/// A horizontal or vertical line of the form's table.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Ruling {
    pub orientation: Orientation,
    /// y of a horizontal line, x of a vertical one.
    pub pos: f32,
    /// Extent along the line: x range of a horizontal one, y range of a vertical one.
    pub start: f32,
    pub end: f32,
}

/// One piece of a painted path, in page coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Painted {
    /// A stroked straight segment (a curve stands as its chord), from one
    /// end to the other.
    Stroke((f32, f32), (f32, f32)),
    /// The box (left, top, right, bottom) of a filled subpath of three or
    /// more points.
    Fill([f32; 4]),
}

/// An image drawn on the page (scans are one big image per page).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PageImage {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// Pixel size of the image as stored.
    pub width: u32,
    pub height: u32,
    /// Object number of the image XObject, so it can be decoded later;
    /// 0 for an inline image (`BI … ID … EI`) or a direct stream.
    pub object: u32,
}

/// How one font resource was decoded, for `evalform inspect`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FontReport {
    pub name: String,
    /// `Type0`, `TrueType`, `Type1`, `Type3` …
    pub subtype: String,
    pub encoding: String,
    /// Which path turned codes into Unicode, e.g. `ToUnicode`, `GBK-EUC-H via encoding_rs`.
    pub decoding: String,
}

/// Why a PDF could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("not a PDF (no %PDF- header)")]
    NotPdf,
    #[error("encrypted with a password")]
    Encrypted,
    #[error("corrupt or truncated PDF: {0}")]
    Corrupt(String),
    #[error("over a limit: {0}")]
    Limit(String),
}

/// Caps that keep a hostile file within bounded memory and work.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Limits {
    /// Largest decompressed stream, in bytes.
    pub max_stream_bytes: usize,
    /// Most content-stream operators interpreted per page, each shown glyph
    /// counting as one more (bounds glyphs, rulings and images per page).
    pub max_ops_per_page: usize,
    /// Deepest Form XObject nesting.
    pub max_xobject_depth: usize,
    /// Most pages read.
    pub max_pages: usize,
    /// Largest page raster the renderer makes, in pixels (the resolution is
    /// lowered to fit; A4 at 300 dpi is 8.7 million).
    pub max_page_pixels: u64,
    /// Largest image a rendered page may draw, in pixels (a 600 dpi A3 scan
    /// is about 70 million); a page with a larger one is not rendered.
    pub max_image_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_stream_bytes: 64 << 20,
            max_ops_per_page: 2_000_000,
            max_xobject_depth: 12,
            max_pages: 2_000,
            max_page_pixels: 40_000_000,
            max_image_pixels: 120_000_000,
        }
    }
}

/// Reads a PDF into pages, what they painted not yet classified (see
/// [`Page::painted`]; `source::read_pages` reads a PDF for the later
/// stages). Never panics on bad input.
///
/// Caps (see [`Limits`]): each decompressed stream ≤ `max_stream_bytes`
/// (a page's concatenated contents too; Form XObjects decoded on one page
/// ≤ 4 × that), ≤ `max_ops_per_page` operators plus glyphs per page, nested
/// forms included (this also bounds glyphs, rulings and images per page),
/// Form XObjects nested ≤ `max_xobject_depth` (self-referencing forms are
/// skipped), ≤ `max_pages` pages. Going past a cap
/// is an [`ExtractError::Limit`]. A file that needs a password
/// (an encrypted file whose user password is not empty) is
/// [`ExtractError::Encrypted`]. A panic inside the parser is caught and
/// reported as [`ExtractError::Corrupt`] as a last line of defence.
pub fn read_pdf(bytes: &[u8], limits: &Limits) -> Result<PdfDocument, ExtractError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_pdf_inner(bytes, limits)
    }))
    .unwrap_or_else(|_| Err(ExtractError::Corrupt("internal error while parsing".into())))
}

fn read_pdf_inner(bytes: &[u8], limits: &Limits) -> Result<PdfDocument, ExtractError> {
    let pdf = load::load(bytes, limits)?;
    let page_ids = pdf.page_ids()?;
    let mut fonts = interp::FontCache::default();
    let mut pages = Vec::with_capacity(page_ids.len());
    for (i, id) in page_ids.iter().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let Ok(lopdf::Object::Dictionary(dict)) = pdf.doc.get_object(*id) else {
            continue;
        };
        let mut page = read_page(&pdf, &mut fonts, dict, number)?;
        page.reference = Some(*id);
        pages.push(page);
    }
    Ok(PdfDocument {
        pages,
        fonts: fonts.reports,
    })
}

/// Reads one page: geometry, then its content stream.
fn read_page(
    pdf: &load::Pdf,
    fonts: &mut interp::FontCache,
    dict: &lopdf::Dictionary,
    number: u32,
) -> Result<Page, ExtractError> {
    let geometry = PageGeometry::of(pdf, dict);
    let content = pdf.page_content(dict)?;
    let resources = match pdf.inherited(dict, b"Resources") {
        Some(lopdf::Object::Dictionary(d)) => Some(d),
        _ => None,
    };
    let mut interp = interp::Interpreter::new(
        pdf,
        fonts,
        geometry.matrix,
        (geometry.width, geometry.height),
        device::PageCollector::default(),
    );
    interp.run(&content, resources)?;
    let annotations = annot::read(pdf, dict, &mut interp)?;
    let mut out = interp.finish();
    repair::drop_fake_bold(&mut out.glyphs, &out.runs);
    repair::mark_word_spaces(&mut out.glyphs);
    Ok(Page {
        number,
        reference: None,
        width: geometry.width,
        height: geometry.height,
        rotation: geometry.rotation,
        glyphs: out.glyphs,
        rulings: Vec::new(),
        painted: out.painted,
        images: out.images,
        annotations,
        filled_paths: out.filled_paths,
    })
}

/// Displayed size of a page and the matrix from user space to it.
struct PageGeometry {
    width: f32,
    height: f32,
    rotation: i32,
    matrix: interp::Matrix,
}

impl PageGeometry {
    fn of(pdf: &load::Pdf, dict: &lopdf::Dictionary) -> PageGeometry {
        let rect = |key: &[u8]| -> Option<[f32; 4]> {
            let lopdf::Object::Array(a) = pdf.inherited(dict, key)? else {
                return None;
            };
            let v: Vec<f32> = a.iter().filter_map(|o| pdf.as_number(o)).collect();
            let [x0, y0, x1, y1] = <[f32; 4]>::try_from(v.as_slice()).ok()?;
            let r = [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)];
            (r[2] - r[0] > 0.0 && r[3] - r[1] > 0.0).then_some(r)
        };
        let [llx, lly, urx, ury] = rect(b"CropBox")
            .or_else(|| rect(b"MediaBox"))
            .unwrap_or([0.0, 0.0, 612.0, 792.0]);
        let rotation = pdf
            .inherited(dict, b"Rotate")
            .and_then(|o| pdf.as_number(o))
            .map_or(0, |r| (r as i32).rem_euclid(360) / 90 * 90);
        let (w, h) = (urx - llx, ury - lly);
        // Each maps (x, y) in user space to the displayed, y-down page.
        let (matrix, width, height) = match rotation {
            90 => ([0.0, 1.0, 1.0, 0.0, -lly, -llx], h, w),
            180 => ([-1.0, 0.0, 0.0, 1.0, urx, -lly], w, h),
            270 => ([0.0, -1.0, -1.0, 0.0, ury, urx], h, w),
            _ => ([1.0, 0.0, 0.0, -1.0, -llx, ury], w, h),
        };
        PageGeometry {
            width,
            height,
            rotation,
            matrix,
        }
    }
}
