//! Input detection (PDF or text rendition, which encoding) and the text-rendition reader.
//!
//! Many archived forms survive only as text dumps made by earlier converters:
//! one table row a line, cells separated by tabs, blank lines between blocks
//! and at page breaks. [`detect()`] tells a PDF from such a dump by content,
//! [`decode_text`] turns the dump's bytes into a string, and
//! [`text::read_rendition`] rebuilds the form's table from it.

mod detect;
pub mod text;

pub use detect::{InputError, InputKind, decode_named, decode_text, detect};
