//! evalform: turns Chinese budget-performance self-evaluation forms (绩效自评表)
//! into structured `evalform/1` documents.
//!
//! The pipeline, one module per stage, data flowing one way (see
//! `docs/ARCHITECTURE.md`):
//!
//! 1. `extract`: PDF bytes → pages of positioned glyphs and painted paths
//!    (which of them are rulings is `layout::rulings`' call; `ocr` reads the
//!    pages whose text layer cannot be trusted).
//! 2. `segment`: pages → the forms they hold (a file may bundle several).
//! 3. `layout`: one form's glyphs and rulings → one table of cells with spans, joined across pages.
//! 4. `template`: cells → fields, driven by declarative template files ([`Template`]).
//! 5. `normalize`, `account` and `check`: clean text, parse numbers, account for
//!    every printed cell, name every doubtful field, cross-check arithmetic.
//! 6. [`emit`]: JSON documents, CSV and Parquet tables, SQL DDL.
//!
//! The library's surface: [`pipeline`] reads a file into [`Document`]s
//! ([`pipeline::extract_file`], [`pipeline::extract_bytes`]; [`ReadOptions`]
//! says how), [`model`] holds the document types, [`batch`] converts many
//! files into one output directory behind an [`batch::Extractor`] of the
//! caller's choosing, [`review`] shows a reviewer each document against its
//! pages, [`score`] measures documents against hand-verified truth, and
//! [`diff`] compares two runs. [`inspect`] shows what a stage saw, and
//! [`draft_template`] drafts a template for a new layout. The stages' own
//! modules are internal.

#![warn(missing_docs)]

/// Declares internal modules: crate-visible, opened (hidden from the docs)
/// to the integration tests by the dev-only `test-hooks` feature. Without
/// it, what the tests and examples alone use (re-exports, helpers) is
/// unused, and allowed; with it (every `cargo test` and clippy build) unused
/// code is found as anywhere.
macro_rules! internal {
    ($($(#[$attr:meta])* $name:ident;)*) => {$(
        $(#[$attr])*
        #[cfg(feature = "test-hooks")]
        #[doc(hidden)]
        pub mod $name;
        $(#[$attr])*
        #[cfg(not(feature = "test-hooks"))]
        #[allow(unused_imports, dead_code)]
        pub(crate) mod $name;
    )*};
}

internal! {
    account;
    check;
    confidence;
    error;
    extract;
    form_unread;
    input;
    layout;
    locate;
    normalize;
    ocr;
    options;
    #[cfg(feature = "render")]
    render;
    segment;
    template;
    title;
    trust;
    vocab;
}

pub mod batch;
pub mod diff;
pub mod emit;
pub mod model;
pub mod pipeline;
pub mod review;
pub mod score;
pub mod source;

#[cfg(test)]
mod scratch;

pub use error::Error;
pub use extract::Limits;
pub use model::Document;
pub use options::{OcrMode, ReadOptions};
pub use template::Template;
/// `evalform template draft`: a template skeleton for a form's layout.
pub use template::draft as draft_template;

/// What a stage saw, for `evalform inspect`: the pages as read, drawn and
/// reported, and the table rebuilt from them.
pub mod inspect {
    pub use crate::confidence::LOW_CONFIDENCE;
    pub use crate::extract::PdfDocument;
    pub use crate::layout::FormLayout;
    pub use crate::layout::inspect::{report, svg, text};
    pub use crate::trust::RejectKind;

    /// The one table rebuilt from every page of `pdf`, as if it held one form.
    pub fn table(pdf: &PdfDocument) -> FormLayout {
        crate::layout::build(pdf)
    }
}
