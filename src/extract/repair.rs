//! Repairs of common text-layer defects.
//!
//! - Some CJK fonts' ToUnicode maps point at Kangxi Radicals (U+2F00–U+2FDF)
//!   or CJK Radicals Supplement (U+2E80–U+2EFF) instead of the unified
//!   ideographs that look the same (⽬ for 目); those are mapped back.
//! - Fake bold draws the same glyph twice at nearly the same place; the
//!   second copy is dropped.

use rustc_hash::FxHashMap;

use unicode_normalization::UnicodeNormalization;

use super::Glyph;

/// CJK Radicals Supplement characters with an equivalent unified ideograph
/// (Unicode's EquivalentUnifiedIdeograph data, the forms seen in Chinese text).
const RADICALS_SUPPLEMENT: &[(char, char)] = &[
    ('\u{2E81}', '厂'),
    ('\u{2E84}', '乙'),
    ('\u{2E85}', '亻'),
    ('\u{2E86}', '冂'),
    ('\u{2E87}', '几'),
    ('\u{2E88}', '刀'),
    ('\u{2E89}', '刂'),
    ('\u{2E8A}', '卜'),
    ('\u{2E8B}', '㔾'),
    ('\u{2E8C}', '小'),
    ('\u{2E8D}', '小'),
    ('\u{2E8E}', '兀'),
    ('\u{2E8F}', '尣'),
    ('\u{2E90}', '尢'),
    ('\u{2E92}', '巳'),
    ('\u{2E93}', '幺'),
    ('\u{2E94}', '彑'),
    ('\u{2E95}', '彐'),
    ('\u{2E96}', '忄'),
    ('\u{2E97}', '㣺'),
    ('\u{2E98}', '扌'),
    ('\u{2E99}', '攵'),
    ('\u{2E9B}', '旡'),
    ('\u{2E9F}', '母'),
    ('\u{2EA0}', '民'),
    ('\u{2EA1}', '氵'),
    ('\u{2EA2}', '氺'),
    ('\u{2EA3}', '灬'),
    ('\u{2EA4}', '爫'),
    ('\u{2EA6}', '丬'),
    ('\u{2EA7}', '牛'),
    ('\u{2EA8}', '犭'),
    ('\u{2EA9}', '王'),
    ('\u{2EAA}', '疋'),
    ('\u{2EAB}', '目'),
    ('\u{2EAC}', '示'),
    ('\u{2EAD}', '礻'),
    ('\u{2EAE}', '竹'),
    ('\u{2EAF}', '糹'),
    ('\u{2EB0}', '纟'),
    ('\u{2EB1}', '罒'),
    ('\u{2EB2}', '罒'),
    ('\u{2EB3}', '网'),
    ('\u{2EB4}', '罓'),
    ('\u{2EB6}', '羊'),
    ('\u{2EB7}', '羊'),
    ('\u{2EB9}', '耂'),
    ('\u{2EBA}', '肀'),
    ('\u{2EBB}', '聿'),
    ('\u{2EBC}', '肉'),
    ('\u{2EBD}', '臼'),
    ('\u{2EBE}', '艹'),
    ('\u{2EBF}', '艹'),
    ('\u{2EC0}', '艹'),
    ('\u{2EC1}', '虎'),
    ('\u{2EC2}', '衤'),
    ('\u{2EC3}', '覀'),
    ('\u{2EC4}', '西'),
    ('\u{2EC5}', '见'),
    ('\u{2EC6}', '角'),
    ('\u{2EC7}', '角'),
    ('\u{2EC8}', '讠'),
    ('\u{2EC9}', '贝'),
    ('\u{2ECA}', '足'),
    ('\u{2ECB}', '车'),
    ('\u{2ECC}', '辶'),
    ('\u{2ECD}', '辶'),
    ('\u{2ECE}', '辶'),
    ('\u{2ECF}', '阝'),
    ('\u{2ED0}', '钅'),
    ('\u{2ED1}', '長'),
    ('\u{2ED2}', '镸'),
    ('\u{2ED3}', '长'),
    ('\u{2ED4}', '门'),
    ('\u{2ED5}', '阜'),
    ('\u{2ED6}', '阝'),
    ('\u{2ED7}', '雨'),
    ('\u{2ED8}', '青'),
    ('\u{2ED9}', '韦'),
    ('\u{2EDA}', '页'),
    ('\u{2EDB}', '风'),
    ('\u{2EDC}', '飞'),
    ('\u{2EDD}', '食'),
    ('\u{2EDF}', '飠'),
    ('\u{2EE0}', '饣'),
    ('\u{2EE2}', '马'),
    ('\u{2EE3}', '骨'),
    ('\u{2EE4}', '鬼'),
    ('\u{2EE5}', '鱼'),
    ('\u{2EE6}', '鸟'),
    ('\u{2EE7}', '卤'),
    ('\u{2EE8}', '麦'),
    ('\u{2EE9}', '黄'),
    ('\u{2EEA}', '黾'),
    ('\u{2EEB}', '斉'),
    ('\u{2EEC}', '齐'),
    ('\u{2EED}', '歯'),
    ('\u{2EEE}', '齿'),
    ('\u{2EEF}', '竜'),
    ('\u{2EF0}', '龙'),
    ('\u{2EF1}', '龜'),
    ('\u{2EF2}', '亀'),
    ('\u{2EF3}', '龟'),
];

fn is_radical(c: char) -> bool {
    ('\u{2E80}'..='\u{2FDF}').contains(&c)
}

/// The unified ideograph a radical stands for, if it has one.
pub fn radical_to_ideograph(c: char) -> Option<char> {
    match c {
        '\u{2F00}'..='\u{2FDF}' => {
            let mut it = c.nfkc();
            let first = it.next()?;
            (it.next().is_none() && first != c).then_some(first)
        }
        '\u{2E80}'..='\u{2EFF}' => RADICALS_SUPPLEMENT
            .binary_search_by_key(&c, |&(r, _)| r)
            .ok()
            .map(|i| RADICALS_SUPPLEMENT[i].1),
        _ => None,
    }
}

/// Thai fonts' private-use glyphs for letters and marks moved out of the
/// way (U+F700–U+F71A: a tone mark shifted low or left, ฿ without its
/// descender …), which producers such as Chromium write into `/ToUnicode`,
/// as the letters they draw; from the glyph names of the fonts that define
/// them (`uni0E49.low` …).
const THAI_VARIANTS: [char; 27] = [
    '\u{E10}', '\u{E34}', '\u{E35}', '\u{E36}', '\u{E37}', '\u{E48}', '\u{E49}', '\u{E4A}',
    '\u{E4B}', '\u{E4C}', '\u{E48}', '\u{E49}', '\u{E4A}', '\u{E4B}', '\u{E4C}', '\u{E0D}',
    '\u{E31}', '\u{E4D}', '\u{E47}', '\u{E48}', '\u{E49}', '\u{E4A}', '\u{E4B}', '\u{E4C}',
    '\u{E38}', '\u{E39}', '\u{E3A}',
];

fn thai_variant(c: char) -> Option<char> {
    let i = u32::from(c).checked_sub(0xF700)?;
    THAI_VARIANTS.get(i as usize).copied()
}

/// Replaces radicals with ideographs and Thai fonts' positional variants
/// with their letters; borrows when there is nothing to do.
pub(crate) fn fix_radicals(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| is_radical(c) || thai_variant(c).is_some())
    {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                radical_to_ideograph(c)
                    .or_else(|| thai_variant(c))
                    .unwrap_or(c)
            })
            .collect(),
    )
}

/// Largest offset, as a fraction of the font size, at which a second copy of
/// the same glyph counts as fake bold.
const FAKE_BOLD_TOLERANCE: f32 = 0.2;
/// Largest offset as a fraction of the glyph's own advance: a fake-bold copy
/// is shifted by a small part of it, a real neighbour (`ll`, `//`) by all of it.
const FAKE_BOLD_ADVANCE: f32 = 0.35;
/// Advance assumed at least, as a fraction of the font size (zero-width boxes).
const MIN_ADVANCE: f32 = 0.15;
/// Copies of one run must share their offset within this many points.
const OFFSET_AGREEMENT: f32 = 0.3;

/// Side of a fake-bold grid cell in points: above the largest tolerance (3 pt).
const GRID_CELL: f32 = 4.0;

fn grid_cell(g: &Glyph) -> (i32, i32) {
    (
        (g.x0 / GRID_CELL).floor() as i32,
        (g.y0 / GRID_CELL).floor() as i32,
    )
}

/// How far a copy of `g` may sit from it and still be a fake-bold copy.
fn copy_tolerance(g: &Glyph) -> f32 {
    let size = g.size.abs();
    let advance = (g.x1 - g.x0).abs().min(size).max(MIN_ADVANCE * size);
    (FAKE_BOLD_ADVANCE * advance)
        .min(FAKE_BOLD_TOLERANCE * size)
        .clamp(0.05, 3.0)
}

/// For each glyph, the earlier glyph it repeats at nearly the same place
/// (same text, size and visibility), and the offset.
fn copy_candidates(glyphs: &[Glyph]) -> Vec<Option<(usize, f32, f32)>> {
    // Grid of cells keyed by the glyph's left/top corner; cells are wider
    // than the largest tolerance, so only the 3 x 3 neighbourhood is searched.
    let mut seen: FxHashMap<(i32, i32), Vec<usize>> =
        FxHashMap::with_capacity_and_hasher(glyphs.len(), Default::default());
    let mut out = vec![None; glyphs.len()];
    for (i, g) in glyphs.iter().enumerate() {
        if g.text.trim().is_empty() {
            continue;
        }
        let (cx, cy) = grid_cell(g);
        'search: for dx in -1..=1 {
            for dy in -1..=1 {
                let Some(list) = seen.get(&(cx.saturating_add(dx), cy.saturating_add(dy))) else {
                    continue;
                };
                for &j in list {
                    let o = &glyphs[j];
                    let tol = copy_tolerance(o);
                    let (ox, oy) = (g.x0 - o.x0, g.y0 - o.y0);
                    if o.text == g.text
                        && o.visible == g.visible
                        && ox.abs() <= tol
                        && oy.abs() <= tol
                        && (o.size - g.size).abs() <= tol
                    {
                        out[i] = Some((j, ox, oy));
                        break 'search;
                    }
                }
            }
        }
        if out[i].is_none() {
            seen.entry((cx, cy)).or_default().push(i);
        }
    }
    out
}

/// Drops fake-bold copies: glyphs that repeat earlier ones shifted by a small
/// part of their own advance, where the copy repeats its whole run (one
/// show-text operator: `runs[i]` is glyph i's) at one common offset. A run
/// that only partly repeats what is already there is kept whole.
pub(crate) fn drop_fake_bold(glyphs: &mut Vec<Glyph>, runs: &[u32]) {
    let copy_of = copy_candidates(glyphs);
    let mut keep = vec![true; glyphs.len()];
    let mut start = 0;
    while start < glyphs.len() {
        let run = runs.get(start).copied();
        let mut end = start + 1;
        while end < glyphs.len() && runs.get(end).copied() == run {
            end += 1;
        }
        if run_is_copy(glyphs, &copy_of, start..end) {
            for i in start..end {
                if copy_of[i].is_some() {
                    keep[i] = false;
                }
            }
        }
        start = end;
    }
    let mut k = keep.iter();
    glyphs.retain(|_| *k.next().unwrap_or(&true));
}

/// Whether every visible-text glyph of the run is either a copy or (for a
/// run that draws each glyph twice) the original of a copy in the run, all
/// copies at one offset.
fn run_is_copy(
    glyphs: &[Glyph],
    copy_of: &[Option<(usize, f32, f32)>],
    run: std::ops::Range<usize>,
) -> bool {
    let mut offset: Option<(f32, f32)> = None;
    let originals: Vec<usize> = run
        .clone()
        .filter_map(|i| copy_of[i].map(|c| c.0))
        .collect();
    if originals.is_empty() {
        return false;
    }
    for i in run {
        if glyphs[i].text.trim().is_empty() {
            continue;
        }
        match copy_of[i] {
            Some((_, dx, dy)) => match offset {
                None => offset = Some((dx, dy)),
                Some((x, y)) => {
                    if (x - dx).abs() > OFFSET_AGREEMENT || (y - dy).abs() > OFFSET_AGREEMENT {
                        return false;
                    }
                }
            },
            None if originals.contains(&i) => {}
            None => return false,
        }
    }
    true
}

/// A positioning gap at least this wide (in font sizes) between two Latin
/// glyphs is a word break, as pdftotext and MuPDF read it.
const WORD_GAP: f32 = 0.13;
/// Farther apart than this (in font sizes), two glyphs are not neighbours.
const MAX_WORD_GAP: f32 = 3.0;

/// Not a letter of a script written without spaces (CJK, kana, Hangul, full-width forms).
fn spaced_script(c: char) -> bool {
    !matches!(c as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// A character set a whole em wide (CJK ideographs, kana, Hangul, full-width forms).
pub(crate) fn is_wide(c: char) -> bool {
    !spaced_script(c)
}

/// Word spaces that the later stages, which read only the gaps between
/// visible glyphs, would miss: a space glyph narrower than their gap rule
/// (Times' quarter-em space), or Latin words set apart by positioning alone.
/// The glyph before such a break gets a trailing space.
pub(crate) fn mark_word_spaces(glyphs: &mut [Glyph]) {
    let mut prev: Option<usize> = None;
    let mut space_between = false;
    for i in 0..glyphs.len() {
        if glyphs[i].text.trim().is_empty() {
            space_between |= !glyphs[i].text.is_empty();
            continue;
        }
        if let Some(p) = prev {
            let (a, b) = (&glyphs[p], &glyphs[i]);
            let size = a.size.max(b.size).max(1.0);
            let gap = b.x0 - a.x1;
            let same_line = (a.y1 - b.y1).abs() < 0.3 * size
                && (a.size - b.size).abs() < 0.2 * size
                && (a.y1 - a.y0) <= 2.0 * size;
            let latin = a.text.chars().next_back().is_some_and(spaced_script)
                && b.text.chars().next().is_some_and(spaced_script);
            let breaks = same_line
                && gap > -0.1 * size
                && gap < MAX_WORD_GAP * size
                && (space_between || (latin && gap >= WORD_GAP * size));
            if breaks && !glyphs[p].text.ends_with(char::is_whitespace) {
                glyphs[p].text.push(' ');
            }
        }
        prev = Some(i);
        space_between = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_map_to_ideographs() {
        assert_eq!(fix_radicals("项\u{2F6C}标"), "项目标");
        assert_eq!(fix_radicals("\u{2ED7}"), "雨");
        assert_eq!(fix_radicals("\u{2EC8}"), "讠");
        assert_eq!(fix_radicals("ห\u{F70B}อง"), "ห\u{E49}อง");
        assert_eq!(fix_radicals("\u{F71A}\u{F71B}"), "\u{E3A}\u{F71B}");
        assert!(matches!(
            fix_radicals("普通"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert!(
            RADICALS_SUPPLEMENT.windows(2).all(|w| w[0].0 < w[1].0),
            "table must stay sorted for binary search"
        );
    }

    fn glyph(text: &str, x: f32, y: f32) -> Glyph {
        Glyph::square(text, x, y, 10.0)
    }

    /// Each glyph its own run.
    fn solo(g: &mut Vec<Glyph>) {
        let runs: Vec<u32> = (0..g.len() as u32).collect();
        drop_fake_bold(g, &runs);
    }

    /// A Helvetica-like glyph: `advance` wide, 10 pt.
    fn narrow(text: &str, x: f32, advance: f32) -> Glyph {
        Glyph {
            x1: x + advance,
            ..Glyph::square(text, x, 0.0, 10.0)
        }
    }

    #[test]
    fn word_spaces_from_narrow_space_glyphs_and_positioning() {
        let text = |g: &[Glyph]| g.iter().map(|g| g.text.as_str()).collect::<String>();
        // Times: "a b" with a 2.5 pt space at 10 pt; "c d" 1.5 pt apart; "e" kerned on.
        let mut g = vec![
            narrow("a", 0.0, 4.4),
            narrow(" ", 4.4, 2.5),
            narrow("b", 6.9, 5.0),
            narrow("c", 11.9, 4.4),
            narrow("d", 17.8, 5.0),
            narrow("e", 23.3, 4.4),
        ];
        mark_word_spaces(&mut g);
        assert_eq!(text(&g), "a  bc de");
        // CJK glyphs set apart are no Latin words.
        let mut g = vec![narrow("项", 0.0, 10.0), narrow("目", 12.0, 10.0)];
        mark_word_spaces(&mut g);
        assert_eq!(text(&g), "项目");
    }

    #[test]
    fn real_doubled_narrow_letters_stay() {
        // "fill", "http://" in one run each: l is 2.2 pt wide, t 2.8, / 2.8.
        let mut g = vec![
            narrow("f", 0.0, 2.8),
            narrow("i", 2.8, 2.2),
            narrow("l", 5.0, 2.2),
            narrow("l", 7.2, 2.2),
        ];
        drop_fake_bold(&mut g, &[0, 0, 0, 0]);
        assert_eq!(g.len(), 4);
        let mut g = vec![
            narrow("t", 0.0, 2.8),
            narrow("t", 2.8, 2.8),
            narrow("/", 5.6, 2.8),
            narrow("/", 8.4, 2.8),
        ];
        solo(&mut g);
        assert_eq!(g.len(), 4);
    }

    #[test]
    fn a_run_that_partly_repeats_is_kept() {
        // The second run repeats "a" at a fake-bold offset but goes on with new text.
        let mut g = vec![
            narrow("a", 0.0, 5.0),
            narrow("a", 0.3, 5.0),
            narrow("b", 5.3, 5.0),
        ];
        drop_fake_bold(&mut g, &[0, 1, 1]);
        assert_eq!(g.len(), 3);
        // Whole run repeated at one offset: the copy goes.
        let mut g = vec![
            narrow("a", 0.0, 5.0),
            narrow("b", 5.0, 5.0),
            narrow("a", 0.3, 5.0),
            narrow("b", 5.3, 5.0),
        ];
        drop_fake_bold(&mut g, &[0, 0, 1, 1]);
        let t: String = g.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(t, "ab");
    }

    #[test]
    fn extreme_coordinates_do_not_overflow_the_grid() {
        // Found by fuzzing: cell keys saturate at i32::MAX.
        let mut g = vec![
            glyph("a", f32::MAX, f32::MAX),
            glyph("a", f32::MAX, f32::MAX),
            glyph("b", -f32::MAX, 0.0),
        ];
        solo(&mut g);
        assert_eq!(g.len(), 2);
    }

    #[test]
    fn fake_bold_copies_are_dropped_once() {
        let mut g = vec![
            glyph("目", 10.0, 10.0),
            glyph("标", 20.0, 10.0),
            glyph("目", 10.4, 10.0),
            glyph("标", 20.4, 10.1),
            glyph("目", 30.0, 10.0),
        ];
        solo(&mut g);
        let xs: Vec<f32> = g.iter().map(|g| g.x0).collect();
        assert_eq!(xs, vec![10.0, 20.0, 30.0]);
    }
}
