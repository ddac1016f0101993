//! OCR for the pages of an extracted PDF that need it: each such page's
//! rulings and glyphs are replaced by what OCR reads from its scanned image,
//! so the layout stage rebuilds the table the same way as for born-digital
//! pages.

use std::sync::OnceLock;

use super::{Engine, OcrError, OcrLine, decode_image_xobject, ocr_image_in_box};
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
        for range in cell_glyph_ranges(&read.lines) {
            let glyphs = &mut page.glyphs[range];
            let text: String = glyphs.iter().map(|g| g.text.as_str()).collect();
            for (g, ch) in glyphs.iter_mut().zip(full_width_punctuation(&text).chars()) {
                g.text = ch.to_string();
            }
        }
    }
    Ok(warnings)
}

/// Glyph ranges of the text of one cell (its lines together, so a bracket
/// pair broken over lines is seen whole) or of one line outside the table.
fn cell_glyph_ranges(lines: &[OcrLine]) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<(Option<usize>, std::ops::Range<usize>)> = Vec::new();
    for line in lines {
        match out.last_mut() {
            Some((cell, range)) if line.cell.is_some() && *cell == line.cell => {
                range.end = line.glyphs.end;
            }
            _ => out.push((line.cell, line.glyphs.clone())),
        }
    }
    out.into_iter().map(|(_, r)| r).collect()
}

/// The recognition model reads full-width punctuation in Chinese text as its
/// half-width twin (`（50分)`, `0~6岁`, `"兜底线"`); Chinese typesetting uses
/// the full-width forms next to CJK characters, so those are restored. A
/// bracket pair around Chinese text is full-width even where the line wraps
/// (`(50分）` at the start of a line), and straight double quotes become
/// opening and closing quotes in turn. The text keeps its length, one
/// character per glyph.
pub fn full_width_punctuation(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let is_cjk = |c: &char| crate::normalize::is_cjk(*c);
    let cjk = |i: Option<usize>| i.and_then(|i| chars.get(i)).is_some_and(is_cjk);
    let any_cjk = chars.iter().any(is_cjk);
    let beside_cjk: Vec<bool> = (0..chars.len())
        .map(|i| cjk(i.checked_sub(1)) || cjk(Some(i + 1)))
        .collect();
    let brackets_cjk = chinese_bracket_pairs(&chars, &beside_cjk);
    let mut quote_open = false;
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let prev = i.checked_sub(1);
            match c {
                '(' if brackets_cjk[i] => '（',
                ')' if brackets_cjk[i] => '）',
                '~' if any_cjk => '～',
                ':' if cjk(prev) => '：',
                ';' if cjk(prev) => '；',
                ',' if cjk(prev) => '，',
                // Chinese quotes do not nest (inner ones are ‘’): an opening
                // quote read while one is open is the closing one.
                '“' if quote_open => {
                    quote_open = false;
                    '”'
                }
                '“' => {
                    quote_open = true;
                    c
                }
                '”' => {
                    quote_open = false;
                    c
                }
                '"' if any_cjk => {
                    quote_open = !quote_open;
                    if quote_open { '“' } else { '”' }
                }
                _ => c,
            }
        })
        .collect()
}

/// For each position: true for a bracket that stands beside Chinese text,
/// or whose pair encloses Chinese text or has its other half so.
fn chinese_bracket_pairs(chars: &[char], beside_cjk: &[bool]) -> Vec<bool> {
    let mut marks = beside_cjk.to_vec();
    let mut open: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' | '（' => open.push(i),
            ')' | '）' => {
                if let Some(o) = open.pop() {
                    let inner = &chars[o + 1..i];
                    let chinese = inner.iter().any(|&c| crate::normalize::is_cjk(c))
                        || chars[o] == '（'
                        || c == '）'
                        || marks[o]
                        || marks[i];
                    marks[o] = chinese;
                    marks[i] = chinese;
                }
            }
            _ => {}
        }
    }
    marks
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
        // The line wrapped before the bracket: the pair still marks it Chinese.
        assert_eq!(full_width_punctuation("(50分）"), "（50分）");
        assert_eq!(full_width_punctuation("(2021)年"), "（2021）年");
        assert_eq!(full_width_punctuation("(100)"), "(100)");
    }

    #[test]
    fn straight_quotes_in_chinese_open_and_close() {
        assert_eq!(
            full_width_punctuation(r#"按照"兜底线"的要求，"一卡通""#),
            "按照“兜底线”的要求，“一卡通”"
        );
        assert_eq!(
            full_width_punctuation(r#"建立“县级统筹、村级落实"的体系"#),
            "建立“县级统筹、村级落实”的体系"
        );
        assert_eq!(full_width_punctuation(r#"say "hi""#), r#"say "hi""#);
        assert_eq!(full_width_punctuation("“稳产高产“的"), "“稳产高产”的");
    }
}
