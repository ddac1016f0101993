//! Feeds arbitrary bytes to `read_pdf` with tight caps: it must return
//! (Ok or a typed error) without panicking, hanging or exhausting memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = evalform::extract::Limits {
        max_stream_bytes: 4 << 20,
        max_ops_per_page: 200_000,
        max_xobject_depth: 8,
        max_pages: 50,
    };
    if let Ok(doc) = evalform::extract::read_pdf(data, &limits) {
        let _ = evalform::extract::inspect::text(&doc);
    }
});
