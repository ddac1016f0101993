//! One parse per file per parser (see docs/parsing.md), and one identity per
//! page: a scan (text layer, then OCR of the drawn page), a bundle of forms
//! and a review run each parse their file once with the text parser and at
//! most once with the renderer; a damaged file's pages are drawn by their
//! object reference, never by their position.
#![cfg(feature = "ocr")]

use std::path::{Path, PathBuf};

use evalform::extract::parses::{self, ParseCounts};
use evalform::options::ReadOptions;
use evalform::pipeline;

fn sample(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(rel)
}

/// Runs `f` on this thread from zero counts; the parses it made.
fn parses_of(f: impl FnOnce()) -> ParseCounts {
    parses::reset();
    f();
    parses::counts()
}

#[test]
fn a_scan_is_parsed_once_by_each_parser() {
    if crate::need::ocr_models().is_none() {
        return;
    }
    let path = sample("scans/proj-xddb-2021.scan150.pdf");
    let bytes = std::fs::read(&path).unwrap();
    let opts = ReadOptions::default();
    let templates = pipeline::templates(&opts).unwrap();
    let counts = parses_of(|| {
        let read = pipeline::read_forms(&path, &bytes, &opts, &templates).expect("scan reads");
        assert!(
            read.forms
                .iter()
                .all(|f| f.document.source.kind.as_str() == "ocr"),
            "read by OCR"
        );
    });
    assert_eq!(counts, ParseCounts { text: 1, render: 1 });
}

#[test]
fn a_bundle_is_parsed_once_and_never_drawn() {
    let path = sample("bundles/bundle-mixed.pdf");
    let bytes = std::fs::read(&path).unwrap();
    let opts = ReadOptions::default();
    let templates = pipeline::templates(&opts).unwrap();
    let counts = parses_of(|| {
        let read = pipeline::read_forms(&path, &bytes, &opts, &templates).expect("bundle reads");
        assert!(read.forms.len() >= 2, "{} forms", read.forms.len());
    });
    assert_eq!(counts, ParseCounts { text: 1, render: 0 });
}

#[test]
fn a_review_run_parses_its_file_once_by_each_parser() {
    let path = sample("shared/gz-liwan-yjj-2021.lo.pdf");
    let bytes = std::fs::read(&path).unwrap();
    let opts = ReadOptions::default();
    let templates = pipeline::templates(&opts).unwrap();
    let counts = parses_of(|| {
        let reviews =
            evalform::review::review_bytes(&path, &bytes, &opts, &templates).expect("reviews");
        assert!(!reviews.is_empty());
        assert!(
            reviews
                .iter()
                .all(|r| r.html.contains("data:image/png;base64,")),
            "every page drawn"
        );
    });
    assert_eq!(counts, ParseCounts { text: 1, render: 1 });
}

/// Share of a rendered page's ink in its left, middle and right thirds.
fn ink_thirds(image: &image::GrayImage) -> [usize; 3] {
    let w = image.width();
    let mut thirds = [0; 3];
    for (x, _, p) in image.enumerate_pixels() {
        if p.0[0] < 128 {
            thirds[((x * 3) / w).min(2) as usize] += 1;
        }
    }
    thirds
}

#[test]
fn a_damaged_files_pages_are_drawn_by_their_reference() {
    // Page 1's object is not a dictionary: both parsers skip it, and the
    // renderer's page list starts at page 2.
    let bytes = std::fs::read(sample("parse/broken-first-page.pdf")).unwrap();
    let (source, pdf) = evalform::source::Source::open(bytes, &Default::default()).expect("opens");
    let words: Vec<(u32, String)> = pdf
        .pages
        .iter()
        .map(|p| (p.number, p.glyphs.iter().map(|g| g.text.as_str()).collect()))
        .collect();
    assert_eq!(
        words,
        vec![(2, "Left".to_string()), (3, "Right".to_string())]
    );
    for page in &pdf.pages {
        let image = source.render(page, 72.0).expect("draws").image.to_luma8();
        let [left, middle, right] = ink_thirds(&image);
        let text: String = page.glyphs.iter().map(|g| g.text.as_str()).collect();
        let square_at = if left > middle + right {
            "Left"
        } else if right > left + middle {
            "Right"
        } else {
            "Middle"
        };
        assert_eq!(
            square_at, text,
            "page {}: drawn page is not the read page",
            page.number
        );
    }
}
