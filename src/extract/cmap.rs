//! CMaps: embedded ones (ToUnicode and encoding CMaps, with multi-byte
//! codespaces) and the predefined Chinese ones named by `/Encoding`.

use std::collections::HashMap;
use std::sync::Arc;

use super::lexer::{Lexer, Operand, Token};

/// Largest `bfrange`/`cidrange` expanded entry by entry; wider ones stay ranges.
const MAX_EXPANDED_RANGE: u32 = 256;
/// Most entries read from one embedded CMap (bounds hostile files).
const MAX_CMAP_ENTRIES: usize = 200_000;

/// One `begincodespacerange` entry: byte-wise bounds of codes of one length.
#[derive(Debug, Clone)]
struct CodespaceRange {
    low: Vec<u8>,
    high: Vec<u8>,
}

/// A destination of a wide `bfrange`: UTF-16 units whose last one increments.
#[derive(Debug, Clone)]
struct UnicodeRange {
    low: u32,
    high: u32,
    base: Vec<u16>,
}

/// An embedded CMap, as used for `/ToUnicode` or as a Type0 `/Encoding` stream.
#[derive(Debug, Clone, Default)]
pub(crate) struct EmbeddedCMap {
    codespace: Vec<CodespaceRange>,
    unicode: HashMap<u32, String>,
    unicode_ranges: Vec<UnicodeRange>,
    /// (low, high, first CID), sorted by low after parsing.
    cid_ranges: Vec<(u32, u32, u32)>,
    pub(crate) vertical: bool,
    /// Name given by `/UseCMap`, resolved by the caller if predefined.
    pub(crate) use_cmap: Option<Vec<u8>>,
}

fn code_value(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, &b| acc << 8 | u32::from(b))
}

fn utf16_to_string(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
        .collect();
    String::from_utf16_lossy(&units)
}

impl EmbeddedCMap {
    /// Parses CMap program text. Never fails: unreadable parts are skipped.
    pub(crate) fn parse(data: &[u8]) -> EmbeddedCMap {
        let mut cmap = EmbeddedCMap::default();
        let mut lexer = Lexer::new(data);
        let mut operands: Vec<Operand> = Vec::new();
        let mut entries = 0usize;
        while let Some(token) = lexer.next_token() {
            let op = match token {
                Token::Operand(o) => {
                    if operands.len() < 4096 {
                        operands.push(o);
                    }
                    continue;
                }
                Token::Operator(op) => op,
            };
            match op {
                b"endcodespacerange" => cmap.read_codespace(&operands),
                b"endbfchar" => cmap.read_bfchar(&operands),
                b"endbfrange" => cmap.read_bfrange(&operands),
                b"endcidchar" => cmap.read_cidchar(&operands),
                b"endcidrange" => cmap.read_cidrange(&operands),
                b"def" => cmap.read_def(&operands),
                b"usecmap" => {
                    if let Some(Operand::Name(n)) = operands.last() {
                        cmap.use_cmap = Some(n.clone());
                    }
                }
                _ => {}
            }
            entries += operands.len();
            operands.clear();
            if entries > MAX_CMAP_ENTRIES * 3 {
                break;
            }
        }
        cmap.cid_ranges.sort_unstable_by_key(|r| r.0);
        cmap.unicode_ranges.sort_unstable_by_key(|r| r.low);
        cmap.blank_glyph_as_space();
        cmap
    }

    /// Chromium's PDF writer (Skia) maps each glyph to the lowest code point
    /// the font's own cmap sends to it: a font that draws U+0000–U+0020 with
    /// one blank glyph (the Nanum fonts) gets U+0001 for every space. One
    /// code mapped to a lone control character, in a map of printable text,
    /// is that blank glyph: a space. (A map that gives glyph ids for code
    /// points has many control characters, and keeps them.)
    fn blank_glyph_as_space(&mut self) {
        let lone_control = |s: &String| {
            let mut chars = s.chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if c < ' ')
        };
        let mut controls = self.unicode.iter().filter(|(_, v)| lone_control(v));
        if let (Some((&code, _)), None) = (controls.next(), controls.next())
            && self.unicode.len() > 1
        {
            self.unicode.insert(code, " ".into());
        }
    }

    fn read_def(&mut self, ops: &[Operand]) {
        if let [Operand::Name(k), Operand::Number(v)] = ops
            && k == b"WMode"
        {
            self.vertical = *v == 1.0;
        }
    }

    fn read_codespace(&mut self, ops: &[Operand]) {
        for pair in ops.chunks_exact(2) {
            if let [Operand::Str(lo), Operand::Str(hi)] = pair
                && !lo.is_empty()
                && lo.len() == hi.len()
                && lo.len() <= 4
            {
                self.codespace.push(CodespaceRange {
                    low: lo.clone(),
                    high: hi.clone(),
                });
            }
        }
    }

    fn read_bfchar(&mut self, ops: &[Operand]) {
        for pair in ops.chunks_exact(2) {
            match pair {
                [Operand::Str(src), Operand::Str(dst)] => {
                    self.unicode.insert(code_value(src), utf16_to_string(dst));
                }
                [Operand::Str(src), Operand::Name(name)] => {
                    if let Some(u) = super::encoding::glyph_name_to_unicode(name) {
                        self.unicode.insert(code_value(src), u);
                    }
                }
                _ => {}
            }
        }
    }

    fn read_bfrange(&mut self, ops: &[Operand]) {
        for triple in ops.chunks_exact(3) {
            let [Operand::Str(lo), Operand::Str(hi), dst] = triple else {
                continue;
            };
            let (low, high) = (code_value(lo), code_value(hi));
            if high < low || self.unicode.len() > MAX_CMAP_ENTRIES {
                continue;
            }
            match dst {
                Operand::Str(base) if base.len() >= 2 => {
                    let mut units: Vec<u16> = base
                        .chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                        .collect();
                    if high - low < MAX_EXPANDED_RANGE {
                        for code in low..=high {
                            self.unicode.insert(code, String::from_utf16_lossy(&units));
                            if let Some(last) = units.last_mut() {
                                *last = last.wrapping_add(1);
                            }
                        }
                    } else {
                        self.unicode_ranges.push(UnicodeRange {
                            low,
                            high,
                            base: units,
                        });
                    }
                }
                Operand::Array(items) => {
                    for (code, item) in (low..=high).zip(items) {
                        if let Operand::Str(d) = item {
                            self.unicode.insert(code, utf16_to_string(d));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn read_cidchar(&mut self, ops: &[Operand]) {
        for pair in ops.chunks_exact(2) {
            if let [Operand::Str(src), Operand::Number(cid)] = pair {
                let code = code_value(src);
                self.cid_ranges.push((code, code, *cid as u32));
            }
        }
    }

    fn read_cidrange(&mut self, ops: &[Operand]) {
        for triple in ops.chunks_exact(3) {
            if let [Operand::Str(lo), Operand::Str(hi), Operand::Number(cid)] = triple
                && self.cid_ranges.len() < MAX_CMAP_ENTRIES
            {
                self.cid_ranges
                    .push((code_value(lo), code_value(hi), *cid as u32));
            }
        }
    }

    pub(crate) fn has_codespace(&self) -> bool {
        !self.codespace.is_empty()
    }

    pub(crate) fn has_unicode(&self) -> bool {
        !self.unicode.is_empty() || !self.unicode_ranges.is_empty()
    }

    /// Length in bytes of the code starting at `bytes` (at least 1).
    pub(crate) fn code_len(&self, bytes: &[u8]) -> usize {
        let mut shortest = usize::MAX;
        for n in 1..=4.min(bytes.len()) {
            for r in &self.codespace {
                if r.low.len() == n
                    && bytes[..n]
                        .iter()
                        .zip(r.low.iter().zip(&r.high))
                        .all(|(b, (lo, hi))| lo <= b && b <= hi)
                {
                    return n;
                }
                shortest = shortest.min(r.low.len());
            }
        }
        shortest.clamp(1, bytes.len().max(1))
    }

    pub(crate) fn unicode(&self, code: u32) -> Option<std::borrow::Cow<'_, str>> {
        if let Some(s) = self.unicode.get(&code) {
            return Some(std::borrow::Cow::Borrowed(s.as_str()));
        }
        let i = self
            .unicode_ranges
            .partition_point(|r| r.low <= code)
            .checked_sub(1)?;
        let r = &self.unicode_ranges[i];
        if code > r.high {
            return None;
        }
        let mut units = r.base.clone();
        let last = units.last_mut()?;
        *last = last.wrapping_add((code - r.low) as u16);
        Some(std::borrow::Cow::Owned(String::from_utf16_lossy(&units)))
    }

    pub(crate) fn cid(&self, code: u32) -> Option<u32> {
        let i = self
            .cid_ranges
            .partition_point(|r| r.0 <= code)
            .checked_sub(1)?;
        let (lo, hi, first) = self.cid_ranges[i];
        (code <= hi).then(|| first.saturating_add(code - lo))
    }
}

/// How the bytes of a predefined Chinese CMap are split and read as Unicode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PredefinedKind {
    /// Two-byte codes equal to CIDs.
    Identity,
    /// EUC-CN / GBK bytes (GB-EUC-H, GBK-EUC-H, GBKp-EUC-H).
    Gbk,
    /// GB 18030 bytes (GBK2K-H): one, two or four bytes.
    Gb18030,
    /// UCS-2 big-endian (UniGB-UCS2-H).
    Ucs2,
    /// UTF-16 big-endian (UniGB-UTF16-H).
    Utf16,
    /// Another predefined CMap: codes map to CIDs only.
    Other,
}

impl PredefinedKind {
    pub(crate) fn from_name(name: &[u8]) -> PredefinedKind {
        let base = name
            .strip_suffix(b"-H")
            .or_else(|| name.strip_suffix(b"-V"))
            .unwrap_or(name);
        match base {
            b"Identity" => PredefinedKind::Identity,
            b"GB-EUC" | b"GBK-EUC" | b"GBKp-EUC" | b"GBpc-EUC" | b"GBT-EUC" => PredefinedKind::Gbk,
            b"GBK2K" => PredefinedKind::Gb18030,
            b"UniGB-UCS2" | b"UniCNS-UCS2" | b"UniJIS-UCS2" | b"UniKS-UCS2" => PredefinedKind::Ucs2,
            b"UniGB-UTF16" | b"UniCNS-UTF16" | b"UniJIS-UTF16" | b"UniKS-UTF16" => {
                PredefinedKind::Utf16
            }
            _ => PredefinedKind::Other,
        }
    }

    /// Length in bytes of the code starting at `bytes` (at least 1).
    pub(crate) fn code_len(self, bytes: &[u8]) -> usize {
        let first = bytes.first().copied().unwrap_or(0);
        let n = match self {
            PredefinedKind::Identity | PredefinedKind::Ucs2 | PredefinedKind::Other => 2,
            PredefinedKind::Gbk => {
                if (0x81..=0xfe).contains(&first) {
                    2
                } else {
                    1
                }
            }
            PredefinedKind::Gb18030 => match bytes.get(1) {
                Some(0x30..=0x39) if (0x81..=0xfe).contains(&first) => 4,
                _ if (0x81..=0xfe).contains(&first) => 2,
                _ => 1,
            },
            PredefinedKind::Utf16 => {
                if (0xd8..=0xdb).contains(&first) {
                    4
                } else {
                    2
                }
            }
        };
        n.min(bytes.len()).max(1)
    }

    /// Whether the CMap's codes are themselves a Unicode or GB encoding.
    pub(crate) fn has_unicode(self) -> bool {
        !matches!(self, PredefinedKind::Identity | PredefinedKind::Other)
    }

    /// Unicode text of one code, when the CMap's own encoding says it.
    pub(crate) fn unicode(self, code: &[u8]) -> Option<String> {
        let enc = match self {
            PredefinedKind::Gbk => encoding_rs::GBK,
            PredefinedKind::Gb18030 => encoding_rs::GB18030,
            PredefinedKind::Ucs2 | PredefinedKind::Utf16 => encoding_rs::UTF_16BE,
            PredefinedKind::Identity | PredefinedKind::Other => return None,
        };
        let (text, had_errors) = enc.decode_without_bom_handling(code);
        (!had_errors).then(|| text.into_owned())
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            PredefinedKind::Gbk => "encoding_rs GBK",
            PredefinedKind::Gb18030 => "encoding_rs GB18030",
            PredefinedKind::Ucs2 => "UCS-2",
            PredefinedKind::Utf16 => "UTF-16",
            PredefinedKind::Identity | PredefinedKind::Other => "CID",
        }
    }
}

/// Parsed predefined CMaps, shared by all fonts and documents: parsing one
/// costs far more than decoding a page, and hostile files may name it often.
static PREDEFINED: std::sync::Mutex<CMapCache> = std::sync::Mutex::new(Vec::new());

/// (name, table or `None` when the name is unknown).
type CMapCache = Vec<(Vec<u8>, Option<Arc<hayro_cmap::CMap>>)>;

fn cached(name: &[u8]) -> Option<Arc<hayro_cmap::CMap>> {
    let mut cache = PREDEFINED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, m)) = cache.iter().find(|(n, _)| n == name) {
        return m.clone();
    }
    let parsed = hayro_cmap::load_embedded(hayro_cmap::CMapName::from_bytes(name))
        .and_then(|data| hayro_cmap::CMap::parse(data, hayro_cmap::load_embedded))
        .map(Arc::new);
    // Only real table names reach here more than once; bound it anyway.
    if cache.len() < 64 {
        cache.push((name.to_vec(), parsed.clone()));
    }
    parsed
}

/// (first key, last key, first CID) runs; a key is a code with its byte
/// length in bits 24–31.
type CidRuns = &'static [(u32, u32, u32)];

include!(concat!(env!("OUT_DIR"), "/chinese_cmaps.rs"));

/// A predefined CMap's code → CID mapping.
#[derive(Clone)]
pub(crate) enum Predefined {
    /// A Chinese CMap compiled into the binary (see build.rs).
    Table(CidRuns),
    /// Any other, parsed from hayro-cmap's bundle.
    Parsed(Arc<hayro_cmap::CMap>),
}

impl Predefined {
    /// The CID of a `len`-byte code.
    pub(crate) fn cid(&self, code: u32, len: u8) -> Option<u32> {
        match self {
            Predefined::Table(runs) => {
                let key = u32::from(len) << 24 | code;
                let i = runs.partition_point(|&(_, last, _)| last < key);
                let &(first, _, cid) = runs.get(i).filter(|r| r.0 <= key)?;
                Some(cid + (key - first))
            }
            Predefined::Parsed(m) => m.lookup_cid_code(code, len),
        }
    }
}

/// A predefined CMap (code → CID): the Chinese ones from tables compiled
/// into the binary, others from the embedded Adobe bundle.
pub(crate) fn load_predefined(name: &[u8]) -> Option<Predefined> {
    if let Some((_, runs)) = CHINESE_CMAPS.iter().find(|(n, _)| *n == name) {
        return Some(Predefined::Table(runs));
    }
    cached(name).map(Predefined::Parsed)
}

/// CID → Unicode for an Adobe character collection (e.g. `Adobe-GB1-UCS2`).
pub(crate) fn load_cid_to_unicode(
    registry: &[u8],
    ordering: &[u8],
) -> Option<Arc<hayro_cmap::CMap>> {
    let family = hayro_cmap::CidFamily::from_registry_ordering(registry, ordering);
    cached(family.ucs2_cmap()?.to_bytes())
}

/// Unicode text of a CID via a `*-UCS2` CMap.
pub(crate) fn cid_unicode(map: &hayro_cmap::CMap, cid: u32) -> Option<String> {
    match map.lookup_bf_string(cid)? {
        hayro_cmap::BfString::Char(c) => Some(c.to_string()),
        hayro_cmap::BfString::String(s) => Some(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_chinese_tables_agree_with_the_bundle() {
        assert!(CHINESE_CMAPS.len() >= 10);
        for (name, _) in CHINESE_CMAPS {
            let Some(Predefined::Table(_)) = load_predefined(name) else {
                panic!("{} is not compiled in", String::from_utf8_lossy(name));
            };
            let table = load_predefined(name).expect("table");
            let bundle = cached(name).expect("bundle");
            let codes = (0..=0xFFu32)
                .map(|c| (1, c))
                .chain((0..=0xFFFFu32).step_by(3).map(|c| (2, c)));
            let mut mapped = 0;
            for (len, code) in codes {
                let want = bundle.lookup_cid_code(code, len);
                assert_eq!(table.cid(code, len), want, "{name:?} {len}-byte {code:#x}");
                mapped += usize::from(want.is_some());
            }
            assert!(mapped > 1000, "{name:?} maps only {mapped} codes");
        }
    }

    const TO_UNICODE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Test def /WMode 0 def
2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange
2 beginbfchar <41> <0042> <8001> <2F24> endbfchar
2 beginbfrange <8100> <8102> <4E00> <9000> <9001> [<0041> <00660066>] endbfrange
1 beginbfrange <A000> <AFFF> <5000> endbfrange
endcmap";

    #[test]
    fn mixed_width_codespace_and_ranges() {
        let m = EmbeddedCMap::parse(TO_UNICODE);
        assert_eq!(m.code_len(&[0x41, 0x80]), 1);
        assert_eq!(m.code_len(&[0x80, 0x01]), 2);
        assert_eq!(m.unicode(0x41).as_deref(), Some("B"));
        assert_eq!(m.unicode(0x8001).as_deref(), Some("\u{2F24}"));
        assert_eq!(m.unicode(0x8102).as_deref(), Some("\u{4E02}"));
        assert_eq!(m.unicode(0x9001).as_deref(), Some("ff"));
        assert_eq!(m.unicode(0xA010).as_deref(), Some("\u{5010}"));
        assert_eq!(m.unicode(0xB000), None);
    }

    #[test]
    fn one_code_mapped_to_a_control_character_is_a_blank_glyph() {
        let cmap = |entries: &str| {
            EmbeddedCMap::parse(
                format!(
                    "1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
                     beginbfchar {entries} endbfchar endcmap"
                )
                .as_bytes(),
            )
        };
        // What Chromium writes for a Nanum font's space.
        let m = cmap("<0001> <0001> <0572> <B0B4> <07B9> <BBFC>");
        assert_eq!(m.unicode(1).as_deref(), Some(" "));
        assert_eq!(m.unicode(0x572).as_deref(), Some("\u{B0B4}"));
        // Glyph ids taken for code points: the control characters stay.
        let m = cmap("<0001> <0001> <0002> <0002> <0003> <0003> <0041> <0041>");
        assert_eq!(m.unicode(1).as_deref(), Some("\u{1}"));
        assert_eq!(m.unicode(3).as_deref(), Some("\u{3}"));
    }

    #[test]
    fn gbk_codes_split_and_decode() {
        let k = PredefinedKind::from_name(b"GBK-EUC-H");
        assert_eq!(k, PredefinedKind::Gbk);
        let bytes = "项目A".bytes().collect::<Vec<_>>();
        let (gbk, _, _) = encoding_rs::GBK.encode("项目A");
        assert_eq!(k.code_len(&gbk), 2);
        assert_eq!(k.unicode(&gbk[..2]).as_deref(), Some("项"));
        assert_eq!(k.code_len(&gbk[4..]), 1);
        assert!(!bytes.is_empty());
    }

    #[test]
    fn predefined_tables_load() {
        let gbk = load_predefined(b"GBK-EUC-H").expect("GBK-EUC-H table");
        let (code, _, _) = encoding_rs::GBK.encode("中");
        let cid = gbk.cid(u32::from(code[0]) << 8 | u32::from(code[1]), 2);
        let to_uni = load_cid_to_unicode(b"Adobe", b"GB1").expect("GB1 table");
        assert_eq!(
            cid_unicode(&to_uni, cid.expect("cid")).as_deref(),
            Some("中")
        );
    }
}
