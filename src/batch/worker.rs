//! The child side of [`super::isolate::Subprocess`]: `evalform __extract-one`
//! extracts one file and writes an [`Envelope`] to its result file.

use std::path::{Path, PathBuf};

use super::fake;
use super::isolate::{Envelope, Failure, FailureKind, catch_panic};
use crate::emit::atomic::write_atomic;
use crate::model::Document;
use crate::options::ReadOptions;
use crate::pipeline;

/// The hidden subcommand name the batch runs its workers with.
pub const SUBCOMMAND: &str = "__extract-one";

/// Test hook: `fake` swaps the pipeline for [`fake::extract`].
pub const TEST_EXTRACTOR_ENV: &str = "EVALFORM_TEST_EXTRACTOR";
/// Test hook: sleep this many milliseconds before each file.
pub const TEST_SLOW_ENV: &str = "EVALFORM_TEST_SLOW_MS";

/// Why a worker could not deliver its result (the binary prints it and exits 3).
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("cannot set the memory limit: {0}")]
    MemoryLimit(#[source] std::io::Error),
    #[error("cannot encode the result: {0}")]
    Encode(#[source] serde_json::Error),
    #[error("{path}: cannot write: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Extracts `input` (with any panic contained) and writes the [`Envelope`]
/// to `result`; `Ok` whenever a result was written, whatever it says.
pub fn run_one(
    input: &Path,
    opts: &ReadOptions,
    result: &Path,
    memory_mb: Option<u64>,
) -> Result<(), WorkerError> {
    if let Some(mb) = memory_mb {
        limit_address_space(mb).map_err(WorkerError::MemoryLimit)?;
    }
    let envelope = match catch_panic(|| extract(input, opts)) {
        Ok(docs) => Envelope::Ok(docs),
        Err(failure) => Envelope::Failed(failure),
    };
    let bytes = serde_json::to_vec(&envelope).map_err(WorkerError::Encode)?;
    write_atomic(result, &bytes).map_err(|source| WorkerError::Write {
        path: result.to_path_buf(),
        source,
    })
}

/// One file through the pipeline (or the test extractor), errors as failures.
pub fn extract(path: &Path, opts: &ReadOptions) -> Result<Vec<Document>, Failure> {
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
