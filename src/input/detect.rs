//! What a file is, judged by its bytes (never by its name).

use encoding_rs::{Encoding, GB18030, UTF_8};

/// How far into a file the `%PDF-` marker may sit (some writers put junk first).
const PDF_MARKER_WINDOW: usize = 1024;

/// Share of control characters above which decoded "text" is taken for binary.
const MAX_CONTROL_SHARE: f64 = 0.01;

/// The kinds of input the pipeline reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Pdf,
    /// A text rendition; `encoding` is the encoding's WHATWG name (`UTF-8`, `gb18030`, `UTF-16LE` …).
    Text {
        encoding: &'static str,
    },
}

/// Why an input cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("binary data, not text: {0}")]
    Binary(String),
    #[error("text in no known encoding: {0}")]
    Undecodable(String),
    #[error("unknown encoding label `{0}`")]
    UnknownEncoding(String),
    #[error("the text is not valid {encoding}: {reason}")]
    BadForcedEncoding {
        encoding: &'static str,
        reason: String,
    },
    #[error("not a form rendition: {0}")]
    NotARendition(String),
}

/// Tells a PDF from a text rendition by content.
pub fn detect(bytes: &[u8]) -> Result<InputKind, InputError> {
    let window = &bytes[..bytes.len().min(PDF_MARKER_WINDOW)];
    if window.windows(5).any(|w| w == b"%PDF-") {
        return Ok(InputKind::Pdf);
    }
    let (_, encoding) = decode_auto(bytes)?;
    Ok(InputKind::Text {
        encoding: encoding.name(),
    })
}

/// Decodes a text rendition. `forced` is an encoding label (`gbk`, `utf-16le` …)
/// that overrides detection; otherwise: a BOM, then valid UTF-8, then GB18030.
pub fn decode_text(bytes: &[u8], forced: Option<&str>) -> Result<String, InputError> {
    match forced {
        Some(label) => decode_forced(bytes, label),
        None => decode_auto(bytes).map(|(text, _)| text),
    }
}

fn decode_forced(bytes: &[u8], label: &str) -> Result<String, InputError> {
    let encoding = Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| InputError::UnknownEncoding(label.to_string()))?;
    let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
    if had_errors {
        return Err(InputError::BadForcedEncoding {
            encoding: encoding.name(),
            reason: "some bytes do not form characters in it".into(),
        });
    }
    Ok(text.into_owned())
}

fn decode_auto(bytes: &[u8]) -> Result<(String, &'static Encoding), InputError> {
    if let Some(kind) = binary_magic(bytes) {
        return Err(InputError::Binary(format!("starts like {kind}")));
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let text = encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[bom_len..])
            .ok_or_else(|| {
                InputError::Undecodable(format!(
                    "has a {} byte-order mark but invalid {} data",
                    encoding.name(),
                    encoding.name()
                ))
            })?;
        return checked_text(text.into_owned(), encoding);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        let hint = match utf16_without_bom(bytes) {
            Some(label) => format!(" (UTF-16 without a byte-order mark? try --encoding {label})"),
            None => String::new(),
        };
        return Err(InputError::Binary(format!(
            "NUL byte at offset {offset}{hint}"
        )));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return checked_text(text.to_string(), UTF_8);
    }
    match GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => checked_text(text.into_owned(), GB18030),
        None => Err(InputError::Undecodable(format!(
            "neither UTF-8 (invalid byte at offset {}) nor GB18030/GBK",
            utf8_error_offset(bytes)
        ))),
    }
}

/// Rejects decoded text that is mostly control characters (binary that happened to decode).
fn checked_text(
    text: String,
    encoding: &'static Encoding,
) -> Result<(String, &'static Encoding), InputError> {
    let total = text.chars().count();
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        .count();
    if total > 0 && controls as f64 / total as f64 > MAX_CONTROL_SHARE {
        return Err(InputError::Binary(format!(
            "{controls} control characters in {total} decoded as {}",
            encoding.name()
        )));
    }
    Ok((text, encoding))
}

/// `utf-16le`/`utf-16be` when the NUL bytes all sit at odd/even offsets, as
/// the high bytes of ASCII characters (tabs, line ends, digits) do in UTF-16.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static str> {
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, _) in bytes.iter().enumerate().filter(|(_, b)| **b == 0) {
        if i.is_multiple_of(2) {
            even += 1;
        } else {
            odd += 1;
        }
    }
    match (even, odd) {
        (0, n) if n > 0 && bytes.len().is_multiple_of(2) => Some("utf-16le"),
        (n, 0) if n > 0 && bytes.len().is_multiple_of(2) => Some("utf-16be"),
        _ => None,
    }
}

fn utf8_error_offset(bytes: &[u8]) -> usize {
    std::str::from_utf8(bytes)
        .err()
        .map_or(bytes.len(), |e| e.valid_up_to())
}

/// Signatures of binary formats people mistake for forms (scans, office files, archives).
fn binary_magic(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"GIF8", "a GIF image"),
        (b"II*\0", "a TIFF image"),
        (b"MM\0*", "a TIFF image"),
        (b"PK\x03\x04", "a ZIP archive (docx/xlsx/zip)"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "an OLE file (doc/xls)"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"Rar!", "a RAR archive"),
        (b"\x7FELF", "an ELF executable"),
    ];
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_marker_after_junk_is_pdf() {
        let mut bytes = vec![b' '; 300];
        bytes.extend_from_slice(b"%PDF-1.7\n");
        assert_eq!(detect(&bytes), Ok(InputKind::Pdf));
    }

    #[test]
    fn pdf_marker_too_late_is_not_pdf() {
        let mut bytes = vec![b'a'; 2000];
        bytes.extend_from_slice(b"%PDF-1.7\n");
        assert_eq!(detect(&bytes), Ok(InputKind::Text { encoding: "UTF-8" }));
    }

    #[test]
    fn utf16_without_bom_gets_a_hint() {
        let bytes: Vec<u8> = "任务1\t100%\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        match detect(&bytes) {
            Err(InputError::Binary(message)) => {
                assert!(message.contains("--encoding utf-16le"), "{message}")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            decode_text(&bytes, Some("utf-16le")).as_deref(),
            Ok("任务1\t100%\n")
        );
    }

    #[test]
    fn forced_unknown_label_is_an_error() {
        assert_eq!(
            decode_text(b"abc", Some("klingon")),
            Err(InputError::UnknownEncoding("klingon".into()))
        );
    }
}
