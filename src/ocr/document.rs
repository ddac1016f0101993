//! OCR for the pages of an extracted PDF that need it: each such page's
//! rulings and glyphs are replaced by what OCR reads from its scanned image,
//! so the layout stage rebuilds the table the same way as for born-digital
//! pages.

use std::sync::OnceLock;

use super::{Engine, OcrError, decode_image_xobject, ocr_image_in_box};
use crate::extract::{Page, PageImage, PdfDocument};
use crate::model::Warning;
use crate::pipeline::OcrMode;

/// Lines read with less confidence than this are listed in the warnings.
pub const LOW_CONFIDENCE: f32 = 0.85;

/// A page image covering at least this share of the page is a scan.
const SCAN_COVERAGE: f32 = 0.5;

/// The page's scanned image, if it has one.
fn scan_image(page: &Page) -> Option<&PageImage> {
    let area = |i: &&PageImage| (i.x1 - i.x0).abs() * (i.y1 - i.y0).abs();
    let page_area = (page.width * page.height).max(1.0);
    page.images
        .iter()
        .filter(|i| i.object != 0)
        .max_by(|a, b| area(a).total_cmp(&area(b)))
        .filter(|i| area(i) / page_area >= SCAN_COVERAGE)
}

/// Pages to read with OCR under `mode` (indexes into `pdf.pages`).
pub fn pages_needing_ocr(pdf: &PdfDocument, mode: OcrMode) -> Vec<usize> {
    pdf.pages
        .iter()
        .enumerate()
        .filter(|(_, p)| scan_image(p).is_some())
        .filter(|(_, p)| match mode {
            OcrMode::Always => true,
            OcrMode::Auto => !p
                .glyphs
                .iter()
                .any(|g| g.visible && !g.text.trim().is_empty()),
            OcrMode::Never => false,
        })
        .map(|(i, _)| i)
        .collect()
}

/// The engine, loaded once per process and shared.
pub fn shared_engine() -> Result<&'static Engine, String> {
    static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();
    ENGINE
        .get_or_init(|| Engine::load_default().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

/// Reads the given pages with OCR, in place. Returns warnings: one per line
/// read with low confidence, naming its text and page.
pub fn ocr_pages(
    pdf: &mut PdfDocument,
    bytes: &[u8],
    pages: &[usize],
    engine: &Engine,
) -> Result<Vec<Warning>, OcrError> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| OcrError::Image {
        object: 0,
        reason: format!("cannot parse the PDF: {e}"),
    })?;
    let mut warnings = Vec::new();
    for &i in pages {
        let page = &mut pdf.pages[i];
        let Some(img) = scan_image(page).cloned() else {
            continue;
        };
        let image = decode_image_xobject(&doc, img.object)?;
        let read = ocr_image_in_box(&image, [img.x0, img.y0, img.x1, img.y1], engine)?;
        for line in read.lines.iter().filter(|l| l.confidence < LOW_CONFIDENCE) {
            warnings.push(Warning {
                code: "ocr_low_confidence".into(),
                message: format!(
                    "OCR read {:?} with confidence {:.2}; check it",
                    line.text, line.confidence
                ),
                page: Some(page.number),
            });
        }
        page.rulings = read.rulings;
        page.glyphs = read.glyphs;
        for line in &read.lines {
            let folded = full_width_punctuation(&line.text);
            for (g, ch) in page.glyphs[line.glyphs.clone()]
                .iter_mut()
                .zip(folded.chars())
            {
                g.text = ch.to_string();
            }
        }
    }
    Ok(warnings)
}

/// The recognition model reads full-width punctuation in Chinese text as its
/// half-width twin (`（50分)`, `0~6岁`); Chinese typesetting uses the
/// full-width forms next to CJK characters, so those are restored. The text
/// keeps its length, one character per glyph.
pub fn full_width_punctuation(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let cjk = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|&c| crate::normalize::is_cjk(c))
    };
    let any_cjk = chars.iter().any(|&c| crate::normalize::is_cjk(c));
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let (prev, next) = (i.checked_sub(1), Some(i + 1));
            match c {
                '(' if cjk(prev) || cjk(next) => '（',
                ')' if cjk(prev) || cjk(next) => '）',
                '~' if any_cjk => '～',
                ':' if cjk(prev) => '：',
                ';' if cjk(prev) => '；',
                ',' if cjk(prev) => '，',
                _ => c,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::full_width_punctuation;

    #[test]
    fn punctuation_next_to_chinese_is_full_width() {
        assert_eq!(
            full_width_punctuation("产出指标（50分)"),
            "产出指标（50分）"
        );
        assert_eq!(
            full_width_punctuation("满意度指标(10分)"),
            "满意度指标（10分）"
        );
        assert_eq!(full_width_punctuation("0~6岁儿童"), "0～6岁儿童");
        assert_eq!(full_width_punctuation("f(x) = 1,000"), "f(x) = 1,000");
        assert_eq!(full_width_punctuation("电话:0791"), "电话：0791");
    }
}
