//! Running one file so that whatever it does (error, panic, endless loop, runaway
//! memory) ends as a recorded [`Failure`] and the batch goes on.
//!
//! Two ways, behind one [`Extractor`] trait:
//! - [`Subprocess`] (what the CLI uses): each file in a child process
//!   `evalform __extract-one`. A child past the time limit is killed; the memory
//!   cap is an address-space limit the child sets on itself; a crash of any kind
//!   stays in the child. Costs one process start per file (a few milliseconds).
//! - [`InProcess`] (library use and tests): the extractor runs on its own thread
//!   under `catch_unwind`. Rust threads cannot be killed, so a file over the
//!   time limit is recorded as timed out and its thread abandoned (it keeps a
//!   core busy until it returns); there is no memory cap.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use wait_timeout::ChildExt;

use crate::model::Document;
use crate::options::ReadOptions;

/// Why a file produced no document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailureKind {
    /// The pipeline rejected the file (corrupt, encrypted, not a form …).
    Error,
    Panic,
    Timeout,
    Memory,
    /// The worker process died some other way.
    Crash,
    /// The file could not be read.
    Io,
}

impl FailureKind {
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub kind: FailureKind,
    pub message: String,
}

impl Failure {
    pub fn new(kind: FailureKind, message: impl Into<String>) -> Failure {
        Failure {
            kind,
            message: message.into(),
        }
    }
}

/// Turns one input file into its documents (one per form), containing any failure.
pub trait Extractor: Sync {
    fn extract(&self, path: &Path) -> Result<Vec<Document>, Failure>;
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
pub fn catch_panic<F>(f: F) -> Result<Vec<Document>, Failure>
where
    F: FnOnce() -> Result<Vec<Document>, Failure>,
{
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => Err(Failure::new(
            FailureKind::Panic,
            format!("panicked: {}", panic_message(payload.as_ref())),
        )),
    }
}

fn timeout_failure(timeout: Duration) -> Failure {
    Failure::new(
        FailureKind::Timeout,
        format!("exceeded the time limit of {} s", timeout.as_secs_f64()),
    )
}

/// Runs a function on a thread of its own with a time limit (see module docs).
pub struct InProcess<F> {
    pub extract: F,
    pub timeout: Duration,
}

impl<F> Extractor for InProcess<F>
where
    F: Fn(&Path) -> Result<Vec<Document>, String> + Send + Sync + Clone + 'static,
{
    fn extract(&self, path: &Path) -> Result<Vec<Document>, Failure> {
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

/// What a worker process leaves in its result file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Envelope {
    Ok(Vec<Document>),
    Failed(Failure),
}

/// Runs each file in a child process `EXE __extract-one` (see module docs).
#[derive(Debug, Clone)]
pub struct Subprocess {
    pub exe: PathBuf,
    /// Where result and stderr files of running workers go.
    pub work_dir: PathBuf,
    pub timeout: Duration,
    /// Address-space cap of each worker, in MiB.
    pub memory_mb: Option<u64>,
    /// How the workers read their files.
    pub read: ReadOptions,
}

static WORKER_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Subprocess {
    fn command(&self, path: &Path, result: &Path, stderr: fs::File) -> Command {
        let mut cmd = Command::new(&self.exe);
        cmd.arg(super::worker::SUBCOMMAND)
            .arg("--result")
            .arg(result);
        if let Some(mb) = self.memory_mb {
            cmd.arg("--memory-mb").arg(mb.to_string());
        }
        cmd.arg("--options")
            .arg(self.read.to_json())
            .arg("--")
            .arg(path);
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr);
        die_with_parent(&mut cmd);
        cmd
    }

    fn run(
        &self,
        path: &Path,
        result: &Path,
        stderr_path: &Path,
    ) -> Result<Vec<Document>, Failure> {
        let crash = |e: std::io::Error| {
            Failure::new(
                FailureKind::Crash,
                format!("cannot run the worker process: {e}"),
            )
        };
        let stderr = fs::File::create(stderr_path).map_err(crash)?;
        let mut child = self.command(path, result, stderr).spawn().map_err(crash)?;
        let status = match child.wait_timeout(self.timeout).map_err(crash)? {
            Some(status) => status,
            None => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(timeout_failure(self.timeout));
            }
        };
        if let Ok(bytes) = fs::read(result)
            && let Ok(envelope) = serde_json::from_slice::<Envelope>(&bytes)
        {
            return match envelope {
                Envelope::Ok(docs) => Ok(docs),
                Envelope::Failed(failure) => Err(failure),
            };
        }
        let stderr_text = fs::read_to_string(stderr_path).unwrap_or_default();
        Err(classify_death(status, &stderr_text, self.memory_mb))
    }
}

impl Extractor for Subprocess {
    fn extract(&self, path: &Path) -> Result<Vec<Document>, Failure> {
        let unique = format!(
            "{}.{}",
            std::process::id(),
            WORKER_COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let result = self.work_dir.join(format!("{unique}.result"));
        let stderr = self.work_dir.join(format!("{unique}.stderr"));
        let outcome = self.run(path, &result, &stderr);
        let _ = fs::remove_file(&result);
        let _ = fs::remove_file(&stderr);
        outcome
    }
}

/// Why a worker ended without writing a result.
fn classify_death(status: ExitStatus, stderr: &str, memory_mb: Option<u64>) -> Failure {
    if stderr.contains("memory allocation of") {
        let cap = memory_mb
            .map(|mb| format!(" of {mb} MiB"))
            .unwrap_or_default();
        return Failure::new(
            FailureKind::Memory,
            format!("exceeded the memory limit{cap}"),
        );
    }
    let last_line = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let how = match signal_of(status) {
        Some(sig) => format!("worker killed by signal {sig}"),
        None => format!("worker exited with {status}"),
    };
    let message = if last_line.is_empty() {
        how
    } else {
        format!("{how}: {}", last_line.trim())
    };
    Failure::new(FailureKind::Crash, message)
}

#[cfg(unix)]
fn signal_of(status: ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(&status)
}

#[cfg(not(unix))]
fn signal_of(_status: ExitStatus) -> Option<i32> {
    None
}

/// A worker must not outlive a batch that was killed.
#[cfg(target_os = "linux")]
fn die_with_parent(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: prctl is async-signal-safe and touches no memory of the parent.
    unsafe {
        cmd.pre_exec(|| {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn die_with_parent(_cmd: &mut Command) {}

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

    #[test]
    fn allocation_failure_reads_as_memory() {
        let f = classify_death(
            std::process::Command::new("false").status().unwrap(),
            "memory allocation of 1024 bytes failed\n",
            Some(64),
        );
        assert_eq!(f.kind, FailureKind::Memory);
        assert!(f.message.contains("64 MiB"));
    }
}
