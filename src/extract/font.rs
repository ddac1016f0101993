//! Fonts: code splitting, code → Unicode, widths and vertical extent.

use std::borrow::Cow;
use std::collections::HashMap;

use lopdf::{Dictionary, Object};

use super::FontReport;
use super::cmap::{self, EmbeddedCMap, PredefinedKind};
use super::encoding::{BaseEncoding, glyph_name_to_unicode};
use super::fontfile;
use super::load::Pdf;

/// Ascent/descent used when a font has no usable descriptor values.
const FALLBACK_ASCENT: f32 = 0.88;
const FALLBACK_DESCENT: f32 = -0.12;
/// Width of a simple font glyph with no `/Widths` entry (standard 14 fonts), in em.
const FALLBACK_WIDTH: f32 = 0.5;

/// Text of a code that no path decodes: counted as undecodable downstream.
pub(crate) const UNDECODABLE: &str = "\u{FFFD}";

/// One decoded character code.
pub(crate) struct Decoded<'a> {
    pub(crate) len: usize,
    pub(crate) text: Cow<'a, str>,
    /// Horizontal advance in text-space units per unit font size.
    pub(crate) width: f32,
    /// Single-byte code 32, which receives word spacing.
    pub(crate) is_space: bool,
}

/// How a Type0 font turns codes into CIDs.
enum CidSource {
    Identity,
    Predefined(cmap::Predefined),
    Embedded(EmbeddedCMap),
}

struct CidFont {
    split: Option<PredefinedKind>,
    source: CidSource,
    /// Sorted (first CID, last CID, width in em).
    widths: Vec<(u32, u32, f32)>,
    default_width: f32,
    cid_to_unicode: Option<std::sync::Arc<hayro_cmap::CMap>>,
    /// Glyph id → Unicode from the embedded TrueType program's own `cmap`
    /// (inverted), for fonts with no other Unicode source.
    glyph_unicode: Option<GlyphUnicode>,
}

/// The embedded font's `cmap`, inverted, and how CIDs reach its glyphs.
struct GlyphUnicode {
    by_glyph: HashMap<u32, char>,
    /// `/CIDToGIDMap` stream (big-endian glyph id per CID); `None` is Identity.
    cid_to_gid: Option<Vec<u8>>,
}

impl GlyphUnicode {
    fn unicode(&self, cid: u32) -> Option<char> {
        let gid = match &self.cid_to_gid {
            None => cid,
            Some(map) => {
                let i = usize::try_from(cid).ok()?.checked_mul(2)?;
                let b = map.get(i..i + 2)?;
                u32::from(u16::from_be_bytes([b[0], b[1]]))
            }
        };
        self.by_glyph.get(&gid).copied()
    }
}

/// The font program's built-in encoding (Type1/CFF built-in encodings, a
/// symbolic TrueType's (3,0) cmap), read the first time a code only it can
/// decode is shown: decompressing the program is the dearest part of loading
/// a font, and most fonts never need it.
struct LazyProgram {
    descriptor: Dictionary,
    /// Codes with neither a ToUnicode entry nor a `/Differences` name.
    codes: Box<[bool; 256]>,
    builtin: std::cell::OnceCell<Option<Box<[Option<String>]>>>,
}

enum Kind {
    /// Unicode text and width for each of the 256 codes (for codes the
    /// program decodes, the text without it).
    Simple {
        text: Box<[Box<str>]>,
        widths: Box<[f32]>,
        program: Option<Box<LazyProgram>>,
    },
    Cid(Box<CidFont>),
}

/// A font ready for decoding show-text strings.
pub(crate) struct Font {
    pub(crate) index: u32,
    kind: Kind,
    to_unicode: Option<EmbeddedCMap>,
    pub(crate) ascent: f32,
    pub(crate) descent: f32,
    pub(crate) vertical: bool,
}

impl Font {
    /// Decodes the code at the start of `bytes` (which must not be empty).
    pub(crate) fn decode<'a>(&'a self, bytes: &[u8]) -> Decoded<'a> {
        match &self.kind {
            Kind::Simple {
                text,
                widths,
                program,
            } => {
                let code = usize::from(bytes[0]);
                let from_program = program
                    .as_ref()
                    .filter(|p| p.codes[code])
                    .and_then(|p| p.builtin.get()?.as_ref()?[code].as_deref());
                Decoded {
                    len: 1,
                    text: Cow::Borrowed(from_program.unwrap_or(&text[code])),
                    width: widths[code],
                    is_space: code == 32,
                }
            }
            Kind::Cid(cid) => self.decode_cid(cid, bytes),
        }
    }

    /// Reads the font program's built-in encoding if `code` needs it and it
    /// has not been read yet; returns how many codes it decodes when it was
    /// read now.
    pub(crate) fn load_program_for(&self, pdf: &Pdf, code: u8) -> Option<usize> {
        let Kind::Simple {
            program: Some(p), ..
        } = &self.kind
        else {
            return None;
        };
        if !p.codes[usize::from(code)] || p.builtin.get().is_some() {
            return None;
        }
        let builtin = fontfile::program(pdf, Some(&p.descriptor))
            .map(|prog| fontfile::simple_program(&prog).builtin)
            .filter(|b| b.iter().any(Option::is_some));
        let n = builtin.as_ref().map_or(0, |b| {
            (0..256).filter(|&i| p.codes[i] && b[i].is_some()).count()
        });
        let _ = p.builtin.set(builtin.map(Vec::into_boxed_slice));
        Some(n)
    }

    fn decode_cid<'a>(&'a self, font: &'a CidFont, bytes: &[u8]) -> Decoded<'a> {
        let len = match (&font.source, font.split) {
            (CidSource::Embedded(m), _) if m.has_codespace() => m.code_len(bytes),
            (_, Some(kind)) => kind.code_len(bytes),
            _ => match &self.to_unicode {
                Some(m) if m.has_codespace() => m.code_len(bytes),
                _ => 2.min(bytes.len()),
            },
        };
        let raw = &bytes[..len];
        let code = raw.iter().fold(0u32, |a, &b| a << 8 | u32::from(b));
        let cid = match &font.source {
            CidSource::Identity => Some(code),
            CidSource::Predefined(m) => m.cid(code, len as u8),
            CidSource::Embedded(m) => m.cid(code),
        }
        .unwrap_or(0);
        let text = self
            .to_unicode
            .as_ref()
            .and_then(|m| m.unicode(code))
            .filter(|t| !t.is_empty())
            .or_else(|| font.split.and_then(|k| k.unicode(raw)).map(Cow::Owned))
            .or_else(|| {
                let m = font.cid_to_unicode.as_ref()?;
                cmap::cid_unicode(m, cid).map(Cow::Owned)
            })
            .or_else(|| {
                let c = font.glyph_unicode.as_ref()?.unicode(cid)?;
                Some(Cow::Owned(c.to_string()))
            })
            .unwrap_or(Cow::Borrowed(UNDECODABLE));
        let width = lookup_width(&font.widths, cid).unwrap_or(font.default_width);
        Decoded {
            len,
            text,
            width,
            is_space: len == 1 && code == 32,
        }
    }
}

fn lookup_width(widths: &[(u32, u32, f32)], cid: u32) -> Option<f32> {
    let i = widths.partition_point(|w| w.0 <= cid).checked_sub(1)?;
    let (_, last, w) = widths[i];
    (cid <= last).then_some(w)
}

/// Builds a font from its dictionary; also returns its report.
pub(crate) fn load_font(
    pdf: &Pdf,
    dict: &Dictionary,
    res_name: &[u8],
    index: u32,
) -> (Font, FontReport) {
    let subtype = pdf.name(dict, b"Subtype").unwrap_or(b"Type1");
    let base_font = pdf
        .name(dict, b"BaseFont")
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_else(|| String::from_utf8_lossy(res_name).into_owned());
    let to_unicode = pdf
        .stream_of(dict, b"ToUnicode")
        .map(|d| EmbeddedCMap::parse(&d))
        .filter(EmbeddedCMap::has_unicode);
    let mut report = FontReport {
        name: base_font,
        subtype: String::from_utf8_lossy(subtype).into_owned(),
        encoding: String::new(),
        decoding: String::new(),
    };
    let font = if subtype == b"Type0" {
        load_type0(pdf, dict, to_unicode, index, &mut report)
    } else {
        load_simple(pdf, dict, subtype, to_unicode, index, &mut report)
    };
    (font, report)
}

/// (ascent, descent) in em from a font descriptor, with a sane fallback.
fn vertical_extent(pdf: &Pdf, descriptor: Option<&Dictionary>, scale: f32) -> (f32, f32) {
    let Some(d) = descriptor else {
        return (FALLBACK_ASCENT, FALLBACK_DESCENT);
    };
    let ascent = pdf.number(d, b"Ascent").unwrap_or(0.0) * scale;
    let descent = pdf.number(d, b"Descent").unwrap_or(0.0) * scale;
    let descent = if descent > 0.0 { -descent } else { descent };
    let height = ascent - descent;
    if ascent <= 0.0 || !(0.5..=2.0).contains(&height) {
        (FALLBACK_ASCENT, FALLBACK_DESCENT)
    } else {
        (ascent, descent)
    }
}

fn load_simple(
    pdf: &Pdf,
    dict: &Dictionary,
    subtype: &[u8],
    to_unicode: Option<EmbeddedCMap>,
    index: u32,
    report: &mut FontReport,
) -> Font {
    let type3_matrix = (subtype == b"Type3").then(|| {
        pdf.numbers(dict, b"FontMatrix")
            .and_then(|m| <[f32; 6]>::try_from(m.as_slice()).ok())
            .unwrap_or([0.001, 0.0, 0.0, 0.001, 0.0, 0.0])
    });
    let width_scale = type3_matrix.map_or(0.001, |m| m[0]);
    let descriptor = pdf.dict(dict, b"FontDescriptor");

    let enc = simple_encoding(pdf, dict, descriptor);
    report.encoding = enc.label.clone();
    // The font program's own encoding stands in where the PDF names no base
    // encoding (Type1/CFF built-in encodings, a symbolic TrueType's (3,0) cmap).
    // Codes the font can show are FirstChar..=LastChar; when ToUnicode maps
    // them all, the program is not needed. Otherwise it is read the first
    // time a code only it decodes is shown (see `LazyProgram`).
    let first = pdf
        .number(dict, b"FirstChar")
        .map_or(0, |f| f.clamp(0.0, 255.0) as u32);
    let last = pdf
        .number(dict, b"LastChar")
        .map_or(255, |l| l.clamp(0.0, 255.0) as u32);
    let covered = to_unicode
        .as_ref()
        .is_some_and(|m| (first..=last).all(|c| m.unicode(c).is_some_and(|t| !t.is_empty())));
    let uses_program = !(enc.explicit_base || type3_matrix.is_some() || covered);
    let mut program_codes = Box::new([false; 256]);

    let mut text: Vec<Box<str>> = Vec::with_capacity(256);
    let mut from_tu = 0usize;
    for code in 0..=255u8 {
        let i = usize::from(code);
        let tu = to_unicode
            .as_ref()
            .and_then(|m| m.unicode(u32::from(code)))
            .filter(|t| !t.is_empty());
        if tu.is_some() {
            from_tu += 1;
        }
        if tu.is_none() && enc.differences[i].is_none() {
            program_codes[i] = uses_program;
        }
        let s = tu
            .map(Cow::into_owned)
            .or_else(|| enc.differences[i].clone())
            .or_else(|| {
                // Type3 fonts have no standard base: their codes are read as Latin-1.
                let base = if type3_matrix.is_some() && !enc.explicit_base {
                    None
                } else {
                    enc.base.char(code)
                };
                base.or_else(|| latin1_printable(code)).map(String::from)
            })
            .unwrap_or_else(|| UNDECODABLE.to_string());
        text.push(s.into_boxed_str());
    }
    report.decoding = if from_tu > 0 {
        format!("ToUnicode ({from_tu} codes), else {}", report.encoding)
    } else {
        report.encoding.clone()
    };
    let program = descriptor
        .filter(|_| program_codes.iter().any(|&c| c))
        .map(|d| {
            Box::new(LazyProgram {
                descriptor: d.clone(),
                codes: program_codes,
                builtin: std::cell::OnceCell::new(),
            })
        });

    let widths = simple_widths(pdf, dict, descriptor, width_scale);
    let (ascent, descent) = match type3_matrix {
        Some(m) => type3_extent(pdf, dict, m),
        None => vertical_extent(pdf, descriptor, 0.001),
    };
    Font {
        index,
        kind: Kind::Simple {
            text: text.into_boxed_slice(),
            widths,
            program,
        },
        to_unicode,
        ascent,
        descent,
        vertical: false,
    }
}

/// A simple font's `/Encoding`, read.
struct SimpleEncoding {
    base: BaseEncoding,
    /// The PDF names the base encoding (else the font program's built-in one applies).
    explicit_base: bool,
    /// `/Differences` names resolved to Unicode.
    differences: Vec<Option<String>>,
    label: String,
}

/// Printable Latin-1 (the last reading of a code no encoding defines).
fn latin1_printable(code: u8) -> Option<char> {
    matches!(code, 0x20..=0x7E | 0xA0..=0xFF).then(|| char::from(code))
}

/// Base encoding, `/Differences` names resolved to Unicode, and a label.
fn simple_encoding(
    pdf: &Pdf,
    dict: &Dictionary,
    descriptor: Option<&Dictionary>,
) -> SimpleEncoding {
    let symbolic = descriptor
        .and_then(|d| pdf.number(d, b"Flags"))
        .is_some_and(|f| (f as u32) & 4 != 0);
    let font_name = pdf.name(dict, b"BaseFont").unwrap_or(b"");
    let default = if font_name.ends_with(b"Symbol") {
        BaseEncoding::Symbol
    } else if font_name.ends_with(b"Dingbats") {
        BaseEncoding::ZapfDingbats
    } else {
        BaseEncoding::Standard
    };
    let mut differences: Vec<Option<String>> = vec![None; 256];
    let (base, explicit_base, label) = match pdf.get(dict, b"Encoding") {
        Some(Object::Name(n)) => {
            let b = BaseEncoding::from_name(n);
            (
                b.unwrap_or(default),
                b.is_some(),
                String::from_utf8_lossy(n).into_owned(),
            )
        }
        Some(Object::Dictionary(e)) => {
            let named = pdf
                .name(e, b"BaseEncoding")
                .and_then(BaseEncoding::from_name);
            let b = named.unwrap_or(default);
            let count = read_differences(pdf, e, &mut differences);
            let base_label = if named.is_some() {
                b.label()
            } else {
                "Builtin"
            };
            (
                b,
                named.is_some(),
                format!("{base_label}+Differences({count})"),
            )
        }
        _ => (
            default,
            false,
            if symbolic {
                "Builtin (symbolic)"
            } else {
                "Builtin"
            }
            .to_string(),
        ),
    };
    SimpleEncoding {
        base,
        explicit_base,
        differences,
        label,
    }
}

fn read_differences(pdf: &Pdf, enc: &Dictionary, out: &mut [Option<String>]) -> usize {
    let mut code = 0usize;
    let mut count = 0;
    for item in pdf.array(enc, b"Differences").unwrap_or(&[]) {
        match pdf.resolve(item) {
            Object::Integer(i) => code = usize::try_from(*i).unwrap_or(256),
            Object::Name(n) => {
                if let Some(slot) = out.get_mut(code) {
                    *slot = glyph_name_to_unicode(n);
                    count += 1;
                }
                code = code.saturating_add(1);
            }
            _ => {}
        }
    }
    count
}

fn simple_widths(
    pdf: &Pdf,
    dict: &Dictionary,
    descriptor: Option<&Dictionary>,
    scale: f32,
) -> Box<[f32]> {
    let missing = descriptor
        .and_then(|d| pdf.number(d, b"MissingWidth"))
        .filter(|w| *w > 0.0)
        .map_or(FALLBACK_WIDTH, |w| w * scale);
    let mut widths = vec![missing; 256];
    if let Some(list) = pdf.array(dict, b"Widths") {
        let first = pdf.number(dict, b"FirstChar").unwrap_or(0.0).max(0.0) as usize;
        for (i, w) in list.iter().enumerate() {
            if let (Some(slot), Some(w)) =
                (widths.get_mut(first.saturating_add(i)), pdf.as_number(w))
            {
                *slot = w * scale;
            }
        }
    } else if let Some(std) = super::std_widths::lookup(pdf.name(dict, b"BaseFont").unwrap_or(b""))
    {
        for (slot, w) in widths.iter_mut().zip(std.iter()) {
            if *w > 0 {
                *slot = f32::from(*w) * 0.001;
            }
        }
    }
    widths.into_boxed_slice()
}

fn type3_extent(pdf: &Pdf, dict: &Dictionary, m: [f32; 6]) -> (f32, f32) {
    let bbox = pdf.numbers(dict, b"FontBBox").unwrap_or_default();
    if let [_, lly, _, ury] = bbox.as_slice() {
        let (a, d) = (ury * m[3], lly * m[3]);
        if a > 0.0 && (0.5..=2.0).contains(&(a - d)) {
            return (a, d.min(0.0));
        }
    }
    (FALLBACK_ASCENT, FALLBACK_DESCENT)
}

fn load_type0(
    pdf: &Pdf,
    dict: &Dictionary,
    to_unicode: Option<EmbeddedCMap>,
    index: u32,
    report: &mut FontReport,
) -> Font {
    let descendant = pdf
        .array(dict, b"DescendantFonts")
        .and_then(|a| a.first())
        .and_then(|o| match pdf.resolve(o) {
            Object::Dictionary(d) => Some(d),
            _ => None,
        });
    let empty = Dictionary::new();
    let desc = descendant.unwrap_or(&empty);
    if let Some(sub) = pdf.name(desc, b"Subtype") {
        report.subtype = format!("Type0/{}", String::from_utf8_lossy(sub));
    }

    let (split, source, vertical) = match pdf.get(dict, b"Encoding") {
        Some(Object::Name(n)) => {
            report.encoding = String::from_utf8_lossy(n).into_owned();
            let kind = PredefinedKind::from_name(n);
            let source = match kind {
                PredefinedKind::Identity => CidSource::Identity,
                _ => cmap::load_predefined(n)
                    .map(CidSource::Predefined)
                    .unwrap_or(CidSource::Identity),
            };
            (Some(kind), source, n.ends_with(b"-V"))
        }
        Some(Object::Stream(s)) => {
            report.encoding = "embedded CMap".to_string();
            let m = pdf
                .stream_data(s)
                .map(|d| EmbeddedCMap::parse(&d))
                .unwrap_or_default();
            let vertical = m.vertical;
            let split = m.use_cmap.as_deref().map(PredefinedKind::from_name);
            (split, CidSource::Embedded(m), vertical)
        }
        _ => {
            report.encoding = "Identity-H (assumed)".to_string();
            (Some(PredefinedKind::Identity), CidSource::Identity, false)
        }
    };

    let info = pdf.dict(desc, b"CIDSystemInfo");
    let registry = info.and_then(|i| string_value(pdf, i, b"Registry"));
    let ordering = info.and_then(|i| string_value(pdf, i, b"Ordering"));
    // The CID → Unicode table is large: load it only when nothing else decodes.
    let needs_cid_table = to_unicode.is_none() && split.is_none_or(|k| !k.has_unicode());
    let cid_to_unicode = match (&registry, &ordering) {
        (Some(r), Some(o)) if needs_cid_table => cmap::load_cid_to_unicode(r, o),
        _ => None,
    };
    let glyph_unicode = if needs_cid_table && cid_to_unicode.is_none() {
        glyph_unicode(pdf, desc)
    } else {
        None
    };
    report.decoding = match &glyph_unicode {
        Some(g) => format!(
            "{}: the embedded font's cmap ({} glyphs)",
            report.encoding,
            g.by_glyph.len()
        ),
        None => decoding_label(
            &to_unicode,
            split,
            &cid_to_unicode,
            &report.encoding,
            &ordering,
        ),
    };

    let (widths, default_width) = cid_widths(pdf, desc);
    let (ascent, descent) = vertical_extent(pdf, pdf.dict(desc, b"FontDescriptor"), 0.001);
    Font {
        index,
        kind: Kind::Cid(Box::new(CidFont {
            split,
            source,
            widths,
            default_width,
            cid_to_unicode,
            glyph_unicode,
        })),
        to_unicode,
        ascent,
        descent,
        vertical,
    }
}

/// The inverted `cmap` of a CIDFont's embedded TrueType/OpenType program.
fn glyph_unicode(pdf: &Pdf, desc: &Dictionary) -> Option<GlyphUnicode> {
    let program = fontfile::program(pdf, pdf.dict(desc, b"FontDescriptor"))?;
    let fontfile::Program::Sfnt(data) = program else {
        return None;
    };
    let by_glyph = fontfile::sfnt_glyph_unicodes(&data);
    if by_glyph.is_empty() {
        return None;
    }
    let cid_to_gid = match pdf.get(desc, b"CIDToGIDMap") {
        Some(Object::Stream(s)) => Some(pdf.stream_data(s).ok()?),
        _ => None,
    };
    Some(GlyphUnicode {
        by_glyph,
        cid_to_gid,
    })
}

fn string_value(pdf: &Pdf, dict: &Dictionary, key: &[u8]) -> Option<Vec<u8>> {
    match pdf.get(dict, key)? {
        Object::String(s, _) => Some(s.clone()),
        Object::Name(n) => Some(n.clone()),
        _ => None,
    }
}

fn decoding_label(
    to_unicode: &Option<EmbeddedCMap>,
    split: Option<PredefinedKind>,
    cid_to_unicode: &Option<std::sync::Arc<hayro_cmap::CMap>>,
    encoding: &str,
    ordering: &Option<Vec<u8>>,
) -> String {
    if to_unicode.is_some() {
        return format!("ToUnicode ({encoding} codes)");
    }
    match split {
        Some(k) if k.has_unicode() => {
            format!("{encoding} via {}", k.label())
        }
        _ => match (cid_to_unicode, ordering) {
            (Some(_), Some(o)) => format!(
                "{encoding} CIDs via Adobe-{}-UCS2",
                String::from_utf8_lossy(o)
            ),
            _ => format!("{encoding}: no Unicode mapping"),
        },
    }
}

/// `/W` as sorted ranges and `/DW`, both in em.
fn cid_widths(pdf: &Pdf, desc: &Dictionary) -> (Vec<(u32, u32, f32)>, f32) {
    let default = pdf.number(desc, b"DW").unwrap_or(1000.0) * 0.001;
    let mut out = Vec::new();
    let items = pdf.array(desc, b"W").unwrap_or(&[]);
    let mut i = 0;
    while i < items.len() {
        let Some(first) = pdf.as_number(&items[i]).map(|f| f.max(0.0) as u32) else {
            i += 1;
            continue;
        };
        match items.get(i + 1).map(|o| pdf.resolve(o)) {
            Some(Object::Array(ws)) => {
                for (k, w) in ws.iter().enumerate() {
                    if let Some(w) = pdf.as_number(w) {
                        let cid = first.saturating_add(k as u32);
                        out.push((cid, cid, w * 0.001));
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = pdf.as_number(o).map_or(first, |l| l.max(0.0) as u32);
                if let Some(w) = items.get(i + 2).and_then(|w| pdf.as_number(w)) {
                    out.push((first, last.max(first), w * 0.001));
                }
                i += 3;
            }
            None => break,
        }
    }
    out.sort_unstable_by_key(|w| w.0);
    (out, default)
}
