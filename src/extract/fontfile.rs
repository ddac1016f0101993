//! Embedded font programs: the Unicode a font's own tables give its glyphs.
//!
//! Read with `read-fonts` (TrueType/OpenType `cmap` and `post`, CFF and Type1
//! built-in encodings and glyph names). Used only where the PDF itself says
//! nothing (no `/ToUnicode`, no usable encoding), as pdf.js and MuPDF do.

use std::collections::HashMap;

use lopdf::{Dictionary, Object};
use read_fonts::tables::cmap::{CmapSubtable, PlatformId};
use read_fonts::types::GlyphId;
use read_fonts::{FontRef, TableProvider};

use super::encoding::glyph_name_to_unicode;
use super::load::Pdf;

/// Most glyphs read from one program's tables (bounds hostile fonts).
const MAX_GLYPHS: u32 = 70_000;

/// An embedded font program, by the descriptor key it came from.
pub(crate) enum Program {
    /// `/FontFile2` or an OpenType `/FontFile3`: sfnt tables.
    Sfnt(Vec<u8>),
    /// `/FontFile`: a Type1 program.
    Type1(Vec<u8>),
    /// `/FontFile3` of subtype `Type1C` or `CIDFontType0C`: bare CFF.
    Cff(Vec<u8>),
}

/// The embedded program of a font descriptor, decoded.
pub(crate) fn program(pdf: &Pdf, descriptor: Option<&Dictionary>) -> Option<Program> {
    let d = descriptor?;
    if let Some(data) = pdf.stream_of(d, b"FontFile2") {
        return Some(Program::Sfnt(data));
    }
    if let Some(data) = pdf.stream_of(d, b"FontFile") {
        return Some(Program::Type1(data));
    }
    let Some(Object::Stream(s)) = pdf.get(d, b"FontFile3") else {
        return None;
    };
    let data = pdf.stream_data(s).ok()?;
    match pdf.name(&s.dict, b"Subtype") {
        Some(b"OpenType") => Some(Program::Sfnt(data)),
        _ if data.starts_with(b"OTTO") || data.starts_with(&[0, 1, 0, 0]) => {
            Some(Program::Sfnt(data))
        }
        _ => Some(Program::Cff(data)),
    }
}

/// How much a code point is worth as a glyph's one reading: ordinary
/// characters before compatibility forms and radicals, those before
/// private use; then the lower code point.
fn preference(c: char) -> (u8, u32) {
    let v = c as u32;
    let rank = match v {
        0xE000..=0xF8FF | 0xF0000.. => 2,
        0x2E80..=0x2FDF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F => 1,
        _ => 0,
    };
    (rank, v)
}

/// Glyph id → Unicode, by inverting the font's Unicode `cmap` subtables
/// ((3,1), (3,10), (0,*)); a glyph reached from several code points keeps
/// the most ordinary one.
pub(crate) fn sfnt_glyph_unicodes(data: &[u8]) -> HashMap<u32, char> {
    let mut out: HashMap<u32, char> = HashMap::new();
    let Ok(font) = FontRef::new(data) else {
        return out;
    };
    let Ok(cmap) = font.cmap() else {
        return out;
    };
    for rec in cmap.encoding_records() {
        let unicode = match rec.platform_id() {
            PlatformId::Unicode => true,
            PlatformId::Windows => matches!(rec.encoding_id(), 1 | 10),
            _ => false,
        };
        if !unicode {
            continue;
        }
        let Ok(sub) = rec.subtable(cmap.offset_data()) else {
            continue;
        };
        for (cp, gid) in subtable_pairs(&sub) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if c.is_control() {
                continue;
            }
            out.entry(gid)
                .and_modify(|old| {
                    if preference(c) < preference(*old) {
                        *old = c;
                    }
                })
                .or_insert(c);
        }
    }
    out
}

fn subtable_pairs(sub: &CmapSubtable<'_>) -> Vec<(u32, u32)> {
    let limits = read_fonts::tables::cmap::CmapIterLimits {
        max_char: 0x10FFFF,
        glyph_count: MAX_GLYPHS,
    };
    sub.iter_with_limits(limits)
        .take(MAX_GLYPHS as usize * 2)
        .map(|(cp, gid)| (cp, gid.to_u32()))
        .filter(|&(_, gid)| gid != 0)
        .collect()
}

/// What a simple font's program says about each of the 256 codes.
#[derive(Default)]
pub(crate) struct SimpleProgram {
    /// Unicode of the code through the program's own encoding (Type1/CFF
    /// built-in encoding → glyph name; symbolic TrueType (3,0) cmap → glyph).
    pub(crate) builtin: Vec<Option<String>>,
    /// Unicode of the code read as a glyph name through the program
    /// (TrueType: the (3,1) cmap of the name's character must exist).
    pub(crate) has_unicode_cmap: bool,
    /// A (3,0) symbol cmap is present.
    pub(crate) symbol_cmap: bool,
}

/// Reads a simple font's program for code → Unicode.
pub(crate) fn simple_program(program: &Program) -> SimpleProgram {
    match program {
        Program::Type1(data) => type1_builtin(data),
        Program::Cff(data) => cff_builtin(data),
        Program::Sfnt(data) => sfnt_builtin(data),
    }
}

fn type1_builtin(data: &[u8]) -> SimpleProgram {
    let mut out = SimpleProgram {
        builtin: vec![None; 256],
        ..Default::default()
    };
    let Ok(font) = read_fonts::ps::type1::Type1Font::new(data) else {
        return out;
    };
    let Some(enc) = font.encoding() else {
        return out;
    };
    for code in 0..=255u8 {
        if let Some(gid) = enc.map(code)
            && let Some(name) = font.glyph_name(gid)
            && name != ".notdef"
        {
            out.builtin[usize::from(code)] = glyph_name_to_unicode(name.as_bytes());
        }
    }
    out
}

fn cff_builtin(data: &[u8]) -> SimpleProgram {
    let mut out = SimpleProgram {
        builtin: vec![None; 256],
        ..Default::default()
    };
    let Ok(font) = read_fonts::ps::cff::CffFontRef::new_cff(data, 0, None) else {
        return out;
    };
    let Some(enc) = font.encoding() else {
        return out;
    };
    for code in 0..=255u8 {
        let Some(gid) = enc.map(code) else {
            continue;
        };
        if gid == GlyphId::NOTDEF {
            continue;
        }
        let Some(sid) = enc.charset().string_id(gid) else {
            continue;
        };
        if let Some(name) = font.string(sid) {
            out.builtin[usize::from(code)] = glyph_name_to_unicode(name);
        }
    }
    out
}

fn sfnt_builtin(data: &[u8]) -> SimpleProgram {
    let mut out = SimpleProgram {
        builtin: vec![None; 256],
        ..Default::default()
    };
    let Ok(font) = FontRef::new(data) else {
        return out;
    };
    let Ok(cmap) = font.cmap() else {
        return out;
    };
    let unicode_of_gid = sfnt_glyph_unicodes(data);
    out.has_unicode_cmap = !unicode_of_gid.is_empty();
    let post = font.post().ok();
    let name_of = |gid: GlyphId| -> Option<String> {
        let name = post.as_ref()?.glyph_name(gid.try_into().ok()?)?;
        glyph_name_to_unicode(name.as_bytes())
    };
    for rec in cmap.encoding_records() {
        if !(rec.platform_id() == PlatformId::Windows && rec.encoding_id() == 0) {
            continue;
        }
        let Ok(sub) = rec.subtable(cmap.offset_data()) else {
            continue;
        };
        out.symbol_cmap = true;
        for code in 0..=255u32 {
            let gid = [0xF000 | code, code, 0xF100 | code, 0xF200 | code]
                .iter()
                .find_map(|&c| sub.map_codepoint(c).filter(|g| g.to_u32() != 0));
            let Some(gid) = gid else {
                continue;
            };
            let text = unicode_of_gid
                .get(&gid.to_u32())
                .map(|c| c.to_string())
                .filter(|s| !is_private_use(s))
                .or_else(|| name_of(gid));
            out.builtin[code as usize] = text;
        }
        break;
    }
    out
}

fn is_private_use(s: &str) -> bool {
    s.chars()
        .all(|c| matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_characters_win_over_radicals_and_private_use() {
        assert!(preference('一') < preference('\u{2F00}'));
        assert!(preference('\u{2F00}') < preference('\u{E000}'));
        assert!(preference('A') < preference('B'));
    }

    #[test]
    fn garbage_programs_give_nothing() {
        assert!(sfnt_glyph_unicodes(b"not a font").is_empty());
        let p = simple_program(&Program::Cff(vec![1, 0, 4, 1]));
        assert!(p.builtin.iter().all(Option::is_none));
        let p = simple_program(&Program::Type1(b"%!PS-AdobeFont-1.0".to_vec()));
        assert!(p.builtin.iter().all(Option::is_none));
    }
}
