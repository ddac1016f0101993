//! Feeds arbitrary bytes to `read_pdf` with tight caps, then renders the
//! first pages it found (the path OCR takes): both must return (Ok or a
//! typed error) without panicking, hanging or exhausting memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = evalform::extract::Limits {
        max_stream_bytes: 4 << 20,
        max_ops_per_page: 200_000,
        max_xobject_depth: 8,
        max_pages: 50,
        max_page_pixels: 250_000,
        max_image_pixels: 4_000_000,
    };
    if let Ok(doc) = evalform::extract::read_pdf(data, &limits) {
        let _ = evalform::extract::inspect::text(&doc);
        if let Ok(renderer) = evalform::render::PageRenderer::open(data, &limits) {
            for page in doc.pages.iter().take(2) {
                let _ = renderer.render(page, 72.0);
            }
        }
    }
});
