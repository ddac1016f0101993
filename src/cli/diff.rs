//! `evalform diff` arguments; the comparison is the library's `diff` module.

use std::path::PathBuf;

use clap::ValueEnum;
use evalform::diff::diff_paths;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Show field-level changes between two documents or two batch output directories.
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
}

impl DiffArgs {
    /// Prints the report; returns the exit status.
    pub fn run(&self) -> i32 {
        match diff_paths(&self.old, &self.new) {
            Ok(report) => {
                match self.format {
                    Format::Text => print!("{}", report.render_text()),
                    Format::Json => print!("{}", report.render_json()),
                }
                report.exit_code()
            }
            Err(e) => {
                eprintln!("evalform diff: {e}");
                2
            }
        }
    }
}
