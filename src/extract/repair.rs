//! Repairs of common text-layer defects.
//!
//! - Some CJK fonts' ToUnicode maps point at Kangxi Radicals (U+2F00–U+2FDF)
//!   or CJK Radicals Supplement (U+2E80–U+2EFF) instead of the unified
//!   ideographs that look the same (⽬ for 目); those are mapped back.
//! - Fake bold draws the same glyph twice at nearly the same place; the
//!   second copy is dropped.

use std::collections::HashMap;

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

/// Replaces radicals with ideographs; borrows when there is nothing to do.
pub(crate) fn fix_radicals(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_radical) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| radical_to_ideograph(c).unwrap_or(c))
            .collect(),
    )
}

/// Largest offset, as a fraction of the font size, at which a second copy of
/// the same glyph counts as fake bold.
const FAKE_BOLD_TOLERANCE: f32 = 0.2;

/// Side of a fake-bold grid cell in points: above the largest tolerance (3 pt).
const GRID_CELL: f32 = 4.0;

fn grid_cell(g: &Glyph) -> (i32, i32) {
    (
        (g.x0 / GRID_CELL).floor() as i32,
        (g.y0 / GRID_CELL).floor() as i32,
    )
}

/// Drops glyphs that repeat an earlier glyph's text at nearly the same place.
pub(crate) fn drop_fake_bold(glyphs: &mut Vec<Glyph>) {
    // Grid of cells keyed by the glyph's left/top corner; cells are wider
    // than the largest tolerance, so only the 3 x 3 neighbourhood is searched.
    let mut seen: HashMap<(i32, i32), Vec<usize>> = HashMap::with_capacity(glyphs.len());
    let mut keep = vec![true; glyphs.len()];
    for (i, g) in glyphs.iter().enumerate() {
        if g.text.trim().is_empty() {
            continue;
        }
        let tol = (g.size * FAKE_BOLD_TOLERANCE).clamp(0.3, 3.0);
        let (cx, cy) = grid_cell(g);
        let mut duplicate = false;
        'search: for dx in -1..=1 {
            for dy in -1..=1 {
                if let Some(list) = seen.get(&(cx.saturating_add(dx), cy.saturating_add(dy))) {
                    for &j in list {
                        let o = &glyphs[j];
                        if o.text == g.text
                            && o.visible == g.visible
                            && (o.x0 - g.x0).abs() <= tol
                            && (o.y0 - g.y0).abs() <= tol
                            && (o.size - g.size).abs() <= tol
                        {
                            duplicate = true;
                            break 'search;
                        }
                    }
                }
            }
        }
        if duplicate {
            keep[i] = false;
        } else {
            seen.entry((cx, cy)).or_default().push(i);
        }
    }
    let mut k = keep.iter();
    glyphs.retain(|_| *k.next().unwrap_or(&true));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_map_to_ideographs() {
        assert_eq!(fix_radicals("项\u{2F6C}标"), "项目标");
        assert_eq!(fix_radicals("\u{2ED7}"), "雨");
        assert_eq!(fix_radicals("\u{2EC8}"), "讠");
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

    #[test]
    fn extreme_coordinates_do_not_overflow_the_grid() {
        // Found by fuzzing: cell keys saturate at i32::MAX.
        let mut g = vec![
            glyph("a", f32::MAX, f32::MAX),
            glyph("a", f32::MAX, f32::MAX),
            glyph("b", -f32::MAX, 0.0),
        ];
        drop_fake_bold(&mut g);
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
        drop_fake_bold(&mut g);
        let xs: Vec<f32> = g.iter().map(|g| g.x0).collect();
        assert_eq!(xs, vec![10.0, 20.0, 30.0]);
    }
}
