//! `evalform batch` arguments, turned into the library's `BatchOptions`.

use std::path::PathBuf;
use std::time::Duration;

use evalform::batch::{BatchOptions, Shard};

use super::process::run_isolated;
use super::progress::Bar;

use super::ReadArgs;

/// Convert many files into one output directory of JSON documents and CSV tables.
///
/// Exit status: 0 every file converted, 1 some failed (see OUT/errors.csv),
/// 2 bad arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct BatchArgs {
    /// Files and directories to convert (directories are walked; hidden files skipped).
    #[arg(required_unless_present = "files_from", value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Also convert the files listed in FILE, one path a line (`-`: standard input).
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Output directory (created if missing; a rerun skips files already done).
    #[arg(short, long, value_name = "OUT")]
    pub out: PathBuf,
    /// Files converted at once [default: one per core].
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Time limit per file, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 120.0)]
    pub timeout: f64,
    /// Memory limit per file, in MiB (0 = none).
    #[arg(long, value_name = "MIB", default_value_t = 4096)]
    pub max_memory: u64,
    /// Redo every file, even those an earlier run converted.
    #[arg(long)]
    pub force: bool,
    /// Redo files that failed in an earlier run.
    #[arg(long)]
    pub retry_failed: bool,
    /// Start each CSV with a UTF-8 byte-order mark, for Excel.
    #[arg(long)]
    pub csv_bom: bool,
    /// Also write the tables as typed Parquet files, OUT/parquet/<table>.parquet.
    #[arg(long)]
    pub parquet: bool,
    /// Remove documents under OUT/json that no input of this run produced
    /// (without it they are kept, and counted in a note).
    #[arg(long)]
    pub prune: bool,
    /// Take only shard K of N (e.g. 2/8), chosen by content hash.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Never draw the progress bar.
    #[arg(long)]
    pub no_progress: bool,
    /// Also write OUT/review/: a review page per document (as `evalform
    /// review` writes) and index.html listing every input with its status,
    /// template, fit and warnings. Turning it on converts the files again.
    #[arg(long)]
    pub review: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

impl BatchArgs {
    pub fn options(&self) -> Result<BatchOptions, String> {
        if !(self.timeout.is_finite() && self.timeout > 0.0) {
            return Err(format!(
                "--timeout must be a positive number of seconds, not {}",
                self.timeout
            ));
        }
        if self.jobs == Some(0) {
            return Err("--jobs must be at least 1".into());
        }
        if self.out.exists() && !self.out.is_dir() {
            return Err(format!(
                "{}: exists and is not a directory (-o names the output directory)",
                self.out.display()
            ));
        }
        self.read.validate()?;
        let mut inputs = self.inputs.clone();
        if let Some(list) = &self.files_from {
            inputs.extend(files_from(list)?);
        }
        if inputs.is_empty() {
            return Err("no input files: the list given with --files-from is empty".into());
        }
        let mut opts = BatchOptions::new(inputs, self.out.clone());
        opts.jobs = self.jobs;
        opts.timeout = Duration::from_secs_f64(self.timeout);
        opts.memory_mb = Some(self.max_memory).filter(|&mb| mb > 0);
        opts.force = self.force;
        opts.retry_failed = self.retry_failed;
        opts.csv_bom = self.csv_bom;
        opts.parquet = self.parquet;
        opts.prune = self.prune;
        opts.shard = self.shard;
        opts.read = self.read.options();
        if self.review {
            let dir = self.out.join(evalform::batch::REVIEW_DIR);
            opts.read.review_dir = Some(std::path::absolute(&dir).unwrap_or(dir));
        }
        Ok(opts)
    }

    /// Runs the batch, printing the summary (stdout) or the error (stderr);
    /// returns the exit status.
    pub fn run(&self) -> i32 {
        let opts = match self.options() {
            Ok(opts) => opts,
            Err(message) => {
                eprintln!("evalform batch: {message}");
                return 2;
            }
        };
        if let Some(dir) = &opts.read.review_dir
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            eprintln!("evalform batch: {}: {e}", dir.display());
            return 1;
        }
        let bar = Bar::new(!self.no_progress && !super::output::quiet());
        match run_isolated(&opts, &bar) {
            Ok(summary) => {
                if super::output::verbose() {
                    print_manifest(&opts.out.join("manifest.jsonl"));
                }
                for note in &summary.notes {
                    eprintln!("evalform batch: {note}");
                }
                let mut text = format!("{summary} → {}\n", opts.out.display());
                if let Some(dir) = &opts.read.review_dir {
                    match evalform::review::write_batch_index(&opts.out, dir) {
                        Ok(index) => text.push_str(&format!("review: {}\n", index.display())),
                        Err(e) => {
                            eprintln!("evalform batch: review index: {e}");
                            return 1;
                        }
                    }
                }
                if summary.failed > 0 {
                    text.push_str(&format!(
                        "failures: {}\n",
                        opts.out.join("errors.csv").display()
                    ));
                }
                if !super::output::quiet() {
                    super::output::stdout(text.as_bytes());
                }
                summary.exit_code()
            }
            Err(e) => {
                eprintln!("evalform batch: {e}");
                e.exit_code()
            }
        }
    }
}

/// The paths listed in `list` (`-`: standard input), one a line; blank lines skipped.
fn files_from(list: &std::path::Path) -> Result<Vec<PathBuf>, String> {
    use std::io::Read;
    let mut text = String::new();
    let read = if list == std::path::Path::new("-") {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::File::open(list).and_then(|mut f| f.read_to_string(&mut text).map(|_| ()))
    };
    read.map_err(|e| format!("--files-from {}: cannot read: {e}", list.display()))?;
    Ok(text
        .lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.trim().is_empty())
        .map(PathBuf::from)
        .collect())
}

/// `--verbose`: what each input became, from the manifest.
fn print_manifest(path: &std::path::Path) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let what = match v["status"].as_str() {
            Some("ok") => v["json"].as_str().unwrap_or("").to_string(),
            Some("duplicate") => {
                format!("duplicate of {}", v["duplicate_of"].as_str().unwrap_or(""))
            }
            _ => format!("failed: {}", v["error"].as_str().unwrap_or("")),
        };
        eprintln!(
            "evalform batch: {} → {what}",
            v["path"].as_str().unwrap_or("")
        );
    }
}
