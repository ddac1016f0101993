//! `evalform review`: one self-contained HTML page per document, to check
//! each field against the page it was read from.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use evalform::emit::write_atomic;
use evalform::{pipeline, review};

use super::ReadArgs;
use super::sink::read_input;

/// Write a review page per document: every page of the form as an image,
/// the rebuilt cells outlined, each field's value at its cell and listed
/// beside the page with its JSON path, warnings and low-confidence fields
/// marked. The pages are self-contained HTML (images inline, nothing
/// fetched): open them in any browser.
///
/// Pages are named after the input: `<stem>.html`, `<stem>-<n>.html` for a
/// file's n-th form (`-<sha12>` added when two inputs share a stem).
#[derive(Debug, Clone, clap::Args)]
pub struct ReviewArgs {
    /// Input files (PDFs or text renditions); `-` for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub files: Vec<PathBuf>,
    /// Directory to write the pages into (created if missing).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    #[command(flatten)]
    pub read: ReadArgs,
}

impl ReviewArgs {
    /// Writes the pages; returns the exit status (1 when an input failed).
    pub fn run(&self) -> i32 {
        if let Err(e) = self.read.validate() {
            eprintln!("evalform review: {e}");
            return 2;
        }
        let opts = self.read.options();
        let templates = match pipeline::templates(&opts) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("evalform review: {e}");
                return 2;
            }
        };
        if self.output.is_file() {
            eprintln!(
                "evalform review: -o {} is a file; give a directory",
                self.output.display()
            );
            return 2;
        }
        if let Err(e) = std::fs::create_dir_all(&self.output) {
            eprintln!("evalform review: {}: {e}", self.output.display());
            return 1;
        }
        let mut names = HashSet::new();
        let mut failed = 0;
        for file in &self.files {
            let bytes = match read_input(file) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("{}: {e}", file.display());
                    failed += 1;
                    continue;
                }
            };
            let reviews = match review::review_bytes(file, &bytes, &opts, &templates) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("{e}");
                    failed += 1;
                    continue;
                }
            };
            for r in reviews {
                let name = page_name(file, &r.document, &mut names);
                let dest = self.output.join(&name);
                if let Err(e) = write_atomic(&dest, r.html.as_bytes()) {
                    eprintln!("{}: {e}", dest.display());
                    failed += 1;
                    continue;
                }
                println!("{}", dest.display());
            }
        }
        i32::from(failed > 0)
    }
}

/// `<stem>.html` (`<stem>-<n>.html` for the n-th form), made unique within the run.
fn page_name(file: &Path, doc: &evalform::Document, used: &mut HashSet<String>) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty() && s != "-")
        .unwrap_or_else(|| "stdin".into());
    let n = doc.source.form_index;
    let suffix = if n > 1 {
        format!("-{n}")
    } else {
        String::new()
    };
    let mut name = format!("{stem}{suffix}.html");
    if used.contains(&name) {
        let sha12: String = doc.source.sha256.chars().take(12).collect();
        name = format!("{stem}-{sha12}{suffix}.html");
    }
    let mut k = 2;
    while used.contains(&name) {
        name = format!("{stem}-{k}x{suffix}.html");
        k += 1;
    }
    used.insert(name.clone());
    name
}
