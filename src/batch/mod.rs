//! `evalform batch`: many files in, one output directory out.
//!
//! ```text
//! OUT/json/<stem>-<sha12>.json   one evalform/1 document per form (`-<n>` before
//!                                `.json` for a file's n-th form, n ≥ 2)
//! OUT/<table>.csv                documents, funds, tasks, indicators, contacts, warnings, errors
//! OUT/parquet/<table>.parquet    the same tables typed (with `--parquet`)
//! OUT/manifest.jsonl             one line per input: path, sha256, status, forms, template, pages, ms, error
//! OUT/.evalform/                 resume state (records per file content), worker scratch
//! ```
//!
//! A run is restartable at any point: every file is written atomically, each
//! converted file leaves a record after its JSON, and the tables and manifest
//! are rebuilt at the end of every run from the records in input-path order,
//! so a killed and restarted run ends with the same bytes as an uninterrupted
//! one (except `milliseconds` in the manifest, a measurement).
//!
//! `--shard K/N` takes the inputs whose sha256 falls in slot K of N; [`merge`]
//! combines the shards' output directories into what one run writes.

internal! {
    assemble;
    inputs;
    isolate;
    merge;
    state;
}

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

pub use inputs::Shard;
pub use isolate::{
    Extractor, Failure, FailureKind, InProcess, Payload, catch_panic, timeout_failure,
};
pub use merge::merge;

/// Where `batch --review` writes its review pages inside the output directory.
pub const REVIEW_DIR: &str = "review";

use crate::emit::atomic::{remove_stale_temps, write_atomic};
use crate::emit::json::document_json;
use crate::options::ReadOptions;
use state::{Record, State, VERSION};

/// Everything `evalform batch` is told.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Files and directories (walked).
    pub inputs: Vec<PathBuf>,
    /// The output directory.
    pub out: PathBuf,
    /// Files converted at once; `None` = one per core.
    pub jobs: Option<usize>,
    /// Time limit per file.
    pub timeout: Duration,
    /// Memory cap per file in MiB (isolated workers only).
    pub memory_mb: Option<u64>,
    /// Redo every file, even those already done.
    pub force: bool,
    /// Redo files that failed before (successes are still reused).
    pub retry_failed: bool,
    /// Start every CSV with a UTF-8 byte-order mark (for Excel).
    pub csv_bom: bool,
    /// Also write the tables as `parquet/<table>.parquet`.
    pub parquet: bool,
    /// Remove documents under `json/` that no input of this run produced.
    pub prune: bool,
    /// Only this shard of the inputs.
    pub shard: Option<Shard>,
    /// How each file is read (sent to the workers serialized).
    pub read: ReadOptions,
}

impl BatchOptions {
    /// The defaults: one job per core, 120 s and 4 GiB per file.
    pub fn new(inputs: Vec<PathBuf>, out: PathBuf) -> BatchOptions {
        BatchOptions {
            inputs,
            out,
            jobs: None,
            timeout: Duration::from_secs(120),
            memory_mb: Some(4096),
            force: false,
            retry_failed: false,
            csv_bom: false,
            parquet: false,
            prune: false,
            shard: None,
            read: ReadOptions::default(),
        }
    }
}

/// What a run did; [`BatchSummary::exit_code`] is the CLI's exit status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchSummary {
    /// Input files in this run (this shard).
    pub inputs: usize,
    /// Files with a document (converted now or reused).
    pub converted: usize,
    /// Documents of those files (a file may hold several forms).
    pub documents: usize,
    /// Files that failed.
    pub failed: usize,
    /// Files whose content repeats an earlier input; not converted twice.
    pub duplicates: usize,
    /// Files (converted or failed) skipped because an earlier run had done them.
    pub reused: usize,
    /// What the run did to the output directory besides its outputs, or
    /// left there, in a sentence each (documents pruned or kept …).
    pub notes: Vec<String>,
}

impl BatchSummary {
    /// 0 when every file converted, 1 when some failed.
    pub fn exit_code(&self) -> i32 {
        if self.failed == 0 { 0 } else { 1 }
    }
}

impl fmt::Display for BatchSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} files: {} converted, {} failed, {} duplicates ({} done by an earlier run)",
            self.inputs, self.converted, self.failed, self.duplicates, self.reused
        )?;
        if self.documents > self.converted {
            write!(f, "; {} forms", self.documents)?;
        }
        Ok(())
    }
}

/// Why a batch could not run (a file's failure is no error: it is recorded).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// Bad arguments (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// Reading or writing `path` failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An output could not be written as it must be.
    #[error("{path}: {reason}")]
    Output {
        /// The output file.
        path: PathBuf,
        /// Why, in words.
        reason: String,
    },
}

impl BatchError {
    /// The CLI's exit status: 2 for bad arguments, else 1.
    pub fn exit_code(&self) -> i32 {
        match self {
            BatchError::Usage(_) => 2,
            _ => 1,
        }
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> BatchError + '_ {
    move |source| BatchError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What the run does with one input file.
#[derive(Debug, Clone)]
pub enum Plan {
    /// The file cannot be read: why.
    Unreadable(String),
    /// The same content as an earlier input.
    Duplicate {
        /// The content's SHA-256.
        sha256: String,
        /// The earlier input.
        of: PathBuf,
    },
    /// To convert (unless an earlier run did).
    Convert {
        /// The content's SHA-256.
        sha256: String,
    },
}

/// One input file and its plan.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The input.
    pub path: PathBuf,
    /// What the run does with it.
    pub plan: Plan,
}

/// Told how a run goes, file by file (the binary draws its progress bar
/// from it). Every method does nothing unless overridden.
pub trait Progress: Sync {
    /// The run is about to convert `files` files.
    fn start(&self, files: u64) {
        let _ = files;
    }
    /// One more file is done; `failed` files have failed so far.
    fn advance(&self, failed: u64) {
        let _ = failed;
    }
    /// Every file is done.
    fn finish(&self) {}
}

/// No progress told.
impl Progress for () {}

/// Where the workers of a run keep their scratch files (`OUT/.evalform/work`).
pub fn work_dir(out: &Path) -> PathBuf {
    State::new(out).work_dir()
}

/// Runs a batch with the given extractor.
pub fn run<E: Extractor>(opts: &BatchOptions, extractor: &E) -> Result<BatchSummary, BatchError> {
    run_with_progress(opts, extractor, &())
}

/// Runs a batch with the given extractor, telling `progress` as files finish.
pub fn run_with_progress<E: Extractor>(
    opts: &BatchOptions,
    extractor: &E,
    progress: &dyn Progress,
) -> Result<BatchSummary, BatchError> {
    let files = inputs::collect(&opts.inputs, &opts.out)?;
    let state = prepare_output(&opts.out)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .build()
        .map_err(|e| BatchError::Usage(format!("cannot start {:?} jobs: {e}", opts.jobs)))?;
    let entries = pool.install(|| plan(files, opts.shard));
    let settings = settings_fingerprint(&opts.read);
    let todo: Vec<(&Path, &str)> = entries
        .iter()
        .filter_map(|e| match &e.plan {
            Plan::Convert { sha256 } => Some((e.path.as_path(), sha256.as_str())),
            _ => None,
        })
        .filter(|(path, sha)| !is_done(&state, opts, &settings, path, sha))
        .collect();
    let reused = entries
        .iter()
        .filter(|e| matches!(e.plan, Plan::Convert { .. }))
        .count()
        - todo.len();
    pool.install(|| convert_all(&todo, extractor, opts, &state, &settings, progress))?;
    let output = assemble::OutputOptions {
        csv_bom: opts.csv_bom,
        parquet: opts.parquet,
        prune: opts.prune,
    };
    let mut summary = assemble::write_outputs(&entries, &opts.out, &state, output)?;
    summary.reused = reused;
    let _ = std::fs::remove_dir_all(state.work_dir());
    Ok(summary)
}

fn prepare_output(out: &Path) -> Result<State, BatchError> {
    let state = State::new(out);
    for dir in [
        out.to_path_buf(),
        out.join("json"),
        state.records_dir(),
        state.work_dir(),
    ] {
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        remove_stale_temps(&dir).map_err(io_err(&dir))?;
    }
    Ok(state)
}

/// Hashes every file (in parallel), keeps this shard's, and marks repeats.
fn plan(files: Vec<PathBuf>, shard: Option<Shard>) -> Vec<Entry> {
    let hashed: Vec<(PathBuf, std::io::Result<String>)> = files
        .into_par_iter()
        .map(|path| {
            let sha = inputs::sha256_file(&path);
            (path, sha)
        })
        .collect();
    let mut first_of: HashMap<String, PathBuf> = HashMap::new();
    let mut entries = Vec::new();
    for (path, sha) in hashed {
        let plan = match sha {
            Err(e) => {
                if shard.is_some_and(|s| !s.contains_path(&path)) {
                    continue;
                }
                Plan::Unreadable(format!("{}: cannot read: {e}", path.display()))
            }
            Ok(sha256) => {
                if shard.is_some_and(|s| !s.contains(&sha256)) {
                    continue;
                }
                match first_of.get(&sha256) {
                    Some(of) => Plan::Duplicate {
                        sha256,
                        of: of.clone(),
                    },
                    None => {
                        first_of.insert(sha256.clone(), path.clone());
                        Plan::Convert { sha256 }
                    }
                }
            }
        };
        entries.push(Entry { path, plan });
    }
    entries
}

/// The options that change a file's output, as a short hash. A user template
/// counts by its content, so editing it redoes the files.
fn settings_fingerprint(opts: &ReadOptions) -> String {
    // Whether review pages are written counts, not where (shards differ).
    let mut opts = opts.clone();
    opts.review_dir = opts.review_dir.map(|_| PathBuf::from(REVIEW_DIR));
    let mut hasher = Sha256::new();
    hasher.update(opts.to_json().as_bytes());
    if let Some(bytes) = opts.template.as_ref().and_then(|t| std::fs::read(t).ok()) {
        hasher.update(&bytes);
    }
    hex::encode(&hasher.finalize()[..8])
}

/// Whether an earlier run already converted this file with the same version and settings.
fn is_done(state: &State, opts: &BatchOptions, settings: &str, path: &Path, sha: &str) -> bool {
    if opts.force {
        return false;
    }
    let Some(record) = state.load(sha) else {
        return false;
    };
    let same = record.evalform == VERSION
        && record.settings == settings
        && record.path == path.to_string_lossy();
    let output_present = if record.is_ok() {
        !record.json.is_empty()
            && record
                .json
                .iter()
                .all(|name| opts.out.join("json").join(name).is_file())
    } else {
        !opts.retry_failed
    };
    same && output_present
}

/// `<stem>-<first 12 hex of sha256>.json`: stable, and distinct for distinct contents.
pub fn json_name(path: &Path, sha256: &str) -> String {
    form_json_name(path, sha256, 1)
}

/// The JSON name of a file's `form_index`-th form: [`json_name`] for the
/// first, `<stem>-<sha12>-<n>.json` for the n-th.
pub fn form_json_name(path: &Path, sha256: &str, form_index: u32) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "input".into());
    let sha12 = sha256.get(..12).unwrap_or(sha256);
    if form_index <= 1 {
        format!("{stem}-{sha12}.json")
    } else {
        format!("{stem}-{sha12}-{form_index}.json")
    }
}

/// A document's `form_index`: the extractor's, unless it is unset (0) or
/// not after the previous document's (`previous`), then the next place.
fn keep_place(given: u32, previous: u32) -> u32 {
    if given > previous {
        given
    } else {
        previous + 1
    }
}

fn convert_all<E: Extractor>(
    todo: &[(&Path, &str)],
    extractor: &E,
    opts: &BatchOptions,
    state: &State,
    settings: &str,
    bar: &dyn Progress,
) -> Result<(), BatchError> {
    bar.start(todo.len() as u64);
    let failed = AtomicU64::new(0);
    let first_error: Mutex<Option<BatchError>> = Mutex::new(None);
    todo.par_iter().for_each(|(path, sha)| {
        match convert_one(path, sha, extractor, &opts.out, state, settings) {
            Ok(record) if !record.is_ok() => {
                failed.fetch_add(1, Ordering::Relaxed);
            }
            Ok(_) => {}
            Err(e) => {
                if let Ok(mut slot) = first_error.lock() {
                    slot.get_or_insert(e);
                }
            }
        }
        bar.advance(failed.load(Ordering::Relaxed));
    });
    bar.finish();
    match first_error.into_inner() {
        Ok(Some(e)) => Err(e),
        _ => Ok(()),
    }
}

/// Converts one file: its JSON (one per form) first, then the record that marks it done.
fn convert_one<E: Extractor>(
    path: &Path,
    sha256: &str,
    extractor: &E,
    out: &Path,
    state: &State,
    settings: &str,
) -> Result<Record, BatchError> {
    let started = Instant::now();
    let outcome = extractor.extract(path);
    let milliseconds = started.elapsed().as_millis() as u64;
    let mut record = Record {
        evalform: VERSION.to_string(),
        settings: settings.to_string(),
        path: path.to_string_lossy().into_owned(),
        sha256: sha256.to_string(),
        json: Vec::new(),
        template: None,
        pages: None,
        milliseconds,
        failure: None,
    };
    match outcome {
        Ok(docs) if docs.is_empty() => {
            record.failure = Some(Failure::new(
                FailureKind::Error,
                format!("{}: no form found", path.display()),
            ));
        }
        Ok(docs) => {
            let mut templates: Vec<String> = Vec::new();
            let mut place = 0;
            for mut doc in docs {
                // doc_id is the hash the batch computed and the form's place
                // among the forms found in the file (read or not), as the
                // extractor numbered it; only a missing or repeated place is
                // filled in, after the one before.
                doc.source.sha256 = sha256.to_string();
                place = keep_place(doc.source.form_index, place);
                doc.source.form_index = place;
                if doc.source.file.is_empty() {
                    doc.source.file = record.path.clone();
                }
                let name = form_json_name(path, sha256, doc.source.form_index);
                let dest = out.join("json").join(&name);
                write_atomic(&dest, &document_json(&doc)).map_err(io_err(&dest))?;
                if !doc.source.template.is_empty() && !templates.contains(&doc.source.template) {
                    templates.push(doc.source.template.clone());
                }
                record.pages = Some(doc.source.pages);
                record.json.push(name);
            }
            record.template = Some(templates.join(",")).filter(|t| !t.is_empty());
        }
        Err(failure) => record.failure = Some(failure),
    }
    state.save(&record).map_err(io_err(&state.records_dir()))?;
    Ok(record)
}
