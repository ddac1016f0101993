//! Every kind of page a person can read (samples/pages, made by
//! scripts/gen-pages.py from one generated form): a text layer whose fonts
//! lost /ToUnicode, text as outlines, bilevel CCITT G4 and JBIG2 scans, a
//! JPEG 2000 scan, a scan shown upright by /Rotate, scans stored sideways or
//! upside down with no /Rotate, a 100 dpi skewed scan. One read per class, scored by
//! `evalform score`; and the renderer's pixels against the scan's own.

use crate::common;

use std::path::{Path, PathBuf};

use common::{bin, extract_ok, score, scratch};

fn pages_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/pages")
}

fn sample(kind: &str) -> PathBuf {
    pages_dir().join(format!("proj-lygtnt-2022.{kind}.pdf"))
}

fn models_present() -> bool {
    crate::need::ocr_models().is_some()
}

/// Extracts the `kind` sample, scores it, and checks at least `min_pct` of
/// fields; returns its JSON document.
fn read_and_score(kind: &str, min_pct: usize) -> serde_json::Value {
    let out = scratch(&format!("pages-{kind}"));
    let stem = format!("proj-lygtnt-2022.{kind}");
    extract_ok(&[], &sample(kind), &out.join(format!("{stem}.json")));
    let (docs, report) = score(&pages_dir().join("manifest.json"), &out, Some(&stem));
    let d = docs
        .iter()
        .find(|d| d.name == stem)
        .unwrap_or_else(|| panic!("{stem} scored\n{report}"));
    assert!(
        d.ok * 100 >= d.total * min_pct,
        "{kind}: {}/{} fields\n{report}",
        d.ok,
        d.total
    );
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join(format!("{stem}.json"))).unwrap()).unwrap();
    assert_eq!(doc["source"]["kind"], "ocr", "{kind} was read with OCR");
    doc
}

/// `source.pages_read`: every page by OCR, each reason containing `reason`.
fn assert_read_by_ocr(doc: &serde_json::Value, reason: &str) {
    let pages = doc["source"]["pages_read"].as_array().expect("pages_read");
    assert_eq!(pages.len(), 2, "{pages:?}");
    for (i, p) in pages.iter().enumerate() {
        assert_eq!(p["page"], i + 1);
        assert_eq!(p["via"], "ocr");
        assert!(
            p["reason"].as_str().is_some_and(|r| r.contains(reason)),
            "{p}"
        );
    }
}

#[test]
fn lost_to_unicode_is_rejected_and_read_by_ocr() {
    if !models_present() {
        return;
    }
    let doc = read_and_score("tounicode", 95);
    assert_read_by_ocr(&doc, "no Unicode");
    let rejected = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "text_layer_rejected")
        .count();
    assert_eq!(rejected, 2, "one warning per rejected page");
}

#[test]
fn undecodable_text_layer_without_ocr_fails_saying_why() {
    for kind in ["tounicode", "outlines"] {
        let result = bin()
            .args(["extract", "--ocr", "never"])
            .arg(sample(kind))
            .output()
            .expect("evalform runs");
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(!result.status.success(), "{kind} exits non-zero");
        assert!(result.stdout.is_empty(), "{kind}: nothing emitted");
        assert!(
            stderr.contains("text layer") && stderr.contains("--ocr never"),
            "{kind}: {stderr}"
        );
    }
}

/// Each kind of page OCR must read: its sample, the share of fields it must
/// get right (percent), and what each page's `pages_read` reason says
/// (`None`: not checked).
const OCR_PAGES: &[(&str, usize, Option<&str>)] = &[
    ("outlines", 95, Some("outlines")),
    ("g4", 90, Some("scanned page")),
    // Thresholded from a skewed grey scan: jagged glyphs, rulings in steps,
    // paper grain left as specks.
    ("g4skew", 90, None),
    ("jbig2", 90, None),
    ("jpx", 95, None),
    // Shown upright by /Rotate.
    ("rotate", 95, None),
    // Stored sideways without /Rotate: turned upright.
    ("sideways", 95, None),
    // Upside down and turned right: read upright.
    ("turned", 95, None),
    // Low resolution, skewed.
    ("skew100", 90, None),
];

#[test]
fn every_kind_of_scanned_or_outlined_page_is_read_by_ocr() {
    if !models_present() {
        return;
    }
    let failed: Vec<&str> = OCR_PAGES
        .iter()
        .filter(|&&(kind, min_pct, reason)| {
            std::panic::catch_unwind(|| {
                let doc = read_and_score(kind, min_pct);
                if let Some(reason) = reason {
                    assert_read_by_ocr(&doc, reason);
                }
            })
            .is_err()
        })
        .map(|&(kind, _, _)| kind)
        .collect();
    assert!(failed.is_empty(), "not read as they must be: {failed:?}");
}

/// The renderer draws a bilevel scan at its own resolution with the scan's
/// own pixels (so OCR of the rendering is OCR of the scan), and keeps within
/// its pixel caps.
#[cfg(feature = "ocr")]
#[test]
fn rendered_bilevel_scan_has_the_scans_pixels_and_obeys_the_caps() {
    use evalform::extract::Limits;
    use evalform::render::PageRenderer;
    use evalform::source::read_pages;

    let bytes = std::fs::read(sample("g4")).unwrap();
    let limits = Limits::default();
    let pdf = read_pages(&bytes, &limits).expect("reads");
    let page = &pdf.pages[0];
    let img = &page.images[0];
    let renderer = PageRenderer::open(bytes.clone().into(), &limits).expect("opens");
    assert_eq!(renderer.page_count(), 2);
    let rendered = renderer
        .render(page, 200.0)
        .expect("renders")
        .image
        .to_luma8();
    // Drawn at the scan's own resolution: the scan's pixel grid.
    assert_eq!(rendered.dimensions(), (img.width, img.height));
    let ink = rendered.pixels().filter(|p| p.0[0] < 128).count();
    let all = rendered.len();
    assert!(
        ink > 10_000 && ink < all / 5,
        "{ink} ink pixels of {all}: a printed form is some ink, mostly paper"
    );

    let small = Limits {
        max_page_pixels: 500_000,
        ..Limits::default()
    };
    let capped = PageRenderer::open(bytes.clone().into(), &small).unwrap();
    let r = capped.render(page, 200.0).expect("renders smaller");
    assert!(u64::from(r.image.width()) * u64::from(r.image.height()) <= 500_000);
    assert!(r.dpi < 200.0);
    let no_big_images = Limits {
        max_image_pixels: 1_000_000,
        ..Limits::default()
    };
    let err = PageRenderer::open(bytes.into(), &no_big_images)
        .unwrap()
        .render(page, 200.0)
        .err()
        .expect("image over the cap");
    assert!(err.to_string().contains("over a limit"), "{err}");
}
