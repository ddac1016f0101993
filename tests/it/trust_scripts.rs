//! Text layers that decode to ordinary writing are trusted, whatever their
//! script: the public-style documents of samples/scripts (made by
//! scripts/gen-scripts.py: an English paper with a ruled table, Chinese prose
//! in simplified and traditional characters, Japanese, Korean, Thai and
//! Russian notices, a filled-in AcroForm) are shown by `inspect --text
//! --ocr never` as they print, and `extract` finds no form in them, never a
//! text layer that "cannot be decoded". Text layers that cannot be decoded
//! are still refused, and `inspect --ocr never` still shows them.

use crate::common;
use crate::extract_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::bin;
use evalform::extract::Limits;
use evalform::source::read_pages;
use evalform::template::Template;
use evalform::trust::{RejectKind, check_document};
use extract_support::*;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/scripts")
}

/// File name → the paragraphs each page prints (from the generator's data).
fn truth() -> BTreeMap<String, Vec<Vec<String>>> {
    let text = std::fs::read_to_string(dir().join("truth.json")).expect("truth.json");
    serde_json::from_str(&text).expect("truth JSON")
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn run(args: &[&str], file: &Path) -> Output {
    bin().args(args).arg(file).output().expect("evalform runs")
}

#[test]
fn the_samples_cover_six_scripts_and_an_acroform() {
    let truth = truth();
    let all: String = truth
        .values()
        .flatten()
        .flatten()
        .map(String::as_str)
        .collect();
    let has =
        |range: std::ops::RangeInclusive<u32>| all.chars().any(|c| range.contains(&(c as u32)));
    for (script, range) in [
        ("Latin", 0x41..=0x7A),
        ("Greek", 0x370..=0x3FF),
        ("Cyrillic", 0x400..=0x4FF),
        ("Thai", 0xE00..=0xE7F),
        ("kana", 0x3040..=0x30FF),
        ("Hangul", 0xAC00..=0xD7A3),
        ("CJK", 0x4E00..=0x9FFF),
    ] {
        assert!(has(range), "no {script} text in the samples");
    }
    assert!(truth.contains_key("acroform-en.pdf"), "{:?}", truth.keys());
    assert!(truth.len() >= 7, "{:?}", truth.keys());
}

#[test]
fn every_page_passes_the_trust_check() {
    let templates = Template::builtin();
    for (name, pages) in truth() {
        let bytes = std::fs::read(dir().join(&name)).expect("sample");
        let pdf = read_pages(&bytes, &Limits::default()).expect("sample reads");
        assert_eq!(pdf.pages.len(), pages.len(), "{name}: pages");
        assert_eq!(check_document(&pdf, &templates), vec![], "{name}");
    }
}

#[test]
fn inspect_text_without_ocr_prints_what_every_page_prints() {
    for (name, pages) in truth() {
        let out = run(&["inspect", "--text", "--ocr", "never"], &dir().join(&name));
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: {stderr}");
        assert!(stderr.is_empty(), "{name}: no note expected: {stderr}");
        let shown: Vec<String> = stdout.split('\u{0C}').map(squeeze).collect();
        for (i, paragraphs) in pages.iter().enumerate() {
            for p in paragraphs {
                assert!(
                    shown[i].contains(&squeeze(p)),
                    "{name} page {}: {p:?} not in\n{}",
                    i + 1,
                    stdout.split('\u{0C}').nth(i).unwrap_or_default()
                );
            }
        }
    }
}

/// `extract` with OCR on (the default) and off: no form found, exit 1.
#[test]
fn extract_finds_no_form_and_never_an_undecodable_layer() {
    for name in truth().keys() {
        for args in [&["extract"][..], &["extract", "--ocr", "never"]] {
            let out = run(args, &dir().join(name));
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{name} {args:?}: {stderr}");
            assert!(out.stdout.is_empty(), "{name}: nothing emitted");
            assert!(
                stderr.contains("no form found"),
                "{name} {args:?}: {stderr}"
            );
            assert!(
                !stderr.contains("cannot be decoded"),
                "{name} {args:?}: {stderr}"
            );
        }
    }
}

fn page_sample(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/pages")
        .join(format!("proj-lygtnt-2022.{kind}.pdf"))
}

#[test]
fn undecodable_layers_stay_refused_and_inspect_still_shows_them() {
    for (kind, reason) in [("tounicode", "no Unicode"), ("outlines", "outlines")] {
        let file = page_sample(kind);
        let out = run(&["extract", "--ocr", "never"], &file);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{kind}: {stderr}");
        assert!(
            stderr.contains("cannot be decoded") && stderr.contains(reason),
            "{kind}: {stderr}"
        );
        let out = run(&["inspect", "--text", "--ocr", "never"], &file);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{kind}: {stderr}");
        assert!(
            stderr.contains("page 1") && stderr.contains(reason),
            "{kind}: a note names the page and why: {stderr}"
        );
        let pages = String::from_utf8_lossy(&out.stdout)
            .matches('\u{0C}')
            .count();
        assert_eq!(pages, 2, "{kind}: both pages shown");
    }
    // The lost /ToUnicode's glyphs are shown as what they are.
    let out = run(
        &["inspect", "--text", "--ocr", "never"],
        &page_sample("tounicode"),
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains('\u{FFFD}'));
}

/// A ruled Chinese table whose text holds none of the forms' labels: a
/// Chinese form under a font that maps glyphs to the wrong ideographs would
/// look so, and is doubted; without OCR it is read as it is, and is no form.
#[test]
fn chinese_table_without_labels_is_doubted_but_no_form_without_ocr() {
    let mut b = PdfBuilder::new();
    let font = type0_font(&mut b, "UniGB-UCS2-H", "GB1", None);
    let rows = [
        "车次 出发站 到达站 开车时间",
        "一二三 北京南 上海虹桥 早上七点",
        "四五六 天津西 济南东 上午九点",
        "七八九 南京南 杭州东 中午十二点",
        "十一二 广州南 深圳北 下午三点",
    ];
    let mut content = String::from("0.5 w ");
    for i in 0..=rows.len() {
        content += &format!("50 {} m 550 {} l S ", 700 - 30 * i, 700 - 30 * i);
    }
    for x in [50, 150, 250, 350, 550] {
        content += &format!("{x} 700 m {x} {} l S ", 700 - 30 * rows.len());
    }
    for (i, row) in rows.iter().enumerate() {
        for (j, cell) in row.split(' ').enumerate() {
            let utf16: Vec<u8> = cell.encode_utf16().flat_map(u16::to_be_bytes).collect();
            content += &format!(
                "BT /F1 10 Tf {} {} Td {} Tj ET ",
                55 + 100 * j,
                680 - 30 * i,
                hex(&utf16)
            );
        }
    }
    b.page(font_resources(font), content.as_bytes());
    let bytes = b.finish();
    let pdf = read_pages(&bytes, &Limits::default()).expect("reads");
    let rejected = check_document(&pdf, &Template::builtin());
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(rejected[0].kind, RejectKind::NoFormLabels);

    let scratch = common::scratch("trust-chinese-table");
    let file = scratch.join("timetable.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let out = run(&["extract", "--ocr", "never"], &file);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no form found"), "{stderr}");
    assert!(!stderr.contains("cannot be decoded"), "{stderr}");
    let out = run(&["inspect", "--text", "--ocr", "never"], &file);
    assert!(out.status.success());
    assert!(squeeze(&String::from_utf8_lossy(&out.stdout)).contains("北京南上海虹桥"));
}
