//! Errors that reach the user: each names the file and the reason.

use std::path::PathBuf;

/// Why a file could not be turned into a form document.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The input.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The PDF could not be read (corrupt, encrypted, over a limit …).
    #[error("{path}: {source}")]
    Pdf {
        /// The input.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: crate::extract::ExtractError,
    },
    /// The bytes are neither a PDF nor a text rendition.
    #[error("{path}: not a PDF or a text rendition: {reason}")]
    UnknownInput {
        /// The input.
        path: PathBuf,
        /// Why, in words.
        reason: String,
    },
    /// The file holds no form.
    #[error("{path}: no form found: {reason}")]
    NoForm {
        /// The input.
        path: PathBuf,
        /// Why, in words.
        reason: String,
    },
    /// No template reads the form well enough.
    #[error("{path}: no form template matches: {reason}")]
    NoTemplate {
        /// The input.
        path: PathBuf,
        /// Why, in words.
        reason: String,
    },
    /// The form's table could not be rebuilt.
    #[error("{path}: the form's table cannot be rebuilt: {reason}")]
    NoTable {
        /// The input.
        path: PathBuf,
        /// Why, in words.
        reason: String,
    },
    /// A template matched but read nothing that makes a form.
    #[error("{path}: the form was not read: {reason}")]
    EmptyRead {
        /// The input.
        path: PathBuf,
        /// Why, in words.
        reason: String,
    },
    /// The text layer cannot be decoded and OCR is off.
    #[error("{path}: the text layer cannot be decoded and was not used: {reason}")]
    TextLayer {
        /// The input.
        path: PathBuf,
        /// Why, in words.
        reason: String,
    },
    /// OCR failed.
    #[error("{path}: OCR failed: {reason}")]
    Ocr {
        /// The input.
        path: PathBuf,
        /// Why, in words.
        reason: String,
    },
    /// A template file does not load.
    #[error("{path}: bad template file: {reason}")]
    Template {
        /// The input.
        path: PathBuf,
        /// Why, in words.
        reason: String,
    },
}
