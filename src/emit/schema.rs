//! The JSON Schema (draft 2020-12) of an `evalform/1` document.

use serde_json::{Value, json};

fn nullable(kind: &str) -> Value {
    json!({ "type": [kind, "null"] })
}

fn object(required: &[&str], properties: Value) -> Value {
    json!({
        "type": "object",
        "required": required,
        "properties": properties,
    })
}

fn pages() -> Value {
    json!({ "type": "array", "items": { "type": "integer", "minimum": 1 } })
}

/// Columns no schema field takes: header (or label) as printed → value as printed.
fn extra() -> Value {
    json!({
        "type": "object",
        "description": "columns (or label/value cells) no field takes: header as printed → value as printed",
        "additionalProperties": { "type": "string" },
    })
}

fn unread() -> Value {
    object(
        &["page", "bbox", "text"],
        json!({
            "page": { "type": "integer", "minimum": 1 },
            "bbox": {
                "description": "[x0, y0, x1, y1] in PDF points, origin top-left of the page; null for a text rendition",
                "oneOf": [
                    { "type": "null" },
                    { "type": "array", "items": { "type": "number" }, "minItems": 4, "maxItems": 4 },
                ],
            },
            "text": { "type": "string" },
            "row_label": nullable("string"),
            "column_label": nullable("string"),
        }),
    )
}

fn quantity() -> Value {
    json!({
        "description": "A target or actual value: raw always, op/value/unit only when the whole cell is one comparison.",
        "oneOf": [
            { "type": "null" },
            object(&["raw"], json!({
                "raw": { "type": "string" },
                "op": { "enum": ["=", ">=", ">", "<=", "<", null] },
                "value": nullable("number"),
                "unit": nullable("string"),
            })),
        ]
    })
}

fn funds() -> Value {
    let amount = || nullable("number");
    object(
        &["source"],
        json!({
            "source": { "type": "string" },
            "initial_budget": amount(),
            "adjustment": amount(),
            "full_year_budget": amount(),
            "actual": amount(),
            "execution_rate": amount(),
            "adjustment_rate": amount(),
            "weight": amount(),
            "score": amount(),
            "extra": extra(),
        }),
    )
}

fn task() -> Value {
    object(
        &["no"],
        json!({
            "no": { "type": "integer" },
            "name": nullable("string"),
            "expected": nullable("string"),
            "achieved": nullable("string"),
            "funds": nullable("number"),
            "pages": pages(),
            "extra": extra(),
        }),
    )
}

fn indicator() -> Value {
    object(
        &[],
        json!({
            "task": nullable("integer"),
            "level1": nullable("string"),
            "level2": nullable("string"),
            "name": nullable("string"),
            "formula": nullable("string"),
            "target": quantity(),
            "actual": quantity(),
            "weight": nullable("number"),
            "score": nullable("number"),
            "note": nullable("string"),
            "pages": pages(),
            "extra": extra(),
        }),
    )
}

fn source() -> Value {
    object(
        &["file", "sha256", "kind", "pages", "template"],
        json!({
            "file": { "type": "string" },
            "sha256": { "type": "string", "pattern": "^[0-9a-f]{64}$" },
            "kind": { "enum": ["pdf", "text", "ocr"] },
            "pages": { "type": "integer", "minimum": 0 },
            "template": { "type": "string" },
            "form_index": {
                "description": "1-based position of this form in its file; doc_id is sha256 for form 1, sha256-<n> for form n.",
                "type": "integer",
                "minimum": 1,
            },
            "page_range": {
                "description": "[first, last] page of the file this form was read from.",
                "type": "array",
                "items": { "type": "integer", "minimum": 1 },
                "minItems": 2,
                "maxItems": 2,
            },
            "template_fit": {
                "description": "Share of the form's label cells some field of the template took (0..1).",
                "type": "number",
                "minimum": 0,
                "maximum": 1,
            },
            "pages_read": {
                "type": "array",
                "description": "how each PDF page was read: its text layer or OCR, and why OCR",
                "items": object(&["page", "via"], json!({
                    "page": { "type": "integer", "minimum": 1 },
                    "via": { "enum": ["text", "ocr"] },
                    "reason": { "type": "string" },
                })),
            },
            "label_guesses": {
                "type": "array",
                "description": "headers read by their key words, not by a label the vocabulary knows: the header as printed and the field it was read into (funds.adjustment)",
                "items": object(&["label", "field"], json!({
                    "label": { "type": "string" },
                    "field": { "type": "string" },
                })),
            },
        }),
    )
}

/// The schema as a JSON value.
pub fn json_schema_value() -> Value {
    let array = |items: Value| json!({ "type": "array", "items": items });
    let mut schema = object(
        &[
            "schema",
            "source",
            "funds",
            "tasks",
            "indicators",
            "contacts",
            "warnings",
        ],
        json!({
            "schema": { "const": crate::model::SCHEMA },
            "source": source(),
            "form": { "enum": ["department_overall", "project", "department_target", "project_target", null] },
            "title": nullable("string"),
            "year": nullable("integer"),
            "entity": nullable("string"),
            "project": nullable("string"),
            "supervisor": nullable("string"),
            "implementer": nullable("string"),
            "unit": nullable("string"),
            "funds": array(funds()),
            "goal": {
                "oneOf": [
                    { "type": "null" },
                    object(&[], json!({
                        "expected": nullable("string"),
                        "achieved": nullable("string"),
                    })),
                ]
            },
            "tasks": array(task()),
            "indicators": array(indicator()),
            "problems": nullable("string"),
            "improvements": nullable("string"),
            "total_score": nullable("number"),
            "conclusion": nullable("string"),
            "contacts": array(object(&["role"], json!({
                "role": { "type": "string" },
                "name": nullable("string"),
                "phone": nullable("string"),
            }))),
            "warnings": array(object(&["code", "message"], json!({
                "code": { "type": "string" },
                "message": { "type": "string" },
                "page": nullable("integer"),
                "fields": {
                    "description": "field paths the warning names (a path names itself and every field below it)",
                    "type": "array",
                    "items": { "type": "string" },
                },
            }))),
            "ocr_confidence": {
                "type": "object",
                "description": "fields read by OCR: path → the recognition model's confidence",
                "additionalProperties": { "type": "number", "minimum": 0, "maximum": 1 },
            },
            "confidence": {
                "type": "object",
                "description": "fields evalform doubts, from any source: path → 0..1; below 0.85 a field is flagged",
                "additionalProperties": { "type": "number", "minimum": 0, "maximum": 1 },
            },
            "extra": extra(),
            "unread": {
                "type": "array",
                "description": "printed cells no field took that are not labels or headers; empty when the whole form was accounted for",
                "items": unread(),
            },
        }),
    );
    if let Value::Object(map) = &mut schema {
        map.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        map.insert(
            "$id".into(),
            json!("https://evalform.invalid/schema/evalform-1.json"),
        );
        map.insert("title".into(), json!("evalform/1 document"));
    }
    schema
}

/// The schema as pretty JSON text.
pub fn json_schema() -> String {
    String::from_utf8_lossy(&super::json::to_pretty(&json_schema_value())).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;

    /// Every field a serialized document has is declared, and every declared
    /// top-level field exists in the model.
    #[test]
    fn schema_properties_match_the_model() {
        let schema = json_schema_value();
        let declared = schema["properties"].as_object().unwrap();
        // With every optional part present (OCR confidences are left out
        // when empty).
        let mut doc = Document::default();
        doc.ocr_confidence.insert("title".into(), 0.9);
        doc.confidence.insert("title".into(), 0.5);
        doc.extra.insert("部门预算编码".into(), "127".into());
        let doc = serde_json::to_value(doc).unwrap();
        let actual = doc.as_object().unwrap();
        let mut a: Vec<_> = declared.keys().collect();
        let mut b: Vec<_> = actual.keys().collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        assert!(json_schema().starts_with('{'));
    }

    /// `source` declares every field a source has: form position, fit and `pages_read` included.
    #[test]
    fn source_properties_match_the_model() {
        let schema = json_schema_value();
        let declared = schema["properties"]["source"]["properties"]
            .as_object()
            .unwrap();
        let mut doc = Document::default();
        doc.source.page_range = Some([1, 2]);
        doc.source.template_fit = Some(0.9);
        doc.source.pages_read.push(crate::model::PageRead {
            page: 2,
            via: "ocr".into(),
            reason: Some("no Unicode for 97% of glyphs".into()),
        });
        doc.source.label_guesses.push(crate::model::LabelGuess {
            label: "年中调整金额".into(),
            field: "funds.adjustment".into(),
        });
        let value = serde_json::to_value(&doc).unwrap();
        let mut a: Vec<_> = declared.keys().collect();
        let mut b: Vec<_> = value["source"].as_object().unwrap().keys().collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        let item = &declared["pages_read"]["items"]["properties"];
        for key in value["source"]["pages_read"][0].as_object().unwrap().keys() {
            assert!(item.get(key).is_some(), "pages_read item declares {key}");
        }
    }

    /// Rows, warnings and unread cells declare every field they have.
    #[test]
    fn item_properties_match_the_model() {
        use crate::model::{Funds, Indicator, Task, Unread, Warning};
        let schema = json_schema_value();
        let props = &schema["properties"];
        let one = |v: Value| {
            let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
            keys.sort();
            keys
        };
        let declared = |v: &Value| {
            let mut keys: Vec<String> = v["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            keys.sort();
            keys
        };
        let mut extra = crate::model::Extra::new();
        extra.insert("分值".into(), "20".into());
        let funds = Funds {
            extra: extra.clone(),
            ..Funds::default()
        };
        let task = Task {
            extra: extra.clone(),
            ..Task::default()
        };
        let indicator = Indicator {
            extra,
            ..Indicator::default()
        };
        let warning = Warning::new("x", "y", None).naming(["title"]);
        let cases = [
            (
                serde_json::to_value(funds).unwrap(),
                &props["funds"]["items"],
            ),
            (
                serde_json::to_value(task).unwrap(),
                &props["tasks"]["items"],
            ),
            (
                serde_json::to_value(indicator).unwrap(),
                &props["indicators"]["items"],
            ),
            (
                serde_json::to_value(warning).unwrap(),
                &props["warnings"]["items"],
            ),
            (
                serde_json::to_value(Unread::default()).unwrap(),
                &props["unread"]["items"],
            ),
        ];
        for (value, schema) in cases {
            assert_eq!(one(value), declared(schema));
        }
    }
}
