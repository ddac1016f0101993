//! What a batch remembers between runs: one record per converted file content,
//! in `OUT/.evalform/records/<sha256>.json`, written after the file's JSON. A
//! record whose evalform version, settings and input path still match means the
//! file is done and is skipped on a rerun.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::isolate::Failure;
use crate::emit::atomic::write_atomic;

/// The evalform version written into every record.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub evalform: String,
    /// Fingerprint of the options that change a file's output.
    pub settings: String,
    pub path: String,
    pub sha256: String,
    /// File names under `OUT/json/` when converted: one per form, in file order.
    #[serde(default)]
    pub json: Vec<String>,
    /// Ids of the templates that matched, in form order, each once (`gz_dept,national_project`).
    pub template: Option<String>,
    pub pages: Option<u32>,
    pub milliseconds: u64,
    pub failure: Option<Failure>,
}

impl Record {
    pub fn is_ok(&self) -> bool {
        self.failure.is_none()
    }
}

/// The state directory of one output directory.
#[derive(Debug, Clone)]
pub struct State {
    pub dir: PathBuf,
}

impl State {
    pub fn new(out: &Path) -> State {
        State {
            dir: out.join(".evalform"),
        }
    }

    pub fn records_dir(&self) -> PathBuf {
        self.dir.join("records")
    }

    /// Scratch space of running worker processes.
    pub fn work_dir(&self) -> PathBuf {
        self.dir.join("work")
    }

    fn record_path(&self, sha256: &str) -> PathBuf {
        self.records_dir().join(format!("{sha256}.json"))
    }

    /// The stored record for this content, if any and readable.
    pub fn load(&self, sha256: &str) -> Option<Record> {
        let bytes = std::fs::read(self.record_path(sha256)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    pub fn save(&self, record: &Record) -> io::Result<()> {
        let bytes = serde_json::to_vec_pretty(record).map_err(io::Error::other)?;
        write_atomic(&self.record_path(&record.sha256), &bytes)
    }
}
