//! How inputs are read: one set of options for `extract`, `inspect` and the
//! batch workers (which receive it serialized).
//!
//! A new read option is one field here (with its default in [`Default`]) and
//! one flag in the binary's read arguments; batch workers and the resume
//! fingerprint pick it up from the serialized value.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::extract::Limits;

/// When to read pages with OCR.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OcrMode {
    /// Every page that has a scanned image.
    Always,
    /// Pages with a scanned image and no visible text: image-only scans, and
    /// scans under an invisible OCR text layer (which has no table lines).
    #[default]
    Auto,
    /// Never: such pages fail as having no table.
    Never,
}

impl OcrMode {
    /// Every mode, as `--ocr` lists them.
    pub const ALL: [OcrMode; 3] = [OcrMode::Always, OcrMode::Auto, OcrMode::Never];

    /// The mode as `--ocr` spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            OcrMode::Always => "always",
            OcrMode::Auto => "auto",
            OcrMode::Never => "never",
        }
    }
}

impl fmt::Display for OcrMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OcrMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OcrMode::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown OCR mode `{s}` (expected always, auto or never)"))
    }
}

/// How inputs are read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReadOptions {
    /// When pages are read by OCR.
    pub ocr: OcrMode,
    /// A user's own template file, tried before the built-in ones.
    pub template: Option<PathBuf>,
    /// Force a text encoding (`utf-8`, `gb18030`, `utf-16le` …) instead of detecting it.
    pub encoding: Option<String>,
    /// Caps on what one PDF may cost.
    pub limits: Limits,
    /// Batch workers also write each document's review page here
    /// (`batch --review`); not a way of reading, so absent unless set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_dir: Option<PathBuf>,
}

impl ReadOptions {
    /// The options as JSON: what batch workers receive, and what the resume
    /// fingerprint hashes.
    pub fn to_json(&self) -> String {
        // Plain data (paths, strings, numbers): serialising it cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Options from [`ReadOptions::to_json`]'s text.
    pub fn from_json(text: &str) -> Result<ReadOptions, String> {
        serde_json::from_str(text).map_err(|e| format!("bad read options: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_round_trip_through_json() {
        let opts = ReadOptions {
            ocr: OcrMode::Never,
            template: Some("t.toml".into()),
            encoding: Some("gb18030".into()),
            limits: Limits {
                max_pages: 3,
                ..Limits::default()
            },
            review_dir: Some("out/review".into()),
        };
        assert_eq!(ReadOptions::from_json(&opts.to_json()), Ok(opts));
        // Missing fields take their defaults, so older senders still parse.
        assert_eq!(ReadOptions::from_json("{}"), Ok(ReadOptions::default()));
    }

    #[test]
    fn ocr_modes_parse_by_name() {
        for mode in OcrMode::ALL {
            assert_eq!(mode.as_str().parse::<OcrMode>(), Ok(mode));
        }
        assert!("sometimes".parse::<OcrMode>().is_err());
    }
}
