//! evalform: turns Chinese budget-performance self-evaluation forms (绩效自评表)
//! into structured `evalform/1` documents.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! 1. [`extract`]: PDF bytes → pages of positioned glyphs and painted paths
//!    (which of them are rulings is [`layout::rulings`]' call).
//! 2. [`segment`]: pages → the forms they hold (a file may bundle several).
//! 3. [`layout`]: one form's glyphs and rulings → one table of cells with spans, joined across pages.
//! 4. [`template`]: cells → fields, driven by declarative template files.
//! 5. [`normalize`], [`account`] and [`check`]: clean text, parse numbers, account for
//!    every printed cell, name every doubtful field, cross-check arithmetic.
//! 6. [`emit`]: JSON documents, CSV tables.
//!
//! [`review`] shows a reviewer each document against its pages; [`score`]
//! measures documents against hand-verified truth, field by field.

pub mod account;
pub mod batch;
pub mod check;
pub mod confidence;
pub mod diff;
pub mod emit;
pub mod error;
pub mod extract;
pub mod form_unread;
pub mod input;
pub mod layout;
pub mod locate;
pub mod model;
pub mod normalize;
pub mod ocr;
pub mod options;
pub mod pipeline;
#[cfg(feature = "render")]
pub mod render;
pub mod review;
pub mod score;
pub mod segment;
pub mod source;
pub mod template;
pub mod title;
pub mod trust;
pub mod vocab;

pub use error::Error;
pub use model::Document;
pub use options::{OcrMode, ReadOptions};
