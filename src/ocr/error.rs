//! Why OCR could not run: each variant names the file or object and the reason.

use std::path::PathBuf;

/// The command that installs the models; quoted in the missing-models error.
pub const FETCH_COMMAND: &str = "scripts/fetch-models.sh";

#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    #[error(
        "OCR models not found: {path} is missing. Run `{FETCH_COMMAND}` from the evalform \
         source tree (it downloads them with pip into {dir}), or set EVALFORM_MODELS to a \
         directory holding them"
    )]
    ModelsMissing { dir: PathBuf, path: PathBuf },
    #[error("OCR model {path}: cannot load: {reason}")]
    BadModel { path: PathBuf, reason: String },
    #[error("OCR model inference failed: {0}")]
    Inference(String),
    #[error("image object {object}: {reason}")]
    Image { object: u32, reason: String },
    #[error("{0}")]
    Render(String),
    #[error("image object {object}: unsupported: {reason}")]
    Unsupported { object: u32, reason: String },
}
