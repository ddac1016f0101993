//! Text that lives in annotations: the appearance streams of visible
//! annotations (filled form fields, FreeText notes) are read as page content,
//! and a text field with a value but no appearance gives its `/V`.

use lopdf::{Dictionary, Object, ObjectId};

use super::device::PageCollector;
use super::interp::{IDENTITY, Interpreter, Matrix, mul};
use super::load::Pdf;
use super::{AnnotationText, ExtractError, Glyph};

/// Annotation flags (PDF 32000-1 §12.5.3) that keep it off the screen.
const HIDDEN: i64 = 1 << 1;
const NO_VIEW: i64 = 1 << 5;
/// Field flag: a multi-line text field.
const MULTILINE: i64 = 1 << 12;
/// Deepest `/Parent` chain followed for inherited field attributes.
const MAX_PARENT_DEPTH: usize = 32;
/// Most annotations read per page (bounds hostile files).
const MAX_ANNOTATIONS: usize = 10_000;
/// Padding inside a field's rectangle, in points.
const PADDING: f32 = 2.0;

/// Draws the page's visible annotations into `interp`; returns what each gave.
pub(crate) fn read<'a>(
    pdf: &'a Pdf,
    page: &'a Dictionary,
    interp: &mut Interpreter<'a, PageCollector>,
) -> Result<Vec<AnnotationText>, ExtractError> {
    let mut out = Vec::new();
    let Some(list) = pdf.array(page, b"Annots") else {
        return Ok(out);
    };
    for item in list.iter().take(MAX_ANNOTATIONS) {
        let Object::Dictionary(annot) = pdf.resolve(item) else {
            continue;
        };
        let subtype = pdf.name(annot, b"Subtype").unwrap_or(b"");
        let flags = pdf.number(annot, b"F").map_or(0, |f| f as i64);
        if subtype == b"Popup" || flags & (HIDDEN | NO_VIEW) != 0 {
            continue;
        }
        let Some(rect) = rect(pdf, annot) else {
            continue;
        };
        let (range, via) = match appearance(pdf, annot) {
            Some((stream, id)) => {
                let m = appearance_matrix(pdf, &stream.dict, rect);
                match interp.draw_appearance(stream, id, m) {
                    Ok(range) => (range, "appearance"),
                    Err(e @ ExtractError::Limit(_)) => return Err(e),
                    // A damaged appearance loses only itself, not the page.
                    Err(_) => continue,
                }
            }
            None => match field_value(pdf, annot) {
                Some(value) => {
                    let font = interp.value_font();
                    let size = field_font_size(pdf, annot, rect);
                    let multiline = inherited(pdf, annot, b"Ff")
                        .and_then(|o| pdf.as_number(o))
                        .map_or(0, |f| f as i64)
                        & MULTILINE
                        != 0;
                    let glyphs =
                        value_glyphs(&value, rect, size, multiline, interp.page_matrix(), font);
                    (interp.push_synthetic(glyphs), "value")
                }
                None => continue,
            },
        };
        let text: String = interp.glyphs()[range]
            .iter()
            .map(|g| g.text.as_str())
            .collect();
        if text.trim().is_empty() {
            continue;
        }
        out.push(AnnotationText {
            subtype: String::from_utf8_lossy(subtype).into_owned(),
            field: field_name(pdf, annot),
            via: via.to_string(),
            text,
        });
    }
    Ok(out)
}

fn rect(pdf: &Pdf, annot: &Dictionary) -> Option<[f32; 4]> {
    let v = pdf.numbers(annot, b"Rect")?;
    let [x0, y0, x1, y1] = <[f32; 4]>::try_from(v.as_slice()).ok()?;
    let r = [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)];
    (r[2] > r[0] && r[3] > r[1]).then_some(r)
}

/// The normal appearance stream, choosing the `/AS` state when there are several.
fn appearance<'a>(pdf: &'a Pdf, annot: &'a Dictionary) -> Option<(&'a lopdf::Stream, ObjectId)> {
    let ap = pdf.dict(annot, b"AP")?;
    let n = ap.get(b"N").ok()?;
    let (n, id) = match pdf.resolve(n) {
        Object::Dictionary(states) => {
            let state = pdf.name(annot, b"AS")?;
            let s = states.get(state).ok()?;
            (s, s.as_reference().ok()?)
        }
        Object::Stream(_) => (n, n.as_reference().ok()?),
        _ => return None,
    };
    match pdf.resolve(n) {
        Object::Stream(s) => Some((s, id)),
        _ => None,
    }
}

/// Form space → user space: the form's bounding box (after its `/Matrix`)
/// fitted onto the annotation's rectangle (§12.5.5). The form's own matrix
/// is applied when the form runs, so this is only the fitting part.
fn appearance_matrix(pdf: &Pdf, form: &Dictionary, rect: [f32; 4]) -> Matrix {
    let bbox = pdf
        .numbers(form, b"BBox")
        .and_then(|v| <[f32; 4]>::try_from(v.as_slice()).ok())
        .unwrap_or([0.0, 0.0, rect[2] - rect[0], rect[3] - rect[1]]);
    let m = pdf
        .numbers(form, b"Matrix")
        .and_then(|v| <[f32; 6]>::try_from(v.as_slice()).ok())
        .unwrap_or(IDENTITY);
    let corners = [
        (bbox[0], bbox[1]),
        (bbox[2], bbox[1]),
        (bbox[0], bbox[3]),
        (bbox[2], bbox[3]),
    ];
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for (x, y) in corners {
        let (px, py) = (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]);
        (x0, y0, x1, y1) = (x0.min(px), y0.min(py), x1.max(px), y1.max(py));
    }
    let (w, h) = (x1 - x0, y1 - y0);
    if !(w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite()) {
        return [1.0, 0.0, 0.0, 1.0, rect[0], rect[1]];
    }
    let (sx, sy) = ((rect[2] - rect[0]) / w, (rect[3] - rect[1]) / h);
    mul(
        &IDENTITY,
        &[sx, 0.0, 0.0, sy, rect[0] - x0 * sx, rect[1] - y0 * sy],
    )
}

/// A field attribute, inherited through `/Parent`.
fn inherited<'a>(pdf: &'a Pdf, annot: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = annot;
    for _ in 0..MAX_PARENT_DEPTH {
        if let Some(v) = pdf.get(node, key) {
            return Some(v);
        }
        node = pdf.dict(node, b"Parent")?;
    }
    None
}

/// The value of a text or choice field, when it is text.
fn field_value(pdf: &Pdf, annot: &Dictionary) -> Option<String> {
    if pdf.name(annot, b"Subtype") != Some(b"Widget") {
        return None;
    }
    let ft = match inherited(pdf, annot, b"FT")? {
        Object::Name(n) => n.as_slice(),
        _ => return None,
    };
    if ft != b"Tx" && ft != b"Ch" {
        return None;
    }
    let text = match inherited(pdf, annot, b"V")? {
        Object::String(s, _) => text_string(s),
        Object::Array(a) => a
            .iter()
            .filter_map(|o| match pdf.resolve(o) {
                Object::String(s, _) => Some(text_string(s)),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n"),
        _ => return None,
    };
    (!text.trim().is_empty()).then_some(text)
}

/// The field's full name: partial names `/T` joined by dots, root first.
fn field_name(pdf: &Pdf, annot: &Dictionary) -> Option<String> {
    let mut parts = Vec::new();
    let mut node = annot;
    for _ in 0..MAX_PARENT_DEPTH {
        if let Some(Object::String(s, _)) = pdf.get(node, b"T") {
            parts.push(text_string(s));
        }
        match pdf.dict(node, b"Parent") {
            Some(p) => node = p,
            None => break,
        }
    }
    parts.reverse();
    (!parts.is_empty()).then(|| parts.join("."))
}

/// A PDF text string: UTF-16BE or UTF-8 with their byte-order marks, else
/// PDFDocEncoding (read as Latin-1, which it equals for printable text).
pub(crate) fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// The font size of the field's default appearance (`/DA … size Tf`); an
/// automatic size (0) or none fits the rectangle.
fn field_font_size(pdf: &Pdf, annot: &Dictionary, rect: [f32; 4]) -> f32 {
    let fit = ((rect[3] - rect[1]) * 0.7).clamp(4.0, 12.0);
    let da = inherited(pdf, annot, b"DA").or_else(|| {
        let form = pdf.dict(pdf.doc.catalog().ok()?, b"AcroForm")?;
        pdf.get(form, b"DA")
    });
    let Some(Object::String(da, _)) = da else {
        return fit;
    };
    let da = String::from_utf8_lossy(da);
    let words: Vec<&str> = da.split_whitespace().collect();
    words
        .windows(2)
        .rev()
        .find(|w| w[1] == "Tf")
        .and_then(|w| w[0].parse::<f32>().ok())
        .filter(|s| *s > 0.0 && s.is_finite())
        .unwrap_or(fit)
}

/// Glyphs for a value laid out as a viewer lays out a plain text field:
/// left-aligned with a small padding, one line centred vertically or, for a
/// multi-line field, lines from the top. Widths are estimates (half an em,
/// a whole em for wide characters).
fn value_glyphs(
    value: &str,
    rect: [f32; 4],
    size: f32,
    multiline: bool,
    page: Matrix,
    font: u32,
) -> Vec<Glyph> {
    let lines: Vec<&str> = if multiline {
        value.split(['\r', '\n']).collect()
    } else {
        vec![value]
    };
    let mut out = Vec::new();
    let height = rect[3] - rect[1];
    for (i, line) in lines.iter().enumerate() {
        let baseline = if multiline {
            rect[3] - PADDING - size * (0.9 + 1.15 * i as f32)
        } else {
            rect[1] + (height - size) / 2.0 + 0.22 * size
        };
        let mut x = rect[0] + PADDING;
        for c in line.chars() {
            let w = if super::repair::is_wide(c) {
                size
            } else {
                size * 0.5
            };
            if !c.is_control() {
                let (ax, ay) = apply(&page, x, baseline - 0.12 * size);
                let (bx, by) = apply(&page, x + w, baseline + 0.88 * size);
                out.push(Glyph {
                    text: c.to_string(),
                    x0: ax.min(bx),
                    y0: ay.min(by),
                    x1: ax.max(bx),
                    y1: ay.max(by),
                    size,
                    visible: true,
                    font,
                    clip: None,
                });
            }
            x += w;
        }
    }
    out
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_in_their_three_encodings() {
        assert_eq!(text_string(b"\xFE\xFF\x4E\x2D\x00A"), "中A");
        assert_eq!(text_string(b"\xEF\xBB\xBF\xE4\xB8\xAD"), "中");
        assert_eq!(text_string(b"caf\xE9"), "café");
    }

    #[test]
    fn a_value_is_laid_out_inside_its_field() {
        let page = [1.0, 0.0, 0.0, -1.0, 0.0, 800.0];
        let g = value_glyphs("ab中", [100.0, 700.0, 300.0, 720.0], 10.0, false, page, 3);
        let t: String = g.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(t, "ab中");
        assert!(
            g.iter()
                .all(|g| g.x0 >= 100.0 && g.x1 <= 300.0 && g.y0 >= 80.0 && g.y1 <= 100.0)
        );
        assert!((g[2].x1 - g[2].x0 - 10.0).abs() < 0.01 && g[2].font == 3);
    }
}
