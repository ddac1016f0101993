//! Opens arbitrary bytes as a `Source` with tight caps (the text layer read),
//! then renders the first pages it found (the path OCR takes): both must return (Ok or a
//! typed error) without panicking, hanging or exhausting memory.
//!
//! The renderer is a dependency (hayro); evalform runs it under
//! `catch_unwind` and reports a panic inside it as that file's error, which
//! is the contract this target checks. libFuzzer's hook aborts on every
//! panic, even a caught one, so the hook installed here lets a panic raised
//! inside the renderer's crates unwind to that `catch_unwind`; a panic
//! anywhere else (evalform's own code included) still aborts the run.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::Once;

static HOOK: Once = Once::new();

/// True when the panic was raised in one of the renderer's crates.
fn in_renderer(info: &std::panic::PanicHookInfo<'_>) -> bool {
    info.location().is_some_and(|l| {
        let file = l.file();
        file.contains("/hayro")
    })
}

fn install_hook() {
    HOOK.call_once(|| {
        let abort_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !in_renderer(info) {
                abort_hook(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    install_hook();
    let limits = evalform::Limits {
        max_stream_bytes: 4 << 20,
        max_ops_per_page: 200_000,
        max_xobject_depth: 8,
        max_pages: 50,
        max_page_pixels: 250_000,
        max_image_pixels: 4_000_000,
    };
    if let Ok((source, doc)) = evalform::source::Source::open(data.to_vec(), &limits) {
        let _ = evalform::inspect::text(&doc);
        for page in doc.pages.iter().take(2) {
            let _ = source.render(page, 72.0);
        }
    }
});
