//! Which lines are a form's title, which are another table's title, and
//! which only mention a form in prose.

use crate::normalize::clean_text;

/// Sentence punctuation no title holds.
const PUNCTUATION: &[char] = &['，', '。', '；', ';', '：', ':', ',', '、'];
/// A title's body before its ending (自评表, 目标表 …) is at most this many
/// characters.
const MAX_BODY: usize = 32;
/// A bracket after the title (`（2021年度）`) holds at most this many.
const MAX_BRACKET: usize = 12;

/// A line's text with every white space removed.
fn squashed(text: &str) -> String {
    clean_text(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The title without a closing bracket (`（2021年度）`, `(2021)`), when the
/// bracket holds no other bracket and at most [`MAX_BRACKET`] characters.
fn without_bracket(t: &str) -> Option<&str> {
    let Some(inner_end) = t.strip_suffix(['）', ')']) else {
        return Some(t);
    };
    let open = inner_end.rfind(['（', '('])?;
    let inner = &inner_end[open..];
    let inner = &inner[inner.chars().next().map_or(0, char::len_utf8)..];
    let ok = inner.chars().count() <= MAX_BRACKET && !inner.contains(['（', '(', ')', '）']);
    ok.then_some(&inner_end[..open])
}

/// A title's body: short, with no sentence punctuation.
fn is_body(body: &str, min: usize) -> bool {
    let n = body.chars().count();
    (min..=MAX_BODY).contains(&n) && !body.contains(PUNCTUATION)
}

/// `附件2：` (or `附件`, `附件十:`) removed from the front.
fn without_attachment(t: &str) -> &str {
    let Some(rest) = t.strip_prefix("附件") else {
        return t;
    };
    let rest =
        rest.trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    rest.strip_prefix(['：', ':']).unwrap_or(rest)
}

/// True when the line opens with a list number (`（7）`, `2.`, `（二）`):
/// a section heading of a report, not a form's own title.
fn numbered(t: &str) -> bool {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    if let Some(rest) = t.strip_prefix(['（', '(']) {
        let rest = rest.trim_start_matches(numeral);
        return rest.len() < t.len() - 3 && rest.starts_with(['）', ')']);
    }
    let rest = t.trim_start_matches(numeral);
    rest.len() < t.len() && rest.starts_with(['.', '．', '、'])
}

/// True when the squashed line is a form's title.
fn form_title(t: &str) -> bool {
    let Some(core) = without_bracket(t) else {
        return false;
    };
    let core = without_attachment(core);
    !numbered(core)
        && crate::vocab::vocabulary()
            .title_endings()
            .any(|end| core.strip_suffix(end).is_some_and(|body| is_body(body, 2)))
}

/// True when the line is a form's title: short, no sentence punctuation,
/// ending in the vocabulary's title endings (自评表, 目标表 …), optionally
/// with its year in brackets, e.g. 荔湾区部门整体支出绩效自评表,
/// 附件2：项目支出绩效自评表, 项目支出绩效自评表（2021年度）,
/// 财政项目支出绩效目标填报表.
pub fn is_form_title(text: &str) -> bool {
    form_title(&squashed(text))
}

/// What a form's title line says about its form (target table or
/// self-evaluation, whose), when the line is one.
pub fn title_kind(text: &str) -> Option<crate::vocab::TitleKind> {
    let t = squashed(text);
    if !form_title(&t) {
        return None;
    }
    crate::vocab::vocabulary().title_kind(&t)
}

/// True when the line titles a table that is not a form: a short line
/// ending in 表 (收入支出决算总表).
pub fn is_other_title(text: &str) -> bool {
    let t = squashed(text);
    if form_title(&t) {
        return false;
    }
    without_bracket(&t)
        .and_then(|core| core.strip_suffix('表'))
        .is_some_and(|body| is_body(body, 2))
}

/// The form name a line mentions (`项目支出绩效自评表`), if any: the first
/// title ending (自评表, 目标表 …) in the line, from the nearest kind word
/// before it (部门整体, 项目 …) on.
pub fn mention(text: &str) -> Option<String> {
    let t = squashed(text);
    let v = crate::vocab::vocabulary();
    let (at, end) = v
        .title_endings()
        .filter_map(|e| t.find(e).map(|at| (at, at + e.len())))
        .min_by_key(|(at, end)| (*at, std::cmp::Reverse(*end)))?;
    let before = &t[..at];
    // The kind word nearest the ending, the longest of those ending there
    // (部门整体 over 整体).
    let (_, from) = v
        .title_kind_words()
        .filter_map(|w| before.rfind(w).map(|p| (p + w.len(), std::cmp::Reverse(p))))
        .max()?;
    let from = from.0;
    if before[from..].chars().count() > MAX_BODY {
        return None;
    }
    Some(t[from..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_mentions() {
        assert!(is_form_title("荔湾区部门整体支出绩效自评表"));
        assert!(is_form_title("项目支出绩效自评表"));
        assert!(is_form_title("附件2：项目支出绩效自评表"));
        assert!(is_form_title("项目支出绩效自评表（2021年度）"));
        assert!(is_form_title("部门预算项目支出 绩效自评表"));
        assert!(!is_form_title(
            "单位应当如实填报项目支出绩效自评表，并于月底前报送。"
        ));
        assert!(!is_form_title("项目支出绩效自评表填报说明"));
        assert!(is_other_title("收入支出决算总表"));
        assert!(!is_other_title("项目支出绩效自评表"));
        assert!(!is_other_title("单位：万元"));
        assert_eq!(
            mention("单位应当如实填报项目支出绩效自评表，并").as_deref(),
            Some("项目支出绩效自评表")
        );
        assert_eq!(mention("收入支出决算总表"), None);
        assert_eq!(
            mention("附部门整体支出绩效自评表").as_deref(),
            Some("部门整体支出绩效自评表")
        );
        assert!(is_form_title("附件十:项目支出绩效自评价表(2021)"));
        assert!(!is_form_title("项目支出绩效自评表（（2021））"));
        assert!(!is_form_title(&format!("{}绩效自评表", "长".repeat(31))));
        assert!(is_form_title(&format!("{}绩效自评表", "长".repeat(30))));
        assert!(!is_other_title("总表"));
        assert!(is_form_title("西安市级2022年安保服务项目绩效自评表"));
        assert!(is_form_title("部门整体绩效自评表"));
        assert!(is_form_title("信访干部培训专项项目绩效自评表"));
        assert!(is_form_title("项目支出绩效目标表"));
        assert!(is_form_title("中央对地方专项转移支付区域绩效目标表"));
        assert!(is_form_title("财政项目支出绩效目标填报表"));
        assert!(is_form_title(
            "2026 年市级重点专项资金绩效目标表 (一级项目 )"
        ));
        assert!(is_form_title("预算12表 项目支出绩效目标表"));
        assert!(!is_form_title("（7）项目绩效目标表"));
        assert!(!is_form_title("2.其他一级项目绩效目标表"));
        assert!(!is_form_title("十一、项目支出绩效目标表"));
        assert!(is_other_title("（二）单位预算项目绩效目标表"));
        assert_eq!(
            mention("附件：部门整体支出绩效目标表").as_deref(),
            Some("部门整体支出绩效目标表")
        );
        assert_eq!(
            title_kind("2026年部门整体支出绩效目标表").map(|k| k.form(false)),
            Some("department_target")
        );
        assert!(is_other_title("收入总表（单位：万元）"));
    }
}
