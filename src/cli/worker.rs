//! `evalform __extract-one`: the worker process of `batch` (internal; the
//! batch passes these arguments).

use std::path::PathBuf;

use evalform::ReadOptions;
use evalform::batch::worker;

#[derive(Debug, Clone, clap::Args)]
pub struct WorkerArgs {
    /// Where to write the result envelope (JSON).
    #[arg(long)]
    pub result: PathBuf,
    /// Address-space cap for this process, in MiB.
    #[arg(long)]
    pub memory_mb: Option<u64>,
    /// The read options, as JSON.
    #[arg(long, value_parser = ReadOptions::from_json)]
    pub options: ReadOptions,
    pub input: PathBuf,
}

impl WorkerArgs {
    /// 0 when a result was written (whatever it says), 3 when none could be.
    pub fn run(&self) -> i32 {
        match worker::run_one(&self.input, &self.options, &self.result, self.memory_mb) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("evalform: {e}");
                3
            }
        }
    }
}
