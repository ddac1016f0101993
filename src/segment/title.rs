//! Which lines are a form's title, which are another table's title, and
//! which only mention a form in prose.

use std::sync::LazyLock;

use regex::Regex;

use crate::normalize::clean_text;

/// A form's title line: short, no sentence punctuation, ending in
/// 绩效自评表 (optionally with its year in brackets), e.g. 荔湾区部门整体支出绩效自评表,
/// 附件2：项目支出绩效自评表, 项目支出绩效自评表（2021年度）.
static FORM_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(附件[0-9一二三四五六七八九十]*[：:]?)?[^，。；;：:,、]{0,30}绩效自评(价)?表([（(][^（()）]{0,12}[）)])?$",
    )
    .expect("valid regex")
});

/// The title of some other table: a short line ending in 表 (收入支出决算总表).
static OTHER_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^，。；;：:,、]{2,30}表([（(][^（()）]{0,12}[）)])?$").expect("valid regex")
});

/// A form named inside a sentence (a notice, a report).
static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{Han}]{0,8}(部门整体支出|项目支出|整体支出)绩效自评表").expect("valid regex")
});

/// A line's text with every white space removed.
fn squashed(text: &str) -> String {
    clean_text(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// True when the line is a form's title.
pub fn is_form_title(text: &str) -> bool {
    FORM_TITLE.is_match(&squashed(text))
}

/// True when the line titles a table that is not a form (收入支出决算总表).
pub fn is_other_title(text: &str) -> bool {
    let t = squashed(text);
    !FORM_TITLE.is_match(&t) && OTHER_TITLE.is_match(&t)
}

/// The form name a line mentions (`项目支出绩效自评表`), if any.
pub fn mention(text: &str) -> Option<String> {
    let t = squashed(text);
    MENTION
        .captures(&t)
        .and_then(|c| c.get(1))
        .map(|m| format!("{}绩效自评表", m.as_str()))
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
    }
}
