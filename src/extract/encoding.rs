//! Simple-font encodings: base encodings, `/Differences`, glyph names → Unicode.

use pdf_encoding::Encoding;

/// A predefined single-byte base encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
    Symbol,
    ZapfDingbats,
}

impl BaseEncoding {
    pub(crate) fn from_name(name: &[u8]) -> Option<BaseEncoding> {
        Some(match name {
            b"WinAnsiEncoding" => BaseEncoding::WinAnsi,
            b"MacRomanEncoding" => BaseEncoding::MacRoman,
            b"StandardEncoding" => BaseEncoding::Standard,
            // MacExpert only holds small caps and old-style figures; read as Standard.
            b"MacExpertEncoding" => BaseEncoding::Standard,
            _ => return None,
        })
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            BaseEncoding::Standard => "StandardEncoding",
            BaseEncoding::WinAnsi => "WinAnsiEncoding",
            BaseEncoding::MacRoman => "MacRomanEncoding",
            BaseEncoding::Symbol => "SymbolEncoding",
            BaseEncoding::ZapfDingbats => "ZapfDingbatsEncoding",
        }
    }

    /// Unicode of one code, or `None` where the encoding leaves it undefined.
    pub(crate) fn char(self, code: u8) -> Option<char> {
        let enc = match self {
            BaseEncoding::Standard => Encoding::AdobeStandard,
            BaseEncoding::WinAnsi => Encoding::WinAnsiEncoding,
            BaseEncoding::MacRoman => Encoding::MacRomanEncoding,
            BaseEncoding::Symbol => Encoding::AdobeSymbol,
            BaseEncoding::ZapfDingbats => Encoding::AdobeZdingbat,
        };
        // A control character is no reading of a glyph.
        let ch = enc.forward_map()?.get(code).filter(|c| !c.is_control());
        // WinAnsi leaves a few codes undefined that fonts still use as Latin-1.
        match (ch, self) {
            (None, BaseEncoding::WinAnsi) if code >= 0x20 => char::from_u32(u32::from(code)),
            _ => ch,
        }
    }
}

/// Unicode text of a glyph name: the Adobe Glyph List, `uniXXXX[XXXX…]`,
/// `uXXXX[XX]`, `name.suffix` variants and `a_b` ligatures.
pub(crate) fn glyph_name_to_unicode(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    if let Some(s) = pdf_encoding::glyphname_to_unicode(name) {
        return Some(s.to_owned());
    }
    if let Some((base, _)) = name.split_once('.') {
        return if base.is_empty() {
            None
        } else {
            glyph_name_to_unicode(base.as_bytes())
        };
    }
    if name.contains('_') {
        let parts: Option<String> = name
            .split('_')
            .map(|p| glyph_name_to_unicode(p.as_bytes()))
            .collect();
        return parts;
    }
    if let Some(hex) = name.strip_prefix("uni")
        && hex.len() >= 4
        && hex.len().is_multiple_of(4)
    {
        let units: Option<Vec<u16>> = (0..hex.len())
            .step_by(4)
            .map(|i| u16::from_str_radix(hex.get(i..i + 4)?, 16).ok())
            .collect();
        return String::from_utf16(&units?).ok();
    }
    if let Some(hex) = name.strip_prefix('u')
        && (4..=6).contains(&hex.len())
        && let Ok(v) = u32::from_str_radix(hex, 16)
    {
        return char::from_u32(v).map(String::from);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name_to_unicode(b"A").as_deref(), Some("A"));
        assert_eq!(glyph_name_to_unicode(b"uni4E2D").as_deref(), Some("中"));
        assert_eq!(
            glyph_name_to_unicode(b"uni4E2D4E2D").as_deref(),
            Some("中中")
        );
        assert_eq!(glyph_name_to_unicode(b"u1F600").as_deref(), Some("😀"));
        assert_eq!(glyph_name_to_unicode(b"f_i").as_deref(), Some("fi"));
        assert_eq!(glyph_name_to_unicode(b"a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_name_to_unicode(b"g123"), None);
    }

    #[test]
    fn base_encodings() {
        assert_eq!(BaseEncoding::WinAnsi.char(0x41), Some('A'));
        assert_eq!(BaseEncoding::WinAnsi.char(0x80), Some('€'));
        assert_eq!(BaseEncoding::Standard.char(0x27), Some('’'));
    }
}
