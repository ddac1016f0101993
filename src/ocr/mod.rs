//! Scanned pages: reads page images with PP-OCRv4 models (run by `tract`, pure
//! Rust) and returns ruling segments and glyphs shaped like the PDF extractor's,
//! so the layout stage rebuilds the table the same way.
//!
//! Flow for one page: [`image`] decodes the image XObject → [`seal`] drops red
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

pub mod cells;
pub mod context;
pub mod document;
pub mod engine;
pub mod error;
pub mod image;
pub mod lines;
pub mod orient;
pub mod page;
pub mod rec;
pub mod seal;
pub mod speckle;
pub mod text;

pub use engine::{Engine, default_model_dir, models_present};
pub use error::OcrError;
pub use image::{decode_image_in_pdf, decode_image_xobject};
pub use page::{OcrLine, OcrPage, OcrTiming, ocr_image_in_box, ocr_page};
