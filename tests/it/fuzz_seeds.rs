//! Every input in the fuzz target's seed corpus (`fuzz/seeds/read_pdf/`,
//! inputs that once crashed a parser among them) goes through what the fuzz
//! target runs: opened as a source and its pages drawn. Each must open, and
//! each page draw without a caught panic (the renderer turns a panic into
//! `RenderError::Panic`, which fails here).

use std::path::Path;

use evalform::render::RenderError;
use evalform::source::Source;

#[test]
fn every_seed_opens_and_draws_without_a_panic() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/read_pdf"));
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let (source, pdf) = Source::open(bytes, &Default::default())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for page in &pdf.pages {
            if let Err(e) = source.render(page, 72.0) {
                let panicked = matches!(e, RenderError::Panic(_));
                panic!("{}: {e} (a caught panic: {panicked})", path.display());
            }
        }
        seen += 1;
    }
    assert!(seen >= 1, "no seeds in {}", dir.display());
}

/// The hayro-font overflow: a Type3 font whose `/Differences` start at
/// `i64::MAX`, so the code after the first name overflows. The text layer
/// reads both glyphs.
#[test]
fn a_type3_differences_overflow_reads_and_draws() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/seeds/read_pdf/type3-differences-overflow.pdf"
    );
    let (source, pdf) = Source::open(std::fs::read(path).unwrap(), &Default::default()).unwrap();
    assert_eq!(pdf.pages.len(), 1);
    assert_eq!(pdf.pages[0].glyphs.len(), 2);
    source.render(&pdf.pages[0], 72.0).expect("draws");
}
