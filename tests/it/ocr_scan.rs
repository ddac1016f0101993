//! OCR of the scanned sample form: image decoding, table lines, and recognised
//! text checked against the truth file. Tests needing the models skip (with a
//! message) when `scripts/fetch-models.sh` has not been run.
#![cfg(feature = "ocr")]

use std::sync::OnceLock;

use evalform::extract::{Orientation, Ruling};
use evalform::ocr::{self, Engine, OcrPage};

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/shared/");

/// Each scanned page of a sample drawn for OCR, with its size in points.
fn scans(name: &str) -> Vec<(image::DynamicImage, f32, f32)> {
    let bytes = std::fs::read(format!("{SAMPLES}{name}")).expect("sample reads");
    let (source, pdf) =
        evalform::source::Source::open(bytes, &Default::default()).expect("sample PDF opens");
    pdf.pages
        .iter()
        .filter(|p| evalform::trust::scan_image(p).is_some())
        .map(|p| {
            let image = ocr::document::page_image(&source, p)
                .expect("scan draws")
                .image;
            (image, p.width, p.height)
        })
        .collect()
}

/// The engine, or `None` (with a message) when the models are not installed.
fn engine() -> Option<&'static Engine> {
    static ENGINE: OnceLock<Option<Engine>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            let dir = crate::need::ocr_models()?;
            Some(Engine::load(&dir).expect("models load"))
        })
        .as_ref()
}

/// OCR of every page of the scan sample, done once per test binary.
fn scan_pages() -> Option<&'static Vec<OcrPage>> {
    static PAGES: OnceLock<Option<Vec<OcrPage>>> = OnceLock::new();
    PAGES
        .get_or_init(|| {
            let engine = engine()?;
            let pages = scans("proj-jbgw-2021.scan.pdf")
                .iter()
                .take(2)
                .map(|(image, w, h)| ocr::ocr_page(image, *w, *h, engine).expect("page OCRs"))
                .collect();
            Some(pages)
        })
        .as_ref()
}

fn all_text(pages: &[OcrPage]) -> String {
    pages
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| l.text.as_str()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn scan_pages_draw_at_the_scans_resolution_in_both_variants() {
    for name in ["proj-jbgw-2021.scan.pdf", "proj-jbgw-2021.ocr.pdf"] {
        let pages = scans(name);
        let (image, w, h) = pages.first().expect("page 1 has a scan");
        assert_eq!((image.width(), image.height()), (1754, 1241), "{name}");
        assert!(
            (w - 841.92).abs() < 0.1 && (h - 595.68).abs() < 0.1,
            "{name}: {w}x{h}"
        );
        let gray = image.to_luma8();
        let dark = gray.pixels().filter(|p| p.0[0] < 128).count();
        // A printed form: some ink, mostly paper.
        assert!(
            dark > 10_000 && dark < gray.len() / 5,
            "{name}: {dark} dark pixels"
        );
    }
}

#[test]
fn missing_models_error_says_what_to_run() {
    let dir = std::env::temp_dir().join("evalform-no-models-here");
    let err = Engine::load(&dir).err().expect("no models, no engine");
    let message = err.to_string();
    assert!(message.contains("scripts/fetch-models.sh"), "{message}");
    assert!(message.contains("EVALFORM_MODELS"), "{message}");
}

#[test]
fn amounts_and_labels_are_read() {
    let Some(pages) = scan_pages() else { return };
    let text = all_text(pages);
    let wanted = [
        "1286.40",
        "1352.18",
        "1310.25",
        "1262.07",
        "65.78",
        "48.18",
        "96.90%",
        "98.11%",
        "73.24%",
        "9.69",
        "年度资金总额",
        "当年财政拨款",
        "上年结转资金",
        "居民电子健康档案建档率",
        "项目支出绩效自评表",
        "南昌市青山湖区卫生健康委员会",
        "2021年基本公共卫生服务补助资金",
    ];
    let missing: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|w| !text.contains(w))
        .collect();
    assert!(
        missing.is_empty(),
        "not read: {missing:?}\n--- text ---\n{text}"
    );
}

#[test]
fn every_line_has_a_confidence_and_glyphs_inside_it() {
    let Some(pages) = scan_pages() else { return };
    for page in pages {
        assert!(page.lines.len() > 30, "{} lines", page.lines.len());
        for line in &page.lines {
            assert!((0.0..=1.0).contains(&line.confidence), "{line:?}");
            let glyphs = &page.glyphs[line.glyphs.clone()];
            let chars = line.text.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(glyphs.len(), chars, "{line:?}");
            for g in glyphs {
                assert!(
                    g.visible && g.x0 >= line.x0 - 0.01 && g.x1 <= line.x1 + 0.01,
                    "{g:?} outside {line:?}"
                );
                assert!(g.x1 <= 841.92 && g.y1 <= 595.68);
            }
        }
    }
}

#[test]
fn indicator_strings_are_found() {
    let Some(pages) = scan_pages() else { return };
    let truth = std::fs::read_to_string(format!("{SAMPLES}proj-jbgw-2021.json")).expect("truth");
    let truth: serde_json::Value = serde_json::from_str(&truth).expect("truth parses");
    let text: String = all_text(pages)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut wanted = Vec::new();
    for indicator in truth["indicators"].as_array().expect("indicators") {
        for key in ["name", "target", "actual"] {
            if let Some(s) = indicator[key].as_str() {
                wanted.push(s.to_string());
            }
        }
    }
    let found = wanted.iter().filter(|n| text.contains(n.as_str())).count();
    eprintln!("indicator strings found: {found}/{}", wanted.len());
    // Text wrapped inside a cell is read line by line, so joined text still matches.
    assert!(
        found * 10 >= wanted.len() * 8,
        "{found}/{} found\n{text}",
        wanted.len()
    );
}

/// Distinct positions of rulings at least `min_len` long, merging those within `tol` points.
fn distinct_positions(
    rulings: &[Ruling],
    orientation: Orientation,
    min_len: f32,
    tol: f32,
) -> Vec<f32> {
    let mut pos: Vec<f32> = rulings
        .iter()
        .filter(|r| r.orientation == orientation && r.end - r.start >= min_len)
        .map(|r| r.pos)
        .collect();
    pos.sort_by(f32::total_cmp);
    pos.dedup_by(|a, b| (*a - *b).abs() <= tol);
    pos
}

#[test]
fn rulings_form_the_table_grid() {
    let Some(pages) = scan_pages() else { return };
    let page = &pages[0];
    let rows = distinct_positions(&page.rulings, Orientation::Horizontal, 20.0, 2.0);
    let cols = distinct_positions(&page.rulings, Orientation::Vertical, 10.0, 2.0);
    eprintln!(
        "page 1: {} row lines, {} column lines, {} cells",
        rows.len(),
        cols.len(),
        page.cells
    );
    // Page 1 of the form: 17 table rows (18 lines) and about a dozen column edges.
    assert!((16..=22).contains(&rows.len()), "row lines at {rows:?}");
    assert!((9..=16).contains(&cols.len()), "column lines at {cols:?}");
    assert!(page.cells >= 60, "{} cells", page.cells);
    assert!(
        (0.2..=0.8).contains(&page.skew_deg.abs()),
        "skew {}",
        page.skew_deg
    );
}
