//! The child side of [`super::isolate::Subprocess`]: `evalform __extract-one`
//! extracts one file and writes an [`Envelope`] to its result file.

use std::path::{Path, PathBuf};

use super::fake;
use super::isolate::{Envelope, Failure, FailureKind, catch_panic};
use crate::emit::atomic::write_atomic;
use crate::model::Document;
use crate::pipeline;

/// The hidden subcommand name the batch runs its workers with.
pub const SUBCOMMAND: &str = "__extract-one";

/// Test hook: `fake` swaps the pipeline for [`fake::extract`].
pub const TEST_EXTRACTOR_ENV: &str = "EVALFORM_TEST_EXTRACTOR";
/// Test hook: sleep this many milliseconds before each file.
pub const TEST_SLOW_ENV: &str = "EVALFORM_TEST_SLOW_MS";

/// Arguments of `evalform __extract-one` (internal; the batch passes them).
#[derive(Debug, Clone, clap::Args)]
pub struct WorkerArgs {
    /// Where to write the result envelope (JSON).
    #[arg(long)]
    pub result: PathBuf,
    /// Address-space cap for this process, in MiB.
    #[arg(long)]
    pub memory_mb: Option<u64>,
    #[arg(long)]
    pub template: Option<PathBuf>,
    #[arg(long)]
    pub encoding: Option<String>,
    #[arg(long, value_enum, default_value_t = pipeline::OcrMode::Auto)]
    pub ocr: pipeline::OcrMode,
    pub input: PathBuf,
}

impl WorkerArgs {
    /// The arguments the batch passes through to every worker.
    pub fn passthrough(opts: &pipeline::Options) -> Vec<std::ffi::OsString> {
        let mut args = Vec::new();
        if let Some(t) = &opts.template {
            args.push("--template".into());
            args.push(t.clone().into_os_string());
        }
        if let Some(e) = &opts.encoding {
            args.push("--encoding".into());
            args.push(e.into());
        }
        if let Some(mode) = clap::ValueEnum::to_possible_value(&opts.ocr) {
            args.push("--ocr".into());
            args.push(mode.get_name().into());
        }
        args
    }
}

/// Runs the worker; the return value is the process exit code (0 when a result
/// was written, whatever it says).
pub fn run(args: &WorkerArgs) -> i32 {
    if let Some(mb) = args.memory_mb
        && let Err(e) = limit_address_space(mb)
    {
        eprintln!("evalform: cannot set the memory limit: {e}");
        return 3;
    }
    let opts = pipeline::Options {
        template: args.template.clone(),
        encoding: args.encoding.clone(),
        ocr: args.ocr,
        ..pipeline::Options::default()
    };
    let outcome = catch_panic(|| extract(&args.input, &opts));
    let envelope = match outcome {
        Ok(docs) => Envelope::Ok(docs),
        Err(failure) => Envelope::Failed(failure),
    };
    match serde_json::to_vec(&envelope) {
        Ok(bytes) => match write_atomic(&args.result, &bytes) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("evalform: {}: cannot write: {e}", args.result.display());
                3
            }
        },
        Err(e) => {
            eprintln!("evalform: cannot encode the result: {e}");
            3
        }
    }
}

/// One file through the pipeline (or the test extractor), errors as failures.
pub fn extract(path: &Path, opts: &pipeline::Options) -> Result<Vec<Document>, Failure> {
    if let Some(ms) = std::env::var(TEST_SLOW_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    let result = if std::env::var(TEST_EXTRACTOR_ENV).as_deref() == Ok("fake") {
        fake::extract(path)
    } else {
        pipeline::extract_file(path, opts).map_err(|e| e.to_string())
    };
    result.map_err(|message| Failure::new(FailureKind::Error, message))
}

#[cfg(unix)]
fn limit_address_space(mb: u64) -> std::io::Result<()> {
    let bytes = mb.saturating_mul(1 << 20) as libc::rlim_t;
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: setrlimit reads the struct we pass and nothing else.
    let rc = unsafe { libc::setrlimit(libc::RLIMIT_AS, &limit) };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(unix))]
fn limit_address_space(_mb: u64) -> std::io::Result<()> {
    Ok(())
}
