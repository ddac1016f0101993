//! Extractor fidelity: the right characters from the PDFs other tools write
//! (samples in samples/fidelity/, made by scripts/gen-fidelity.py).

use crate::common;
use crate::extract_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use evalform::extract::{Limits, PdfDocument};
use evalform::source::read_pages;
use extract_support::*;
use lopdf::dictionary;

fn fidelity(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/fidelity")
        .join(name)
}

fn read_file(path: &Path) -> PdfDocument {
    let bytes = std::fs::read(path).expect("sample exists");
    read_pages(&bytes, &Limits::default()).expect("sample reads")
}

fn read(bytes: &[u8]) -> PdfDocument {
    read_pages(bytes, &Limits::default()).expect("test PDF reads")
}

fn all_text(doc: &PdfDocument) -> String {
    doc.pages
        .iter()
        .flat_map(|p| p.glyphs.iter())
        .map(|g| g.text.as_str())
        .collect()
}

/// Non-space characters with their counts.
fn multiset(s: &str) -> BTreeMap<char, usize> {
    let mut m = BTreeMap::new();
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

/// Extracts the manifest entries whose file name contains `filter` and
/// returns `evalform score`'s per-document (ok, total).
fn score_sample(filter: &str) -> Vec<(String, usize, usize)> {
    let manifest = fidelity("manifest.json");
    let out = common::scratch(&format!("fidelity-{filter}"));
    let entries: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&manifest).expect("manifest"))
            .expect("manifest JSON");
    for e in &entries {
        let pdf = e["pdf"].as_str().expect("pdf");
        if !pdf.contains(filter) {
            continue;
        }
        let stem = pdf.trim_end_matches(".pdf");
        common::extract_ok(
            &["--ocr", "never"],
            &fidelity(pdf),
            &out.join(format!("{stem}.json")),
        );
    }
    let (docs, report) = common::score(&manifest, &out, Some(filter));
    assert!(!docs.is_empty(), "nothing scored for {filter}: {report}");
    docs.into_iter().map(|d| (d.name, d.ok, d.total)).collect()
}

// ---- Identity-H TrueType without /ToUnicode: the font's own cmap ----

#[test]
fn identity_h_truetype_without_to_unicode_reads_the_embedded_cmap() {
    let stripped = read_file(&fidelity("gz-liwan-yjj-2021.chrome.notounicode.pdf"));
    let original = read_file(&common::shared_samples().join("gz-liwan-yjj-2021.chrome.pdf"));
    let (a, b) = (all_text(&stripped), all_text(&original));
    assert!(!a.contains('\u{FFFD}'), "undecoded glyphs left");
    assert_eq!(
        multiset(&a),
        multiset(&b),
        "same characters as with ToUnicode"
    );
    assert!(
        stripped
            .fonts
            .iter()
            .any(|f| f.decoding.contains("embedded font's cmap")),
        "{:?}",
        stripped.fonts
    );
}

#[test]
fn identity_h_truetype_without_to_unicode_scores_its_fields() {
    for (name, ok, total) in score_sample("notounicode") {
        assert!(ok * 100 >= total * 95, "{name}: {ok}/{total}");
    }
}

// ---- codes no path decodes stay visible as U+FFFD ----

#[test]
fn codes_with_no_unicode_are_replacement_characters_not_dropped() {
    let mut b = PdfBuilder::new();
    // Identity-H, Identity ordering, no ToUnicode, no font program: nothing decodes.
    let font = type0_font(&mut b, "Identity-H", "Identity", None);
    b.page(
        font_resources(font),
        b"BT /F1 10 Tf 50 700 Td <00050006> Tj ET",
    );
    let doc = read(&b.finish());
    assert_eq!(all_text(&doc), "\u{FFFD}\u{FFFD}");
    assert!(doc.fonts[0].decoding.contains("no Unicode"));

    // A ToUnicode that maps a code to nothing, and a control code no encoding
    // defines: neither vanishes, neither is passed off as text.
    let mut b = PdfBuilder::new();
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        1 begincodespacerange <00> <FF> endcodespacerange\n\
        2 beginbfchar <41> <0041> <42> <> endbfchar\n\
        endcmap CMapName currentdict /CMap defineresource pop end end\n";
    let tu = b.stream(dictionary! {}, cmap);
    let font = b.add(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding", "ToUnicode" => tu,
    });
    b.page(
        font_resources(font),
        b"BT /F1 10 Tf 50 700 Td (AB\\001 C) Tj ET",
    );
    let doc = read(&b.finish());
    let texts: Vec<&str> = doc.pages[0]
        .glyphs
        .iter()
        .map(|g| g.text.trim_end_matches(' '))
        .collect();
    // B falls through the empty mapping to WinAnsi; \001 has no reading.
    assert_eq!(texts, ["A", "B", "\u{FFFD}", "", "C"]);
}

#[test]
fn existing_samples_show_no_replacement_characters() {
    let mut dirs = vec![
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/borderless-office"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/scans"),
        common::shared_samples(),
    ];
    dirs.push(fidelity(""));
    let mut seen = 0;
    for dir in dirs {
        for e in std::fs::read_dir(&dir).expect("dir") {
            let p = e.expect("entry").path();
            if p.extension().is_none_or(|x| x != "pdf") {
                continue;
            }
            let Ok(doc) = read_pages(&std::fs::read(&p).expect("read"), &Limits::default()) else {
                continue;
            };
            seen += 1;
            let bad = all_text(&doc).matches('\u{FFFD}').count();
            assert_eq!(bad, 0, "{} shows {bad} U+FFFD", p.display());
        }
    }
    assert!(seen >= 20, "only {seen} samples read");
}

// ---- cross-reference offsets that miss their objects ----

#[test]
fn shifted_xref_offsets_are_rebuilt_by_scanning_so_every_page_reads() {
    let broken = read_file(&fidelity("proj-xddb-2021.lo.xrefshift.pdf"));
    let original =
        read_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/proj-xddb-2021.lo.pdf"));
    assert_eq!(broken.pages.len(), original.pages.len());
    for (a, b) in broken.pages.iter().zip(&original.pages) {
        assert_eq!(a.glyphs.len(), b.glyphs.len(), "page {}", a.number);
        assert_eq!(a.rulings.len(), b.rulings.len(), "page {}", a.number);
    }
    assert_eq!(multiset(&all_text(&broken)), multiset(&all_text(&original)));
    for (name, ok, total) in score_sample("xrefshift") {
        assert!(ok * 100 >= total * 95, "{name}: {ok}/{total}");
    }
}

// ---- fake bold against real doubled glyphs; word spaces ----

const DOUBLED: [&str; 4] = [
    "fill the bill, call Mississippi 1100 2011",
    "http://www.example.org/fill?x=1100",
    "OpenOffice offers efficient office staff",
    "add 0.0011 to all 77 cells; see ll. 11-22",
];

fn text_lines(doc: &PdfDocument) -> Vec<String> {
    evalform::layout::inspect::text(doc)
        .lines()
        .map(|l| l.trim_matches('\u{0C}').trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn real_doubled_letters_stay_in_every_font_and_size() {
    let lines = text_lines(&read_file(&fidelity("latin-doubled.pdf")));
    // Three fonts at three sizes, each line as printed.
    for want in DOUBLED {
        let n = lines.iter().filter(|l| *l == want).count();
        assert_eq!(n, 9, "{want:?} in {lines:#?}");
    }
}

#[test]
fn fake_bold_runs_are_read_once_with_their_doubled_letters() {
    let lines = text_lines(&read_file(&fidelity("latin-fakebold.pdf")));
    assert_eq!(lines, DOUBLED, "each line once, letters intact");
}

#[test]
fn word_spaces_from_narrow_space_glyphs_and_positioning() {
    let lines = text_lines(&read_file(&fidelity("latin-spaces.pdf")));
    for want in [
        "Bug 1552113 - this text should be visible.",
        "Times spaces are a quarter em wide: as wide as the gap rule.",
        "Words placed one by one with Td moves",
    ] {
        assert_eq!(
            lines.iter().filter(|l| *l == want).count(),
            2.min(if want.starts_with("Bug") { 2 } else { 1 }),
            "{want:?} in {lines:#?}"
        );
    }
    assert!(
        lines.iter().any(|l| l == "Kernedtext stayswhole"),
        "{lines:#?}"
    );
}

// ---- simple fonts: Type3 /Differences, built-in encodings, symbolic TrueType ----

#[test]
fn type3_differences_with_and_without_glyph_list_names() {
    let lines = text_lines(&read_file(&fidelity("type3-differences.pdf")));
    assert_eq!(lines[..2], ["àÀâÂäÄ", "àÀâÂäÄ"], "{lines:#?}");
}

#[test]
fn type1_and_cff_programs_give_their_built_in_encoding() {
    for name in ["type1-builtin.pdf", "cff-builtin.pdf"] {
        let doc = read_file(&fidelity(name));
        assert_eq!(text_lines(&doc), ["ÄÖÜß éçÅ"], "{name}");
        assert!(
            doc.fonts[0].decoding.contains("font program's encoding"),
            "{name}: {:?}",
            doc.fonts[0]
        );
    }
}

#[test]
fn symbolic_truetype_reads_its_symbol_cmap() {
    let lines = text_lines(&read_file(&fidelity("truetype-symbolic.pdf")));
    assert_eq!(lines, ["Symbolic café “quoted” • it’s"]);
}

// ---- text in annotations ----

#[test]
fn filled_form_fields_are_read_from_appearances_and_values() {
    let doc = read_file(&fidelity("acroform-filled.pdf"));
    let lines = text_lines(&doc);
    for want in ["Ada Lovelace", "London", "1,234.50"] {
        assert!(lines.iter().any(|l| l == want), "{want:?} in {lines:#?}");
    }
    assert!(
        lines.iter().any(|l| l == "Note: Value without appearance"),
        "{lines:#?}"
    );
    let a = &doc.pages[0].annotations;
    let via: Vec<(&str, &str)> = a
        .iter()
        .map(|a| (a.field.as_deref().unwrap_or(""), a.via.as_str()))
        .collect();
    assert_eq!(
        via,
        [
            ("name", "appearance"),
            ("city", "appearance"),
            ("amount", "appearance"),
            ("note", "value")
        ]
    );
    let report = evalform::layout::inspect::report(&doc);
    assert!(
        report.contains("annotation Widget field \"note\" (via value): Value without appearance"),
        "{report}"
    );
}

#[test]
fn freetext_appearances_are_read_and_hidden_annotations_are_not() {
    let doc = read_file(&fidelity("freetext.pdf"));
    let lines = text_lines(&doc);
    assert_eq!(
        lines,
        ["Page text under a note.", "FreeText: call back on 2 May"]
    );
    assert_eq!(doc.pages[0].annotations.len(), 1);
    assert_eq!(doc.pages[0].annotations[0].subtype, "FreeText");
    // The appearance is placed on the annotation's rectangle.
    let g = doc.pages[0]
        .glyphs
        .iter()
        .find(|g| g.text.starts_with('F'))
        .expect("FreeText glyph");
    assert!((g.x0 - 204.0).abs() < 0.5, "{g:?}");
}
