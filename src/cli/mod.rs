//! The command-line arguments, declared with clap: only the binary knows them.
//! Each command's arguments turn into the library's option values here.

pub mod app;
pub mod batch;
pub mod diff;
pub mod merge;
pub mod output;
pub mod process;
pub mod progress;
pub mod read;
pub mod review;
pub mod schema;
pub mod score;
pub mod sink;
pub mod template;
pub mod worker;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

pub use read::ReadArgs;

/// Turns Chinese budget-performance self-evaluation forms (绩效自评表) —
/// PDFs and text renditions — into structured `evalform/1` JSON.
#[derive(Parser)]
#[command(name = "evalform", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 success, 1 some input failed, 2 usage error.\n\
Examples:\n  evalform extract form.pdf                 print the JSON document\n  \
evalform extract a.pdf b.txt -o out/      one JSON file per input in out/\n  \
evalform batch forms/ -o out/ --parquet   JSON, CSV and Parquet tables for a folder\n  \
evalform inspect --text form.pdf          the text as read, in reading order"
)]
pub struct Cli {
    /// Say nothing on standard error but errors (no progress bar, no summary).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also say what each input became.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Extract forms into evalform/1 JSON documents.
    ///
    /// Inputs are PDFs (born-digital) or text renditions (tab-separated cell
    /// text, UTF-8/UTF-16/GB18030), told apart by content. `-` reads standard
    /// input. Every form in a file is a document of its own (a file bundling
    /// several forms gives several). With one input holding one form and no
    /// -o, the document goes to standard output; several go as JSON Lines.
    Extract {
        /// Input files; `-` for standard input.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output file (one input; a file's n-th form goes beside it as
        /// `<stem>-<n>.json`), directory (several inputs, or a path ending in
        /// `/`; `<stem>.json`, `<stem>-<n>.json` per form), or `-` for
        /// standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Show what was read from a PDF: per page the text lines in reading
    /// order, glyph/ruling/image counts, and each font with how it was decoded.
    Inspect {
        /// The PDF to inspect; `-` for standard input.
        file: PathBuf,
        /// Print only the text: lines in reading order, a form feed between
        /// pages, no decoration (to compare with other tools).
        #[arg(long, conflicts_with = "svg")]
        text: bool,
        /// Write one SVG per page into DIR: glyph boxes, text, rulings, images.
        #[arg(long, value_name = "DIR")]
        svg: Option<PathBuf>,
        /// Print the rebuilt table instead: free lines above and below it, and
        /// one line per row (`p2*`: page 2, first row after the break), each
        /// cell as `[column+colspan x rowspan] text` (what the templates read).
        #[arg(long, conflicts_with_all = ["text", "svg"])]
        cells: bool,
        #[command(flatten)]
        read: ReadArgs,
    },
    Batch(batch::BatchArgs),
    Merge(merge::MergeArgs),
    Diff(diff::DiffArgs),
    Review(review::ReviewArgs),
    Schema(schema::SchemaArgs),
    Score(score::ScoreArgs),
    Template(template::TemplateArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    ///
    /// bash: `evalform completions bash > ~/.local/share/bash-completion/completions/evalform`;
    /// zsh: into a folder of your `$fpath` as `_evalform`;
    /// fish: `> ~/.config/fish/completions/evalform.fish`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Internal: a long-lived worker process of `batch`.
    #[command(name = "__worker", hide = true)]
    Worker(worker::WorkerArgs),
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// One pretty-printed JSON document per form (JSON Lines when several go to standard output).
    Json,
    /// The schema's CSV tables (documents, funds, tasks, indicators, contacts,
    /// warnings, errors) in the folder given with -o.
    Csv,
}

/// An exit status from the library's `i32` codes.
pub fn exit_code(code: i32) -> std::process::ExitCode {
    std::process::ExitCode::from(u8::try_from(code).unwrap_or(1))
}
