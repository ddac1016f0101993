//! Errors that reach the user: each names the file and the reason.

use std::path::PathBuf;

/// Why a file could not be turned into a form document.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Pdf {
        path: PathBuf,
        #[source]
        source: crate::extract::ExtractError,
    },
    #[error("{path}: not a PDF or a text rendition: {reason}")]
    UnknownInput { path: PathBuf, reason: String },
    #[error("{path}: no form found: {reason}")]
    NoForm { path: PathBuf, reason: String },
    #[error("{path}: no form template matches: {reason}")]
    NoTemplate { path: PathBuf, reason: String },
    #[error("{path}: the form's table cannot be rebuilt: {reason}")]
    NoTable { path: PathBuf, reason: String },
    #[error("{path}: the form was not read: {reason}")]
    EmptyRead { path: PathBuf, reason: String },
    #[error("{path}: the text layer cannot be decoded and was not used: {reason}")]
    TextLayer { path: PathBuf, reason: String },
    #[error("{path}: OCR failed: {reason}")]
    Ocr { path: PathBuf, reason: String },
    #[error("{path}: bad template file: {reason}")]
    Template { path: PathBuf, reason: String },
}
