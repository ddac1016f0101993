//! What a test needs besides the repository: a tool (`scripts/setup.sh`
//! installs them) or the OCR models (`scripts/fetch-models.sh`). A test whose
//! need is missing says so and passes on a developer's machine; under
//! `CI=true` (or `EVALFORM_WAREHOUSE_TESTS=1`) it fails, so that nothing is
//! skipped where the suite is meant to run whole.

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Whether this run may skip nothing: `CI=true` (or `1`), or
/// `EVALFORM_WAREHOUSE_TESTS=1`.
pub fn in_ci() -> bool {
    let set = |name: &str, values: &[&str]| {
        std::env::var(name).is_ok_and(|v| values.contains(&v.to_ascii_lowercase().as_str()))
    };
    set("CI", &["true", "1"]) || set("EVALFORM_WAREHOUSE_TESTS", &["1"])
}

/// `there`, when it is; else a note on standard error and `false` — or a
/// failed test under CI (see [`in_ci`]).
pub fn present(what: &str, there: bool) -> bool {
    if there {
        return true;
    }
    assert!(
        !in_ci(),
        "{what} is missing, and CI=true skips nothing (scripts/setup.sh and \
         scripts/fetch-models.sh install what the tests need)"
    );
    eprintln!("SKIPPED: {what} is missing (scripts/setup.sh, scripts/fetch-models.sh)");
    false
}

/// Whether the command `program` runs (`program ARG` starts at all).
pub fn tool(program: &str, arg: &str) -> bool {
    let runs = Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    present(program, runs)
}

/// The OCR models' directory, when the models are there (see [`present`]).
pub fn ocr_models() -> Option<PathBuf> {
    #[cfg(feature = "ocr")]
    {
        let dir = evalform::ocr::default_model_dir();
        let there = evalform::ocr::models_present(&dir);
        present(&format!("the OCR models in {}", dir.display()), there).then_some(dir)
    }
    #[cfg(not(feature = "ocr"))]
    {
        present("the OCR models (feature `ocr`)", false);
        None
    }
}
