//! The integration tests: one test binary, one module per subject. They read
//! only what is in the repository (`samples/`), run the `evalform` binary the
//! build made (and `evalform-hooks`, the same with test hooks, for the batch's
//! failure handling), and score with `evalform score`.

mod common;
mod extract_support;
#[path = "../../src/bin/evalform-hooks/fake.rs"]
mod fake;
mod need;
mod perturb_support;
#[path = "../../src/scratch.rs"]
mod scratch;

mod batch_mechanics;
mod batch_samples;
mod bundles;
mod cli_conventions;
mod cli_extract;
mod clipped_labels;
mod degraded;
mod diff_cli;
mod errors;
mod extract_bad_input;
mod extract_fidelity;
mod extract_fonts;
mod extract_samples;
mod form_identity;
mod fuzz_seeds;
mod generic_reader;
mod layouts;
mod module_graph;
mod ocr_scan;
mod one_parse;
mod pages;
mod perturb;
mod projects;
mod review_browser;
mod samples_pdf;
mod score_cli;
mod targets;
mod targets_scan;
mod template_draft;
mod template_fit;
mod template_joins;
mod templates_user;
mod text_detect;
mod text_pipeline;
mod text_repairs;
mod text_samples;
mod text_seed;
mod trust_scripts;
mod variants;
mod warehouse_load;
