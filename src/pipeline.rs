//! One file in, one document out: the stages called in order.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::extract::Limits;
use crate::model::Document;

/// How `extract` reads its inputs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A user's own template file, tried before the built-in ones.
    pub template: Option<PathBuf>,
    /// Force a text encoding (`utf-8`, `gb18030`, `utf-16le` …) instead of detecting it.
    pub encoding: Option<String>,
    pub limits: Limits,
}

/// Reads one file (PDF or text rendition) into a form document.
pub fn extract_file(path: &Path, opts: &Options) -> Result<Document, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    extract_bytes(path, &bytes, opts)
}

/// Reads a file's bytes; `path` names the input in errors and in `source.file`.
pub fn extract_bytes(path: &Path, _bytes: &[u8], _opts: &Options) -> Result<Document, Error> {
    Err(Error::NoTable {
        path: path.to_path_buf(),
        reason: "not implemented yet".into(),
    })
}
