//! Marks a form prints inside its labels that say nothing about the label's
//! meaning: circled numbers and the formulas over them (`①`, `小计③=①+②`,
//! `支出实现率(%)⑤=④/③`), a leading `其中:` and a leading bracketed code
//! (`[292]`). [`strip`] removes them from a label key before it is compared.

/// True for a circled or parenthesised number: ①–⑳, ⑴–⒇, ⒈–⒛, ❶–❿, ➀–➓.
pub fn is_circled(c: char) -> bool {
    matches!(c as u32, 0x2460..=0x249B | 0x24EA..=0x24FF | 0x2776..=0x2793)
}

/// A character a formula over column numbers is written with.
fn is_formula(c: char) -> bool {
    is_circled(c) || matches!(c, '=' | '+' | '-' | '/' | '×' | '÷' | '*' | '﹦' | '＝')
}

/// The key without its marks: every run of formula characters holding a
/// circled number (`③=①+②`, `①`), a leading `其中:` and a leading `[123]`.
/// `key` is already folded (no white space, ASCII brackets and colons).
pub fn strip(key: &str) -> String {
    let mut rest = key;
    if let Some(r) = rest.strip_prefix("其中:") {
        rest = r;
    }
    rest = without_code(rest);
    if !rest.chars().any(is_circled) {
        return rest.to_string();
    }
    let chars: Vec<char> = rest.chars().collect();
    let mut out = String::with_capacity(rest.len());
    let mut i = 0;
    while i < chars.len() {
        if is_formula(chars[i]) {
            let start = i;
            while i < chars.len() && is_formula(chars[i]) {
                i += 1;
            }
            let run = &chars[start..i];
            if !run.iter().copied().any(is_circled) {
                out.extend(run);
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// `[292]国家信访局` → `国家信访局`; `【12】` too.
fn without_code(key: &str) -> &str {
    for (open, close) in [('[', ']'), ('【', '】')] {
        if let Some(inner) = key.strip_prefix(open)
            && let Some(end) = inner.find(close)
            && end > 0
            && inner[..end].chars().all(|c| c.is_ascii_digit())
        {
            return &inner[end + close.len_utf8()..];
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_dropped() {
        assert_eq!(strip("小计③=①+②"), "小计");
        assert_eq!(strip("支出实现率(%)⑤=④/③"), "支出实现率(%)");
        assert_eq!(strip("①中央财政资金"), "中央财政资金");
        assert_eq!(strip("⑥=③-④"), "");
        assert_eq!(strip("其中:当年财政拨款"), "当年财政拨款");
        assert_eq!(strip("[292]国家信访局"), "国家信访局");
        assert_eq!(strip("预算-调整"), "预算-调整");
        assert_eq!(strip("[a]部门"), "[a]部门");
    }
}
