//! Glyphs → text lines in reading order, and lines → one cell's text.

use crate::extract::Glyph;
use crate::normalize::push_joined;

/// One line of text: its glyphs left to right.
#[derive(Debug, Clone)]
pub struct TextLine<'a> {
    pub glyphs: Vec<&'a Glyph>,
    pub top: f32,
    pub bottom: f32,
}

impl TextLine<'_> {
    pub fn left(&self) -> f32 {
        self.glyphs.first().map_or(0.0, |g| g.x0)
    }

    /// The line's text; a gap wider than `gap_em` font sizes becomes `sep`.
    pub fn text_with_gaps(&self, gap_em: f32, sep: &str) -> String {
        let mut out = String::new();
        let mut prev: Option<&Glyph> = None;
        for g in &self.glyphs {
            if let Some(p) = prev {
                let gap = g.x0 - p.x1;
                let size = p.size.max(g.size).max(1.0);
                if gap > gap_em * size {
                    out.push_str(sep);
                } else if gap > 0.25 * size && !ends_with_space(&out) {
                    out.push(' ');
                }
            }
            out.push_str(&g.text);
            prev = Some(g);
        }
        out
    }

    pub fn text(&self) -> String {
        self.text_with_gaps(f32::INFINITY, "")
    }
}

/// The box around a line's glyphs: left, top, right, bottom.
pub fn line_box(line: &TextLine) -> Option<[f32; 4]> {
    glyph_box(&line.glyphs)
}

/// The box around some glyphs: left, top, right, bottom.
pub fn glyph_box(glyphs: &[&Glyph]) -> Option<[f32; 4]> {
    let first = glyphs.first()?;
    Some(glyphs.iter().fold(
        [first.x0, first.y0, first.x1, first.y1],
        |[a, b, c, d], g| [a.min(g.x0), b.min(g.y0), c.max(g.x1), d.max(g.y1)],
    ))
}

fn ends_with_space(s: &str) -> bool {
    s.chars().next_back().is_some_and(char::is_whitespace)
}

/// Groups glyphs into lines: glyphs whose vertical centres fall within the
/// running line's band are one line. Lines come top to bottom.
pub fn group_lines<'a>(glyphs: &[&'a Glyph]) -> Vec<TextLine<'a>> {
    let mut sorted: Vec<&Glyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| {
        centre_y(a)
            .total_cmp(&centre_y(b))
            .then(a.x0.total_cmp(&b.x0))
    });
    let mut lines: Vec<TextLine> = Vec::new();
    for g in sorted {
        let cy = centre_y(g);
        let h = (g.y1 - g.y0).abs().max(1.0);
        match lines.last_mut() {
            Some(l) if cy < l.bottom - 0.25 * h.min(l.bottom - l.top) => {
                l.top = l.top.min(g.y0);
                l.bottom = l.bottom.max(g.y1);
                l.glyphs.push(g);
            }
            _ => lines.push(TextLine {
                glyphs: vec![g],
                top: g.y0,
                bottom: g.y1,
            }),
        }
    }
    for l in &mut lines {
        l.glyphs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        place_marks(&mut l.glyphs, glyphs);
        drop_overprints(&mut l.glyphs);
    }
    lines
}

/// A glyph with no advance and some text: a combining mark (Thai vowels
/// and tone marks above and below a letter).
fn is_mark(g: &Glyph) -> bool {
    (g.x1 - g.x0).abs() <= 0.01 && !g.text.trim().is_empty()
}

/// Puts each combining mark of a line after the letter drawn before it,
/// in the order drawn: by position alone a tone mark shifted left would
/// come before its letter or before the vowel it sits on (`เร่ือ` for
/// `เรื่อ`). A mark whose letter is not at hand (not on the line, or not
/// where the mark sits) keeps its place by position.
fn place_marks<'a>(line: &mut Vec<&'a Glyph>, drawn: &[&'a Glyph]) {
    if !line.iter().any(|g| is_mark(g)) {
        return;
    }
    let (marks, mut out): (Vec<&Glyph>, Vec<&Glyph>) = line.iter().partition(|g| is_mark(g));
    let drawn_at = |g: &Glyph| drawn.iter().position(|d| std::ptr::eq(*d, g));
    let mut marks: Vec<(Option<usize>, &Glyph)> =
        marks.into_iter().map(|m| (drawn_at(m), m)).collect();
    marks.sort_by_key(|(i, _)| *i);
    for (i, m) in marks {
        let base = i
            .and_then(|i| drawn[..i].iter().rev().find(|g| !is_mark(g)))
            .filter(|b| {
                let slack = 0.5 * m.size.max(b.size).max(1.0);
                m.x0 >= b.x0 - slack && m.x0 <= b.x1 + slack
            })
            .and_then(|b| out.iter().position(|g| std::ptr::eq(*g, *b)));
        let at = match base {
            Some(p) => {
                let mut q = p + 1;
                while q < out.len() && is_mark(out[q]) {
                    q += 1;
                }
                q
            }
            None => out.partition_point(|g| g.x0 <= m.x0),
        };
        out.insert(at, m);
    }
    canonical_mark_order(&mut out);
    *line = out;
}

/// Unicode's canonical order within each run of marks: marks of a nonzero
/// combining class by class (a vowel below before a tone mark above, `ู้`),
/// as the text was typed, whatever order a producer drew them in.
fn canonical_mark_order(line: &mut [&Glyph]) {
    let class = |g: &Glyph| {
        g.text
            .chars()
            .next()
            .map_or(0, unicode_normalization::char::canonical_combining_class)
    };
    let mut i = 0;
    while i < line.len() {
        let start = i;
        while i < line.len() && is_mark(line[i]) && class(line[i]) != 0 {
            i += 1;
        }
        line[start..i].sort_by_key(|g| class(g));
        i = i.max(start + 1);
    }
}

fn centre_y(g: &Glyph) -> f32 {
    (g.y0 + g.y1) / 2.0
}

/// A glyph drawn again at nearly the same place (fake bold) is read once.
fn drop_overprints(glyphs: &mut Vec<&Glyph>) {
    let mut kept: Vec<&Glyph> = Vec::with_capacity(glyphs.len());
    for g in glyphs.drain(..) {
        let dup = kept.iter().rev().take(3).any(|k| {
            // A copy sits within a small part of the glyph's own advance; a
            // real neighbour (`ll`) one whole advance on.
            let tol = (0.3 * g.size.max(1.0)).min(0.5 * (k.x1 - k.x0).abs().max(0.1 * g.size));
            k.text == g.text && (k.x0 - g.x0).abs() < tol && (k.y0 - g.y0).abs() < tol
        });
        if !dup {
            kept.push(g);
        }
    }
    *glyphs = kept;
}

/// A cell's text: its lines joined by the schema's join rule.
pub fn cell_text(glyphs: &[&Glyph]) -> String {
    let mut text = String::new();
    for line in group_lines(glyphs) {
        push_joined(&mut text, &line.text());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(text: &str, x: f32, y: f32) -> Glyph {
        Glyph::square(text, x, y, 10.0)
    }

    #[test]
    fn combining_marks_follow_their_letter_in_the_order_drawn() {
        // เรื่อ as Chromium draws it: the tone mark shifted left of the
        // vowel above, both with no advance.
        let mark = |text: &str, x: f32| Glyph {
            x1: x,
            ..g(text, x, 0.0)
        };
        let glyphs = [
            g("เ", 0.0, 0.0),
            g("ร", 6.0, 0.0),
            mark("\u{E37}", 15.4),
            mark("\u{E48}", 14.2),
            g("อ", 15.4, 0.0),
            // ผู้ drawn tone mark first: typed vowel below first.
            g("ผ", 22.0, 0.0),
            mark("\u{E49}", 31.0),
            mark("\u{E39}", 31.0),
        ];
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        assert_eq!(group_lines(&refs)[0].text(), "เรื่อผู้");
    }

    #[test]
    fn lines_in_reading_order_without_cjk_spaces() {
        let glyphs = [g("理", 0.0, 12.0), g("处", 10.0, 0.0), g("收", 0.0, 0.5)];
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        assert_eq!(cell_text(&refs), "收处理");
    }

    #[test]
    fn overprinted_glyph_read_once() {
        let glyphs = [
            g("部", 0.0, 0.0),
            g("部", 0.3, 0.0),
            g("门", 10.0, 0.0),
            g("门", 10.3, 0.0),
        ];
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        assert_eq!(cell_text(&refs), "部门");
    }

    #[test]
    fn wide_gap_separates() {
        let glyphs = [g("a", 0.0, 0.0), g("b", 60.0, 0.0)];
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        let lines = group_lines(&refs);
        assert_eq!(lines[0].text_with_gaps(2.0, "\t"), "a\tb");
    }
}
