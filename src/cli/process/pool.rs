//! [`Subprocess`]: files read by long-lived worker processes (`evalform
//! __worker`, see [`super::worker`]), each taking file after file over a pipe
//! ([`super::protocol`]) and keeping what it loaded.
//!
//! The batch still owns every limit. A worker past the time limit is killed;
//! the memory cap is an address-space limit each worker sets on itself, so a
//! runaway file ends its worker; a panic is answered and the worker is then
//! replaced, as is one that crashed. The file in hand is recorded with the
//! reason; the next file gets a fresh worker.

use std::fs;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::Duration;

use wait_timeout::ChildExt;

use evalform::ReadOptions;
use evalform::batch::{Extractor, Failure, FailureKind, Payload, timeout_failure};

use super::protocol::{Envelope, Request, WirePath, read_frame, write_frame};

/// Files one worker reads before it is replaced, so that what files leave
/// behind (a fragmented heap) cannot build up without end.
const FILES_PER_WORKER: u64 = 1000;

/// How long a worker told to stop, or one whose pipe closed, gets to exit
/// before it is killed.
const EXIT_GRACE: Duration = Duration::from_secs(2);

/// Runs files in long-lived worker processes of `exe` (see module docs); at
/// most one worker per thread calling [`Extractor::extract`] at once.
#[derive(Debug)]
pub struct Subprocess {
    pub exe: PathBuf,
    /// Where the workers' stderr files go.
    pub work_dir: PathBuf,
    pub timeout: Duration,
    /// Address-space cap of each worker, in MiB.
    pub memory_mb: Option<u64>,
    /// How the workers read their files (sent to each when it starts).
    pub read: ReadOptions,
    idle: Mutex<Vec<Worker>>,
}

impl Subprocess {
    pub fn new(
        exe: PathBuf,
        work_dir: PathBuf,
        timeout: Duration,
        memory_mb: Option<u64>,
        read: ReadOptions,
    ) -> Subprocess {
        Subprocess {
            exe,
            work_dir,
            timeout,
            memory_mb,
            read,
            idle: Mutex::new(Vec::new()),
        }
    }

    fn take_idle(&self) -> Option<Worker> {
        self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop()
    }

    fn give_back(&self, worker: Worker) {
        self.idle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(worker);
    }

    /// A worker that has taken the request for `path`: an idle one, or a
    /// fresh one when there is none or the idle one is gone.
    fn worker_for(&self, path: &Path) -> Result<Worker, Failure> {
        let request = Request::Extract(WirePath::from(path));
        if let Some(mut worker) = self.take_idle() {
            if worker.send(&request).is_ok() {
                return Ok(worker);
            }
            // Killed from outside while idle: not this file's doing.
            worker.kill();
        }
        let crash = |e: io::Error| {
            Failure::new(
                FailureKind::Crash,
                format!("cannot run the worker process: {e}"),
            )
        };
        let mut worker = Worker::spawn(self).map_err(crash)?;
        match worker.send(&request) {
            Ok(()) => Ok(worker),
            // It died on starting; its exit says why.
            Err(_) => Err(worker.death(self.memory_mb)),
        }
    }
}

impl Extractor for Subprocess {
    fn extract(&self, path: &Path) -> Result<Payload, Failure> {
        let mut worker = self.worker_for(path)?;
        match worker.answers.recv_timeout(self.timeout) {
            Ok(Ok(envelope)) => {
                worker.served += 1;
                let panicked =
                    matches!(&envelope, Envelope::Failed(f) if f.kind == FailureKind::Panic);
                if panicked || worker.served >= FILES_PER_WORKER {
                    worker.stop();
                } else {
                    self.give_back(worker);
                }
                match envelope {
                    Envelope::Ok(docs) => Ok(docs),
                    Envelope::Failed(failure) => Err(failure),
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                worker.kill();
                Err(timeout_failure(self.timeout))
            }
            Ok(Err(_)) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err(worker.death(self.memory_mb))
            }
        }
    }
}

impl Drop for Subprocess {
    fn drop(&mut self) {
        let idle = std::mem::take(self.idle.get_mut().unwrap_or_else(|e| e.into_inner()));
        for worker in idle {
            worker.stop();
        }
    }
}

static WORKER_COUNTER: AtomicU64 = AtomicU64::new(0);

/// One worker process and the pipe ends the batch holds.
#[derive(Debug)]
struct Worker {
    child: Child,
    stdin: ChildStdin,
    /// Answers, read off the worker's stdout by a thread of their own.
    answers: mpsc::Receiver<io::Result<Envelope>>,
    stderr: PathBuf,
    /// Length of the stderr file when the current file was sent: what it
    /// wrote after that is about this file.
    stderr_mark: u64,
    served: u64,
}

impl Worker {
    fn spawn(pool: &Subprocess) -> io::Result<Worker> {
        let unique = format!(
            "worker-{}.{}.stderr",
            std::process::id(),
            WORKER_COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let stderr = pool.work_dir.join(unique);
        let mut cmd = Command::new(&pool.exe);
        cmd.arg(super::worker::SUBCOMMAND);
        if let Some(mb) = pool.memory_mb {
            cmd.arg("--memory-mb").arg(mb.to_string());
        }
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(fs::File::create(&stderr)?);
        die_with_parent(&mut cmd);
        let mut child = match cmd.spawn() {
            Ok(child) => child,
            Err(e) => {
                let _ = fs::remove_file(&stderr);
                return Err(e);
            }
        };
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::other("worker pipes missing"));
        };
        let (tx, answers) = mpsc::channel();
        let reader = std::thread::Builder::new()
            .name("evalform-worker-pipe".into())
            .spawn(move || {
                let mut stdout = BufReader::new(stdout);
                loop {
                    let frame = read_frame::<_, Envelope>(&mut stdout);
                    let end = !matches!(frame, Ok(Some(_)));
                    let Some(message) = frame.transpose() else {
                        break;
                    };
                    if tx.send(message).is_err() || end {
                        break;
                    }
                }
            });
        let mut worker = Worker {
            child,
            stdin,
            answers,
            stderr,
            stderr_mark: 0,
            served: 0,
        };
        if let Err(e) = reader {
            worker.kill();
            return Err(e);
        }
        // Into the pipe's buffer; a worker that dies at once shows on the first file.
        let _ = write_frame(&mut worker.stdin, &Request::Start(pool.read.clone()));
        Ok(worker)
    }

    fn send(&mut self, request: &Request) -> io::Result<()> {
        self.stderr_mark = fs::metadata(&self.stderr).map(|m| m.len()).unwrap_or(0);
        write_frame(&mut self.stdin, request)
    }

    /// Asks the worker to end (its input closes) and waits for it.
    fn stop(self) {
        let Worker {
            mut child,
            stdin,
            stderr,
            ..
        } = self;
        drop(stdin);
        if !matches!(child.wait_timeout(EXIT_GRACE), Ok(Some(_))) {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = fs::remove_file(stderr);
    }

    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_file(&self.stderr);
    }

    /// Why the worker ended during the current file, from its exit and what
    /// it wrote to stderr meanwhile.
    fn death(mut self, memory_mb: Option<u64>) -> Failure {
        let status = match self.child.wait_timeout(EXIT_GRACE) {
            Ok(Some(status)) => Some(status),
            _ => {
                let _ = self.child.kill();
                self.child.wait().ok()
            }
        };
        let said = stderr_since(&self.stderr, self.stderr_mark);
        let _ = fs::remove_file(&self.stderr);
        match status {
            Some(status) => classify_death(status, &said, memory_mb),
            None => Failure::new(FailureKind::Crash, "the worker process vanished"),
        }
    }
}

fn stderr_since(path: &Path, mark: u64) -> String {
    let mut text = Vec::new();
    if let Ok(mut file) = fs::File::open(path)
        && file.seek(SeekFrom::Start(mark)).is_ok()
    {
        let _ = file.read_to_end(&mut text);
    }
    String::from_utf8_lossy(&text).into_owned()
}

/// Why a worker ended without answering.
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

    #[test]
    fn stderr_is_read_from_the_mark() {
        let dir = crate::scratch::tempdir().unwrap();
        let path = dir.path().join("w.stderr");
        fs::write(&path, "old file's warning\nthis file's panic\n").unwrap();
        assert_eq!(stderr_since(&path, 19), "this file's panic\n");
    }
}
