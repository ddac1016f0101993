//! `evalform __worker`: a worker process of `batch` (internal; the batch
//! starts it and talks to it over standard input and output).

use super::process::worker::{self, Hooks};

#[derive(Debug, Clone, clap::Args)]
pub struct WorkerArgs {
    /// Address-space cap for this process, in MiB.
    #[arg(long)]
    pub memory_mb: Option<u64>,
}

impl WorkerArgs {
    /// 0 when the batch closed the pipe, 3 when the worker had to stop early.
    pub fn run(&self, hooks: Hooks) -> i32 {
        let stdin = std::io::stdin().lock();
        let stdout = std::io::stdout().lock();
        match worker::serve(stdin, stdout, self.memory_mb, hooks) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("evalform: {e}");
                3
            }
        }
    }
}
