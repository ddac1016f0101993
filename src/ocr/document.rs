//! OCR for the pages of an extracted PDF that need it: each such page's
//! rulings and glyphs are replaced by what OCR reads from its scanned image,
//! so the layout stage rebuilds the table the same way as for born-digital
//! pages. Every page is read from its rendering ([`crate::render`]), so
//! every kind of page (any image filter, outlined text, an undecodable text
//! layer, `/Rotate`) reaches the same OCR.

use std::sync::OnceLock;

use super::text::{clean_cell_text, prefer_layer_where_doubtful};
use super::{Engine, OcrError, OcrLine, OcrPage, ocr_image_in_box};
use crate::confidence::OcrText;
use crate::extract::{Glyph, Page, PdfDocument};
use crate::ocr::OcrFrame;
use crate::render::Rendered;
use crate::source::Source;

/// Resolution a page without a scan (outlined text, an undecodable text
/// layer) is rendered at for OCR.
const RENDER_DPI: f32 = 200.0;
/// Range a scan's own resolution is kept within when its page is rendered.
const SCAN_DPI: std::ops::RangeInclusive<f32> = 100.0..=300.0;

/// The resolution to render `page` at: its scan's own (so the rendered
/// pixels are the scan's), else [`RENDER_DPI`].
fn render_dpi(page: &Page) -> f32 {
    let Some(img) = crate::trust::scan_image(page) else {
        return RENDER_DPI;
    };
    let pt = (img.x1 - img.x0)
        .abs()
        .max((img.y1 - img.y0).abs())
        .max(1.0);
    let px = img.width.max(img.height) as f32;
    (px / pt * 72.0).clamp(*SCAN_DPI.start(), *SCAN_DPI.end())
}

/// `page` drawn for OCR: at its scan's own resolution when it has a scan.
pub fn page_image(source: &Source, page: &Page) -> Result<Rendered, OcrError> {
    source
        .render(page, render_dpi(page))
        .map_err(|e| OcrError::Render(e.to_string()))
}

/// The engine, loaded once per process and shared.
pub fn shared_engine() -> Result<&'static Engine, String> {
    static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();
    ENGINE
        .get_or_init(|| Engine::load_default().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

/// Reads the given pages with OCR, in place. Returns every line read, with
/// the model's confidence, and how each page was turned and levelled.
pub fn ocr_pages(
    pdf: &mut PdfDocument,
    source: &Source,
    pages: &[usize],
    engine: &Engine,
) -> Result<(Vec<OcrText>, Vec<OcrFrame>), OcrError> {
    let mut lines = Vec::new();
    let mut frames = Vec::new();
    for &i in pages {
        let page = &mut pdf.pages[i];
        let rendered = page_image(source, page)?;
        // A scan stored sideways or upside down with no /Rotate: read upright.
        let (image, turns) = super::orient::upright(rendered.image, rendered.dpi, engine)?;
        if turns % 2 == 1 {
            std::mem::swap(&mut page.width, &mut page.height);
        }
        page.rotation = (page.rotation + 90 * turns as i32) % 360;
        let bbox = [0.0, 0.0, page.width, page.height];
        let mut read = ocr_image_in_box(&image, bbox, engine)?;
        frames.push(OcrFrame {
            page: page.number,
            quarter_turns: turns,
            skew_deg: read.skew_deg,
            skew_center: read.skew_center,
        });
        // An OCR text layer drawn over the scan: a second reading, used where
        // our model doubts a character (in the page's frame, so only when the
        // page was not turned).
        let layer: Vec<Glyph> = page
            .glyphs
            .iter()
            .filter(|g| turns == 0 && !g.visible && !g.text.trim().is_empty())
            .cloned()
            .collect();
        page.rulings = std::mem::take(&mut read.rulings);
        page.glyphs = std::mem::take(&mut read.glyphs);
        for (cell, range) in cell_glyph_ranges(&read.lines) {
            let glyphs = &mut page.glyphs[range.clone()];
            let text: String = glyphs.iter().map(|g| g.text.as_str()).collect();
            let mut cleaned = clean_cell_text(&text);
            if let Some(cell_box) = cell.and_then(|c| read.cell_boxes.get(c)) {
                let layer_text = layer_text_in(&layer, cell_box, &read);
                if !layer_text.is_empty() {
                    let layer_text: String =
                        clean_cell_text(&layer_text).into_iter().flatten().collect();
                    prefer_layer_where_doubtful(
                        &mut cleaned,
                        &read.glyph_confidence[range],
                        &layer_text,
                    );
                }
            }
            for (g, ch) in glyphs.iter_mut().zip(cleaned) {
                g.text = ch.map(String::from).unwrap_or_default();
            }
        }
        // Each line as it now reads (cleaned with its cell), for the fields' confidences.
        lines.extend(read.lines.iter().map(|l| {
            OcrText {
                page: page.number,
                text: page.glyphs[l.glyphs.clone()]
                    .iter()
                    .map(|g| g.text.as_str())
                    .collect(),
                confidence: l.confidence,
            }
        }));
        page.glyphs.retain(|g| !g.text.is_empty());
    }
    Ok((lines, frames))
}

/// The text of the layer glyphs whose centre lies in `cell_box` (page points,
/// in the deskewed frame of `read`), line by line, left to right.
fn layer_text_in(layer: &[Glyph], cell_box: &[f32; 4], read: &OcrPage) -> String {
    let mut inside: Vec<([f32; 2], f32, &str)> = layer
        .iter()
        .map(|g| {
            let centre = read.deskewed_point((g.x0 + g.x1) / 2.0, (g.y0 + g.y1) / 2.0);
            (centre, (g.y1 - g.y0).abs().max(1.0), g.text.as_str())
        })
        .filter(|([x, y], _, _)| {
            (cell_box[0]..cell_box[2]).contains(x) && (cell_box[1]..cell_box[3]).contains(y)
        })
        .collect();
    inside.sort_by(|a, b| a.0[1].total_cmp(&b.0[1]));
    // Lines: glyphs whose centres are within half a glyph height of the line's first.
    let mut lines: Vec<Vec<([f32; 2], f32, &str)>> = Vec::new();
    for g in inside {
        match lines.last_mut() {
            Some(line) if (g.0[1] - line[0].0[1]).abs() < line[0].1 / 2.0 => line.push(g),
            _ => lines.push(vec![g]),
        }
    }
    lines
        .into_iter()
        .flat_map(|mut line| {
            line.sort_by(|a, b| a.0[0].total_cmp(&b.0[0]));
            line.into_iter().map(|g| g.2)
        })
        .collect()
}

/// Glyph ranges of the text of one cell (its lines together, so a bracket
/// pair broken over lines is seen whole) or of one line outside the table,
/// with the cell's index.
fn cell_glyph_ranges(lines: &[OcrLine]) -> Vec<(Option<usize>, std::ops::Range<usize>)> {
    let mut out: Vec<(Option<usize>, std::ops::Range<usize>)> = Vec::new();
    for line in lines {
        match out.last_mut() {
            Some((cell, range)) if line.cell.is_some() && *cell == line.cell => {
                range.end = line.glyphs.end;
            }
            _ => out.push((line.cell, line.glyphs.clone())),
        }
    }
    out
}
