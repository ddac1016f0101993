//! The progress bar: done/total, failures and ETA on stderr, only on a terminal.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A batch's progress bar (see [`evalform::batch::Progress`]).
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    /// A bar drawn on stderr when `enabled` and stderr is a terminal, else hidden.
    pub fn new(enabled: bool) -> Bar {
        let bar = if enabled && std::io::stderr().is_terminal() {
            ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        let style = ProgressStyle::with_template(
            "{bar:30} {pos}/{len} files, {msg} [{elapsed_precise}, ETA {eta}]",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message("0 failed");
        Bar { bar }
    }
}

impl evalform::batch::Progress for Bar {
    fn start(&self, files: u64) {
        self.bar.set_length(files);
    }

    fn advance(&self, failed: u64) {
        self.bar.set_message(format!("{failed} failed"));
        self.bar.inc(1);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
