//! Each font class decodes to the right text, at the right place.

use crate::extract_support;

use evalform::extract::{Limits, Orientation, PdfDocument};
use evalform::source::read_pages;
use extract_support::*;
use lopdf::{Object, dictionary};

fn read(bytes: &[u8]) -> PdfDocument {
    read_pages(bytes, &Limits::default()).expect("test PDF reads")
}

fn page_text(doc: &PdfDocument, page: usize) -> String {
    doc.pages[page]
        .glyphs
        .iter()
        .map(|g| g.text.as_str())
        .collect()
}

fn utf16be(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

#[test]
fn unigb_ucs2_h_without_to_unicode() {
    let mut b = PdfBuilder::new();
    let font = type0_font(&mut b, "UniGB-UCS2-H", "GB1", None);
    let content = format!(
        "BT /F1 12 Tf 100 700 Td {} Tj ET",
        hex(&utf16be("项目支出"))
    );
    b.page(font_resources(font), content.as_bytes());
    let doc = read(&b.finish());
    assert_eq!(page_text(&doc, 0), "项目支出");
    assert!(
        doc.fonts[0].decoding.contains("UCS-2"),
        "{:?}",
        doc.fonts[0]
    );
}

#[test]
fn gbk_euc_h_without_to_unicode_mixes_one_and_two_byte_codes() {
    let mut b = PdfBuilder::new();
    let font = type0_font(&mut b, "GBK-EUC-H", "GB1", None);
    let (gbk, _, _) = encoding_rs::GBK.encode("绩效A1自评");
    let content = format!("BT /F1 10 Tf 50 700 Td {} Tj ET", hex(&gbk));
    b.page(font_resources(font), content.as_bytes());
    let doc = read(&b.finish());
    assert_eq!(page_text(&doc, 0), "绩效A1自评");
    assert!(doc.fonts[0].decoding.contains("GBK"), "{:?}", doc.fonts[0]);
}

#[test]
fn identity_h_with_to_unicode() {
    let mut b = PdfBuilder::new();
    let cmap = to_unicode_cmap(&[(1, "中"), (2, "文"), (3, "ﬁ")], true);
    let tu = b.stream(dictionary! {}, &cmap);
    let font = type0_font(&mut b, "Identity-H", "Identity", Some(tu));
    b.page(
        font_resources(font),
        b"BT /F1 10 Tf 50 700 Td <000100020003> Tj ET",
    );
    let doc = read(&b.finish());
    assert_eq!(page_text(&doc, 0), "中文ﬁ");
    assert!(doc.fonts[0].decoding.starts_with("ToUnicode"));
}

#[test]
fn identity_h_without_to_unicode_uses_adobe_gb1_cids() {
    // The CIDs of two ideographs in Adobe-GB1, taken from the UniGB-UCS2-H CMap.
    let ucs2 = hayro_cmap::CMap::parse(
        hayro_cmap::load_embedded(hayro_cmap::CMapName::from_bytes(b"UniGB-UCS2-H"))
            .expect("table"),
        hayro_cmap::load_embedded,
    )
    .expect("parse");
    let cids: Vec<u32> = "绩效"
        .chars()
        .map(|c| ucs2.lookup_cid_code(c as u32, 2).expect("cid"))
        .collect();
    let bytes: Vec<u8> = cids
        .iter()
        .flat_map(|&c| (c as u16).to_be_bytes())
        .collect();
    let mut b = PdfBuilder::new();
    let font = type0_font(&mut b, "Identity-H", "GB1", None);
    let content = format!("BT /F1 10 Tf 50 700 Td {} Tj ET", hex(&bytes));
    b.page(font_resources(font), content.as_bytes());
    let doc = read(&b.finish());
    assert_eq!(page_text(&doc, 0), "绩效");
    assert!(
        doc.fonts[0].decoding.contains("Adobe-GB1-UCS2"),
        "{:?}",
        doc.fonts[0]
    );
}

#[test]
fn kangxi_radical_in_to_unicode_becomes_ideograph() {
    let mut b = PdfBuilder::new();
    // ⽬ (U+2F6C KANGXI RADICAL EYE) and ⻓ (U+2ED3) instead of 目 and 长.
    let cmap = to_unicode_cmap(&[(1, "项"), (2, "\u{2F6C}"), (3, "\u{2ED3}")], true);
    let tu = b.stream(dictionary! {}, &cmap);
    let font = type0_font(&mut b, "Identity-H", "Identity", Some(tu));
    b.page(
        font_resources(font),
        b"BT /F1 10 Tf 50 700 Td <000100020003> Tj ET",
    );
    let doc = read(&b.finish());
    assert_eq!(page_text(&doc, 0), "项目长");
}

#[test]
fn type3_font_with_to_unicode_and_font_matrix_widths() {
    let mut b = PdfBuilder::new();
    let proc_ = b.stream(dictionary! {}, b"500 0 0 0 500 500 d1 0 0 500 500 re f");
    let tu_data = to_unicode_cmap(&[(1, "表"), (2, "格")], false);
    let tu = b.stream(dictionary! {}, &tu_data);
    let font = b.add(dictionary! {
        "Type" => "Font", "Subtype" => "Type3",
        "FontBBox" => vec![0.into(), 0.into(), 500.into(), 500.into()],
        "FontMatrix" => vec![0.002.into(), 0.into(), 0.into(), 0.002.into(), 0.into(), 0.into()],
        "CharProcs" => dictionary! { "g1" => proc_, "g2" => proc_ },
        "Encoding" => dictionary! { "Type" => "Encoding", "Differences" => vec![1.into(), "g1".into(), "g2".into()] },
        "FirstChar" => 1, "LastChar" => 2, "Widths" => vec![500.into(), 250.into()],
        "Resources" => dictionary! {},
        "ToUnicode" => tu,
    });
    b.page(
        font_resources(font),
        b"BT /F1 10 Tf 100 700 Td <010201> Tj ET",
    );
    let doc = read(&b.finish());
    assert_eq!(page_text(&doc, 0), "表格表");
    let g = &doc.pages[0].glyphs;
    // Width 500 × 0.002 = 1 em = 10 pt; then 250 × 0.002 = 0.5 em = 5 pt.
    assert!((g[1].x0 - g[0].x0 - 10.0).abs() < 0.01, "{g:?}");
    assert!((g[2].x0 - g[1].x0 - 5.0).abs() < 0.01, "{g:?}");
}

#[test]
fn simple_font_differences_and_glyph_names() {
    let mut b = PdfBuilder::new();
    let font = b.add(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Custom",
        "Encoding" => dictionary! {
            "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
            "Differences" => vec![65.into(), "uni9879".into(), "Euro".into(), "f_i".into()],
        },
    });
    b.page(font_resources(font), b"BT /F1 10 Tf 50 700 Td (ABCD) Tj ET");
    let doc = read(&b.finish());
    assert_eq!(page_text(&doc, 0), "项€fiD");
}

#[test]
fn form_xobjects_are_drawn_with_their_matrix_and_cycles_are_ignored() {
    let mut b = PdfBuilder::new();
    let font = simple_font(&mut b);
    let self_ref = b.doc.new_object_id();
    let inner = b.stream(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 600.into(), 800.into()],
            "Resources" => font_resources(font) },
        b"BT /F1 10 Tf 0 0 Td (AB) Tj ET",
    );
    // A form that draws the inner form, then itself (a cycle).
    let outer = lopdf::Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 600.into(), 800.into()],
        "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 100.into(), 200.into()],
        "Resources" => dictionary! { "XObject" => dictionary! { "Inner" => inner, "Outer" => self_ref } } },
        b"/Inner Do /Outer Do".to_vec(),
    );
    b.doc.objects.insert(self_ref, Object::Stream(outer));
    b.page(
        dictionary! { "XObject" => dictionary! { "Fm0" => self_ref } },
        b"q 1 0 0 1 10 20 cm /Fm0 Do Q",
    );
    let doc = read(&b.finish());
    assert_eq!(page_text(&doc, 0), "AB");
    let g = &doc.pages[0].glyphs[0];
    // Origin (110, 220) in user space; page height 800, so baseline y = 580.
    assert!((g.x0 - 110.0).abs() < 0.01, "{g:?}");
    assert!(
        (g.y1 - (580.0 + 1.2)).abs() < 0.05,
        "descent below baseline: {g:?}"
    );
}

#[test]
fn fake_bold_duplicates_are_kept_once() {
    let mut b = PdfBuilder::new();
    let font = simple_font(&mut b);
    b.page(
        font_resources(font),
        b"BT /F1 10 Tf 50 700 Td (Total) Tj ET BT /F1 10 Tf 50.4 700.2 Td (Total) Tj ET BT /F1 10 Tf 50 680 Td (Total) Tj ET",
    );
    let doc = read(&b.finish());
    assert_eq!(page_text(&doc, 0), "TotalTotal");
}

#[test]
fn render_mode_3_text_is_kept_invisible() {
    let mut b = PdfBuilder::new();
    let font = simple_font(&mut b);
    b.page(
        font_resources(font),
        b"BT /F1 10 Tf 3 Tr 50 700 Td (ocr) Tj 0 Tr (ink) Tj ET",
    );
    let doc = read(&b.finish());
    let vis: Vec<bool> = doc.pages[0].glyphs.iter().map(|g| g.visible).collect();
    assert_eq!(vis, [false, false, false, true, true, true]);
}

#[test]
fn spacing_scaling_and_tj_adjustments_move_glyphs() {
    let mut b = PdfBuilder::new();
    let font = simple_font(&mut b);
    // Width 500/1000 em at 10 pt = 5 pt; Tc adds 1; Tw adds 2 after a space;
    // Tz 200 doubles all horizontal advances; TJ -1000 moves 10 pt × 2.
    b.page(
        font_resources(font),
        b"BT /F1 10 Tf 1 Tc 2 Tw 200 Tz 0 700 Td [(A ) -1000 (B)] TJ ET",
    );
    let doc = read(&b.finish());
    let xs: Vec<f32> = doc.pages[0].glyphs.iter().map(|g| g.x0).collect();
    // A at 0; space at (5+1)*2 = 12; B at 12 + (5+1+2)*2 + 20 = 48.
    assert_eq!(xs.len(), 3);
    assert!(
        (xs[1] - 12.0).abs() < 0.01 && (xs[2] - 48.0).abs() < 0.01,
        "{xs:?}"
    );
    let a = &doc.pages[0].glyphs[0];
    assert!(
        (a.x1 - a.x0 - 10.0).abs() < 0.01,
        "box spans the scaled width: {a:?}"
    );
}

#[test]
fn rotated_page_coordinates_are_as_displayed() {
    let mut b = PdfBuilder::new();
    let font = simple_font(&mut b);
    b.page_with(
        font_resources(font),
        b"BT /F1 10 Tf 100 50 Td (A) Tj ET",
        dictionary! { "Rotate" => 90 },
    );
    let doc = read(&b.finish());
    let p = &doc.pages[0];
    assert_eq!((p.width, p.height, p.rotation), (800.0, 600.0, 90));
    let g = &p.glyphs[0];
    // User (100, 50) shows at x = 50 (from the displayed left), y = 100 (from the top).
    assert!(
        g.x0 > 40.0 && g.x1 < 62.0 && g.y0 >= 99.9 && g.y0 < 106.0,
        "{g:?}"
    );
}

#[test]
fn rulings_from_strokes_rectangles_and_thin_fills() {
    let mut b = PdfBuilder::new();
    let content = b"0 g 0 G 1 w 10 10 m 210 10 l S \
        20 100 100 50 re S \
        300 300 200 0.5 re f \
        400 400 0.8 100 re f \
        0 0 600 800 re f \
        1 g 50 500 300 0.5 re f";
    b.page(dictionary! {}, content);
    let doc = read(&b.finish());
    let r = &doc.pages[0].rulings;
    let h = r
        .iter()
        .filter(|r| r.orientation == Orientation::Horizontal)
        .count();
    let v = r
        .iter()
        .filter(|r| r.orientation == Orientation::Vertical)
        .count();
    // Line: 1 H. Stroked rect: 2 H + 2 V. Thin fills: 1 H + 1 V. Page fill and white fill: none.
    assert_eq!((h, v), (4, 3), "{r:?}");
    let line = r
        .iter()
        .find(|r| (r.pos - 790.0).abs() < 0.01)
        .expect("line at y = 800 - 10");
    assert!((line.start - 10.0).abs() < 0.01 && (line.end - 210.0).abs() < 0.01);
}

#[test]
fn images_are_listed_with_object_numbers_and_inline_images_counted() {
    let mut b = PdfBuilder::new();
    let img = b.stream(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 1,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        &[0, 255],
    );
    b.page(
        dictionary! { "XObject" => dictionary! { "Im0" => img } },
        b"q 200 0 0 100 50 600 cm /Im0 Do Q q 10 0 0 10 0 0 cm BI /W 3 /H 1 /CS /G /BPC 8 ID \x01EI\x02 EI Q",
    );
    let doc = read(&b.finish());
    let imgs = &doc.pages[0].images;
    assert_eq!(imgs.len(), 2, "{imgs:?}");
    assert_eq!(
        (imgs[0].object, imgs[0].width, imgs[0].height),
        (img.0, 2, 1)
    );
    assert!((imgs[0].y0 - 100.0).abs() < 0.01 && (imgs[0].x1 - 250.0).abs() < 0.01);
    assert_eq!((imgs[1].object, imgs[1].width), (0, 3));
}

#[test]
fn identity_v_text_runs_down_the_page() {
    let mut b = PdfBuilder::new();
    let cmap = to_unicode_cmap(&[(1, "竖"), (2, "排")], true);
    let tu = b.stream(dictionary! {}, &cmap);
    let font = type0_font(&mut b, "Identity-V", "Identity", Some(tu));
    b.page(
        font_resources(font),
        b"BT /F1 10 Tf 300 700 Td <00010002> Tj ET",
    );
    let doc = read(&b.finish());
    let g = &doc.pages[0].glyphs;
    assert_eq!(page_text(&doc, 0), "竖排");
    // Same column, the second glyph one em (10 pt) lower on the page.
    assert!((g[0].x0 - g[1].x0).abs() < 0.01, "{g:?}");
    assert!((g[1].y0 - g[0].y0 - 10.0).abs() < 0.01, "{g:?}");
    assert!(
        g[0].x0 < 300.0 && g[0].x1 > 300.0,
        "centred on the pen position: {g:?}"
    );
}
