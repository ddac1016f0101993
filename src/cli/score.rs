//! `evalform score` arguments; the scoring is the library's `score` module.

use std::path::PathBuf;

use evalform::score::{ScoreOptions, score_paths};

/// Score extracted documents against hand-verified truth, field by field.
///
/// TRUTH is a truth document (evalform/1 JSON), a manifest (a JSON array of
/// `{"pdf": "form.pdf", "truth": "form.json", "split_cells": [...]}`, truth
/// paths relative to the manifest), or a folder of truth documents. OUTPUT
/// is a JSON document, a folder of `<name>.json` (what `extract -o DIR/`
/// writes), or a batch output folder. A truth's output is `<name>.json`
/// (name: the manifest's pdf stem, or the truth file's stem), else the
/// document read from that file (`source.file`, `source.form_index`); a
/// truth with no output counts all its fields wrong and is listed.
///
/// Text counts as right when equal after removing whitespace (characters
/// otherwise as printed), numbers when equal; a target or actual also counts
/// its parsed comparison, value and unit. Rows pair by meaning: money source,
/// task number, contact role, indicator name. A wrong field is "flagged"
/// when the output's warnings name it or its confidence is below 0.85.
///
/// The last line is `fields A/B = P%  split-cells C/D  text-sim S`.
/// Exit status: 0 scored (whatever the score), 2 bad arguments or unreadable input.
#[derive(Debug, Clone, clap::Args)]
pub struct ScoreArgs {
    /// Truth document, manifest, or folder of truth documents.
    pub truth: PathBuf,
    /// Output document, or folder of documents (extract -o DIR/, batch -o DIR).
    pub output: PathBuf,
    /// Print the report as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Score only the truths whose manifest pdf (or name) contains SUBSTR.
    #[arg(long, value_name = "SUBSTR")]
    pub filter: Option<String>,
    /// Count every field path as scored (`indicators[3].score`), not only
    /// folded (`indicators[].score`), and list every wrong field.
    #[arg(long)]
    pub detail: bool,
}

impl ScoreArgs {
    /// Prints the report; returns the exit status.
    pub fn run(&self) -> i32 {
        let opts = ScoreOptions {
            filter: self.filter.clone(),
            detail: self.detail,
        };
        match score_paths(&self.truth, &self.output, &opts) {
            Ok(report) => {
                let text = if self.json {
                    report.render_json()
                } else {
                    report.render_table(self.detail)
                };
                super::output::stdout(text.as_bytes());
                0
            }
            Err(e) => {
                eprintln!("evalform score: {e}");
                2
            }
        }
    }
}
