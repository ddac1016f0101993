//! The loaded models, and where they are looked for.

use std::path::{Path, PathBuf};

use super::error::OcrError;
use super::rec::Recognizer;

/// Recognition model file name, as shipped by the models' PyPI package.
pub const REC_MODEL: &str = "ch_PP-OCRv4_rec_infer.onnx";
/// Detection model file name (fetched alongside; not needed for ruled forms).
pub const DET_MODEL: &str = "ch_PP-OCRv4_det_infer.onnx";

/// Loaded OCR models. Load once and share: loading takes a second or two.
pub struct Engine {
    pub(crate) rec: Recognizer,
}

impl Engine {
    /// Loads the models from `model_dir`; says what to run when they are missing.
    pub fn load(model_dir: &Path) -> Result<Engine, OcrError> {
        let rec_path = model_dir.join(REC_MODEL);
        if !rec_path.is_file() {
            return Err(OcrError::ModelsMissing {
                dir: model_dir.to_path_buf(),
                path: rec_path,
            });
        }
        Ok(Engine {
            rec: Recognizer::load(&rec_path)?,
        })
    }

    /// Loads the models from [`default_model_dir`].
    pub fn load_default() -> Result<Engine, OcrError> {
        Engine::load(&default_model_dir())
    }
}

/// `$EVALFORM_MODELS`, else `${XDG_CACHE_HOME:-$HOME/.cache}/evalform/models`
/// (the directory `scripts/fetch-models.sh` fills).
pub fn default_model_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("EVALFORM_MODELS").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| PathBuf::from(".cache"));
    cache.join("evalform").join("models")
}

/// True when the models are present in `dir` (tests skip otherwise).
pub fn models_present(dir: &Path) -> bool {
    dir.join(REC_MODEL).is_file()
}
