//! The read flags, declared once and flattened into `extract`, `inspect` and
//! `batch`. A new read option is a field of [`ReadArgs`] here (the
//! destructuring in [`ReadArgs::options`] will not compile without it) and a
//! field of the library's `ReadOptions`.

use std::path::PathBuf;

use clap::ValueEnum;
use evalform::{OcrMode, ReadOptions};

#[derive(Debug, Clone, clap::Args)]
pub struct ReadArgs {
    /// A template file of your own (see templates/*.toml), tried before the built-in ones.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Text encoding of text renditions (utf-8, gb18030, utf-16le …) instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// When to read scanned pages with OCR (PP-OCR models; fetch them once
    /// with scripts/fetch-models.sh): auto (pages with a scanned image and no
    /// visible text), always (every scanned page, even under a text layer),
    /// never. A batch rerun with another mode converts the files again.
    #[arg(long, value_enum, default_value_t = OcrArg::Auto)]
    pub ocr: OcrArg,
}

impl ReadArgs {
    /// Checks the flags before any file is read (a usage error, exit 2): the
    /// encoding label is one evalform knows, the template file loads.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(label) = &self.encoding
            && encoding_rs::Encoding::for_label(label.trim().as_bytes()).is_none()
        {
            return Err(format!(
                "--encoding {label}: unknown encoding (try utf-8, gb18030, gbk, utf-16le, utf-16be)"
            ));
        }
        if let Some(path) = &self.template {
            evalform::Template::load(path).map_err(|e| format!("--template {e}"))?;
        }
        Ok(())
    }

    pub fn options(&self) -> ReadOptions {
        let ReadArgs {
            template,
            encoding,
            ocr,
        } = self.clone();
        ReadOptions {
            template,
            encoding,
            ocr: ocr.into(),
            ..ReadOptions::default()
        }
    }
}

/// [`OcrMode`] as a flag value (the library's type knows nothing of clap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OcrArg {
    /// Every page that has a scanned image.
    Always,
    /// Pages with a scanned image and no visible text: image-only scans, and
    /// scans under an invisible OCR text layer (which has no table lines).
    Auto,
    /// Never: such pages fail as having no table.
    Never,
}

impl From<OcrArg> for OcrMode {
    fn from(arg: OcrArg) -> OcrMode {
        match arg {
            OcrArg::Always => OcrMode::Always,
            OcrArg::Auto => OcrMode::Auto,
            OcrArg::Never => OcrMode::Never,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flag_value_names_its_mode() {
        for arg in OcrArg::value_variants() {
            let name = arg.to_possible_value().unwrap();
            assert_eq!(OcrMode::from(*arg).as_str(), name.get_name());
        }
    }
}
