//! What the recognition model gets wrong in Chinese text, put right per cell:
//! half-width punctuation where Chinese has full-width, and marks that are
//! specks of dirt read as punctuation at the ends of a cell.
//!
//! Each function keeps one entry per input character, so the result maps back
//! onto the glyphs the characters came from.

/// A cell's text cleaned: per character, what it becomes (`None`: dropped).
pub fn clean_cell_text(text: &str) -> Vec<Option<char>> {
    let folded: Vec<char> = full_width_punctuation(text).chars().collect();
    let stray = stray_marks(&folded);
    folded
        .iter()
        .zip(stray)
        .map(|(&c, stray)| (!stray).then_some(c))
        .collect()
}

/// Marks no cell starts with (a speck before the text).
const NEVER_FIRST: &[char] = &[
    '.', '·', ':', '：', '‘', '’', '\'', '`', ',', '，', '、', '。', ';', '；',
];
/// Marks no cell ends with (a speck after the text). A full stop after Chinese
/// text is `。`, never `.`.
const NEVER_LAST: &[char] = &['·', ':', '：', '‘', '\'', '`', '、'];

/// Which characters are stray marks: leading and trailing marks no cell
/// starts or ends with, `.` ending a cell, and a full stop repeated.
pub fn stray_marks(chars: &[char]) -> Vec<bool> {
    let mut stray = vec![false; chars.len()];
    let text: Vec<usize> = (0..chars.len())
        .filter(|&i| !chars[i].is_whitespace())
        .collect();
    for &i in &text {
        if !NEVER_FIRST.contains(&chars[i]) {
            break;
        }
        stray[i] = true;
    }
    for &i in text.iter().rev() {
        if !(NEVER_LAST.contains(&chars[i]) || chars[i] == '.') || stray[i] {
            break;
        }
        stray[i] = true;
    }
    for w in text.windows(2) {
        if chars[w[0]] == '。' && chars[w[1]] == '。' {
            stray[w[1]] = true;
        }
    }
    stray
}

/// Below this probability the model is unsure of a character, and an OCR text
/// layer's reading of it is taken instead.
pub const DOUBTFUL_CHAR: f32 = 0.5;

/// Comparators the model's dictionary lacks, with the twin it reads instead
/// (ours, printed): where the text layer reads the printed one, it is kept as
/// printed (`≧95%` stays `≧95%`) however sure the model is.
const UNREADABLE_TWINS: &[(char, char)] = &[('≥', '≧'), ('≤', '≦')];

/// Puts the text layer's reading in place of characters the model doubts.
///
/// `ours` is the cell's text as read (one entry per glyph, `None` for dropped
/// ones), `probs` the model's probability per glyph, `layer` the cell's text
/// in the PDF's own OCR layer. The two are aligned character by character
/// (fewest edits); where they disagree on one character and ours is
/// doubtful, the layer's wins. Returns how many characters were replaced.
pub fn prefer_layer_where_doubtful(ours: &mut [Option<char>], probs: &[f32], layer: &str) -> usize {
    let kept: Vec<usize> = (0..ours.len()).filter(|&i| ours[i].is_some()).collect();
    let a: Vec<char> = kept.iter().filter_map(|&i| ours[i]).collect();
    let b: Vec<char> = layer.chars().filter(|c| !c.is_whitespace()).collect();
    let mut replaced = 0;
    for (ia, ib) in substitutions(&a, &b) {
        let glyph = kept[ia];
        let twin = UNREADABLE_TWINS.contains(&(a[ia], b[ib]));
        if twin || probs.get(glyph).is_some_and(|&p| p < DOUBTFUL_CHAR) {
            ours[glyph] = Some(b[ib]);
            replaced += 1;
        }
    }
    replaced
}

/// Pairs `(i, j)` where the fewest-edits alignment of `a` and `b` substitutes
/// `b[j]` for `a[i]`.
fn substitutions(a: &[char], b: &[char]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    // cost[i][j]: edits turning a[..i] into b[..j].
    let mut cost = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in cost.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, c) in cost[0].iter_mut().enumerate() {
        *c = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let sub = cost[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cost[i][j] = sub.min(cost[i - 1][j] + 1).min(cost[i][j - 1] + 1);
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let same = a[i - 1] == b[j - 1];
        if cost[i][j] == cost[i - 1][j - 1] + usize::from(!same) {
            if !same {
                pairs.push((i - 1, j - 1));
            }
            i -= 1;
            j -= 1;
        } else if cost[i][j] == cost[i - 1][j] + 1 {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    pairs
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
    let dash = |i: Option<usize>| i.and_then(|i| chars.get(i)) == Some(&'—');
    let beside_cjk: Vec<bool> = (0..chars.len())
        .map(|i| cjk(i.checked_sub(1)) || cjk(Some(i + 1)))
        .collect();
    let brackets_cjk = chinese_bracket_pairs(&chars, &beside_cjk);
    let mut quote_open = false;
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let (prev, next) = (i.checked_sub(1), Some(i + 1));
            match c {
                '(' if brackets_cjk[i] => '（',
                ')' if brackets_cjk[i] => '）',
                '~' if any_cjk => '～',
                ':' if cjk(prev) => '：',
                ';' if cjk(prev) || cjk(next) => '；',
                ',' if cjk(prev) || cjk(next) => '，',
                // `一` (one) read as a dash before Chinese; a Chinese dash is doubled.
                '—' if cjk(next) && !dash(prev) && !dash(next) => '一',
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
    use super::*;

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
    fn dash_before_chinese_is_one() {
        assert_eq!(full_width_punctuation("“—河一策”"), "“一河一策”");
        assert_eq!(full_width_punctuation("标准》—级A"), "标准》一级A");
        assert_eq!(full_width_punctuation("——河"), "——河");
        assert_eq!(full_width_punctuation("6.3%;开展"), "6.3%；开展");
    }

    fn cleaned(s: &str) -> String {
        clean_cell_text(s).into_iter().flatten().collect()
    }

    #[test]
    fn specks_at_the_ends_of_a_cell_go() {
        assert_eq!(cleaned(".9.95"), "9.95");
        assert_eq!(cleaned("：93.00%"), "93.00%");
        assert_eq!(cleaned("项目名称·"), "项目名称");
        assert_eq!(cleaned("救助对象满意度."), "救助对象满意度");
        assert_eq!(cleaned("推动旅游业恢复发展。。"), "推动旅游业恢复发展。");
        assert_eq!(cleaned("-"), "-");
        // What cells do start and end with stays.
        assert_eq!(cleaned("“书香天河”"), "“书香天河”");
        assert_eq!(cleaned("-215.60"), "-215.60");
        assert_eq!(cleaned("750元/人·月"), "750元/人·月");
        assert_eq!(cleaned("完成。"), "完成。");
    }

    #[test]
    fn text_layer_wins_only_where_the_model_doubts() {
        let mut ours: Vec<Option<char>> = "≥65%建档率".chars().map(Some).collect();
        ours.insert(0, None); // a dropped speck keeps its slot
        let probs = [0.9, 0.99, 0.99, 0.3, 0.99, 0.4, 0.97, 0.95];
        // The layer reads 6 as 8 (we are sure: kept), agrees on the 5 we
        // doubt, reads 建 as 立 (we doubt it: taken); its extra 人 is an
        // insertion, not a substitution.
        let n = prefer_layer_where_doubtful(&mut ours, &probs, "≥85% 立档人率");
        let text: String = ours.into_iter().flatten().collect();
        assert_eq!(n, 1);
        assert_eq!(text, "≥65%立档率");
    }

    #[test]
    fn comparators_the_model_cannot_read_stay_as_the_layer_prints_them() {
        let mut ours: Vec<Option<char>> = "≥95%".chars().map(Some).collect();
        let n = prefer_layer_where_doubtful(&mut ours, &[0.99; 4], "≧95%");
        let text: String = ours.into_iter().flatten().collect();
        assert_eq!((n, text.as_str()), (1, "≧95%"));
        let mut ours: Vec<Option<char>> = "＞1500人".chars().map(Some).collect();
        prefer_layer_where_doubtful(&mut ours, &[0.99; 6], ">1500人");
        let text: String = ours.into_iter().flatten().collect();
        assert_eq!(
            text, "＞1500人",
            "a sure reading of a character the model knows stays"
        );
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
