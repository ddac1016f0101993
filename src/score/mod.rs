//! `evalform score TRUTH OUTPUT`: field-level accuracy of extracted documents
//! against hand-verified truth in the same schema, and how many of the wrong
//! fields the documents flag themselves.
//!
//! - [`inputs`]: the truth (a document, a manifest, a folder) and where each
//!   truth's output is.
//! - [`fields`]: one truth against one output, field by field, rows paired by
//!   meaning; [`rules`]: when two values agree; [`matcher`]: the sequence
//!   comparison behind text similarity and indicator pairing.
//! - [`report`]: totals, documents, paths; a table or JSON.
//!
//! A field counts as flagged when the output's warnings name it (or its row
//! or list) or a confidence below [`crate::model::DOUBT_BELOW`] covers it,
//! as [`Document::flags`] says.

internal! {
    fields;
    inputs;
    matcher;
    report;
    rules;
}

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::model::{Document, Warning};
use inputs::{Found, Outputs, TruthEntry};
use report::{Counts, DocumentScore, PathTable, Report, WrongField, fold_indices};

pub use report::Report as ScoreReport;

/// Why scoring could not run.
#[derive(Debug, thiserror::Error)]
pub enum ScoreError {
    /// A file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file is not JSON documents.
    #[error("{path}: not JSON: {reason}")]
    NotJson {
        /// The file.
        path: PathBuf,
        /// Why, in words.
        reason: String,
    },
    /// TRUTH holds no truth document.
    #[error("{path}: no truth: {reason}")]
    NoTruth {
        /// The file or directory.
        path: PathBuf,
        /// Why, in words.
        reason: String,
    },
}

/// What to score and how much to tell.
#[derive(Debug, Clone, Default)]
pub struct ScoreOptions {
    /// Only truths whose manifest `pdf` (or name) holds this text.
    pub filter: Option<String>,
    /// Also count every path as scored (`indicators[3].score`).
    pub detail: bool,
}

/// Scores the output at `output` against the truth at `truth`.
pub fn score_paths(truth: &Path, output: &Path, opts: &ScoreOptions) -> Result<Report, ScoreError> {
    let mut entries = inputs::read_truth(truth)?;
    if let Some(f) = &opts.filter {
        entries.retain(|e| e.label.contains(f.as_str()));
    }
    if !output.exists() {
        return Err(ScoreError::Io {
            path: output.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
        });
    }
    let outputs = Outputs::open(output)?;
    let mut report = Report::default();
    let mut detailed = opts.detail.then(PathTable::default);
    let mut sims_sum = 0.0;
    let mut sims_count = 0usize;
    for entry in &entries {
        let found = outputs.find(entry, entries.len());
        let (doc, sims) = score_entry(entry, &found, &mut report.paths, detailed.as_mut());
        for s in sims {
            sims_sum += s;
            sims_count += 1;
        }
        report.push(doc);
    }
    report.total.text_sim = sims_sum / sims_count.max(1) as f64;
    report.detailed_paths = detailed;
    Ok(report)
}

/// One truth's score and its text similarities, in field order.
fn score_entry(
    entry: &TruthEntry,
    found: &Found,
    paths: &mut PathTable,
    mut detailed: Option<&mut PathTable>,
) -> (DocumentScore, Vec<f64>) {
    let (output, output_file, missing_reason) = match found {
        Found::Document { file, doc } => (Some(doc), Some(file.display().to_string()), None),
        Found::Missing { reason } => (None, None, Some(reason.clone())),
    };
    let compared = fields::compare(&entry.truth, output);
    let flags = output.map(flag_view);
    let mut counts = Counts::default();
    let mut wrong_fields = Vec::new();
    let mut sims = Vec::new();
    for f in &compared.fields {
        let flagged = flags.as_ref().is_some_and(|d| {
            let mut places = f.output_path.split(fields::ALTERNATIVE);
            places.next().is_some_and(|p| d.flags(p)) || places.any(|row| d.flags_within(row))
        });
        counts.fields += 1;
        if f.right {
            counts.right += 1;
            counts.right_flagged += usize::from(flagged);
        } else {
            counts.wrong += 1;
            counts.wrong_flagged += usize::from(flagged);
            wrong_fields.push(WrongField {
                path: f.path.clone(),
                truth: f.truth.clone(),
                output: f.output.clone(),
                flagged,
            });
        }
        sims.extend(f.similarity);
        paths.count(&fold_indices(&f.path), f.right, flagged);
        if let Some(d) = detailed.as_deref_mut() {
            d.count(&f.path, f.right, flagged);
        }
    }
    counts.split_cells = entry.split_cells.len();
    counts.split_cells_right = entry
        .split_cells
        .iter()
        .filter(|p| compared.is_right(p))
        .count();
    counts.text_sim = if sims.is_empty() {
        0.0
    } else {
        sims.iter().sum::<f64>() / sims.len() as f64
    };
    let doc = DocumentScore {
        name: entry.name.clone(),
        counts,
        missing: output.is_none(),
        missing_reason,
        truth_file: entry.truth_file.display().to_string(),
        output_file,
        extra_indicators: compared.extra_indicators,
        wrong_fields,
    };
    (doc, sims)
}

/// What an output says about its own doubts (warnings and confidences),
/// read leniently: a malformed warning or confidence is left out.
fn flag_view(output: &Value) -> Document {
    let warnings = output["warnings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|w| serde_json::from_value::<Warning>(w.clone()).ok())
                .collect()
        })
        .unwrap_or_default();
    let confidences = |key: &str| -> BTreeMap<String, f64> {
        output[key]
            .as_object()
            .map(|o| {
                o.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_f64()?)))
                    .collect()
            })
            .unwrap_or_default()
    };
    Document {
        warnings,
        confidence: confidences("confidence"),
        ocr_confidence: confidences("ocr_confidence"),
        ..Document::default()
    }
}
