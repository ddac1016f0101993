//! Runs: each text line split at gaps wider than a space, and the line-breaking
//! rules that say whether a line may continue the one above (a wrap).

use super::*;

/// Closing punctuation a line may hang past its cell's right edge (it may
/// not start a line, so a full line keeps it).
pub(super) const HANGING: &str = "，。、；：？！）》”’%．,.;:)";

pub(super) fn hangs(g: &Glyph) -> bool {
    g.text.chars().all(|c| HANGING.contains(c))
}

/// Opening punctuation: a line does not end with it.
pub(super) const OPENING: &str = "（《“‘([【";

/// Characters of a word that a line does not break inside (digits, Latin
/// letters, decimal points, percent signs).
pub(super) fn word_char(c: char) -> bool {
    c.is_ascii_graphic() || "％‰".contains(c)
}

/// Characters a line does not start with besides closing punctuation.
pub(super) const NO_START: &str = "/·";

/// May a line break between glyphs `a` and `b`?
pub(super) fn breaks_between(a: &Glyph, b: &Glyph) -> bool {
    let (Some(last), Some(first)) = (a.text.chars().last(), b.text.chars().next()) else {
        return true;
    };
    let inside_word = word_char(last) && word_char(first);
    let held = OPENING.contains(last) || HANGING.contains(first) || NO_START.contains(first);
    !(inside_word || held)
}

/// Can `lower`, the next line of the same column, continue the text of
/// `upper` wrapped? Only if the line could break there and the lower line's
/// first word (with punctuation that may not start a line) did not fit after
/// the upper line's text: the upper line then reaches to about `limit`, the
/// right edge of the column's text. A short value over another short value
/// (10 over 10, 8352人 over 1416人) is two cells, however close the lines.
pub(super) fn may_wrap(upper: &Run, lower: &Run, limit: f32) -> Wrap {
    let (Some(last), Some(first)) = (upper.glyphs.last(), lower.glyphs.first()) else {
        return Wrap::Sure;
    };
    let right = upper
        .glyphs
        .iter()
        .map(|g| g.x1)
        .fold(f32::NEG_INFINITY, f32::max);
    let size = upper.size;
    // How far past the column's text edge the lower line's first word
    // would have reached on the upper line (positive: it did not fit).
    let over = if last.text.chars().all(word_char) && first.text.chars().all(word_char) {
        // Inside a word (a number, a percentage) a line breaks only when the
        // word is wider than the column: a long full line, not a short value.
        if right - upper.x0 <= 4.0 * size {
            return Wrap::No;
        }
        right - limit
    } else {
        let mut word_end = first.x1;
        for w in lower.glyphs.windows(2) {
            if breaks_between(w[0], w[1]) {
                break;
            }
            word_end = w[1].x1;
        }
        right + (word_end - lower.x0) - limit
    };
    // Producers measure text a little differently when they wrap than when
    // they print it (Calc): a word that would just have fitted is a doubt.
    // A wrap is sure only where the upper line reaches the column's text
    // edge (as the lines of a long text do): a short text that ends before
    // the edge and a word that would not have fitted after it is also what
    // a cell over the next row's cell in a narrow column looks like.
    let full = right > limit - SURE_WRAP_EM * size;
    if over > -SURE_WRAP_EM * size && full {
        Wrap::Sure
    } else if over > -LOOSE_WRAP_EM * size {
        Wrap::Loose
    } else {
        Wrap::No
    }
}

/// Whether a line may continue the text of the line above in its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Wrap {
    /// The lower line's first word did not fit: the text wrapped.
    Sure,
    /// It would barely have fitted: a wrap unless the lower line starts a
    /// row (see [`blocks()`]).
    Loose,
    /// It would have fitted, or the line cannot break there: a new cell.
    No,
}

/// Slack of the wrap test, in font sizes: up to `SURE_WRAP_EM` short of the
/// column's text edge the text surely wrapped, up to `LOOSE_WRAP_EM` it may
/// have.
pub(super) const SURE_WRAP_EM: f32 = 0.4;
pub(super) const LOOSE_WRAP_EM: f32 = 1.0;

/// A run of glyphs of one line without a wide gap.
#[derive(Debug, Clone)]
pub(super) struct Run<'a> {
    pub(super) glyphs: Vec<&'a Glyph>,
    pub(super) x0: f32,
    /// Right edge of the text, hanging punctuation at the end left out.
    pub(super) x1: f32,
    pub(super) y0: f32,
    pub(super) y1: f32,
    pub(super) size: f32,
}

impl<'a> Run<'a> {
    pub(super) fn of(glyphs: Vec<&'a Glyph>) -> Run<'a> {
        let f = |init: f32, pick: fn(&Glyph) -> f32, m: fn(f32, f32) -> f32| {
            glyphs.iter().map(|g| pick(g)).fold(init, m)
        };
        let mut sizes: Vec<f32> = glyphs.iter().map(|g| g.size.max(1.0)).collect();
        sizes.sort_by(f32::total_cmp);
        let body = glyphs.len() - glyphs.iter().rev().take_while(|g| hangs(g)).count();
        let x1 = glyphs[..body.max(1).min(glyphs.len())]
            .iter()
            .map(|g| g.x1)
            .fold(f32::NEG_INFINITY, f32::max);
        Run {
            x0: f(f32::INFINITY, |g| g.x0, f32::min),
            x1,
            y0: f(f32::INFINITY, |g| g.y0, f32::min),
            y1: f(f32::NEG_INFINITY, |g| g.y1, f32::max),
            size: sizes.get(sizes.len() / 2).copied().unwrap_or(1.0),
            glyphs,
        }
    }
}

/// Splits a text line into runs at gaps wider than `gap_em` font sizes.
pub(super) fn runs_of<'a>(line: &TextLine<'a>, gap_em: f32) -> Vec<Run<'a>> {
    let mut out: Vec<Vec<&Glyph>> = Vec::new();
    let mut right = f32::NEG_INFINITY;
    for &g in &line.glyphs {
        let size = g.size.max(1.0);
        // Punctuation hanging past a cell's edge can touch the next cell's
        // text; inside a cell the next character follows it exactly at its
        // advance, on the same line (a neighbour cell's line sits at its own
        // height). A split inside a cell costs nothing: runs of one line that
        // share a column are one block again.
        let after_hanging = out.last().and_then(|r| r.last()).is_some_and(|p| {
            hangs(p) && ((g.x0 - p.x1).abs() > 0.05 * size || (g.y0 - p.y0).abs() > 0.15 * size)
        });
        match out.last_mut() {
            Some(run) if g.x0 - right <= gap_em * size && !after_hanging => run.push(g),
            _ => out.push(vec![g]),
        }
        right = right.max(g.x1);
    }
    out.into_iter().map(Run::of).collect()
}
