//! One input PDF, opened once: its bytes, its text layer (read with lopdf
//! when the source opens) and its renderer (hayro, parsed on the first page
//! drawn and kept), shared by text extraction, OCR and review pages. A page
//! is known to both by its object reference ([`Page::reference`]), so the
//! renderer draws the very page the text layer was read from, even in a
//! damaged file whose page tree the two parsers repair differently.
//!
//! What "one parse" means is written down in `docs/parsing.md`.

use std::sync::Arc;
#[cfg(feature = "render")]
use std::sync::OnceLock;

#[cfg(feature = "render")]
use crate::extract::Page;
use crate::extract::{ExtractError, Limits, PdfDocument};
#[cfg(feature = "render")]
use crate::render::{PageRenderer, RenderError, Rendered};

/// Reads a PDF's text layer for the later stages: the text parser's pages
/// (`extract::read_pdf`) with what they painted classified into
/// rulings by the layout stage's settings.
pub fn read_pages(bytes: &[u8], limits: &Limits) -> Result<PdfDocument, ExtractError> {
    let mut doc = crate::extract::read_pdf(bytes, limits)?;
    crate::layout::rulings::classify_document(
        &mut doc,
        &crate::layout::grid::GridSettings::default(),
    );
    Ok(doc)
}

/// A PDF's bytes and the readers parsed from them.
pub struct Source {
    bytes: Arc<Vec<u8>>,
    limits: Limits,
    #[cfg(feature = "render")]
    renderer: OnceLock<Result<PageRenderer, RenderError>>,
}

impl Source {
    /// Opens a PDF: reads its text layer (the text parser's one parse of
    /// the file) and keeps the bytes for the renderer. The pages are the
    /// caller's to change (OCR replaces a scan's glyphs); the source keeps
    /// what it needs to draw them.
    pub fn open(
        bytes: impl Into<Arc<Vec<u8>>>,
        limits: &Limits,
    ) -> Result<(Source, PdfDocument), ExtractError> {
        let bytes = bytes.into();
        let pages = read_pages(&bytes, limits)?;
        Ok((Source::unread(bytes, limits), pages))
    }

    /// A source whose text layer is not read (for drawing pages alone).
    pub fn unread(bytes: impl Into<Arc<Vec<u8>>>, limits: &Limits) -> Source {
        Source {
            bytes: bytes.into(),
            limits: limits.clone(),
            #[cfg(feature = "render")]
            renderer: OnceLock::new(),
        }
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The caps this source was opened with.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The renderer, parsing the file on first use (and only then).
    #[cfg(feature = "render")]
    pub fn renderer(&self) -> Result<&PageRenderer, RenderError> {
        self.renderer
            .get_or_init(|| PageRenderer::open(Arc::clone(&self.bytes), &self.limits))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Draws `page` (found by its object reference) at `dpi`.
    #[cfg(feature = "render")]
    pub fn render(&self, page: &Page, dpi: f32) -> Result<Rendered, RenderError> {
        self.renderer()?.render(page, dpi)
    }
}
