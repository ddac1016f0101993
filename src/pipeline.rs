//! One file in, one document out: the stages called in order.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::confidence::OcrText;
use crate::error::Error;
use crate::extract::PdfDocument;
use crate::layout::FormLayout;
use crate::model::{Document, Source};
pub use crate::options::{OcrMode, ReadOptions};
use crate::template::{Template, match_layout, score_template};

/// Reads one file (PDF or text rendition) into a form document.
pub fn extract_file(path: &Path, opts: &ReadOptions) -> Result<Document, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    extract_bytes(path, &bytes, opts)
}

/// Reads a file's bytes; `path` names the input in errors and in `source.file`.
pub fn extract_bytes(path: &Path, bytes: &[u8], opts: &ReadOptions) -> Result<Document, Error> {
    extract_bytes_with(path, bytes, opts, &templates(opts)?)
}

/// [`extract_bytes`] with the templates loaded once by the caller (a batch
/// worker keeps them from file to file).
pub fn extract_bytes_with(
    path: &Path,
    bytes: &[u8],
    opts: &ReadOptions,
    templates: &[Template],
) -> Result<Document, Error> {
    if !looks_like_pdf(bytes) {
        return document_from_text(path, bytes, opts, templates);
    }
    let read = read_pdf_pages(path, bytes, opts)?;
    let mut doc = document_from_pdf(path, &read.pdf, templates)?;
    doc.source.kind = read.kind.into();
    crate::confidence::attach(&mut doc, &read.ocr_lines);
    doc.source.sha256 = sha256_hex(bytes);
    Ok(doc)
}

/// A PDF's pages as the layout stage takes them: text layer, or OCR where
/// `opts.ocr` says so.
pub struct PdfPages {
    pub pdf: PdfDocument,
    /// `ocr` when any page was read by OCR, else `pdf`.
    pub kind: &'static str,
    /// Every line OCR read, with its confidence.
    pub ocr_lines: Vec<OcrText>,
}

/// Extracts a PDF's pages and OCRs those that need it.
pub fn read_pdf_pages(path: &Path, bytes: &[u8], opts: &ReadOptions) -> Result<PdfPages, Error> {
    let mut pdf = crate::extract::read_pdf(bytes, &opts.limits).map_err(|source| Error::Pdf {
        path: path.to_path_buf(),
        source,
    })?;
    let (kind, ocr_lines) = read_scans(path, bytes, &mut pdf, opts.ocr)?;
    Ok(PdfPages {
        pdf,
        kind,
        ocr_lines,
    })
}

/// OCR for the pages that need it; returns the document's kind (`ocr` when
/// any page was read so) and the lines read.
#[cfg(feature = "ocr")]
fn read_scans(
    path: &Path,
    bytes: &[u8],
    pdf: &mut PdfDocument,
    mode: OcrMode,
) -> Result<(&'static str, Vec<OcrText>), Error> {
    let pages = crate::ocr::document::pages_needing_ocr(pdf, mode);
    if pages.is_empty() {
        return Ok(("pdf", Vec::new()));
    }
    let fail = |reason: String| Error::Ocr {
        path: path.to_path_buf(),
        reason,
    };
    let engine = crate::ocr::document::shared_engine().map_err(fail)?;
    let lines = crate::ocr::document::ocr_pages(pdf, bytes, &pages, engine)
        .map_err(|e| fail(e.to_string()))?;
    Ok(("ocr", lines))
}

/// Without the `ocr` feature a scan has no readable text: it fails later as
/// having no table, which says so.
#[cfg(not(feature = "ocr"))]
fn read_scans(
    _: &Path,
    _: &[u8],
    _: &mut PdfDocument,
    _: OcrMode,
) -> Result<(&'static str, Vec<OcrText>), Error> {
    Ok(("pdf", Vec::new()))
}

/// The templates to try: the user's own first, then the built-in ones.
pub fn templates(opts: &ReadOptions) -> Result<Vec<Template>, Error> {
    let mut all = Vec::new();
    if let Some(p) = &opts.template {
        all.push(Template::load(p)?);
    }
    all.extend(Template::builtin());
    Ok(all)
}

/// Decoding, the rendition reader, template and checks for a text rendition.
fn document_from_text(
    path: &Path,
    bytes: &[u8],
    opts: &ReadOptions,
    templates: &[Template],
) -> Result<Document, Error> {
    let unknown = |e: crate::input::InputError| Error::UnknownInput {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    if opts.encoding.is_none() {
        crate::input::detect(bytes).map_err(unknown)?;
    }
    let text = crate::input::decode_text(bytes, opts.encoding.as_deref()).map_err(unknown)?;
    let layout = crate::input::text::read_rendition(&text).map_err(unknown)?;
    let mut doc = document_from_layout(path, &layout, templates, "text")?;
    doc.source.sha256 = sha256_hex(bytes);
    Ok(doc)
}

/// Layout, template and checks for an already extracted PDF.
pub fn document_from_pdf(
    path: &Path,
    pdf: &PdfDocument,
    templates: &[Template],
) -> Result<Document, Error> {
    let layout = crate::layout::build(pdf);
    if layout.rows.is_empty() {
        let reason = if pdf.pages.iter().all(|p| p.glyphs.is_empty()) {
            "no text on any page (a scan without a text layer?)"
        } else {
            "no ruled table found on any page"
        };
        return Err(Error::NoTable {
            path: path.to_path_buf(),
            reason: reason.into(),
        });
    }
    document_from_layout(path, &layout, templates, "pdf")
}

/// Template matching and checks for a layout from any input kind.
pub fn document_from_layout(
    path: &Path,
    layout: &FormLayout,
    templates: &[Template],
    kind: &str,
) -> Result<Document, Error> {
    // The best fit wins; on a tie, the earlier template (a user's own first).
    let best = templates
        .iter()
        .enumerate()
        .map(|(i, t)| (score_template(layout, t), std::cmp::Reverse(i), t))
        .max_by_key(|(s, i, _)| (*s, *i))
        .filter(|(s, _, _)| *s >= 10)
        .map(|(s, _, t)| (s, t));
    let Some((_, template)) = best else {
        return Err(Error::NoTemplate {
            path: path.to_path_buf(),
            reason: format!(
                "no title such as {} and no indicator table header found",
                templates
                    .iter()
                    .map(|t| t.title.as_str())
                    .collect::<Vec<_>>()
                    .join(" / ")
            ),
        });
    };
    let mut doc = match_layout(layout, template);
    doc.warnings
        .extend(crate::template::missing_blocks(&doc, template));
    doc.warnings.extend(crate::check::check(&doc));
    doc.source = Source {
        file: path.display().to_string(),
        sha256: String::new(),
        kind: kind.into(),
        pages: layout.pages,
        template: template.id.clone(),
    };
    Ok(doc)
}

fn looks_like_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// Hex SHA-256 of the input: the document's `doc_id`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}
