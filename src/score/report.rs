//! The score report: totals, one line per document, counts per field path,
//! as a table or as one JSON object.

pub use crate::model::fold_indices;
use std::fmt::Write as _;

use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::Value;

/// Counts shared by the total and each document.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    pub fields: usize,
    pub right: usize,
    pub wrong: usize,
    /// Wrong fields the output flags (a warning names them, or a
    /// confidence below the doubt threshold covers them).
    pub wrong_flagged: usize,
    /// Right fields flagged all the same: false alarms.
    pub right_flagged: usize,
    /// Fields whose cell a page break cuts, and of them right.
    pub split_cells: usize,
    pub split_cells_right: usize,
    /// Mean similarity of the text fields (0..1; 0 when there are none).
    pub text_sim: f64,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.fields += other.fields;
        self.right += other.right;
        self.wrong += other.wrong;
        self.wrong_flagged += other.wrong_flagged;
        self.right_flagged += other.right_flagged;
        self.split_cells += other.split_cells;
        self.split_cells_right += other.split_cells_right;
    }
}

/// A field the output got wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WrongField {
    pub path: String,
    pub truth: Value,
    pub output: Value,
    pub flagged: bool,
}

/// One truth document's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentScore {
    pub name: String,
    #[serde(flatten)]
    pub counts: Counts,
    /// No output was found (or it could not be read): every field wrong.
    pub missing: bool,
    /// Why no output was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_reason: Option<String>,
    /// The truth file and the output file scored.
    pub truth_file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_file: Option<String>,
    /// Output indicators no truth indicator was paired with.
    pub extra_indicators: usize,
    pub wrong_fields: Vec<WrongField>,
}

/// Scored and right fields of one path (`indicators[].score`), over all documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PathCounts {
    pub fields: usize,
    pub right: usize,
    pub wrong_flagged: usize,
    pub right_flagged: usize,
}

/// Paths in the order they were first scored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathTable(pub Vec<(String, PathCounts)>);

impl PathTable {
    pub fn count(&mut self, path: &str, right: bool, flagged: bool) {
        let i = match self.0.iter().position(|(p, _)| p == path) {
            Some(i) => i,
            None => {
                self.0.push((path.to_string(), PathCounts::default()));
                self.0.len() - 1
            }
        };
        let c = &mut self.0[i].1;
        c.fields += 1;
        c.right += usize::from(right);
        c.wrong_flagged += usize::from(!right && flagged);
        c.right_flagged += usize::from(right && flagged);
    }
}

impl Serialize for PathTable {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (path, counts) in &self.0 {
            map.serialize_entry(path, counts)?;
        }
        map.end()
    }
}

/// The whole report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Every field of every document.
    pub total: Counts,
    /// Per document.
    pub documents: Vec<DocumentScore>,
    /// Per path with list indices folded: `indicators[].score`.
    pub paths: PathTable,
    /// Per path as scored (`indicators[3].score`), when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detailed_paths: Option<PathTable>,
}

fn pct(part: usize, whole: usize) -> f64 {
    (100 * part) as f64 / whole.max(1) as f64
}

impl Report {
    /// Adds a document's score to the total.
    pub fn push(&mut self, doc: DocumentScore) {
        self.total.add(&doc.counts);
        self.documents.push(doc);
    }

    /// Documents with no output.
    pub fn missing(&self) -> impl Iterator<Item = &DocumentScore> {
        self.documents.iter().filter(|d| d.missing)
    }

    /// The report as pretty-printed JSON, ending in a newline.
    pub fn render_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The summary line of the reference scorer:
    /// `fields A/B = P%  split-cells C/D  text-sim S`.
    pub fn summary_line(&self) -> String {
        let t = &self.total;
        format!(
            "fields {}/{} = {:.1}%  split-cells {}/{}  text-sim {:.3}",
            t.right,
            t.fields,
            pct(t.right, t.fields),
            t.split_cells_right,
            t.split_cells,
            t.text_sim
        )
    }

    /// The report as a table: documents, then paths (and the wrong fields
    /// when `detail`), then flags, the documents with no output and the
    /// summary line last.
    pub fn render_table(&self, detail: bool) -> String {
        let mut s = String::new();
        let width = self
            .documents
            .iter()
            .map(|d| d.name.chars().count())
            .chain([8])
            .max()
            .unwrap_or(8);
        let _ = writeln!(
            s,
            "{:width$} {:>9} {:>6} {:>6} {:>6} {:>5} {:>13}",
            "document", "fields", "pct", "sim", "split", "extra", "wrong flagged"
        );
        for d in &self.documents {
            let c = &d.counts;
            let _ = writeln!(
                s,
                "{:width$} {:4}/{:<4} {:5.1}% {:6.3} {:2}/{:<3} {:5} {:>13}{}",
                d.name,
                c.right,
                c.fields,
                pct(c.right, c.fields),
                c.text_sim,
                c.split_cells_right,
                c.split_cells,
                d.extra_indicators,
                format!("{}/{}", c.wrong_flagged, c.wrong),
                if d.missing { "  (no output)" } else { "" }
            );
        }
        let paths = match (&self.detailed_paths, detail) {
            (Some(detailed), true) => detailed,
            _ => &self.paths,
        };
        let pwidth = paths
            .0
            .iter()
            .map(|(p, _)| p.chars().count())
            .chain([5])
            .max()
            .unwrap_or(5);
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "{:pwidth$} {:>11} {:>6} {:>13} {:>13}",
            "field", "fields", "pct", "wrong flagged", "right flagged"
        );
        for (path, c) in &paths.0 {
            let _ = writeln!(
                s,
                "{:pwidth$} {:5}/{:<5} {:5.1}% {:>13} {:>13}",
                path,
                c.right,
                c.fields,
                pct(c.right, c.fields),
                format!("{}/{}", c.wrong_flagged, c.fields - c.right),
                c.right_flagged
            );
        }
        if detail {
            for d in self.documents.iter().filter(|d| !d.wrong_fields.is_empty()) {
                let _ = writeln!(s, "\n{}:", d.name);
                for w in &d.wrong_fields {
                    let _ = writeln!(
                        s,
                        "  {}{}  truth {}  output {}",
                        w.path,
                        if w.flagged { " (flagged)" } else { "" },
                        short(&w.truth),
                        short(&w.output)
                    );
                }
            }
        }
        let _ = writeln!(s);
        let missing: Vec<&DocumentScore> = self.missing().collect();
        if !missing.is_empty() {
            let _ = writeln!(
                s,
                "no output for {} of {} documents (all their fields counted wrong):",
                missing.len(),
                self.documents.len()
            );
            for d in missing {
                let _ = writeln!(
                    s,
                    "  {}: {}",
                    d.name,
                    d.missing_reason.as_deref().unwrap_or("not found")
                );
            }
        }
        let t = &self.total;
        let _ = writeln!(
            s,
            "wrong {}, flagged {} ({:.1}%); right {}, flagged {} (false alarms)",
            t.wrong,
            t.wrong_flagged,
            pct(t.wrong_flagged, t.wrong),
            t.right,
            t.right_flagged
        );
        let _ = writeln!(s, "{}", self.summary_line());
        s
    }
}

/// A value in one line, at most 60 characters.
fn short(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut out: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_fold() {
        assert_eq!(
            fold_indices("indicators[12].target.parsed"),
            "indicators[].target.parsed"
        );
        assert_eq!(fold_indices("title"), "title");
    }

    #[test]
    fn summary_line_keeps_the_reference_format() {
        let r = Report {
            total: Counts {
                fields: 3,
                right: 2,
                wrong: 1,
                split_cells: 2,
                split_cells_right: 1,
                text_sim: 0.98765,
                ..Counts::default()
            },
            ..Report::default()
        };
        assert_eq!(
            r.summary_line(),
            "fields 2/3 = 66.7%  split-cells 1/2  text-sim 0.988"
        );
        assert_eq!(
            Report::default().summary_line(),
            "fields 0/0 = 0.0%  split-cells 0/0  text-sim 0.000"
        );
    }
}
