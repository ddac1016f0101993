//! Human-readable renderings of a [`PdfDocument`]: an inspect report, plain
//! text in reading order, and one SVG per page.

use std::fmt::Write as _;

use super::lines::{TextLine, group_lines};
use crate::extract::{Glyph, Orientation, Page, PdfDocument};

/// A page's text lines in reading order, grouped as the layout stage groups
/// them (so what `inspect` shows is what the later stages read).
pub fn lines(page: &Page) -> Vec<TextLine<'_>> {
    let glyphs: Vec<&Glyph> = page
        .glyphs
        .iter()
        .filter(|g| !g.text.trim().is_empty())
        .collect();
    group_lines(&glyphs)
}

/// Plain text: lines in reading order, a form feed after each page.
pub fn text(doc: &PdfDocument) -> String {
    let mut out = String::new();
    for page in &doc.pages {
        for line in lines(page) {
            out.push_str(&line.text());
            out.push('\n');
        }
        out.push('\u{0C}');
    }
    out
}

/// The inspect report: fonts and how each was decoded, then per page its
/// counts and text lines in reading order.
pub fn report(doc: &PdfDocument) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "fonts: {}", doc.fonts.len());
    for (i, f) in doc.fonts.iter().enumerate() {
        let _ = writeln!(
            out,
            "  [{i}] {} ({}, encoding {}): {}",
            f.name, f.subtype, f.encoding, f.decoding
        );
    }
    for page in &doc.pages {
        let invisible = page.glyphs.iter().filter(|g| !g.visible).count();
        let inline = page.images.iter().filter(|i| i.object == 0).count();
        let _ = writeln!(
            out,
            "page {} ({:.1} x {:.1} pt, rotate {}): {} glyphs ({} invisible), {} rulings, {} images ({} inline)",
            page.number,
            page.width,
            page.height,
            page.rotation,
            page.glyphs.len(),
            invisible,
            page.rulings.len(),
            page.images.len(),
            inline
        );
        for line in lines(page) {
            let _ = writeln!(out, "  {:7.1} | {}", line.top, line.text());
        }
        for a in &page.annotations {
            let field = a
                .field
                .as_deref()
                .map(|f| format!(" field {f:?}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  annotation {}{field} (via {}): {}",
                a.subtype,
                a.via,
                a.text.trim()
            );
        }
    }
    out
}

fn escape_xml(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
}

/// One SVG of a page: glyph boxes (dashed when invisible), their text,
/// rulings in red and image outlines in blue.
pub fn svg(page: &Page) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.1}" height="{h:.1}" viewBox="0 0 {w:.1} {h:.1}">"#,
        w = page.width,
        h = page.height
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#);
    for img in &page.images {
        let _ = writeln!(
            out,
            r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="none" stroke="blue" stroke-width="0.5"/>"#,
            img.x0,
            img.y0,
            img.x1 - img.x0,
            img.y1 - img.y0
        );
    }
    for r in &page.rulings {
        let (x1, y1, x2, y2) = match r.orientation {
            Orientation::Horizontal => (r.start, r.pos, r.end, r.pos),
            Orientation::Vertical => (r.pos, r.start, r.pos, r.end),
        };
        let _ = writeln!(
            out,
            r#"<line x1="{x1:.2}" y1="{y1:.2}" x2="{x2:.2}" y2="{y2:.2}" stroke="red" stroke-width="0.5"/>"#
        );
    }
    for g in &page.glyphs {
        let dash = if g.visible {
            ""
        } else {
            r#" stroke-dasharray="1,1""#
        };
        let _ = write!(
            out,
            r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="none" stroke="green" stroke-width="0.2"{dash}/><text x="{:.2}" y="{:.2}" font-size="{:.2}">"#,
            g.x0,
            g.y0,
            g.x1 - g.x0,
            g.y1 - g.y0,
            g.x0,
            g.y1 - (g.y1 - g.y0) * 0.15,
            (g.y1 - g.y0) * 0.85
        );
        escape_xml(&g.text, &mut out);
        out.push_str("</text>\n");
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{FontReport, Ruling};

    fn glyph(text: &str, x: f32, y: f32) -> Glyph {
        Glyph::square(text, x, y, 10.0)
    }

    fn doc() -> PdfDocument {
        let page = |n, glyphs| Page {
            number: n,
            reference: None,
            width: 100.0,
            height: 100.0,
            rotation: 0,
            glyphs,
            rulings: vec![Ruling {
                orientation: Orientation::Horizontal,
                pos: 5.0,
                start: 0.0,
                end: 50.0,
            }],
            painted: Vec::new(),
            images: Vec::new(),
            annotations: Vec::new(),
            filled_paths: 0,
        };
        PdfDocument {
            // Drawn out of order: the second line first, and right to left.
            pages: vec![
                page(
                    1,
                    vec![
                        glyph("D", 30.0, 40.0),
                        glyph("C", 10.0, 41.0),
                        glyph("B", 20.0, 10.0),
                        glyph("A", 10.0, 10.0),
                    ],
                ),
                page(2, vec![glyph("<", 10.0, 10.0)]),
            ],
            fonts: vec![FontReport {
                name: "F".into(),
                subtype: "Type1".into(),
                encoding: "WinAnsiEncoding".into(),
                decoding: "WinAnsiEncoding".into(),
            }],
        }
    }

    #[test]
    fn text_is_in_reading_order_with_form_feeds() {
        assert_eq!(text(&doc()), "AB\nC D\n\u{0C}<\n\u{0C}");
    }

    #[test]
    fn report_lists_fonts_counts_and_lines() {
        let r = report(&doc());
        assert!(
            r.contains("[0] F (Type1, encoding WinAnsiEncoding): WinAnsiEncoding"),
            "{r}"
        );
        assert!(
            r.contains(
                "page 1 (100.0 x 100.0 pt, rotate 0): 4 glyphs (0 invisible), 1 rulings, 0 images"
            ),
            "{r}"
        );
        assert!(r.contains("| C D"), "{r}");
    }

    #[test]
    fn svg_escapes_text_and_draws_rulings() {
        let d = doc();
        let s = svg(&d.pages[1]);
        assert!(s.starts_with("<svg") && s.trim_end().ends_with("</svg>"));
        assert!(s.contains("&lt;</text>") && s.contains("<line x1=\"0.00\" y1=\"5.00\""));
    }
}
