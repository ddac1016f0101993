//! OCR confidence per field: each field of a document read by OCR gets the
//! lowest confidence of the recognised text lines its value came from, and
//! fields below [`LOW_CONFIDENCE`] are listed in the warnings for a reviewer.
//!
//! A line is traced to the fields whose value holds it: a long line inside a
//! field's text, a short one (an amount, a percent) equal to the whole value.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::model::{Document, Warning};

/// Fields read with less confidence than this are listed in the warnings.
pub const LOW_CONFIDENCE: f32 = 0.85;

/// The most a field read by OCR keeps when its value breaks an arithmetic
/// check ([`crate::check::broken_fields`]): below [`LOW_CONFIDENCE`], so it
/// is named in the warnings whatever the model thought of the characters.
pub const BROKEN_CHECK_CONFIDENCE: f32 = 0.5;

/// Lines shorter than this (in characters) must equal a field's whole value.
const MIN_PART_CHARS: usize = 4;

/// One text line read by OCR.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrText {
    pub page: u32,
    /// The line as cleaned for the layout (punctuation folded, specks gone).
    pub text: String,
    /// The recognition model's mean character probability, 0..1.
    pub confidence: f32,
}

/// Sets `doc.ocr_confidence` from the lines read, and warns about each field
/// read with low confidence.
pub fn attach(doc: &mut Document, lines: &[OcrText]) {
    if lines.is_empty() {
        // Nothing was read by OCR: no field has a confidence to give.
        return;
    }
    let fields = field_values(doc);
    let mut worst: BTreeMap<String, &OcrText> = BTreeMap::new();
    for line in lines {
        let text = squash(&line.text);
        if text.is_empty() {
            continue;
        }
        for (path, value) in &fields {
            if value.holds(&text) {
                let entry = worst.entry(path.clone()).or_insert(line);
                if line.confidence < entry.confidence {
                    *entry = line;
                }
            }
        }
    }
    let broken = crate::check::broken_fields(doc);
    let breaks = |path: &str| -> Vec<&str> {
        broken
            .iter()
            .filter(|b| b.path == path)
            .map(|b| b.check.as_str())
            .collect()
    };
    let shown = |path: &str| {
        fields
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, v)| v.shown())
            .unwrap_or_default()
    };
    let mut warnings = Vec::new();
    for (path, line) in &worst {
        let checks = breaks(path);
        let confidence = if checks.is_empty() {
            line.confidence
        } else {
            line.confidence.min(BROKEN_CHECK_CONFIDENCE)
        };
        doc.ocr_confidence.insert(path.clone(), round3(confidence));
        if confidence >= LOW_CONFIDENCE {
            continue;
        }
        let read = format!(
            "{path} = {} was read by OCR with confidence {:.2} (line {:?})",
            shown(path),
            line.confidence,
            line.text
        );
        let message = if checks.is_empty() {
            format!("{read}; check it")
        } else {
            format!(
                "{read} but breaks {}; confidence {confidence:.2}; check it",
                checks.join("; ")
            )
        };
        warnings.push(low_confidence(message, Some(line.page)).naming([path.clone()]));
    }
    // A value that breaks a check in a document read by OCR, though no line
    // was traced to it (a number joined from pieces): still doubted.
    for b in &broken {
        if worst.contains_key(&b.path) || doc.ocr_confidence.contains_key(&b.path) {
            continue;
        }
        doc.ocr_confidence
            .insert(b.path.clone(), round3(BROKEN_CHECK_CONFIDENCE));
        let checks = breaks(&b.path).join("; ");
        warnings.push(low_confidence(
            format!(
                "{} = {} in a document read by OCR breaks {checks}; confidence {BROKEN_CHECK_CONFIDENCE:.2}; check it",
                b.path,
                shown(&b.path)
            ),
            None,
        ).naming([b.path.clone()]));
    }
    doc.warnings.extend(warnings);
}

fn low_confidence(message: String, page: Option<u32>) -> Warning {
    Warning::new("ocr_low_confidence", message, page)
}

fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

/// A field's value as lines are compared with it.
#[derive(Debug, Clone, PartialEq)]
enum FieldValue {
    Text(String),
    Number(f64),
    /// Read out of a longer line (the year from `（2021年度）`, the unit from
    /// `单位：万元`, a contact from the foot line).
    Within(String),
}

impl FieldValue {
    /// True when a (squashed) line read by OCR is where this value came from.
    fn holds(&self, line: &str) -> bool {
        match self {
            FieldValue::Text(t) if line.chars().count() < MIN_PART_CHARS => t == line,
            FieldValue::Text(t) => t.contains(line),
            FieldValue::Number(n) => crate::normalize::parse_percent(line)
                .is_some_and(|v| (v - n).abs() < 1e-9 * n.abs().max(1.0)),
            FieldValue::Within(t) => line.contains(t.as_str()),
        }
    }

    fn shown(&self) -> String {
        match self {
            FieldValue::Text(t) | FieldValue::Within(t) => {
                format!("{:?}", t.chars().take(30).collect::<String>())
            }
            FieldValue::Number(n) => crate::emit::number::decimal(*n),
        }
    }
}

/// Every field of the document with its path: strings and numbers, a
/// quantity (`target`, `actual`) by its printed text; not the structure
/// (task numbers, pages).
fn field_values(doc: &Document) -> Vec<(String, FieldValue)> {
    let mut out = Vec::new();
    if let Ok(Value::Object(map)) = serde_json::to_value(doc) {
        for (key, value) in map {
            match (key.as_str(), &value) {
                ("schema" | "source" | "form" | "warnings" | "ocr_confidence", _) => {}
                ("year", Value::Number(n)) => out.push((key, FieldValue::Within(n.to_string()))),
                ("unit", Value::String(u)) => out.push((key, FieldValue::Within(squash(u)))),
                ("contacts", _) => {
                    // Roles, names and phones share one line of the form's foot.
                    let mut parts = Vec::new();
                    leaves(&value, key, &mut parts);
                    out.extend(parts.into_iter().map(|(p, v)| match v {
                        FieldValue::Text(t) => (p, FieldValue::Within(t)),
                        other => (p, other),
                    }));
                }
                _ => leaves(&value, key, &mut out),
            }
        }
    }
    out
}

fn leaves(value: &Value, path: String, out: &mut Vec<(String, FieldValue)>) {
    visit_leaves(value, path, &mut |path, leaf| match leaf {
        Value::String(s) => out.push((path, FieldValue::Text(squash(s)))),
        Value::Number(n) => {
            if let Some(n) = n.as_f64() {
                out.push((path, FieldValue::Number(n)));
            }
        }
        _ => {}
    });
}

/// Calls `visit` with the JSON path of every string and number under
/// `value` (at `path`): a quantity by its printed `raw`, and not the
/// structure (task numbers, pages).
pub(crate) fn visit_leaves(value: &Value, path: String, visit: &mut impl FnMut(String, &Value)) {
    match value {
        Value::String(_) | Value::Number(_) => visit(path, value),
        Value::Object(map) => match map.get("raw") {
            Some(raw) => visit_leaves(raw, path, visit),
            None => {
                // Task numbers and pages are structure, not text read.
                for (k, v) in map
                    .iter()
                    .filter(|(k, _)| !matches!(k.as_str(), "no" | "task" | "pages"))
                {
                    visit_leaves(v, format!("{path}.{k}"), visit);
                }
            }
        },
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                visit_leaves(v, format!("{path}[{i}]"), visit);
            }
        }
        Value::Bool(_) | Value::Null => {}
    }
}

/// Text without whitespace, full-width ASCII folded (`１００％` → `100%`).
fn squash(text: &str) -> String {
    crate::normalize::ascii_fold(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Funds, Indicator};
    use crate::normalize::parse_quantity;

    fn line(text: &str, confidence: f32) -> OcrText {
        OcrText {
            page: 2,
            text: text.into(),
            confidence,
        }
    }

    #[test]
    fn fields_get_the_lowest_confidence_of_their_lines() {
        let mut doc = Document {
            year: Some(2021),
            problems: Some("部分项目受疫情影响延期实施，年中调整预算后执行进度偏慢".into()),
            funds: vec![Funds {
                source: "合计".into(),
                actual: Some(8736.5),
                ..Funds::default()
            }],
            indicators: vec![Indicator {
                name: Some("城乡低保保障人数".into()),
                target: parse_quantity("≥8000人"),
                ..Indicator::default()
            }],
            ..Document::default()
        };
        let lines = [
            line("部分项目受疫情影响延期实施，", 0.99),
            line("年中调整预算后执行进度偏慢", 0.7),
            line("8,736.50", 0.95),
            line("≥8000人", 0.98),
            line("城乡低保保障人数", 0.9),
            line("人", 0.2), // too short to be part of a longer value
            line("（2021年度）", 0.93),
        ];
        attach(&mut doc, &lines);
        assert_eq!(doc.ocr_confidence["problems"], 0.7);
        assert_eq!(doc.ocr_confidence["funds[0].actual"], 0.95);
        assert_eq!(doc.ocr_confidence["indicators[0].target"], 0.98);
        assert_eq!(doc.ocr_confidence["indicators[0].name"], 0.9);
        assert_eq!(doc.ocr_confidence["year"], 0.93);
        let low: Vec<&str> = doc
            .warnings
            .iter()
            .filter(|w| w.code == "ocr_low_confidence")
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(low.len(), 1, "{low:?}");
        assert!(low[0].starts_with("problems = "), "{low:?}");
        assert_eq!(doc.warnings[0].page, Some(2));
    }

    #[test]
    fn a_value_that_breaks_a_check_is_doubted_whatever_the_model_says() {
        use crate::model::Indicator;
        let ind = |name: &str, weight: f64, score: f64| Indicator {
            name: Some(name.into()),
            weight: Some(weight),
            score: Some(score),
            ..Indicator::default()
        };
        let mut doc = Document {
            indicators: vec![
                ind("城乡低保保障人数", 10.0, -10.0),
                ind("资金发放及时率", 5.0, 15.0),
                ind("群众满意度", 10.0, 9.0),
            ],
            total_score: Some(32.0),
            ..Document::default()
        };
        let lines = [
            line("城乡低保保障人数", 0.97),
            line("资金发放及时率", 0.97),
            line("群众满意度", 0.97),
            line("-10", 0.929),
            line("10", 0.96),
            line("15", 0.95),
            line("9", 0.97),
            line("32", 0.99),
        ];
        attach(&mut doc, &lines);
        let c = &doc.ocr_confidence;
        assert!(
            c["indicators[0].score"] < f64::from(LOW_CONFIDENCE),
            "{c:?}"
        );
        assert!(
            c["indicators[1].score"] < f64::from(LOW_CONFIDENCE),
            "{c:?}"
        );
        assert!(c["total_score"] < f64::from(LOW_CONFIDENCE), "{c:?}");
        // A value no check doubts keeps the model's confidence.
        assert_eq!(c["indicators[2].score"], 0.97);
        let low: Vec<&str> = doc
            .warnings
            .iter()
            .filter(|w| w.code == "ocr_low_confidence")
            .map(|w| w.message.as_str())
            .collect();
        let about = |path: &str| {
            low.iter()
                .find(|m| m.starts_with(&format!("{path} = ")))
                .unwrap_or_else(|| panic!("no warning about {path}: {low:?}"))
                .to_string()
        };
        assert!(about("indicators[0].score").contains("得分 ≥ 0"), "{low:?}");
        assert!(
            about("indicators[1].score").contains("得分 ≤ 分值"),
            "{low:?}"
        );
        assert!(about("total_score").contains("总分"), "{low:?}");
        assert!(
            !low.iter().any(|m| m.starts_with("indicators[2]")),
            "{low:?}"
        );
    }
}
