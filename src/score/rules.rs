//! The comparison rules: when an extracted value counts as the truth's.
//!
//! - Text: equal after removing `<p>`/`</p>` markup and all whitespace
//!   ([`squash`]); characters otherwise exactly as printed.
//! - Numbers: equal within 1e-9 ([`num_eq`]); a missing value equals only a
//!   missing value.
//! - Quantities (`target`, `actual`): besides their text, the truth's cell
//!   parsed once by [`reference_quantity`] must equal the output's `op`,
//!   `value` and `unit`.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

/// Whitespace as Python's `str.isspace` sees it (Unicode White_Space plus the
/// information separators U+001C..U+001F).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The comparison key of a text: `<p>`/`</p>` removed, then all whitespace.
pub fn squash(text: &str) -> String {
    static MARKUP: LazyLock<Regex> = LazyLock::new(|| Regex::new("</?p>").expect("valid regex"));
    MARKUP
        .replace_all(text, "")
        .chars()
        .filter(|c| !is_space(*c))
        .collect()
}

/// The text a field holds: a string as is, a quantity's `raw`, a number or
/// boolean as written in JSON; `None` for null, absent or anything else.
pub fn text_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => match o.get("raw")? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        },
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A value read as a number: JSON numbers, numeric strings and booleans.
fn as_number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim_matches(is_space).parse().ok(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// Numbers equal within 1e-9; a missing (null) value equals only another.
pub fn num_eq(a: Option<&Value>, b: Option<&Value>) -> bool {
    let a = a.filter(|v| !v.is_null());
    let b = b.filter(|v| !v.is_null());
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => match (as_number(a), as_number(b)) {
            (Some(x), Some(y)) => (x - y).abs() < 1e-9,
            _ => false,
        },
        _ => false,
    }
}

/// Values equal as JSON, numbers by value (`1` equals `1.0`).
pub fn exact_eq(a: &Value, b: Option<&Value>) -> bool {
    let b = b.unwrap_or(&Value::Null);
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// A quantity cell parsed the reference way: comparison, number, unit.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedQuantity {
    /// `>=`, `<=`, `>`, `<` or `=` (the default).
    pub op: String,
    pub value: f64,
    /// `%` or one to four Chinese characters.
    pub unit: Option<String>,
}

/// The reference parse of a quantity cell (a string, or an object's `raw`):
/// NFKC, `≥≧≤≦﹦` as ASCII comparisons, then the whole cell one optional
/// comparison, one number (thousands commas allowed) and an optional unit.
pub fn reference_quantity(value: Option<&Value>) -> Option<ParsedQuantity> {
    static CELL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(>=|<=|>|<|=)?\s*(-?\d+(?:,\d{3})*(?:\.\d+)?)\s*(%|[\x{4e00}-\x{9fff}]{1,4})?$",
        )
        .expect("valid regex")
    });
    let raw = match value? {
        Value::Object(o) => o.get("raw")?.as_str()?,
        Value::String(s) => s.as_str(),
        _ => return None,
    };
    let text: String = raw.nfkc().collect();
    let text = text
        .trim_matches(is_space)
        .replace(['≥', '≧'], ">=")
        .replace(['≤', '≦'], "<=")
        .replace('﹦', "=");
    let caps = CELL.captures(&text)?;
    let value = caps[2].replace(',', "").parse().ok()?;
    Some(ParsedQuantity {
        op: caps.get(1).map_or("=", |m| m.as_str()).to_string(),
        value,
        unit: caps.get(3).map(|m| m.as_str().to_string()),
    })
}

/// Whether an output quantity (an object with `op`, `value`, `unit`) carries
/// the parsed truth; an empty unit counts as none.
pub fn quantity_eq(truth: &ParsedQuantity, output: Option<&Value>) -> bool {
    let Some(Value::Object(o)) = output else {
        return false;
    };
    let unit = o
        .get("unit")
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty());
    o.get("op").and_then(Value::as_str) == Some(truth.op.as_str())
        && num_eq(o.get("value"), Some(&Value::from(truth.value)))
        && unit == truth.unit.as_deref()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_compares_without_whitespace_and_paragraph_marks() {
        assert_eq!(squash(" 广州市 \n荔湾区\t"), "广州市荔湾区");
        assert_eq!(squash("<p>第一段</p><p>第二 段</p>"), "第一段第二段");
        assert_eq!(squash("a\u{3000}b\u{a0}c"), "abc");
        // Characters otherwise as printed: full-width and half-width differ.
        assert_ne!(squash("（一）"), squash("(一)"));
    }

    #[test]
    fn text_of_reads_quantities_by_their_raw_cell() {
        assert_eq!(
            text_of(Some(&json!({"raw": "≥90%", "op": ">="}))).as_deref(),
            Some("≥90%")
        );
        assert_eq!(text_of(Some(&json!("x"))).as_deref(), Some("x"));
        assert_eq!(text_of(Some(&json!(null))), None);
        assert_eq!(text_of(None), None);
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(num_eq(Some(&json!(12.5)), Some(&json!(12.5))));
        assert!(num_eq(Some(&json!(100)), Some(&json!(100.0))));
        assert!(num_eq(Some(&json!(12.5)), Some(&json!("12.5"))));
        assert!(!num_eq(Some(&json!(12.5)), Some(&json!(12.51))));
        assert!(!num_eq(Some(&json!(12.5)), None));
        assert!(!num_eq(Some(&json!(12.5)), Some(&json!(null))));
        assert!(num_eq(None, Some(&json!(null))));
        assert!(!num_eq(Some(&json!(1)), Some(&json!("one"))));
    }

    #[test]
    fn exact_values_equal_across_integer_and_float() {
        assert!(exact_eq(&json!(2), Some(&json!(2.0))));
        assert!(!exact_eq(&json!(2), Some(&json!(3))));
        assert!(!exact_eq(&json!(2), None));
    }

    fn q(op: &str, value: f64, unit: Option<&str>) -> Option<ParsedQuantity> {
        Some(ParsedQuantity {
            op: op.into(),
            value,
            unit: unit.map(Into::into),
        })
    }

    #[test]
    fn quantities_parse_like_the_reference() {
        assert_eq!(
            reference_quantity(Some(&json!("≥90%"))),
            q(">=", 90.0, Some("%"))
        );
        assert_eq!(
            reference_quantity(Some(&json!("≦ 5 天"))),
            q("<=", 5.0, Some("天"))
        );
        assert_eq!(
            reference_quantity(Some(&json!("1,200.5万元"))),
            q("=", 1200.5, Some("万元"))
        );
        // Full-width forms fold by NFKC.
        assert_eq!(
            reference_quantity(Some(&json!("＞１０个"))),
            q(">", 10.0, Some("个"))
        );
        assert_eq!(
            reference_quantity(Some(&json!({"raw": " -3 "}))),
            q("=", -3.0, None)
        );
        // Not one comparison: no parse.
        assert_eq!(reference_quantity(Some(&json!("按时完成"))), None);
        assert_eq!(reference_quantity(Some(&json!("90%以上"))), None);
        assert_eq!(reference_quantity(Some(&json!("1,20"))), None);
        assert_eq!(reference_quantity(Some(&json!("5 立方米每秒"))), None);
        assert_eq!(reference_quantity(Some(&json!(90))), None);
        assert_eq!(reference_quantity(None), None);
    }

    #[test]
    fn output_quantities_must_carry_op_value_and_unit() {
        let truth = q(">=", 90.0, Some("%")).unwrap();
        assert!(quantity_eq(
            &truth,
            Some(&json!({"raw": "≥90%", "op": ">=", "value": 90, "unit": "%"}))
        ));
        assert!(!quantity_eq(
            &truth,
            Some(&json!({"op": ">=", "value": 90, "unit": null}))
        ));
        assert!(!quantity_eq(
            &truth,
            Some(&json!({"op": "=", "value": 90, "unit": "%"}))
        ));
        assert!(!quantity_eq(&truth, Some(&json!("≥90%"))));
        let bare = q("=", 3.0, None).unwrap();
        assert!(quantity_eq(
            &bare,
            Some(&json!({"op": "=", "value": 3.0, "unit": ""}))
        ));
    }
}
