//! Normalize stage: text cleaning, amounts, percents and quantities, as the schema says.

use crate::model::Quantity;

/// True for characters around which a line join adds no space: CJK ideographs,
/// CJK punctuation, full-width forms and the typographic quotes and dashes.
pub fn is_cjk(ch: char) -> bool {
    matches!(ch as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xFF00..=0xFFEF | 0x2018..=0x201F | 0x2014..=0x2026)
}

/// The text without converter markup (`<p>`, `</p>`), left to right.
fn without_markup(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.as_bytes().contains(&b'<') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let skip = if tail.starts_with("<p>") {
            3
        } else if tail.starts_with("</p>") {
            4
        } else {
            out.push('<');
            1
        };
        rest = &tail[skip..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Cleans a cell's text: converter markup removed, runs of white space folded
/// to one space, and no space kept next to a CJK character.
pub fn clean_text(s: &str) -> String {
    let s = without_markup(s);
    let mut out = String::with_capacity(s.len());
    let mut last: Option<char> = None;
    for word in s.split_whitespace() {
        if let (Some(prev), Some(next)) = (last, word.chars().next())
            && !is_cjk(prev)
            && !is_cjk(next)
        {
            out.push(' ');
        }
        out.push_str(word);
        last = word.chars().next_back();
    }
    out
}

/// Cleans a cell's text, `None` when nothing is left.
pub fn clean_opt(s: &str) -> Option<String> {
    let c = clean_text(s);
    (!c.is_empty()).then_some(c)
}

/// Joins two pieces of one cell's text (wrapped lines, or the parts of a cell
/// cut by a page break): no space between CJK characters, one between Latin words.
pub fn join_text(a: &str, b: &str) -> String {
    let mut out = a.to_string();
    push_joined(&mut out, b);
    out
}

/// [`join_text`] in place: `b` joined onto the end of `a`.
pub fn push_joined(a: &mut String, b: &str) {
    a.truncate(a.trim_end().len());
    let b = b.trim_start();
    if b.is_empty() {
        return;
    }
    if let (Some(last), Some(first)) = (a.chars().next_back(), b.chars().next())
        && !(is_cjk(last) || is_cjk(first) || needs_no_space(last, first))
    {
        a.push(' ');
    }
    a.push_str(b);
}

/// A wrapped number or formula (`100` / `%`, `*100%`) joins without a space.
fn needs_no_space(last: char, first: char) -> bool {
    let tight = |c: char| c.is_ascii_digit() || "%/*+-=.,:;()（）≥≤<>".contains(c);
    tight(last) && tight(first)
}

/// Full-width digits, signs and letters to ASCII (only for parsing numbers;
/// stored text keeps what was printed).
pub(crate) fn ascii_fold(s: &str) -> String {
    s.chars()
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            0x3000 => ' ',
            _ => c,
        })
        .collect()
}

/// True for `1234`, `1,234`, `-1,234.50`, `+0.5`: an optional sign, digits
/// (plain, or grouped by commas in threes), an optional decimal part.
fn is_amount(t: &str) -> bool {
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if frac.is_some_and(|f| !digits(f)) {
        return false;
    }
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    if !int.contains(',') {
        return digits(first);
    }
    digits(first) && first.len() <= 3 && groups.all(|g| g.len() == 3 && digits(g))
}

/// A cell that prints no value: empty, or a dash, slash or 无.
pub fn is_blank_value(text: &str) -> bool {
    matches!(
        clean_text(text).as_str(),
        "" | "-" | "—" | "–" | "/" | "／" | "无" | "——" | "--" | "\\" | "一" | "－"
    )
}

/// Parses an amount cell: `1,234.50` → 1234.5; blank, `/`, `-`, `—` → `None`.
/// A trailing unit (`万元`, `元`) is allowed.
pub fn parse_amount(s: &str) -> Option<f64> {
    let t = ascii_fold(&clean_text(s));
    let t = t
        .trim()
        .trim_end_matches("万元")
        .trim_end_matches('元')
        .trim();
    if !is_amount(t) {
        return None;
    }
    t.replace(',', "").parse().ok()
}

/// Parses a percent cell: `96.48%` → 96.48 (also `96.48` without the sign).
pub fn parse_percent(s: &str) -> Option<f64> {
    let t = ascii_fold(&clean_text(s));
    let t = t.trim().trim_end_matches('%').trim();
    parse_amount(t)
}

/// Parses a target/actual cell into a quantity. `op`/`value`/`unit` are set
/// only when the whole cell is one comparison (`≥1个`, `１００％`, `15分钟`,
/// `750元/人·月`).
pub fn parse_quantity(s: &str) -> Option<Quantity> {
    let raw = clean_text(s);
    if raw.is_empty() {
        return None;
    }
    let mut q = Quantity {
        raw: raw.clone(),
        ..Quantity::default()
    };
    let folded = ascii_fold(&raw)
        .replace(['≥', '≧'], ">=")
        .replace(['≤', '≦'], "<=")
        .replace('﹦', "=");
    if let Some((op, value, unit)) = comparison(folded.trim()) {
        q.op = Some(op.to_string());
        q.value = Some(value);
        q.unit = unit.map(str::to_string);
    }
    Some(q)
}

/// `>=1,500.5人` → (`>=`, 1500.5, `人`): an optional comparator, a number,
/// an optional unit; `None` unless that is the whole text.
fn comparison(t: &str) -> Option<(&'static str, f64, Option<&str>)> {
    let (op, rest) = [">=", "<=", ">", "<", "="]
        .iter()
        .find_map(|op| t.strip_prefix(op).map(|r| (*op, r)))
        .unwrap_or(("=", t));
    let rest = rest.trim_start();
    let len = number_len(rest)?;
    let value: f64 = rest[..len].replace(',', "").parse().ok()?;
    let unit = rest[len..].trim_start();
    // A unit in brackets: `≥13459.00(平方米)`.
    let unit = unit
        .strip_prefix('(')
        .and_then(|u| u.strip_suffix(')'))
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .unwrap_or(unit);
    if unit.is_empty() {
        return Some((op, value, None));
    }
    is_unit(unit).then_some((op, value, Some(unit)))
}

/// Bytes of the number at the start of `t`: `-12,345.67`; thousands groups
/// of three digits; `None` when no digit starts it.
fn number_len(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let first = digits(i);
    if first == 0 {
        return None;
    }
    i += first;
    while b.get(i) == Some(&b',')
        && digits(i + 1) == 3
        && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
    {
        i += 4;
    }
    if b.get(i) == Some(&b'.') && digits(i + 1) > 0 {
        i += 1 + digits(i + 1);
    }
    Some(i)
}

/// A unit: `%`, or words of one to four ideographs joined by `/` or `·`
/// (`个`, `万元`, `元/平方米`, `元/人·月`).
fn is_unit(u: &str) -> bool {
    if u == "%" {
        return true;
    }
    let words: Vec<&str> = u.split(['/', '·', '・', '•']).collect();
    words.len() <= 3
        && words.iter().all(|w| {
            let n = w.chars().count();
            (1..=4).contains(&n)
                && w.chars()
                    .all(|c| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF))
        })
}

/// Year from a title block line such as `(2021年度)` or `2021年`.
pub fn parse_year(s: &str) -> Option<i64> {
    let t = ascii_fold(s);
    let b = t.as_bytes();
    (0..b.len()).find_map(|i| {
        let four = b.get(i..i + 4)?;
        if !(four.starts_with(b"19") || four.starts_with(b"20"))
            || !four.iter().all(u8::is_ascii_digit)
        {
            return None;
        }
        t[i + 4..]
            .trim_start()
            .starts_with('年')
            .then(|| t[i..i + 4].parse().ok())
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_with_compound_units() {
        let q = parse_quantity("750元/人·月").unwrap();
        assert_eq!(
            (q.op.as_deref(), q.value, q.unit.as_deref()),
            (Some("="), Some(750.0), Some("元/人·月"))
        );
        let q = parse_quantity("≤1200元/平方米").unwrap();
        assert_eq!(
            (q.op.as_deref(), q.unit.as_deref()),
            (Some("<="), Some("元/平方米"))
        );
        let q = parse_quantity("＞1,500人").unwrap();
        assert_eq!((q.op.as_deref(), q.value), (Some(">"), Some(1500.0)));
        assert_eq!(q.raw, "＞1,500人");
        let q = parse_quantity("≧95%").unwrap();
        assert_eq!(
            (q.op.as_deref(), q.value, q.raw.as_str()),
            (Some(">="), Some(95.0), "≧95%")
        );
        for whole in [
            "参加各类培训人数共5357人",
            "1,50",
            "5/",
            "12元/",
            "3个个个个个",
        ] {
            let q = parse_quantity(whole).unwrap();
            assert_eq!(q.op, None, "{whole}");
        }
    }

    /// The cleaning as first written (regex, then fold, then drop spaces
    /// beside CJK), the reference the one-pass version must equal.
    fn clean_reference(s: &str) -> String {
        let s = regex::Regex::new(r"</?p>")
            .unwrap()
            .replace_all(s, "")
            .into_owned();
        let folded: Vec<char> = s
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .collect();
        let mut out = String::new();
        for (i, &ch) in folded.iter().enumerate() {
            if ch == ' ' {
                let prev = if i > 0 { folded[i - 1] } else { ' ' };
                let next = folded.get(i + 1).copied().unwrap_or(' ');
                if is_cjk(prev) || is_cjk(next) {
                    continue;
                }
            }
            out.push(ch);
        }
        out
    }

    #[test]
    fn one_pass_cleaning_equals_the_reference() {
        let pieces = [
            "",
            " ",
            "\u{3000}",
            "\t\n",
            "<p>",
            "</p>",
            "<",
            "p>",
            "</",
            "<pp>",
            "a",
            "ab",
            "中",
            "文，",
            "1,234",
            "（",
            "）",
            "—",
            "x y",
            "  ",
            "A\u{3000}B",
        ];
        let mut n = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = format!("{a}{b}{c}");
                    assert_eq!(clean_text(&s), clean_reference(&s), "{s:?}");
                    n += 1;
                }
            }
        }
        assert_eq!(n, pieces.len().pow(3));
    }

    #[test]
    fn cleaning_removes_markup_and_cjk_spaces() {
        assert_eq!(clean_text("<p>收集和处 理</p>"), "收集和处理");
        assert_eq!(clean_text("  a   b \n c "), "a b c");
        assert_eq!(clean_text("1. 指标 设置"), "1.指标设置");
        assert_eq!(clean_text("(一) 发挥"), "(一)发挥");
    }

    #[test]
    fn joins_follow_script() {
        assert_eq!(join_text("安全", "生产"), "安全生产");
        assert_eq!(join_text("Hello", "world"), "Hello world");
        assert_eq!(join_text("数*100", "%"), "数*100%");
    }

    #[test]
    fn amounts_and_percents() {
        assert_eq!(parse_amount("2222.37"), Some(2222.37));
        assert_eq!(parse_amount("1,234.50"), Some(1234.5));
        assert_eq!(parse_amount("１２３"), Some(123.0));
        assert_eq!(parse_amount("-1,234.50"), Some(-1234.5));
        assert_eq!(parse_amount("+12,345,678"), Some(12345678.0));
        assert_eq!(parse_amount("8964.0812万元"), Some(8964.0812));
        for bad in [
            "1,23", "1234,567", "1.", ".5", "1,234,56", "1.2.3", "--1", "1,",
        ] {
            assert_eq!(parse_amount(bad), None, "{bad:?}");
        }
        for blank in ["", "/", "-", "—", "－"] {
            assert_eq!(parse_amount(blank), None, "{blank:?}");
        }
        assert_eq!(parse_percent("96.48%"), Some(96.48));
        assert_eq!(parse_percent("２.１６％"), Some(2.16));
        assert_eq!(parse_percent("达标"), None);
    }

    #[test]
    fn quantities() {
        let q = parse_quantity("≥1个").unwrap();
        assert_eq!(
            (q.op.as_deref(), q.value, q.unit.as_deref()),
            (Some(">="), Some(1.0), Some("个"))
        );
        let q = parse_quantity("１００％").unwrap();
        assert_eq!(q.raw, "１００％");
        assert_eq!(
            (q.op.as_deref(), q.value, q.unit.as_deref()),
            (Some("="), Some(100.0), Some("%"))
        );
        let q = parse_quantity("≤5%").unwrap();
        assert_eq!((q.op.as_deref(), q.value), (Some("<="), Some(5.0)));
        let q = parse_quantity("市下达文件要求的范围内").unwrap();
        assert_eq!((q.op, q.value, q.unit), (None, None, None));
        let q = parse_quantity("参加各类培训人数共5357人").unwrap();
        assert_eq!(q.value, None);
        assert!(parse_quantity("  ").is_none());
        let q = parse_quantity("15 分钟").unwrap();
        assert_eq!(q.unit.as_deref(), Some("分钟"));
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("(2021年度)"), Some(2021));
        assert_eq!(parse_year("（２０２０年度）"), Some(2020));
        assert_eq!(parse_year("单位：万元"), None);
        assert_eq!(parse_year("12021 年"), Some(2021));
        assert_eq!(parse_year("1850年、2019年"), Some(2019));
        assert_eq!(parse_year("2021"), None);
    }
}
