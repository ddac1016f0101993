//! Prints what OCR reads on scanned PDF pages: rulings, then each text line
//! with its box (points) and confidence.
//!
//! Usage: cargo run --release --example ocr_page -- FILE.pdf [PAGE]
//! Models: scripts/fetch-models.sh (or EVALFORM_MODELS=DIR).

use std::process::ExitCode;

use evalform::extract::Orientation;
use evalform::ocr;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: ocr_page FILE.pdf [PAGE]");
        return ExitCode::from(2);
    };
    match run(path, args.get(1).map(String::as_str)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(path: &str, page_arg: Option<&str>) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let (source, pdf) = evalform::source::Source::open(bytes, &Default::default())
        .map_err(|e| format!("{path}: {e}"))?;
    let pages: Vec<u32> = match page_arg {
        Some(p) => vec![p.parse().map_err(|_| format!("bad page number {p:?}"))?],
        None => pdf.pages.iter().map(|p| p.number).collect(),
    };
    let engine = ocr::Engine::load_default().map_err(|e| e.to_string())?;
    for number in pages {
        let page = pdf
            .pages
            .iter()
            .find(|p| p.number == number)
            .filter(|p| evalform::trust::scan_image(p).is_some())
            .ok_or_else(|| format!("{path}: page {number} has no scan"))?;
        let (width, height) = (page.width, page.height);
        let image = ocr::document::page_image(&source, page)
            .map_err(|e| format!("{path}: {e}"))?
            .image;
        let page =
            ocr::ocr_page(&image, width, height, &engine).map_err(|e| format!("{path}: {e}"))?;
        let count = |o: Orientation| page.rulings.iter().filter(|r| r.orientation == o).count();
        println!(
            "== page {number}: image {}x{}, skew {:.2}°, {} horizontal + {} vertical rulings, {} cells, {} lines, {:.2}s ({:.2}s in the model)",
            image.width(),
            image.height(),
            page.skew_deg,
            count(Orientation::Horizontal),
            count(Orientation::Vertical),
            page.cells,
            page.lines.len(),
            page.timing.total.as_secs_f32(),
            page.timing.model.as_secs_f32(),
        );
        for line in &page.lines {
            let cell = line.cell.map_or("-".to_string(), |c| c.to_string());
            println!(
                "{:6.1} {:6.1} {:6.1} {:6.1}  cell {:>3}  {:.3}  {}",
                line.x0, line.y0, line.x1, line.y1, cell, line.confidence, line.text
            );
        }
    }
    Ok(())
}
