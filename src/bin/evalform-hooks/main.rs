//! `evalform` with its test hooks, for the test suite alone: built only with
//! the dev-only `test-hooks` feature, never shipped (`cargo build --release`
//! builds the plain `evalform`, which has none of this).
//!
//! - `EVALFORM_TEST_EXTRACTOR=fake`: the batch's workers read each file with
//!   [`fake::extract`] (commands written in the file: panic, sleep, allocate …)
//!   in place of the pipeline;
//! - `EVALFORM_TEST_SLOW_MS=N`: the workers wait N ms before each file.

use std::process::ExitCode;
use std::time::Duration;

#[path = "../../cli/mod.rs"]
mod cli;
mod fake;
#[cfg(test)]
#[path = "../../scratch.rs"]
mod scratch;

fn main() -> ExitCode {
    let mut hooks = cli::process::worker::Hooks::default();
    if std::env::var("EVALFORM_TEST_EXTRACTOR").as_deref() == Ok("fake") {
        hooks.extract = Some(fake::extract);
    }
    hooks.slow = std::env::var("EVALFORM_TEST_SLOW_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_millis);
    cli::app::main(hooks)
}
