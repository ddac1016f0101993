//! Running one file so that whatever it does (error, panic, endless loop, runaway
//! memory) ends as a recorded [`Failure`] and the batch goes on.
//!
//! Behind one [`Extractor`] trait:
//! - the `evalform` binary's worker processes (`evalform __worker`), each
//!   taking file after file over a pipe: a worker past the time limit is
//!   killed and replaced, the memory cap is an address-space limit each worker
//!   sets on itself, and a crash of any kind stays in the worker;
//! - [`InProcess`] (library use and tests): the extractor runs on its own thread
//!   under `catch_unwind`. Rust threads cannot be killed, so a file over the
//!   time limit is recorded as timed out and its thread abandoned (it keeps a
//!   core busy until it returns); there is no memory cap.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::model::Document;

/// What one file gives (its documents, one per form): the only type to
/// change when a file yields something else.
pub type Payload = Vec<Document>;

/// Why a file produced no document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailureKind {
    /// The pipeline rejected the file (corrupt, encrypted, not a form …).
    Error,
    /// Reading the file panicked.
    Panic,
    /// Reading the file ran past the time limit.
    Timeout,
    /// Reading the file ran past the memory cap.
    Memory,
    /// The worker process died some other way.
    Crash,
    /// The file could not be read.
    Io,
}

impl FailureKind {
    /// The kind as written in `errors.csv` and the manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::Error => "error",
            FailureKind::Panic => "panic",
            FailureKind::Timeout => "timeout",
            FailureKind::Memory => "memory",
            FailureKind::Crash => "crash",
            FailureKind::Io => "io",
        }
    }
}

/// Why a file has no document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// What kind of failure.
    pub kind: FailureKind,
    /// What happened, naming the file.
    pub message: String,
}

impl Failure {
    /// A failure of this kind.
    pub fn new(kind: FailureKind, message: impl Into<String>) -> Failure {
        Failure {
            kind,
            message: message.into(),
        }
    }
}

/// Turns one input file into its documents (one per form), containing any failure.
pub trait Extractor: Sync {
    /// The file's documents, or why there are none.
    fn extract(&self, path: &Path) -> Result<Payload, Failure>;
}

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-text payload".to_string()
    }
}

/// Calls `f`, turning a panic into a [`Failure`].
pub fn catch_panic<F>(f: F) -> Result<Payload, Failure>
where
    F: FnOnce() -> Result<Payload, Failure>,
{
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => Err(Failure::new(
            FailureKind::Panic,
            format!("panicked: {}", panic_message(payload.as_ref())),
        )),
    }
}

/// The failure of a file that ran past `timeout`.
pub fn timeout_failure(timeout: Duration) -> Failure {
    Failure::new(
        FailureKind::Timeout,
        format!("exceeded the time limit of {} s", timeout.as_secs_f64()),
    )
}

/// Runs a function on a thread of its own with a time limit (see module docs).
pub struct InProcess<F> {
    /// Reads one file: its documents, or an error message.
    pub extract: F,
    /// Time limit per file.
    pub timeout: Duration,
}

impl<F> Extractor for InProcess<F>
where
    F: Fn(&Path) -> Result<Payload, String> + Send + Sync + Clone + 'static,
{
    fn extract(&self, path: &Path) -> Result<Payload, Failure> {
        let (tx, rx) = mpsc::channel();
        let f = self.extract.clone();
        let owned = path.to_path_buf();
        let spawned = std::thread::Builder::new()
            .name("evalform-file".into())
            .spawn(move || {
                let result =
                    catch_panic(|| f(&owned).map_err(|m| Failure::new(FailureKind::Error, m)));
                // The receiver is gone when the file timed out; nothing to report then.
                let _ = tx.send(result);
            });
        if let Err(e) = spawned {
            return Err(Failure::new(
                FailureKind::Crash,
                format!("cannot start a thread: {e}"),
            ));
        }
        match rx.recv_timeout(self.timeout) {
            Ok(result) => result,
            Err(mpsc::RecvTimeoutError::Timeout) => Err(timeout_failure(self.timeout)),
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(Failure::new(
                FailureKind::Crash,
                "the extraction thread ended without a result",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Plain = fn(&Path) -> Result<Vec<Document>, String>;

    /// Generous: a panic with a backtrace takes a while in a debug build.
    fn in_process(f: Plain) -> InProcess<Plain> {
        InProcess {
            extract: f,
            timeout: Duration::from_secs(30),
        }
    }

    #[test]
    fn panics_become_failures() {
        let x = in_process(|_| panic!("boom"));
        let failure = x.extract(Path::new("a.pdf")).unwrap_err();
        assert_eq!(failure.kind, FailureKind::Panic);
        assert!(failure.message.contains("boom"));
    }

    #[test]
    fn slow_files_time_out() {
        let x = InProcess {
            extract: (|_| {
                std::thread::sleep(Duration::from_secs(5));
                Ok(vec![Document::default()])
            }) as Plain,
            timeout: Duration::from_millis(200),
        };
        let failure = x.extract(Path::new("a.pdf")).unwrap_err();
        assert_eq!(failure.kind, FailureKind::Timeout);
    }

    #[test]
    fn errors_and_successes_pass_through() {
        let err = in_process(|_| Err("bad".into()))
            .extract(Path::new("a"))
            .unwrap_err();
        assert_eq!(err, Failure::new(FailureKind::Error, "bad"));
        assert!(
            in_process(|_| Ok(vec![Document::default()]))
                .extract(Path::new("a"))
                .is_ok()
        );
    }
}
