//! What a cell's text looks like: markup-free comparison keys, value shapes,
//! sentence ends, and where a row with dropped cells belongs.

use std::sync::LazyLock;

use regex::Regex;

use crate::vocab::ColKind;

/// Cell text without converter markup (`<p>`, `</p>`) and without whitespace:
/// the key for comparing labels and measuring text.
pub fn squash(text: &str) -> String {
    strip_markup(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            other => other,
        })
        .collect()
}

/// Removes paragraph tags left by HTML-to-text converters.
pub fn strip_markup(text: &str) -> String {
    text.replace("<p>", "").replace("</p>", "")
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-+]?\d[\d,]*(?:\.\d+)?%?|—|-|/|－)$").expect("static regex")
});

static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:≥|≤|≧|≦|>=|<=|>|<|＞|＜|=)?[-+]?\d[\d,]*(?:\.\d+)?(?:%|[\p{Han}]{1,4})?$")
        .expect("static regex")
});

/// A bare amount, rate or score (`226.06`, `96.48%`, `—`).
pub fn is_number(text: &str) -> bool {
    NUMBER.is_match(&squash(text))
}

/// A comparison value (`≥1个`, `15分钟`, `100%`).
pub fn is_quantity(text: &str) -> bool {
    QUANTITY.is_match(&squash(text))
}

/// Length in characters, markup and whitespace ignored.
pub fn text_len(text: &str) -> usize {
    squash(text).chars().count()
}

/// Whether a cell's text ends a sentence; an unterminated cell may continue elsewhere.
pub fn is_terminated(text: &str) -> bool {
    let key = squash(text);
    let trimmed = key.trim_end_matches(['”', '’', '"', '」', '』', ')']);
    trimmed
        .chars()
        .last()
        .is_none_or(|c| matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '…'))
}

/// How well a cell fits a column kind; higher is better, empty cells are neutral.
fn fit(kind: ColKind, text: &str) -> i32 {
    if text.trim().is_empty() {
        return 0;
    }
    let len = text_len(text);
    match kind {
        ColKind::Label => {
            if is_number(text) || len > 12 {
                -2
            } else {
                0
            }
        }
        ColKind::Number => {
            if is_number(text) {
                2
            } else {
                -2
            }
        }
        ColKind::Quantity => {
            if is_quantity(text) || is_number(text) {
                2
            } else if len <= 12 {
                0
            } else {
                -1
            }
        }
        ColKind::Name => {
            if is_number(text) || is_quantity(text) {
                -2
            } else if len <= 40 {
                2
            } else {
                0
            }
        }
        ColKind::Text => {
            if is_number(text) || is_quantity(text) {
                -1
            } else {
                1
            }
        }
    }
}

/// The first column for a row of `cells` that has fewer cells than the block is wide:
/// the placement whose cells best fit the columns' kinds. Ties keep the leftmost
/// placement, so a row that only lost trailing cells stays where it is.
pub fn best_offset(kinds: &[ColKind], cells: &[String]) -> usize {
    if cells.len() >= kinds.len() {
        return 0;
    }
    let score = |offset: usize| -> i32 {
        cells
            .iter()
            .zip(&kinds[offset..])
            .map(|(cell, &kind)| fit(kind, cell))
            .sum()
    };
    // A row printed with its trailing separator kept its right edge: the
    // converter dropped cells on the left (merged from above).
    let right = kinds.len() - cells.len();
    let keeps_right_edge = cells.last().is_some_and(|c| c.trim().is_empty());
    let score = |offset: usize| -> i32 {
        score(offset)
            + if keeps_right_edge && offset == right {
                RIGHT_EDGE_BONUS
            } else {
                0
            }
    };
    let mut best = (0, score(0));
    for offset in 1..=kinds.len() - cells.len() {
        let s = score(offset);
        if s > best.1 {
            best = (offset, s);
        }
    }
    best.0
}

/// Characters a continuation repeats from the end of the text it continues
/// (a converter that printed a wrapped line twice): `(skip, matched)` where
/// `skip` is how many leading characters of `tail` to drop. Only a match of
/// at least [`MIN_OVERLAP`] characters starting near the tail's head counts.
pub fn repeated_head(head: &str, tail: &str) -> Option<usize> {
    let head: Vec<char> = strip_markup(head).trim_end().chars().collect();
    let tail_chars: Vec<char> = strip_markup(tail).trim_start().chars().collect();
    let mut best = None;
    for len in MIN_OVERLAP..=head.len().min(tail_chars.len()) {
        let suffix = &head[head.len() - len..];
        let window = (len + OVERLAP_SLACK).min(tail_chars.len());
        if let Some(pos) = tail_chars[..window].windows(len).position(|w| w == suffix) {
            best = Some(pos + len);
        }
    }
    best
}

/// Weight of the right-edge evidence against the cells' shapes.
const RIGHT_EDGE_BONUS: i32 = 3;

/// Shortest repeated run that counts as a duplicated line, in characters.
const MIN_OVERLAP: usize = 6;
/// How far into the continuation the repeated run may start.
const OVERLAP_SLACK: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;
    use ColKind::*;

    #[test]
    fn shapes() {
        assert!(is_number("226.06"));
        assert!(is_number("<p>96.48%</p>"));
        assert!(!is_number("≥1个"));
        assert!(is_quantity("≥1个"));
        assert!(is_quantity("15分钟"));
        assert!(!is_quantity("参加各类培训人数共5357人"));
    }

    #[test]
    fn sentence_ends() {
        assert!(is_terminated("安全环境。</p>"));
        assert!(is_terminated("“七进”工作。”"));
        assert!(!is_terminated("广州造船厂"));
    }

    #[test]
    fn four_indicator_cells_land_on_name_formula_target_actual() {
        let kinds = [Label, Text, Text, Name, Text, Quantity, Quantity, Number];
        let cells: Vec<String> = [
            "服务对象满意度",
            "表示满意的人数/参与满意度调查的目标人数*100%",
            "95%",
            "100%",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(best_offset(&kinds, &cells), 3);
    }

    #[test]
    fn row_missing_only_trailing_cells_stays() {
        let kinds = [Label, Text, Text, Name, Text, Quantity, Quantity, Number];
        let cells: Vec<String> = [
            "<p>任务2</p>",
            "落实值班制度，落实抢险队伍指挥。",
            "组织开展防汛督导检查",
            "响应时间",
            "区相应发布时间-区气象台预警发布时间",
            "15分钟",
            "15分钟",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(best_offset(&kinds, &cells), 0);
    }

    #[test]
    fn repeated_line_is_found() {
        let head = "促进教育进企业、进学校、进农村、进家庭、进公共场所";
        let tail = "进企业、进家庭、进公共场所“七进”工作";
        let skip = repeated_head(head, tail).expect("overlap");
        let rest: String = tail.chars().skip(skip).collect();
        assert_eq!(rest, "“七进”工作");
        assert_eq!(repeated_head("广州造船厂", "技工学校2个培训机构"), None);
    }
}
