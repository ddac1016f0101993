//! Prints the text of a PDF in reading order (for timing the extract stage).
//!
//! Usage: `cargo run --release --example extract_text -- FILE.pdf [--report | --json]`

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: extract_text FILE.pdf [--report | --json]");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    match evalform::source::read_pages(&bytes, &evalform::extract::Limits::default()) {
        Ok(doc) => {
            let out = if args.iter().any(|a| a == "--json") {
                serde_json::to_string(&doc).unwrap_or_default()
            } else if args.iter().any(|a| a == "--report") {
                evalform::layout::inspect::report(&doc)
            } else {
                evalform::layout::inspect::text(&doc)
            };
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            ExitCode::FAILURE
        }
    }
}
