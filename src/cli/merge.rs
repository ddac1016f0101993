//! `evalform merge` arguments.

use std::path::PathBuf;

use evalform::batch::merge;

/// Combine the output directories of `batch --shard K/N` runs into the output
/// one run over all their inputs gives (tables, manifest, documents), byte for
/// byte.
///
/// The shards must come from the same evalform version and read options; their
/// CSVs keep the BOM they were written with, and the Parquet tables are
/// merged when the shards have them (`batch --parquet`), and so are their
/// review pages (`batch --review`), with the index written again. OUT can be resumed by a later
/// `batch` like any batch output. Exit status as for `batch`: 0 every file
/// converted, 1 some failed (see OUT/errors.csv), 2 bad arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct MergeArgs {
    /// Output directory (created if missing).
    #[arg(value_name = "OUT")]
    pub out: PathBuf,
    /// The shards' output directories, whole (with their `.evalform/` records).
    #[arg(required = true, value_name = "SHARD_DIR")]
    pub shards: Vec<PathBuf>,
}

impl MergeArgs {
    pub fn run(&self) -> i32 {
        if self.out.exists() && !self.out.is_dir() {
            eprintln!(
                "evalform merge: {}: exists and is not a directory",
                self.out.display()
            );
            return 2;
        }
        match merge(&self.out, &self.shards) {
            Ok(summary) => {
                for note in &summary.notes {
                    eprintln!("evalform merge: {note}");
                }
                println!("{summary} → {}", self.out.display());
                let review = self.out.join(evalform::batch::REVIEW_DIR);
                if review.is_dir() {
                    match evalform::review::write_batch_index(&self.out, &review) {
                        Ok(index) => println!("review: {}", index.display()),
                        Err(e) => {
                            eprintln!("evalform merge: review index: {e}");
                            return 1;
                        }
                    }
                }
                summary.exit_code()
            }
            Err(e) => {
                eprintln!("evalform merge: {e}");
                e.exit_code()
            }
        }
    }
}
