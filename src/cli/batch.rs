//! `evalform batch` arguments, turned into the library's `BatchOptions`.

use std::path::PathBuf;
use std::time::Duration;

use evalform::batch::{BatchOptions, Shard, run_isolated};

use super::ReadArgs;

/// Convert many files into one output directory of JSON documents and CSV tables.
///
/// Exit status: 0 every file converted, 1 some failed (see OUT/errors.csv),
/// 2 bad arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct BatchArgs {
    /// Files and directories to convert (directories are walked; hidden files skipped).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
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
        let mut opts = BatchOptions::new(self.inputs.clone(), self.out.clone());
        opts.jobs = self.jobs;
        opts.timeout = Duration::from_secs_f64(self.timeout);
        opts.memory_mb = Some(self.max_memory).filter(|&mb| mb > 0);
        opts.force = self.force;
        opts.retry_failed = self.retry_failed;
        opts.csv_bom = self.csv_bom;
        opts.shard = self.shard;
        opts.progress = !self.no_progress;
        opts.read = self.read.options();
        if self.review {
            let dir = self.out.join("review");
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
        match run_isolated(&opts) {
            Ok(summary) => {
                println!("{summary} → {}", opts.out.display());
                if let Some(dir) = &opts.read.review_dir {
                    let index = dir.join("index.html");
                    let written = evalform::review::index::batch_index(&opts.out).and_then(|h| {
                        evalform::emit::atomic::write_atomic(&index, h.as_bytes())
                            .map_err(|e| format!("{}: {e}", index.display()))
                    });
                    match written {
                        Ok(()) => println!("review: {}", index.display()),
                        Err(e) => {
                            eprintln!("evalform batch: review index: {e}");
                            return 1;
                        }
                    }
                }
                if summary.failed > 0 {
                    println!("failures: {}", opts.out.join("errors.csv").display());
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
