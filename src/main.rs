//! The `evalform` command line (see [`cli`]).

use std::process::ExitCode;

mod cli;
#[cfg(test)]
mod scratch;

fn main() -> ExitCode {
    cli::app::main(cli::process::worker::Hooks::default())
}
