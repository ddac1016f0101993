//! How the binary talks: `--quiet` / `--verbose`, and standard output that
//! ends quietly when the reader goes away (`evalform extract … | head`).

use std::io::Write;
use std::sync::atomic::{AtomicU8, Ordering};

/// How much the commands say on standard error besides errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Errors only (and the results themselves).
    Quiet = 0,
    Normal = 1,
    /// Also what each input became.
    Verbose = 2,
}

static VERBOSITY: AtomicU8 = AtomicU8::new(Verbosity::Normal as u8);

pub fn set_verbosity(v: Verbosity) {
    VERBOSITY.store(v as u8, Ordering::Relaxed);
}

pub fn verbosity() -> Verbosity {
    match VERBOSITY.load(Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        1 => Verbosity::Normal,
        _ => Verbosity::Verbose,
    }
}

pub fn quiet() -> bool {
    verbosity() == Verbosity::Quiet
}

pub fn verbose() -> bool {
    verbosity() == Verbosity::Verbose
}

/// A line on standard error unless `--quiet`.
pub fn note(text: &str) {
    if !quiet() {
        eprintln!("evalform: {text}");
    }
}

/// Lets a closed standard output end the process as Unix tools do (killed by
/// SIGPIPE, status 141 in a shell, no message) instead of failing every
/// later write with "Broken pipe". Only for commands that write to no pipe
/// of their own: `batch` talks to its workers over pipes and must see a
/// dead worker as an error, not die of it.
pub fn die_on_closed_stdout() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default is async-signal
    // safe and done before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Writes to standard output; a reader that went away ends the process
/// quietly with status 0 (the output was not wanted any more).
pub fn stdout(bytes: &[u8]) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(bytes).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("evalform: standard output: {e}");
        std::process::exit(1);
    }
}
