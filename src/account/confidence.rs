//! One map of doubt for every source: `confidence` (field path → 0..1)
//! gathers the fields a warning names and the fields OCR read with low
//! confidence, so a consumer reads one list whatever read the form.

use crate::model::{DOUBT_BELOW, Document};

/// The confidence of a field a warning names: well below [`DOUBT_BELOW`].
pub const NAMED: f64 = 0.5;

/// Sets `doc.confidence` from the warnings' fields and OCR's low
/// confidences, keeping the lowest figure per path; safe to call again.
pub fn gather(doc: &mut Document) {
    let named = doc
        .warnings
        .iter()
        .flat_map(|w| w.fields.iter().map(|p| (p.clone(), NAMED)));
    let ocr = doc
        .ocr_confidence
        .iter()
        .filter(|(_, c)| **c < DOUBT_BELOW)
        .map(|(p, c)| (p.clone(), *c));
    let found: Vec<(String, f64)> = named.chain(ocr).collect();
    for (path, c) in found {
        let entry = doc.confidence.entry(path).or_insert(c);
        *entry = entry.min(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Warning;

    #[test]
    fn warnings_and_ocr_meet_in_one_map() {
        let mut doc = Document {
            warnings: vec![
                Warning::new("value_missing", "x", None).naming(["indicators[2].score"]),
            ],
            ..Document::default()
        };
        doc.ocr_confidence.insert("title".into(), 0.6);
        doc.ocr_confidence.insert("year".into(), 0.99);
        gather(&mut doc);
        gather(&mut doc);
        assert_eq!(doc.confidence.get("indicators[2].score"), Some(&NAMED));
        assert_eq!(doc.confidence.get("title"), Some(&0.6));
        assert!(!doc.confidence.contains_key("year"));
        assert!(!doc.flags("indicators[2]"));
        assert!(doc.flags("indicators[2].score"));
    }
}
