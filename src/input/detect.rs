//! What a file is, judged by its bytes (never by its name).

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

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
    #[error("the file is empty ({0})")]
    Empty(&'static str),
}

/// Tells a PDF from a text rendition by content.
pub fn detect(bytes: &[u8]) -> Result<InputKind, InputError> {
    if bytes.is_empty() {
        return Err(InputError::Empty("0 bytes"));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(InputError::Empty("only white space"));
    }
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
/// that overrides detection; otherwise: a BOM; with NUL bytes, UTF-16LE or BE
/// without a BOM when it decodes to common text (ideographs, ASCII, CJK
/// punctuation); valid UTF-8; UTF-16 when it decodes to more common text
/// than GB18030 does; then GB18030.
pub fn decode_text(bytes: &[u8], forced: Option<&str>) -> Result<String, InputError> {
    decode_named(bytes, forced).map(|(text, _)| text)
}

/// [`decode_text`], with the name of the encoding used (`UTF-8`, `gb18030` …).
pub fn decode_named(
    bytes: &[u8],
    forced: Option<&str>,
) -> Result<(String, &'static str), InputError> {
    match forced {
        Some(label) => decode_forced(bytes, label),
        None => decode_auto(bytes).map(|(text, e)| (text, e.name())),
    }
}

fn decode_forced(bytes: &[u8], label: &str) -> Result<(String, &'static str), InputError> {
    let encoding = Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| InputError::UnknownEncoding(label.to_string()))?;
    let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
    if had_errors {
        return Err(InputError::BadForcedEncoding {
            encoding: encoding.name(),
            reason: "some bytes do not form characters in it".into(),
        });
    }
    Ok((text.into_owned(), encoding.name()))
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
        return match utf16_without_bom(bytes) {
            Some((text, encoding)) => checked_text(text, encoding),
            None => Err(InputError::Binary(format!(
                "NUL byte at offset {offset}; tried UTF-16LE and UTF-16BE without a byte-order mark: not plausible text"
            ))),
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return checked_text(text.to_string(), UTF_8);
    }
    let gb = GB18030.decode_without_bom_handling_and_without_replacement(bytes);
    let gb_share = gb.as_deref().map_or(0.0, common_share);
    if let Some((text, encoding)) = utf16_without_bom(bytes)
        && common_share(&text) > gb_share
    {
        return checked_text(text, encoding);
    }
    match gb {
        Some(text) => checked_text(text.into_owned(), GB18030),
        None => Err(InputError::Undecodable(format!(
            "tried UTF-8 (invalid byte at offset {}), UTF-16LE/BE (not plausible text) and GB18030/GBK (invalid)",
            utf8_error_offset(bytes)
        ))),
    }
}

/// Share of characters that UTF-16 text without a BOM must have in common
/// use (GB 2312-range ideographs, ASCII, CJK punctuation) to be taken for it.
const UTF16_COMMON_SHARE: f64 = 0.9;

/// The share of `text`'s characters in common use in a form.
fn common_share(text: &str) -> f64 {
    let (mut common, mut total) = (0usize, 0usize);
    for ch in text.chars() {
        total += 1;
        let c = ch as u32;
        let is_common = (ch.is_ascii() && (!ch.is_ascii_control() || ch.is_ascii_whitespace()))
            || (0x4E00..=0x9FA5).contains(&c)
            || (0x3000..=0x303F).contains(&c)
            || (0xFF01..=0xFF5E).contains(&c)
            || matches!(
                ch,
                '≥' | '≤' | '×' | '—' | '…' | '“' | '”' | '‘' | '’' | '·' | '％'
            );
        if is_common {
            common += 1;
        }
    }
    if total == 0 {
        0.0
    } else {
        common as f64 / total as f64
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

/// The text as UTF-16LE or UTF-16BE without a byte-order mark, whichever
/// decodes to text of common characters (at least [`UTF16_COMMON_SHARE`]).
fn utf16_without_bom(bytes: &[u8]) -> Option<(String, &'static Encoding)> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    [UTF_16LE, UTF_16BE]
        .into_iter()
        .filter_map(|encoding| {
            let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
            let share = common_share(&text);
            (share >= UTF16_COMMON_SHARE).then(|| (text.into_owned(), encoding, share))
        })
        .max_by(|a, b| a.2.total_cmp(&b.2))
        .map(|(text, encoding, _)| (text, encoding))
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
    fn utf16_without_bom_is_detected() {
        let text = "任务1\t100%\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(
            detect(&le),
            Ok(InputKind::Text {
                encoding: "UTF-16LE"
            })
        );
        assert_eq!(
            detect(&be),
            Ok(InputKind::Text {
                encoding: "UTF-16BE"
            })
        );
        assert_eq!(decode_text(&le, None).as_deref(), Ok(text));
        assert_eq!(decode_text(&be, None).as_deref(), Ok(text));
        assert_eq!(decode_text(&le, Some("utf-16le")).as_deref(), Ok(text));
    }

    #[test]
    fn utf16_of_ideographs_only_is_detected() {
        // No ASCII, so no NUL byte: told from GB18030 by how common the characters are.
        let text = "项目支出绩效自评表项目名称城镇新增就业人数";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode_named(&le, None), Ok((text.to_string(), "UTF-16LE")));
        let gbk = GB18030.encode(text).0.into_owned();
        assert_eq!(decode_named(&gbk, None), Ok((text.to_string(), "gb18030")));
    }

    #[test]
    fn empty_files_say_so() {
        assert_eq!(detect(b""), Err(InputError::Empty("0 bytes")));
        assert_eq!(
            detect(b" \n\t\n"),
            Err(InputError::Empty("only white space"))
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
