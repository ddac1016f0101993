//! What a review says of a form at a glance, the same on its page and in the
//! batch index: its name, its pages, the cells no field took and the fields
//! evalform doubts.

use std::collections::BTreeSet;

use crate::confidence::LOW_CONFIDENCE;
use crate::model::Document;

/// One form at a glance.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// `项目支出绩效自评表 · 2021年…资金` (title, then project or entity);
    /// `form <n>` when the form prints neither.
    pub name: String,
    /// `pages 3–5`, `page 6`; empty when the pages are not known.
    pub pages: String,
    /// Printed cells no field took.
    pub unread: usize,
    /// The field paths flagged, in document order.
    pub flagged: Vec<String>,
}

impl Summary {
    pub fn of(doc: &Document) -> Summary {
        let flagged_set = flagged_fields(doc);
        let flagged = crate::locate::field_leaves(doc)
            .into_iter()
            .map(|(path, _)| path)
            .filter(|p| flagged_set.contains(p))
            .collect();
        Summary {
            name: form_name(doc),
            pages: doc.source.page_range.map_or(String::new(), |[a, b]| {
                if a == b {
                    format!("page {a}")
                } else {
                    format!("pages {a}–{b}")
                }
            }),
            unread: doc.unread.len(),
            flagged,
        }
    }

    /// `3 cells not read, 5 fields flagged`.
    pub fn counts(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{} not read, {} flagged",
            plural(self.unread, "cell", "cells"),
            plural(self.flagged.len(), "field", "fields")
        )
    }

    /// How much doubt the form carries: cells not read plus fields flagged.
    pub fn doubt(&self) -> usize {
        self.unread + self.flagged.len()
    }
}

/// The form's name as the review shows it: title, then project or entity.
pub fn form_name(doc: &Document) -> String {
    let about = doc.project.as_deref().or(doc.entity.as_deref());
    let parts: Vec<&str> = [doc.title.as_deref(), about]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    if parts.is_empty() {
        format!("form {}", doc.source.form_index.max(1))
    } else {
        parts.join(" · ")
    }
}

/// Every field path the document flags: named by a warning or below the
/// doubt threshold ([`Document::flags`]), read by OCR with low confidence,
/// or named in a warning's message (`path = …`, the figure an arithmetic
/// check names).
pub fn flagged_fields(doc: &Document) -> BTreeSet<String> {
    let mut out = warned_fields(doc);
    for (path, _) in crate::locate::field_leaves(doc) {
        let low = doc
            .ocr_confidence
            .get(&path)
            .is_some_and(|c| *c < f64::from(LOW_CONFIDENCE));
        if low || doc.flags(&path) {
            out.insert(path);
        }
    }
    out
}

/// Fields a warning's message names: `path = …` at its start, or the figure
/// an arithmetic check names (`indicator 3 (…)`, a money row's source).
fn warned_fields(doc: &Document) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for w in &doc.warnings {
        if let Some((path, _)) = w.message.split_once(" = ")
            && !path.contains(' ')
        {
            out.insert(path.to_string());
        }
        let field = match w.code.as_str() {
            "execution_rate_mismatch" => "execution_rate",
            "adjustment_rate_mismatch" => "adjustment_rate",
            c if c.contains("score") => "score",
            _ => continue,
        };
        if w.code == "total_score_mismatch" {
            out.insert("total_score".into());
        } else if let Some(n) = w
            .message
            .strip_prefix("indicator ")
            .and_then(|m| m.split(' ').next())
            .and_then(|n| n.parse::<usize>().ok())
        {
            out.insert(format!("indicators[{}].{field}", n.saturating_sub(1)));
        } else if let Some(i) = doc
            .funds
            .iter()
            .position(|f| w.message.starts_with(&format!("{}: ", f.source)))
        {
            out.insert(format!("funds[{i}].{field}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Funds, Unread, Warning};

    #[test]
    fn a_form_is_named_counted_and_its_flagged_fields_listed_in_order() {
        let mut doc = Document {
            title: Some("项目支出绩效自评表".into()),
            project: Some("高标准农田建设项目".into()),
            funds: vec![Funds {
                source: "合计".into(),
                actual: Some(2.0),
                score: Some(1.0),
                ..Funds::default()
            }],
            total_score: Some(90.0),
            ..Document::default()
        };
        doc.source.page_range = Some([3, 5]);
        doc.warnings
            .push(Warning::new("value_missing", "x", Some(3)).naming(["funds[0].score"]));
        doc.confidence.insert("total_score".into(), 0.6);
        doc.confidence.insert("funds[0].actual".into(), 0.9);
        for _ in 0..3 {
            doc.unread.push(Unread {
                page: 4,
                text: "92.33".into(),
                ..Unread::default()
            });
        }
        let s = Summary::of(&doc);
        assert_eq!(s.name, "项目支出绩效自评表 · 高标准农田建设项目");
        assert_eq!(s.pages, "pages 3–5");
        assert_eq!(s.flagged, ["funds[0].score", "total_score"]);
        assert_eq!(s.counts(), "3 cells not read, 2 fields flagged");
        assert_eq!(s.doubt(), 5);
        let plain = Document::default();
        let s = Summary::of(&plain);
        assert_eq!(s.name, "form 1");
        assert_eq!(s.counts(), "0 cells not read, 0 fields flagged");
    }
}
