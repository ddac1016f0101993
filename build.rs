//! Build steps:
//!
//! 1. The predefined CMaps of the Chinese encodings (code → CID) are turned
//!    into range tables compiled into the binary. hayro-cmap keeps every
//!    Adobe CMap behind one brotli stream, so reading any of them at run time
//!    first decompresses all of them (about 4 ms: most of reading a form whose
//!    fonts use `UniGB-UCS2-H` or `GBK-EUC-H`). Other CMaps (and the
//!    CID → Unicode tables) still come from the bundle.
//! 2. The ideographs and Hangul syllables in everyday use (GB 2312, Big5
//!    level 1, JIS X 0208 level 1, KS X 1001) as bit sets over their Unicode
//!    blocks, for the trust check: decoding their codes with encoding_rs at
//!    run time cost about 4% of reading a one-page form.
//! 3. The `evalform` binary links position-dependent on Linux: a
//!    position-independent one of this size carries about 100,000 relative
//!    relocations that the dynamic loader applies (dirtying their pages) on
//!    every start, about 1.2 ms of CPU. Batch workers start once, but
//!    `evalform extract FILE` starts per file.
use std::fmt::Write as _;

/// Chinese predefined CMaps whose codes are one or two bytes long.
const CHINESE_CMAPS: &[&str] = &[
    "GB-EUC-H",
    "GB-EUC-V",
    "GBK-EUC-H",
    "GBK-EUC-V",
    "GBKp-EUC-H",
    "GBKp-EUC-V",
    "GBpc-EUC-H",
    "GBpc-EUC-V",
    "UniGB-UCS2-H",
    "UniGB-UCS2-V",
];

/// (first key, last key, first CID) runs where consecutive codes map to
/// consecutive CIDs; a key is the code with its byte length in bits 24–31.
fn ranges(map: &hayro_cmap::CMap) -> Vec<(u32, u32, u32)> {
    let codes = (0u32..=0xFF)
        .map(|c| (1u8, c))
        .chain((0u32..=0xFFFF).map(|c| (2u8, c)));
    let mut out: Vec<(u32, u32, u32)> = Vec::new();
    for (len, code) in codes {
        let Some(cid) = map.lookup_cid_code(code, len) else {
            continue;
        };
        let key = u32::from(len) << 24 | code;
        match out.last_mut() {
            Some((first, last, first_cid))
                if *last + 1 == key && *first_cid + (key - *first) == cid =>
            {
                *last = key;
            }
            _ => out.push((key, key, cid)),
        }
    }
    out
}

/// Sets the bits (one per code point of `lo..=hi`) of the characters that
/// the given two-byte codes of `encoding` decode to.
fn bit_set(
    encoding: &'static encoding_rs::Encoding,
    leads: std::ops::RangeInclusive<u8>,
    trails: &[std::ops::RangeInclusive<u8>],
    (lo, hi): (u32, u32),
    bits: &mut [u64],
) {
    let codes: Vec<u8> = leads
        .flat_map(|lead| {
            trails
                .iter()
                .flat_map(|t| t.clone())
                .flat_map(move |trail| [lead, trail])
        })
        .collect();
    let (text, _) = encoding.decode_without_bom_handling(&codes);
    for u in text
        .chars()
        .map(u32::from)
        .filter(|u| (lo..=hi).contains(u))
    {
        let i = (u - lo) as usize;
        bits[i / 64] |= 1 << (i % 64);
    }
}

/// A bit set as a Rust static.
fn bits_source(name: &str, doc: &str, bits: &[u64]) -> String {
    let mut src = format!(
        "/// {doc} (made by build.rs).\npub(crate) static {name}: [u64; {}] = [",
        bits.len()
    );
    for b in bits {
        write!(src, "{b:#x},").expect("format");
    }
    src.push_str("];\n");
    src
}

/// The ideographs in everyday use wherever they are written, over the CJK
/// Unified Ideographs block: GB 2312's (simplified Chinese), Big5's
/// frequently used level 1 (traditional Chinese), JIS X 0208's level 1
/// (Japanese) and KS X 1001's hanja (Korean); and the 2,350 Hangul
/// syllables of KS X 1001 (those Korean text is written in).
fn common_scripts_table() -> String {
    let han = (0x4E00, 0x9FFF);
    let mut ideographs = vec![0u64; ((han.1 - han.0) / 64 + 1) as usize];
    let high = [0xA1..=0xFE];
    bit_set(encoding_rs::GBK, 0xB0..=0xF7, &high, han, &mut ideographs);
    bit_set(
        encoding_rs::BIG5,
        0xA4..=0xC6,
        &[0x40..=0x7E, 0xA1..=0xFE],
        han,
        &mut ideographs,
    );
    bit_set(
        encoding_rs::EUC_JP,
        0xB0..=0xCF,
        &high,
        han,
        &mut ideographs,
    );
    bit_set(
        encoding_rs::EUC_KR,
        0xCA..=0xFD,
        &high,
        han,
        &mut ideographs,
    );
    let hangul = (0xAC00, 0xD7A3);
    let mut syllables = vec![0u64; ((hangul.1 - hangul.0) / 64 + 1) as usize];
    bit_set(
        encoding_rs::EUC_KR,
        0xB0..=0xC8,
        &high,
        hangul,
        &mut syllables,
    );
    let mut src = bits_source(
        "COMMON_IDEOGRAPH_BITS",
        "Ideographs of GB 2312, Big5 level 1, JIS X 0208 level 1 and KS X 1001 over U+4E00..=U+9FFF, one bit each",
        &ideographs,
    );
    src.push_str(&bits_source(
        "KSX1001_HANGUL_BITS",
        "KS X 1001's Hangul syllables over U+AC00..=U+D7A3, one bit each",
        &syllables,
    ));
    src
}

fn main() {
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let mut src = String::from(
        "/// Chinese predefined CMaps as (first key, last key, first CID) runs,\n\
         /// made by build.rs from hayro-cmap's tables.\n\
         pub(crate) static CHINESE_CMAPS: &[(&[u8], CidRuns)] = &[\n",
    );
    for name in CHINESE_CMAPS {
        let load = hayro_cmap::load_embedded;
        let map = load(hayro_cmap::CMapName::from_bytes(name.as_bytes()))
            .and_then(|data| hayro_cmap::CMap::parse(data, load))
            .unwrap_or_else(|| panic!("hayro-cmap has no {name}"));
        let runs = ranges(&map);
        assert!(!runs.is_empty(), "{name} maps no code");
        write!(src, "    (b\"{name}\", &[").expect("format");
        for (a, b, c) in runs {
            write!(src, "({a}, {b}, {c}),").expect("format");
        }
        src.push_str("]),\n");
    }
    src.push_str("];\n");
    std::fs::write(out.join("chinese_cmaps.rs"), src).expect("write table");

    std::fs::write(out.join("common_scripts.rs"), common_scripts_table()).expect("write table");

    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
