//! Times OCR of scanned PDFs: seconds per page and the share spent in the
//! recognition model, with rayon limited to `-j N` threads (pages and text
//! lines both run on that pool).
//!
//! Usage: cargo run --release --example ocr_bench -- [-j N] FILE.pdf...

use std::time::{Duration, Instant};

use evalform::ocr;
use rayon::prelude::*;

fn main() -> Result<(), String> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut threads = 1usize;
    if let Some(i) = args.iter().position(|a| a == "-j") {
        threads = args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .ok_or("-j needs a number")?;
        args.drain(i..i + 2);
    }
    if args.is_empty() {
        return Err("usage: ocr_bench [-j N] FILE.pdf...".into());
    }
    let load_started = Instant::now();
    let engine = ocr::Engine::load_default().map_err(|e| e.to_string())?;
    let load = load_started.elapsed();

    // Draw every scanned page first: the timing covers OCR only.
    let mut pages = Vec::new();
    for path in &args {
        let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        let (source, pdf) = evalform::source::Source::open(bytes, &Default::default())
            .map_err(|e| format!("{path}: {e}"))?;
        for page in pdf
            .pages
            .iter()
            .filter(|p| evalform::trust::scan_image(p).is_some())
        {
            let image = ocr::document::page_image(&source, page)
                .map_err(|e| format!("{path}: {e}"))?
                .image;
            pages.push((image, page.width, page.height));
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    let results: Vec<ocr::OcrPage> = pool
        .install(|| {
            pages
                .par_iter()
                .map(|(image, w, h)| ocr::ocr_page(image, *w, *h, &engine))
                .collect::<Result<_, _>>()
        })
        .map_err(|e| e.to_string())?;
    let wall = started.elapsed();
    let model: Duration = results.iter().map(|p| p.timing.model).sum();
    let lines: usize = results.iter().map(|p| p.lines.len()).sum();
    let n = results.len().max(1) as f64;
    println!(
        "-j {threads}: {} pages, {lines} lines, {:.2} s/page wall, model {:.0}% of thread time, model load {:.2} s",
        results.len(),
        wall.as_secs_f64() / n,
        100.0 * model.as_secs_f64() / (wall.as_secs_f64() * threads as f64),
        load.as_secs_f64(),
    );
    Ok(())
}
