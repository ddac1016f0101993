//! Build steps:
//!
//! 1. The predefined CMaps of the Chinese encodings (code → CID) are turned
//!    into range tables compiled into the binary. hayro-cmap keeps every
//!    Adobe CMap behind one brotli stream, so reading any of them at run time
//!    first decompresses all of them (about 4 ms: most of reading a form whose
//!    fonts use `UniGB-UCS2-H` or `GBK-EUC-H`). Other CMaps (and the
//!    CID → Unicode tables) still come from the bundle.
//! 2. GB 2312's ideographs as a bit set over the CJK Unified Ideographs
//!    block, for the trust check: decoding its 6,763 codes with encoding_rs
//!    at run time cost about 4% of reading a one-page form.
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

/// The GB 2312 bit set as Rust source: every two-byte code with its lead
/// byte in 0xB0..=0xF7 and its trail byte in 0xA1..=0xFE, decoded as GBK.
fn gb2312_table() -> String {
    const LO: u32 = 0x4E00;
    const HI: u32 = 0x9FFF;
    let codes: Vec<u8> = (0xB0..=0xF7u8)
        .flat_map(|lead| (0xA1..=0xFEu8).flat_map(move |trail| [lead, trail]))
        .collect();
    let (text, _) = encoding_rs::GBK.decode_without_bom_handling(&codes);
    let mut bits = vec![0u64; ((HI - LO) / 64 + 1) as usize];
    for u in text
        .chars()
        .map(u32::from)
        .filter(|u| (LO..=HI).contains(u))
    {
        let i = (u - LO) as usize;
        bits[i / 64] |= 1 << (i % 64);
    }
    let mut src = format!(
        "/// GB 2312's ideographs over U+{LO:04X}..=U+{HI:04X}, one bit each (made by build.rs).\n\
         pub(crate) static GB2312_BITS: [u64; {}] = [",
        bits.len()
    );
    for b in bits {
        write!(src, "{b:#x},").expect("format");
    }
    src.push_str("];\n");
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

    std::fs::write(out.join("gb2312.rs"), gb2312_table()).expect("write table");

    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
