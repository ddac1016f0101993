//! The child side of [`super::pool::Subprocess`]: `evalform __worker` reads
//! the read options, then file after file (see [`super::protocol`]), and keeps
//! what it loaded — templates, CMaps, the OCR engine — from one file to the next.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use std::time::Duration;

use evalform::Template;
use evalform::batch::{Failure, FailureKind, Payload, catch_panic};
use evalform::{Document, Error, ReadOptions, pipeline};

use super::protocol::{Envelope, Request, read_frame, write_frame};

/// The hidden subcommand name the batch runs its workers with.
pub const SUBCOMMAND: &str = "__worker";

/// A stand-in for the pipeline: one file's documents, or why none.
pub type ReadFile = fn(&Path) -> Result<Vec<Document>, String>;

/// What a test build swaps into the worker (see `src/bin/evalform-hooks`);
/// the shipped binary has none.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hooks {
    /// Reads each file in place of the pipeline.
    pub extract: Option<ReadFile>,
    /// Waits this long before each file.
    pub slow: Option<Duration>,
}

/// Why a worker stopped without being told to (the binary prints it and exits 3).
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("cannot set the memory limit: {0}")]
    MemoryLimit(#[source] std::io::Error),
    #[error("talking to the batch: {0}")]
    Pipe(#[source] std::io::Error),
    #[error("the batch sent {0} first instead of the read options")]
    NoStart(&'static str),
}

/// Serves requests until `input` ends. Each file's failure or panic is an
/// answer, not an error; only a broken pipe or a protocol error ends early.
pub fn serve<R: Read, W: Write>(
    mut input: R,
    mut output: W,
    memory_mb: Option<u64>,
    hooks: Hooks,
) -> Result<(), WorkerError> {
    if let Some(mb) = memory_mb {
        limit_address_space(mb).map_err(WorkerError::MemoryLimit)?;
    }
    let reader = match read_frame(&mut input).map_err(WorkerError::Pipe)? {
        None => return Ok(()),
        Some(Request::Start(opts)) => Reader::new(opts, hooks),
        Some(Request::Extract(_)) => return Err(WorkerError::NoStart("a file")),
    };
    while let Some(request) = read_frame(&mut input).map_err(WorkerError::Pipe)? {
        let Request::Extract(path) = request else {
            // A second Start changes nothing we hold: refuse it plainly.
            return Err(WorkerError::NoStart("the read options twice"));
        };
        let path = PathBuf::from(path);
        let envelope = match catch_panic(|| reader.extract(&path)) {
            Ok(docs) => Envelope::Ok(docs),
            Err(failure) => Envelope::Failed(failure),
        };
        write_frame(&mut output, &envelope).map_err(WorkerError::Pipe)?;
    }
    Ok(())
}

/// The read options and what was loaded for them once.
pub struct Reader {
    opts: ReadOptions,
    /// The templates, or why they could not be loaded (every file fails so).
    templates: Result<Vec<Template>, String>,
    hooks: Hooks,
}

impl Reader {
    pub fn new(opts: ReadOptions, hooks: Hooks) -> Reader {
        let templates = pipeline::templates(&opts).map_err(|e| e.to_string());
        Reader {
            opts,
            templates,
            hooks,
        }
    }

    /// One file through the pipeline (or the hook's extractor), errors as failures.
    pub fn extract(&self, path: &Path) -> Result<Payload, Failure> {
        if let Some(wait) = self.hooks.slow {
            std::thread::sleep(wait);
        }
        let result = match self.hooks.extract {
            Some(extract) => extract(path),
            None => self.pipeline(path),
        };
        result.map_err(|message| Failure::new(FailureKind::Error, message))
    }

    fn pipeline(&self, path: &Path) -> Result<Payload, String> {
        let templates = self.templates.as_ref().map_err(Clone::clone)?;
        let bytes = std::fs::read(path)
            .map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })
            .map_err(|e| e.to_string())?;
        match &self.opts.review_dir {
            None => pipeline::extract_bytes_with(path, &bytes, &self.opts, templates)
                .map_err(|e| e.to_string()),
            Some(dir) => self.with_review(path, &bytes, templates, dir),
        }
    }

    /// The documents, each with its review page written into `dir`, named
    /// after its JSON file.
    fn with_review(
        &self,
        path: &Path,
        bytes: &[u8],
        templates: &[Template],
        dir: &Path,
    ) -> Result<Payload, String> {
        let read =
            pipeline::read_forms(path, bytes, &self.opts, templates).map_err(|e| e.to_string())?;
        let mut docs = Vec::new();
        for r in evalform::review::reviews_of(read) {
            let source = &r.document.source;
            let json = evalform::batch::form_json_name(path, &source.sha256, source.form_index);
            let dest = dir.join(evalform::review::page_name(&json));
            evalform::emit::write_atomic(&dest, r.html.as_bytes())
                .map_err(|e| format!("{}: {e}", dest.display()))?;
            docs.push(r.document);
        }
        Ok(docs)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::process::protocol::WirePath;

    fn requests(paths: &[&Path]) -> Vec<u8> {
        let mut buf = Vec::new();
        write_frame(&mut buf, &Request::Start(ReadOptions::default())).unwrap();
        for p in paths {
            write_frame(&mut buf, &Request::Extract(WirePath::from(*p))).unwrap();
        }
        buf
    }

    #[test]
    fn one_answer_per_file_in_order() {
        let dir = crate::scratch::tempdir().unwrap();
        let missing = dir.path().join("missing.pdf");
        let text = dir.path().join("note.txt");
        std::fs::write(&text, "not a form at all").unwrap();
        let input = requests(&[&missing, &text]);
        let mut output = Vec::new();
        serve(input.as_slice(), &mut output, None, Hooks::default()).unwrap();
        let mut answers = output.as_slice();
        let first: Envelope = read_frame(&mut answers).unwrap().unwrap();
        let second: Envelope = read_frame(&mut answers).unwrap().unwrap();
        assert!(read_frame::<_, Envelope>(&mut answers).unwrap().is_none());
        match (first, second) {
            (Envelope::Failed(a), Envelope::Failed(b)) => {
                assert!(a.message.contains("missing.pdf"), "{}", a.message);
                assert!(b.message.contains("note.txt"), "{}", b.message);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_file_before_the_options_is_refused() {
        let mut buf = Vec::new();
        write_frame(&mut buf, &Request::Extract(WirePath::Text("a.pdf".into()))).unwrap();
        let err = serve(buf.as_slice(), Vec::new(), None, Hooks::default()).unwrap_err();
        assert!(matches!(err, WorkerError::NoStart(_)));
    }
}
