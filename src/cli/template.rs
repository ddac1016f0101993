//! `evalform template` arguments: `draft` writes a template skeleton from a form.

use std::path::PathBuf;

use clap::Subcommand;
use evalform::draft_template as draft;
use evalform::pipeline::form_layouts_of;

use super::read::ReadArgs;

/// Work with template files.
#[derive(Debug, Clone, clap::Args)]
pub struct TemplateArgs {
    #[command(subcommand)]
    pub command: TemplateCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum TemplateCommand {
    /// Write a template skeleton from a form: the labels found, the field each
    /// was given, and the labels nothing took — a starting point for a layout
    /// no template names. Edit it, then read with `extract --template FILE`.
    Draft {
        /// The form (PDF or text rendition); its first form is drafted.
        file: PathBuf,
        /// Write the template here instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The template's id (default: the file's stem).
        #[arg(long)]
        id: Option<String>,
        #[command(flatten)]
        read: ReadArgs,
    },
}

impl TemplateArgs {
    /// Writes the draft; returns the exit status.
    pub fn run(&self) -> i32 {
        let TemplateCommand::Draft {
            file,
            output,
            id,
            read,
        } = &self.command;
        let layouts = match form_layouts_of(file, &read.options()) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("evalform: {e}");
                return 1;
            }
        };
        let Some(layout) = layouts.first() else {
            eprintln!("evalform: {}: no form found", file.display());
            return 1;
        };
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().replace(['.', ' '], "_"))
            .unwrap_or_else(|| "draft".into());
        let id = id.clone().unwrap_or(stem);
        let text = draft(layout).to_toml(&id, &file.display().to_string());
        match output {
            Some(path) => {
                if let Err(e) = std::fs::write(path, text) {
                    eprintln!("evalform: {}: cannot write: {e}", path.display());
                    return 1;
                }
                0
            }
            None => {
                super::output::stdout(text.as_bytes());
                0
            }
        }
    }
}
