//! A batch run in long-lived worker processes of this executable: the
//! [`pool`] side starts `evalform __worker` processes and owns every limit,
//! the [`worker`] side reads file after file, and [`protocol`] is what they
//! say to each other over the worker's standard input and output.

pub mod pool;
pub mod protocol;
pub mod worker;

use std::path::Path;

use evalform::batch::{self, BatchError, BatchOptions, BatchSummary, Progress};

pub use pool::Subprocess;

/// Runs a batch in isolated worker processes of this executable: the CLI's
/// `batch`.
pub fn run_isolated(
    opts: &BatchOptions,
    progress: &dyn Progress,
) -> Result<BatchSummary, BatchError> {
    let exe = std::env::current_exe().map_err(|source| BatchError::Io {
        path: Path::new("evalform").to_path_buf(),
        source,
    })?;
    let extractor = Subprocess::new(
        exe,
        batch::work_dir(&opts.out),
        opts.timeout,
        opts.memory_mb,
        opts.read.clone(),
    );
    batch::run_with_progress(opts, &extractor, progress)
}
