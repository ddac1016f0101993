//! The end of every run: the CSV tables and the manifest rebuilt from the
//! per-file records and JSON, in input-path order, one document in memory at a
//! time. Rebuilding (rather than appending as files finish) is what makes the
//! outputs independent of completion order and of interruptions.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::state::{Record, State};
use super::{BatchError, BatchSummary, Entry, Plan, io_err};
use crate::emit::atomic::AtomicFile;
use crate::emit::csv::{ErrorRow, TableSet};
use crate::emit::json::to_line;
use crate::emit::parquet::{self, ParquetSet};
use crate::model::Document;

/// One line of `manifest.jsonl`.
#[derive(Debug, Serialize)]
pub struct ManifestLine {
    pub path: String,
    pub sha256: Option<String>,
    /// `ok`, `failed` or `duplicate`.
    pub status: &'static str,
    /// The first document's file, relative to the output directory.
    pub json: Option<String>,
    /// Forms read from the file (documents written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forms: Option<usize>,
    /// Every document's file, in form order, when the file holds several forms.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
    pub duplicate_of: Option<String>,
    pub template: Option<String>,
    pub pages: Option<u32>,
    pub milliseconds: Option<u64>,
    pub error_kind: Option<&'static str>,
    pub error: Option<String>,
}

impl ManifestLine {
    fn new(path: &Path, sha256: Option<&str>, status: &'static str) -> ManifestLine {
        ManifestLine {
            path: path.to_string_lossy().into_owned(),
            sha256: sha256.map(str::to_string),
            status,
            json: None,
            forms: None,
            documents: Vec::new(),
            duplicate_of: None,
            template: None,
            pages: None,
            milliseconds: None,
            error_kind: None,
            error: None,
        }
    }
}

/// What the end of a run writes besides the CSVs and the manifest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutputOptions {
    /// Start every CSV with a UTF-8 byte-order mark.
    pub csv_bom: bool,
    /// Also write `parquet/<table>.parquet`.
    pub parquet: bool,
    /// Remove documents under `json/` that no input of this run produced
    /// (otherwise they are kept and counted in a note).
    pub prune: bool,
}

struct Outputs {
    tables: TableSet,
    parquet: Option<ParquetSet>,
    manifest: AtomicFile,
    summary: BatchSummary,
    json_in_use: HashSet<String>,
}

/// Writes the tables and the manifest for `entries`; returns the counts.
pub fn write_outputs(
    entries: &[Entry],
    out: &Path,
    state: &State,
    options: OutputOptions,
) -> Result<BatchSummary, BatchError> {
    let manifest_path = out.join("manifest.jsonl");
    let parquet_dir = out.join(parquet::DIR);
    let parquet = if options.parquet {
        std::fs::create_dir_all(&parquet_dir).map_err(io_err(&parquet_dir))?;
        crate::emit::atomic::remove_stale_temps(&parquet_dir).map_err(io_err(&parquet_dir))?;
        Some(ParquetSet::create(&parquet_dir).map_err(io_err(&parquet_dir))?)
    } else {
        None
    };
    let mut outputs = Outputs {
        tables: TableSet::create(out, options.csv_bom).map_err(io_err(out))?,
        parquet,
        manifest: AtomicFile::create(&manifest_path).map_err(io_err(&manifest_path))?,
        summary: BatchSummary {
            inputs: entries.len(),
            ..BatchSummary::default()
        },
        json_in_use: HashSet::new(),
    };
    for entry in entries {
        let line = add_entry(entry, out, state, &mut outputs)?;
        outputs
            .manifest
            .write_all(&to_line(&line))
            .map_err(io_err(&manifest_path))?;
    }
    outputs.tables.commit().map_err(io_err(out))?;
    if let Some(set) = outputs.parquet.take() {
        set.commit().map_err(io_err(&parquet_dir))?;
    } else if parquet_dir.is_dir() {
        outputs.summary.notes.push(format!(
            "{} is from an earlier run and was not rewritten (add --parquet to rewrite it)",
            parquet_dir.display()
        ));
    }
    outputs.manifest.commit().map_err(io_err(&manifest_path))?;
    let stale = stale_json(&out.join("json"), &outputs.json_in_use)?;
    if !stale.is_empty() {
        outputs
            .summary
            .notes
            .push(prune_note(&out.join("json"), &stale, options.prune));
        if options.prune {
            for name in &stale {
                let path = out.join("json").join(name);
                std::fs::remove_file(&path).map_err(io_err(&path))?;
            }
        }
    }
    Ok(outputs.summary)
}

/// What is said about documents no input of this run produced.
fn prune_note(dir: &Path, stale: &[String], pruned: bool) -> String {
    const SHOWN: usize = 5;
    let mut names = stale
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if stale.len() > SHOWN {
        names.push_str(&format!(" and {} more", stale.len() - SHOWN));
    }
    if pruned {
        format!(
            "removed {} document(s) from {} that no input of this run produced: {names}",
            stale.len(),
            dir.display()
        )
    } else {
        format!(
            "kept {} document(s) in {} that no input of this run produced ({names}); --prune removes them",
            stale.len(),
            dir.display()
        )
    }
}

fn add_entry(
    entry: &Entry,
    out: &Path,
    state: &State,
    outputs: &mut Outputs,
) -> Result<ManifestLine, BatchError> {
    let path = entry.path.as_path();
    match &entry.plan {
        Plan::Unreadable(message) => {
            let mut line = ManifestLine::new(path, None, "failed");
            line.error_kind = Some("io");
            line.error = Some(message.clone());
            add_error(outputs, path, "", "io", message)?;
            Ok(line)
        }
        Plan::Duplicate { sha256, of } => {
            outputs.summary.duplicates += 1;
            let mut line = ManifestLine::new(path, Some(sha256), "duplicate");
            line.duplicate_of = Some(of.to_string_lossy().into_owned());
            Ok(line)
        }
        Plan::Convert { sha256 } => match state.load(sha256) {
            Some(record) => add_record(&record, path, out, outputs),
            None => {
                let message = format!("{}: no result recorded", path.display());
                let mut line = ManifestLine::new(path, Some(sha256), "failed");
                line.error_kind = Some("crash");
                line.error = Some(message.clone());
                add_error(outputs, path, sha256, "crash", &message)?;
                Ok(line)
            }
        },
    }
}

fn add_record(
    record: &Record,
    path: &Path,
    out: &Path,
    outputs: &mut Outputs,
) -> Result<ManifestLine, BatchError> {
    let mut line = ManifestLine::new(path, Some(&record.sha256), "ok");
    line.template = record.template.clone();
    line.pages = record.pages;
    line.milliseconds = Some(record.milliseconds);
    if let Some(failure) = &record.failure {
        line.status = "failed";
        line.error_kind = Some(failure.kind.as_str());
        line.error = Some(failure.message.clone());
        add_error(
            outputs,
            path,
            &record.sha256,
            failure.kind.as_str(),
            &failure.message,
        )?;
        return Ok(line);
    }
    for name in &record.json {
        let doc = read_document(&out.join("json").join(name))?;
        outputs.tables.write_document(&doc).map_err(io_err(out))?;
        if let Some(set) = &mut outputs.parquet {
            set.write_document(&doc).map_err(io_err(out))?;
        }
        outputs.summary.documents += 1;
        outputs.json_in_use.insert(name.clone());
    }
    outputs.summary.converted += 1;
    line.json = record.json.first().map(|n| format!("json/{n}"));
    line.forms = Some(record.json.len());
    if record.json.len() > 1 {
        line.documents = record.json.iter().map(|n| format!("json/{n}")).collect();
    }
    Ok(line)
}

fn add_error(
    outputs: &mut Outputs,
    path: &Path,
    sha256: &str,
    kind: &str,
    message: &str,
) -> Result<(), BatchError> {
    outputs.summary.failed += 1;
    let row = ErrorRow {
        path: path.to_string_lossy().into_owned(),
        sha256: sha256.to_string(),
        kind: kind.to_string(),
        message: message.to_string(),
    };
    outputs.tables.write_error(&row).map_err(io_err(path))?;
    if let Some(set) = &mut outputs.parquet {
        set.write_error(&row).map_err(io_err(path))?;
    }
    Ok(())
}

fn read_document(path: &Path) -> Result<Document, BatchError> {
    let bytes = std::fs::read(path).map_err(io_err(path))?;
    serde_json::from_slice(&bytes).map_err(|e| BatchError::Output {
        path: path.to_path_buf(),
        reason: format!("not an evalform document: {e}"),
    })
}

/// Documents under `json/` (sorted) that no input of this run produced.
fn stale_json(dir: &Path, in_use: &HashSet<String>) -> Result<Vec<String>, BatchError> {
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io_err(dir))? {
        let entry = entry.map_err(io_err(dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && !in_use.contains(&name) {
            stale.push(name);
        }
    }
    stale.sort();
    Ok(stale)
}
