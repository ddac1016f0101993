//! `evalform diff` arguments; the comparison is the library's `diff` module.

use std::path::PathBuf;

use clap::ValueEnum;
use evalform::diff::{DiffOptions, diff_paths_with};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per change, then totals and counts per field.
    Text,
    /// The report as one JSON object.
    Json,
    /// One row per change, added and removed document.
    Csv,
}

/// Show field-level changes between two documents or two batch output directories.
///
/// Documents are matched by doc_id (then by file name); where the input sat
/// (`source.file`) never counts as a change. List elements are named by
/// index and name (`indicators[2] 城镇新增就业人数 .actual`); a removed
/// document shows the new run's error for its file (NEW/errors.csv).
///
/// Exit status: 0 identical, 1 something differs, 2 bad arguments or unreadable input.
#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {
    /// The earlier JSON document or batch output directory.
    pub old: PathBuf,
    /// The later one.
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Leave a field out of the comparison, with what is under it; repeatable.
    /// `indicators[].note` (every element), `indicators[3].note` (one),
    /// `source` (a whole object).
    #[arg(long, value_name = "PATH")]
    pub ignore: Vec<String>,
}

impl DiffArgs {
    /// Prints the report; returns the exit status.
    pub fn run(&self) -> i32 {
        match diff_paths_with(&self.old, &self.new, &DiffOptions::ignoring(&self.ignore)) {
            Ok(report) => {
                let text = match self.format {
                    Format::Text => report.render_text(),
                    Format::Json => report.render_json(),
                    Format::Csv => report.render_csv(),
                };
                super::output::stdout(text.as_bytes());
                report.exit_code()
            }
            Err(e) => {
                eprintln!("evalform diff: {e}");
                2
            }
        }
    }
}
