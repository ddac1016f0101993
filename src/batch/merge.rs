//! `evalform merge OUT SHARD…`: the outputs of `--shard K/N` runs combined
//! into what one run over all their inputs gives, byte for byte.
//!
//! Each shard's documents and records are copied into OUT, the shards'
//! manifests are merged back into input-path order (the order a single run
//! walks), and the tables and manifest are rebuilt from the records exactly
//! as a batch run ends ([`super::assemble`]). The CSVs keep the shards' BOM
//! choice; the Parquet tables are written when the shards wrote them, and
//! their review pages are copied when they wrote them (`batch --review`; the
//! binary then writes the index again). OUT is then an ordinary batch output:
//! a later `batch` into it resumes from the merged records.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::state::{State, VERSION};
use super::{BatchError, BatchSummary, Entry, Plan, REVIEW_DIR, io_err};
use crate::emit::atomic::{remove_stale_temps, write_atomic};

/// The fields of a manifest line that say what a shard did with an input.
#[derive(Debug, Deserialize)]
struct Line {
    path: String,
    sha256: Option<String>,
    status: String,
    duplicate_of: Option<String>,
    error: Option<String>,
}

/// Merges the shard output directories into `out`.
pub fn merge(out: &Path, shards: &[PathBuf]) -> Result<BatchSummary, BatchError> {
    if shards.is_empty() {
        return Err(BatchError::Usage("no shard directories given".into()));
    }
    let target = out.canonicalize().ok();
    if let Some(shard) = shards
        .iter()
        .find(|s| s.canonicalize().ok() == target && target.is_some())
    {
        return Err(usage(format!(
            "{}: the output directory cannot also be a shard",
            shard.display()
        )));
    }
    let bom = shared_bom(shards)?;
    let parquet = shared_parquet(shards)?;
    let mut entries: Vec<Entry> = Vec::new();
    let mut seen: HashMap<PathBuf, PathBuf> = HashMap::new();
    let mut settings: Option<(String, PathBuf)> = None;
    for shard in shards {
        let lines = read_manifest(shard)?;
        for line in lines {
            let path = PathBuf::from(&line.path);
            if let Some(other) = seen.insert(path.clone(), shard.clone()) {
                return Err(usage(format!(
                    "{} is in both {} and {}: were the same inputs sharded twice?",
                    line.path,
                    other.display(),
                    shard.display()
                )));
            }
            let plan = plan_of(&line, shard)?;
            if let Plan::Convert { sha256 } = &plan {
                check_record(shard, sha256, &mut settings)?;
            }
            entries.push(Entry { path, plan });
        }
    }
    // One run walks its inputs in path order.
    entries.sort_by(|a, b| a.path.cmp(&b.path));

    let state = State::new(out);
    for dir in [out.join("json"), state.records_dir()] {
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        remove_stale_temps(&dir).map_err(io_err(&dir))?;
    }
    for shard in shards {
        copy_dir(&shard.join("json"), &out.join("json"), ".json")?;
        copy_dir(
            &State::new(shard).records_dir(),
            &state.records_dir(),
            ".json",
        )?;
        // `batch --review` pages; the index lists every shard's inputs, so the
        // binary writes it again over the merged output.
        let review = shard.join(REVIEW_DIR);
        if review.is_dir() {
            let to = out.join(REVIEW_DIR);
            std::fs::create_dir_all(&to).map_err(io_err(&to))?;
            copy_dir(&review, &to, ".html")?;
        }
    }
    let options = super::assemble::OutputOptions {
        csv_bom: bom,
        parquet,
        prune: false,
    };
    super::assemble::write_outputs(&entries, out, &state, options)
}

/// Whether the shards wrote Parquet tables (`batch --parquet`); they must agree.
fn shared_parquet(shards: &[PathBuf]) -> Result<bool, BatchError> {
    let has = |s: &PathBuf| s.join(crate::emit::parquet::DIR).is_dir();
    let with: Vec<&PathBuf> = shards.iter().filter(|s| has(s)).collect();
    match shards.iter().find(|s| !has(s)) {
        Some(without) if !with.is_empty() => Err(usage(format!(
            "{} has Parquet tables and {} has none: rerun one with the other's --parquet",
            with[0].display(),
            without.display()
        ))),
        _ => Ok(!with.is_empty()),
    }
}

fn usage(message: String) -> BatchError {
    BatchError::Usage(message)
}

fn read_manifest(shard: &Path) -> Result<Vec<Line>, BatchError> {
    let path = shard.join("manifest.jsonl");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        usage(format!(
            "{}: not a batch output directory (no manifest.jsonl: {e})",
            shard.display()
        ))
    })?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str(l).map_err(|e| BatchError::Output {
                path: path.clone(),
                reason: format!("not a manifest line: {e}"),
            })
        })
        .collect()
}

/// What the shard's run did with the input, as a plan the tables are rebuilt from.
fn plan_of(line: &Line, shard: &Path) -> Result<Plan, BatchError> {
    let bad = |why: &str| BatchError::Output {
        path: shard.join("manifest.jsonl"),
        reason: format!("{}: {why}", line.path),
    };
    match (line.status.as_str(), &line.sha256) {
        ("duplicate", Some(sha256)) => Ok(Plan::Duplicate {
            sha256: sha256.clone(),
            of: PathBuf::from(
                line.duplicate_of
                    .as_deref()
                    .ok_or_else(|| bad("duplicate of what?"))?,
            ),
        }),
        ("ok" | "failed", Some(sha256)) => Ok(Plan::Convert {
            sha256: sha256.clone(),
        }),
        ("failed", None) => Ok(Plan::Unreadable(line.error.clone().unwrap_or_default())),
        _ => Err(bad("unknown status or missing sha256")),
    }
}

/// The shard's record for this content must exist and match the others'
/// version and settings: shards of one run, not of several.
fn check_record(
    shard: &Path,
    sha256: &str,
    settings: &mut Option<(String, PathBuf)>,
) -> Result<(), BatchError> {
    let record = State::new(shard).load(sha256).ok_or_else(|| {
        usage(format!(
            "{}: no record for {sha256} under .evalform/records (copy the whole shard directory)",
            shard.display()
        ))
    })?;
    if record.evalform != VERSION {
        return Err(usage(format!(
            "{} was made by evalform {}, this is {VERSION}: rerun it",
            shard.display(),
            record.evalform
        )));
    }
    match settings {
        None => *settings = Some((record.settings, shard.to_path_buf())),
        Some((s, first)) if *s != record.settings => {
            return Err(usage(format!(
                "{} and {} were run with different read options",
                first.display(),
                shard.display()
            )));
        }
        Some(_) => {}
    }
    Ok(())
}

/// Whether the shards' CSVs start with a BOM; they must agree.
fn shared_bom(shards: &[PathBuf]) -> Result<bool, BatchError> {
    let mut found: Option<(bool, &PathBuf)> = None;
    for shard in shards {
        let path = shard.join("documents.csv");
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let bom = bytes.starts_with(b"\xEF\xBB\xBF");
        match found {
            None => found = Some((bom, shard)),
            Some((b, first)) if b != bom => {
                return Err(usage(format!(
                    "{} has CSVs with a BOM and {} without: rerun one with the other's --csv-bom",
                    if b { first } else { shard }.display(),
                    if b { shard } else { first }.display()
                )));
            }
            Some(_) => {}
        }
    }
    Ok(found.is_some_and(|(b, _)| b))
}

/// The review index, which a merge leaves to be written again.
const REVIEW_INDEX: &str = "index.html";

/// Copies every file of `from` whose name ends with `ext` into `to`
/// (atomically each), a review index left out.
fn copy_dir(from: &Path, to: &Path, ext: &str) -> Result<(), BatchError> {
    let Ok(entries) = std::fs::read_dir(from) else {
        return Ok(());
    };
    for entry in entries {
        let entry = entry.map_err(io_err(from))?;
        let name = entry.file_name();
        let name_text = name.to_string_lossy();
        if !name_text.ends_with(ext) || name_text == REVIEW_INDEX {
            continue;
        }
        let bytes = std::fs::read(entry.path()).map_err(io_err(&entry.path()))?;
        let dest = to.join(&name);
        write_atomic(&dest, &bytes).map_err(io_err(&dest))?;
    }
    Ok(())
}
