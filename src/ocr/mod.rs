//! Scanned pages: reads page images with PP-OCRv4 models (run by `tract`, pure
//! Rust) and returns ruling segments and glyphs shaped like the PDF extractor's,
//! so the layout stage rebuilds the table the same way.
//!
//! Flow for one page: [`crate::render`] draws the page → [`seal`] drops red
//! seal ink from colour scans → [`lines`] binarises, deskews and finds the table
//! lines → [`speckle`] whitens lone specks of dirt → [`cells`] splits the page
//! into cells and text lines → [`rec`] reads each line ([`context`]: a lone
//! mark again beside its row's next cells) → [`page`] maps
//! everything to page coordinates → [`text`] puts right, per cell, what the
//! model gets wrong in Chinese text, and [`document`] swaps the page's glyphs
//! and rulings for what OCR read.
//!
//! The models are not part of the source tree: `scripts/fetch-models.sh` puts
//! them in [`default_model_dir`]; [`Engine::load`] says so when they are missing.

#[cfg(feature = "ocr")]
pub mod cells;
#[cfg(feature = "ocr")]
pub mod context;
#[cfg(feature = "ocr")]
pub mod document;
#[cfg(feature = "ocr")]
pub mod engine;
#[cfg(feature = "ocr")]
pub mod error;
pub mod frame;
#[cfg(feature = "ocr")]
pub mod lines;
#[cfg(feature = "ocr")]
pub mod orient;
#[cfg(feature = "ocr")]
pub mod page;
#[cfg(feature = "ocr")]
pub mod rec;
#[cfg(feature = "ocr")]
pub mod seal;
#[cfg(feature = "ocr")]
pub mod speckle;
#[cfg(feature = "ocr")]
pub mod text;

#[cfg(feature = "ocr")]
pub use engine::{Engine, default_model_dir, models_present};
#[cfg(feature = "ocr")]
pub use error::OcrError;
pub use frame::OcrFrame;
#[cfg(feature = "ocr")]
pub use page::{OcrLine, OcrPage, OcrTiming, ocr_image_in_box, ocr_page};
