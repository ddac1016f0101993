//! A stand-in extractor for testing the batch machinery without PDFs.
//! Selected in `evalform-hooks` worker processes by `EVALFORM_TEST_EXTRACTOR=fake`;
//! the integration tests also call it in-process.
//!
//! An input file is read as a command:
//! - JSON in the shape of the sample truth files → that document (target/actual
//!   strings become quantities; `source` is filled in); a JSON array of them →
//!   one document per element, as a file bundling several forms, where a
//!   `null` element is a form no template read (left out, named in a
//!   `form_unread` warning on the first document; the others keep their place);
//! - `PANIC …` → panics; `SLEEP ms` → sleeps, then fails;
//!   `ALLOC mb` → allocates and touches that much memory, then fails;
//!   `PID …` → fails naming the process that read it (`worker 1234`);
//! - anything else → an error.

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use evalform::Document;

pub fn extract(path: &Path) -> Result<Vec<Document>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let command = text.trim_start();
    if let Some(rest) = command.strip_prefix("PANIC") {
        panic!("fake extractor asked to panic{}", rest.trim_end());
    }
    if let Some(ms) = command.strip_prefix("SLEEP ") {
        let ms: u64 = ms.trim().parse().unwrap_or(0);
        std::thread::sleep(Duration::from_millis(ms));
        return Err(format!("{}: slept {ms} ms", path.display()));
    }
    if let Some(mb) = command.strip_prefix("ALLOC ") {
        let mb: usize = mb.trim().parse().unwrap_or(0);
        let mut block = vec![0u8; mb << 20];
        block.iter_mut().step_by(4096).for_each(|b| *b = 1);
        return Err(format!(
            "{}: allocated {} MiB",
            path.display(),
            block.len() >> 20
        ));
    }
    if command.starts_with("PID") {
        return Err(format!("{}: worker {}", path.display(), std::process::id()));
    }
    if command.starts_with('{') || command.starts_with('[') {
        let value: Value = serde_json::from_str(command)
            .map_err(|e| format!("{}: bad fake JSON: {e}", path.display()))?;
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let values = match value {
            Value::Array(values) => values,
            one => vec![one],
        };
        let mut docs: Vec<Document> = Vec::new();
        let mut unread = Vec::new();
        for (i, v) in values.into_iter().enumerate() {
            let place = i as u32 + 1;
            if v.is_null() {
                unread.push(evalform::form_unread::warning(
                    place,
                    &format!("page {place}"),
                    "not a form (fake extractor)",
                    place,
                ));
                continue;
            }
            let mut doc = document_from_truth(v, path, &sha256)?;
            doc.source.form_index = place;
            docs.push(doc);
        }
        match docs.first_mut() {
            Some(first) => first.warnings.extend(unread),
            None => return Err(format!("{}: no form read (fake extractor)", path.display())),
        }
        return Ok(docs);
    }
    Err(format!("{}: not a form (fake extractor)", path.display()))
}

/// A sample truth file (which omits `source`, `pages`, `warnings` and writes
/// quantities as plain strings) as a full document.
pub fn document_from_truth(
    mut value: Value,
    path: &Path,
    sha256: &str,
) -> Result<Document, String> {
    let obj = value.as_object_mut().ok_or("fake JSON is not an object")?;
    obj.insert(
        "source".into(),
        json!({"file": path.to_string_lossy(), "sha256": sha256, "kind": "text", "pages": 1, "template": "fake"}),
    );
    obj.entry("warnings").or_insert_with(|| json!([]));
    if let Some(Value::Array(tasks)) = obj.get_mut("tasks") {
        for task in tasks.iter_mut().filter_map(Value::as_object_mut) {
            task.entry("pages").or_insert_with(|| json!([1]));
        }
    }
    if let Some(Value::Array(indicators)) = obj.get_mut("indicators") {
        for ind in indicators.iter_mut().filter_map(Value::as_object_mut) {
            ind.entry("pages").or_insert_with(|| json!([1]));
            for key in ["target", "actual"] {
                if let Some(Value::String(raw)) = ind.get(key) {
                    let raw = raw.clone();
                    ind.insert(key.into(), quantity(&raw));
                }
            }
        }
    }
    serde_json::from_value(value).map_err(|e| format!("{}: not a document: {e}", path.display()))
}

/// A plain number (with optional `%`) parses; anything else keeps only `raw`.
fn quantity(raw: &str) -> Value {
    let (number, unit) = match raw.strip_suffix('%') {
        Some(n) => (n, Some("%")),
        None => (raw, None),
    };
    match number.parse::<f64>() {
        Ok(v) => json!({"raw": raw, "op": "=", "value": v, "unit": unit}),
        Err(_) => json!({"raw": raw, "op": null, "value": null, "unit": null}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truth_files_become_documents() {
        let path = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/shared/proj-jbgw-2021.json"
        ));
        let doc = extract(path).unwrap().remove(0);
        assert_eq!(doc.source.sha256.len(), 64);
        assert!(!doc.funds.is_empty());
        let target = doc.indicators[0].target.as_ref().unwrap();
        assert_eq!(target.raw, "≥90%");
        assert_eq!(target.value, None);
    }
}
