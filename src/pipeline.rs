//! One file in, one document per form out: the stages called in order.

use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::confidence::OcrText;
use crate::error::Error;
use crate::extract::PdfDocument;
use crate::layout::FormLayout;
use crate::model::{Document, PageRead, Source, Warning};
use crate::ocr::frame::OcrFrame;
use crate::options::{OcrMode, ReadOptions};
use crate::segment::{self, FormSpan};
use crate::source::Source as PdfSource;
use crate::template::fit::{FAIL_BELOW, WARN_BELOW};
use crate::template::{Template, match_layout_fit, score_template};
use crate::trust::{RejectKind, Rejected};

/// Reads one file (PDF or text rendition) into its form documents, in file order.
pub fn extract_file(path: &Path, opts: &ReadOptions) -> Result<Vec<Document>, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    extract_bytes(path, &bytes, opts)
}

/// Reads a file's bytes; `path` names the input in errors and in `source.file`.
/// One document per form the file holds, in file order (never none: a file
/// without a form is an error).
pub fn extract_bytes(
    path: &Path,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<Vec<Document>, Error> {
    extract_bytes_with(path, bytes, opts, &templates(opts)?)
}

/// [`extract_bytes`] with the templates loaded once by the caller (a batch
/// worker keeps them from file to file).
pub fn extract_bytes_with(
    path: &Path,
    bytes: &[u8],
    opts: &ReadOptions,
    templates: &[Template],
) -> Result<Vec<Document>, Error> {
    let read = read_forms(path, bytes, opts, templates)?;
    Ok(read.forms.into_iter().map(|f| f.document).collect())
}

/// One form as read: its document and the layout its fields came from.
pub struct FormRead {
    /// The document read.
    pub document: Document,
    /// The rebuilt table (cells with their boxes on the page) and free lines.
    pub layout: FormLayout,
}

/// Everything one file's reading hands a consumer that shows it (a review
/// page): each form with its layout, and the frames of the pages OCR read.
pub struct FileRead {
    /// Each form read, in file order.
    pub forms: Vec<FormRead>,
    /// The pages as read (after OCR), for a PDF; `None` for a text rendition.
    pub pdf: Option<PdfDocument>,
    /// The opened PDF the pages were read from (its renderer draws them
    /// again for a review page without parsing the file anew).
    pub source: Option<PdfSource>,
    /// How each page OCR read was turned and levelled.
    pub ocr_frames: Vec<OcrFrame>,
}

/// Reads a file's bytes like [`extract_bytes_with`], keeping each form's
/// layout and the page geometry.
pub fn read_forms(
    path: &Path,
    bytes: &[u8],
    opts: &ReadOptions,
    templates: &[Template],
) -> Result<FileRead, Error> {
    let mut read = if looks_like_pdf(bytes) {
        let read = read_pdf_pages(path, bytes.to_vec(), opts)?;
        let mut forms = forms_from_pdf(path, &read.pdf, templates)?;
        for FormRead { document: doc, .. } in &mut forms {
            doc.source.kind = read.kind.into();
            let [first, last] = doc.source.page_range.unwrap_or([1, u32::MAX]);
            let in_range = |page: u32| (first..=last).contains(&page);
            doc.source.pages_read = read
                .pages_read
                .iter()
                .filter(|p| in_range(p.page))
                .cloned()
                .collect();
            doc.warnings.extend(
                read.warnings
                    .iter()
                    .filter(|w| w.page.is_none_or(in_range))
                    .cloned(),
            );
            let lines: Vec<OcrText> = read
                .ocr_lines
                .iter()
                .filter(|l| in_range(l.page))
                .cloned()
                .collect();
            crate::confidence::attach(doc, &lines);
            crate::account::confidence::gather(doc);
        }
        FileRead {
            forms,
            pdf: Some(read.pdf),
            source: Some(read.source),
            ocr_frames: read.ocr_frames,
        }
    } else {
        FileRead {
            forms: forms_from_text(path, bytes, opts, templates)?,
            pdf: None,
            source: None,
            ocr_frames: Vec::new(),
        }
    };
    let sha256 = sha256_hex(bytes);
    for form in &mut read.forms {
        form.document.source.sha256 = sha256.clone();
    }
    Ok(read)
}

/// A PDF's pages as the layout stage takes them: text layer, or OCR where
/// the text layer fails the trust check ([`crate::trust`]) or `opts.ocr`
/// says so.
pub struct PdfPages {
    /// The pages as read.
    pub pdf: PdfDocument,
    /// The opened file the pages were read from.
    pub source: PdfSource,
    /// `ocr` when any page was read by OCR, else `pdf`.
    pub kind: &'static str,
    /// Every line OCR read, with its confidence.
    pub ocr_lines: Vec<OcrText>,
    /// How each page OCR read was turned and levelled.
    pub ocr_frames: Vec<OcrFrame>,
    /// How each page was read (for `source.pages_read`).
    pub pages_read: Vec<PageRead>,
    /// One `text_layer_rejected` warning per page whose text layer was not used.
    pub warnings: Vec<Warning>,
}

/// A PDF's text layer as extracted, and the pages whose text layer fails
/// the trust check ([`crate::trust`]).
pub struct TextLayer {
    /// The pages as extracted.
    pub pdf: PdfDocument,
    /// The opened file the layer was read from.
    pub source: PdfSource,
    /// The pages whose text layer fails the check, and why.
    pub rejected: Vec<Rejected>,
}

/// Opens a PDF ([`PdfSource::open`]: its one text parse), extracts its pages
/// and checks each text layer.
pub fn read_text_layer(
    path: &Path,
    bytes: impl Into<Arc<Vec<u8>>>,
    opts: &ReadOptions,
) -> Result<TextLayer, Error> {
    let (source, pdf) = PdfSource::open(bytes, &opts.limits).map_err(|source| Error::Pdf {
        path: path.to_path_buf(),
        source,
    })?;
    let rejected = crate::trust::check_document(&pdf, &templates(opts)?);
    Ok(TextLayer {
        pdf,
        source,
        rejected,
    })
}

/// Whether OCR reads the pages the trust check rejects: not under
/// `--ocr never`, nor in a build without OCR.
pub fn ocr_is_on(opts: &ReadOptions) -> bool {
    opts.ocr != OcrMode::Never && cfg!(feature = "ocr")
}

/// Extracts a PDF's pages, checks each text layer, and OCRs the pages that
/// need it. A page whose text layer cannot be decoded is never read as
/// text: without OCR (`--ocr never`, or a build without it) the file fails.
/// A page the check only doubts ([`RejectKind::NoFormLabels`]) is read by
/// OCR when OCR is on, and as text otherwise.
pub fn read_pdf_pages(
    path: &Path,
    bytes: impl Into<Arc<Vec<u8>>>,
    opts: &ReadOptions,
) -> Result<PdfPages, Error> {
    pages_from_layer(path, read_text_layer(path, bytes, opts)?, opts)
}

/// [`read_pdf_pages`] from a text layer already read and checked.
pub fn pages_from_layer(
    path: &Path,
    layer: TextLayer,
    opts: &ReadOptions,
) -> Result<PdfPages, Error> {
    let TextLayer {
        mut pdf,
        source,
        rejected,
    } = layer;
    let undecodable: Vec<&Rejected> = rejected
        .iter()
        .filter(|r| r.kind == RejectKind::Undecodable)
        .collect();
    if !undecodable.is_empty() && !ocr_is_on(opts) {
        let why = if opts.ocr == OcrMode::Never {
            "OCR is off (--ocr never)"
        } else {
            "this build has no OCR"
        };
        return Err(Error::TextLayer {
            path: path.to_path_buf(),
            reason: format!(
                "{}; {why}",
                undecodable
                    .iter()
                    .map(|r| format!("page {}: {}", r.page, r.reason))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        });
    }
    let rejected: Vec<Rejected> = if ocr_is_on(opts) {
        rejected
    } else {
        Vec::new()
    };
    let pages_read = crate::trust::plan(&pdf, opts.ocr, &rejected);
    let warnings = rejected
        .iter()
        .map(|r| Warning {
            code: "text_layer_rejected".into(),
            message: format!(
                "page {}: text layer not used ({}); read by OCR",
                r.page, r.reason
            ),
            page: Some(r.page),
            fields: Vec::new(),
        })
        .collect();
    let to_ocr: Vec<usize> = pages_read
        .iter()
        .enumerate()
        .filter(|(_, p)| p.via == "ocr")
        .map(|(i, _)| i)
        .collect();
    let (kind, (ocr_lines, ocr_frames)) = read_scans(path, &source, &mut pdf, &to_ocr)?;
    Ok(PdfPages {
        pdf,
        source,
        kind,
        ocr_lines,
        ocr_frames,
        pages_read: if kind == "ocr" {
            pages_read
        } else {
            pages_read
                .into_iter()
                .map(|p| PageRead {
                    via: "text".into(),
                    reason: None,
                    ..p
                })
                .collect()
        },
        warnings,
    })
}

/// OCR for the given pages (indexes into `pdf.pages`); returns the
/// document's kind (`ocr` when any page was read so) and the lines read.
#[cfg(feature = "ocr")]
fn read_scans(
    path: &Path,
    source: &PdfSource,
    pdf: &mut PdfDocument,
    pages: &[usize],
) -> Result<(&'static str, OcrRead), Error> {
    if pages.is_empty() {
        return Ok(("pdf", OcrRead::default()));
    }
    let fail = |reason: String| Error::Ocr {
        path: path.to_path_buf(),
        reason,
    };
    let engine = crate::ocr::document::shared_engine().map_err(fail)?;
    let lines = crate::ocr::document::ocr_pages(pdf, source, pages, engine)
        .map_err(|e| fail(e.to_string()))?;
    Ok(("ocr", lines))
}

/// Without the `ocr` feature a scan has no readable text: it fails later as
/// having no table, which says so.
#[cfg(not(feature = "ocr"))]
fn read_scans(
    _: &Path,
    _: &PdfSource,
    _: &mut PdfDocument,
    _: &[usize],
) -> Result<(&'static str, OcrRead), Error> {
    Ok(("pdf", OcrRead::default()))
}

/// The lines OCR read and the frames of its pages.
type OcrRead = (Vec<OcrText>, Vec<OcrFrame>);

/// The templates to try: the user's own first, then the built-in ones.
pub fn templates(opts: &ReadOptions) -> Result<Vec<Template>, Error> {
    let mut all = Vec::new();
    if let Some(p) = &opts.template {
        all.push(Template::load(p)?);
    }
    all.extend(Template::builtin());
    all.push(crate::template::generic().clone());
    Ok(all)
}

/// Decoding, the rendition reader, template and checks for a text rendition:
/// one document per form it holds.
fn forms_from_text(
    path: &Path,
    bytes: &[u8],
    opts: &ReadOptions,
    templates: &[Template],
) -> Result<Vec<FormRead>, Error> {
    let unknown = |e: crate::input::InputError| Error::UnknownInput {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    match crate::input::detect(bytes) {
        Err(e @ crate::input::InputError::Empty(_)) => return Err(unknown(e)),
        Err(e) if opts.encoding.is_none() => return Err(unknown(e)),
        _ => {}
    }
    let (text, encoding) =
        crate::input::decode_named(bytes, opts.encoding.as_deref()).map_err(unknown)?;
    let forms = crate::input::text::read_renditions(&text).map_err(|e| {
        let how = if opts.encoding.is_some() {
            "as --encoding said"
        } else {
            "guessed"
        };
        Error::UnknownInput {
            path: path.to_path_buf(),
            reason: format!("{e} (decoded as {encoding}, {how})"),
        }
    })?;
    let pages = forms.last().map_or(0, |f| f.page_range[1]);
    let mut docs = Vec::new();
    let mut unread = Vec::new();
    for (i, form) in forms.into_iter().enumerate() {
        match document_from_layout(path, &form.layout, templates, "text") {
            Ok(mut doc) => {
                doc.source.pages = pages;
                doc.source.form_index = i as u32 + 1;
                doc.source.page_range = Some(form.page_range);
                docs.push(FormRead {
                    document: doc,
                    layout: form.layout,
                });
            }
            Err(e) => unread.push((i, form.page_range, e)),
        }
    }
    let Some(FormRead {
        document: first, ..
    }) = docs.first_mut()
    else {
        let (_, _, e) = unread.remove(0);
        return Err(of_file(e, pages));
    };
    for (i, [a, b], e) in &unread {
        first.warnings.push(unread_warning(
            *i,
            &segment::page_list(&(*a..=*b).collect::<Vec<_>>()),
            e,
            *a,
        ));
    }
    Ok(docs)
}

/// A file none of whose forms was read fails with its first form's error;
/// "no form" then says how many pages the whole file has.
fn of_file(e: Error, pages: u32) -> Error {
    match e {
        Error::NoForm { path, reason } => Error::NoForm {
            path,
            reason: format!(
                "{pages} page{}; {reason}",
                if pages == 1 { "" } else { "s" }
            ),
        },
        e => e,
    }
}

/// `form_unread`: form `i` (0-based) of the file, on `pages`, could not be read.
fn unread_warning(i: usize, pages: &str, e: &Error, first_page: u32) -> Warning {
    crate::form_unread::warning(i as u32 + 1, pages, &e.to_string(), first_page)
}

/// The forms of an extracted PDF, each with the layout built from its own
/// pages (or parts of pages), and the pages no form took.
pub struct FormLayouts {
    /// Each form's pages and layout, in file order.
    pub forms: Vec<(FormSpan, FormLayout)>,
    /// Pages no form took.
    pub skipped: Vec<u32>,
}

/// Segmentation and layout: one layout per form, in page order. A file with
/// no form title and no opening table is still one form when an indicator
/// table's header is found in it; otherwise it is [`Error::NoForm`].
pub fn form_layouts(
    path: &Path,
    pdf: &PdfDocument,
    templates: &[Template],
) -> Result<FormLayouts, Error> {
    let seg = segment::segment_pdf(pdf, templates);
    if seg.forms.is_empty() {
        let layout = crate::layout::build(pdf);
        let header = templates
            .iter()
            .any(|t| crate::template::has_table_header(&layout, t));
        if !header || layout.rows.is_empty() {
            return Err(Error::NoForm {
                path: path.to_path_buf(),
                reason: segment::describe_no_form(&seg),
            });
        }
        let whole = FormSpan {
            parts: pdf
                .pages
                .iter()
                .map(|p| segment::PagePart {
                    page: p.number,
                    top: None,
                    bottom: None,
                })
                .collect(),
        };
        return Ok(FormLayouts {
            forms: vec![(whole, layout)],
            skipped: Vec::new(),
        });
    }
    let forms = seg
        .forms
        .iter()
        .map(|span| {
            let layout = crate::layout::build(&segment::sub_document(pdf, span));
            (span.clone(), layout)
        })
        .collect();
    Ok(FormLayouts {
        forms,
        skipped: seg.skipped,
    })
}

/// The layout of every form in a file (PDF or text rendition), before any
/// template reads it: what `template draft` drafts from.
pub fn form_layouts_of(path: &Path, opts: &ReadOptions) -> Result<Vec<FormLayout>, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    if looks_like_pdf(&bytes) {
        let read = read_pdf_pages(path, bytes, opts)?;
        let found = form_layouts(path, &read.pdf, &templates(opts)?)?;
        return Ok(found.forms.into_iter().map(|(_, l)| l).collect());
    }
    let unknown = |e: crate::input::InputError| Error::UnknownInput {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let text = crate::input::decode_text(&bytes, opts.encoding.as_deref()).map_err(unknown)?;
    let forms = crate::input::text::read_renditions(&text).map_err(unknown)?;
    Ok(forms.into_iter().map(|f| f.layout).collect())
}

/// Segmentation, layout, template and checks for an already extracted PDF:
/// one document per form, in page order. A form that cannot be read (no
/// template fits it) is left out with a `form_unread` warning, unless no form
/// of the file can be read: then the file fails with the first form's error.
pub fn documents_from_pdf(
    path: &Path,
    pdf: &PdfDocument,
    templates: &[Template],
) -> Result<Vec<Document>, Error> {
    Ok(forms_from_pdf(path, pdf, templates)?
        .into_iter()
        .map(|f| f.document)
        .collect())
}

/// [`documents_from_pdf`], each document with the layout it was read from.
pub fn forms_from_pdf(
    path: &Path,
    pdf: &PdfDocument,
    templates: &[Template],
) -> Result<Vec<FormRead>, Error> {
    let pages = pdf.pages.len() as u32;
    let found = form_layouts(path, pdf, templates)?;
    let mut docs = Vec::new();
    let mut unread: Vec<(usize, FormSpan, Error)> = Vec::new();
    let nforms = found.forms.len();
    // Documents beyond one per form so far (a listing of several projects).
    let mut more = 0;
    for (i, (span, layout)) in found.forms.into_iter().enumerate() {
        let i = i + more;
        let read = if layout.rows.is_empty() {
            Err(Error::NoTable {
                path: path.to_path_buf(),
                reason: format!(
                    "form {} ({}) has no table rows",
                    i + 1,
                    segment::page_list(&span_pages(&span))
                ),
            })
        } else {
            documents_from_layout(path, &layout, templates, "pdf")
        };
        match read {
            Ok(read) => {
                more += read.len() - 1;
                for (n, mut doc) in read.into_iter().enumerate() {
                    doc.source.pages = pages;
                    doc.source.form_index = (i + n) as u32 + 1;
                    doc.source.page_range = Some(span.page_range());
                    docs.push(FormRead {
                        document: doc,
                        layout: layout.clone(),
                    });
                }
            }
            Err(e) => unread.push((i, span, e)),
        }
    }
    let Some(FormRead {
        document: first, ..
    }) = docs.first_mut()
    else {
        let (_, _, e) = unread.remove(0);
        return Err(of_file(e, pages));
    };
    for (i, span, e) in &unread {
        let pages = segment::page_list(&span_pages(span));
        first
            .warnings
            .push(unread_warning(*i, &pages, e, span.page_range()[0]));
    }
    if !found.skipped.is_empty() {
        first.warnings.push(Warning {
            code: "pages_skipped".into(),
            message: format!(
                "{} of the file hold no form and were skipped ({} forms read)",
                segment::page_list(&found.skipped),
                nforms
            ),
            page: found.skipped.first().copied(),
            fields: Vec::new(),
        });
    }
    Ok(docs)
}

fn span_pages(span: &FormSpan) -> Vec<u32> {
    let mut pages: Vec<u32> = span.parts.iter().map(|p| p.page).collect();
    pages.dedup();
    pages
}

/// Template matching and checks for a layout from any input kind.
pub fn document_from_layout(
    path: &Path,
    layout: &FormLayout,
    templates: &[Template],
    kind: &str,
) -> Result<Document, Error> {
    let mut docs = documents_from_layout(path, layout, templates, kind)?;
    Ok(docs.remove(0))
}

/// [`document_from_layout`], with a target table that lists several
/// projects read as one document per project (never none).
pub fn documents_from_layout(
    path: &Path,
    layout: &FormLayout,
    templates: &[Template],
    kind: &str,
) -> Result<Vec<Document>, Error> {
    let Some((template, mut doc, fit)) = choose_template(layout, templates) else {
        if let Some(reason) = no_form_in_layout(layout) {
            return Err(Error::NoForm {
                path: path.to_path_buf(),
                reason,
            });
        }
        return Err(Error::NoTemplate {
            path: path.to_path_buf(),
            reason: format!(
                "no title such as {} and no indicator table header found",
                templates
                    .iter()
                    .map(|t| t.title.describe())
                    .collect::<Vec<_>>()
                    .join(" / ")
            ),
        });
    };
    let share = fit.share();
    if share.is_some_and(|s| s < FAIL_BELOW) {
        return Err(Error::NoTemplate {
            path: path.to_path_buf(),
            reason: format!(
                "the best fit, {}, {}; a template for this form needs: {}",
                template.id,
                fit.describe(),
                fit.untaken_list()
            ),
        });
    }
    crate::account::account(&mut doc, layout, &fit);
    if let Some(reason) = crate::account::empty_read(&doc, template) {
        // An ill-fitting template is why nothing was read: say so, with the
        // labels a template for this form needs.
        if share.is_some_and(|s| s < WARN_BELOW) {
            return Err(Error::NoTemplate {
                path: path.to_path_buf(),
                reason: format!(
                    "the best fit, {}, {} and {reason}; a template for this form needs: {}",
                    template.id,
                    fit.describe(),
                    fit.untaken_list()
                ),
            });
        }
        return Err(Error::EmptyRead {
            path: path.to_path_buf(),
            reason,
        });
    }
    let mut docs = crate::template::listing::split_projects(doc);
    for doc in &mut docs {
        doc.warnings.extend(crate::check::check(doc));
        if share.is_some_and(|s| s < WARN_BELOW) {
            doc.warnings.push(Warning {
                code: "template_fit_low".into(),
                message: format!(
                    "template {} {}; no field took: {}",
                    template.id,
                    fit.describe(),
                    fit.untaken_list()
                ),
                page: None,
                fields: Vec::new(),
            });
        }
        crate::account::confidence::gather(doc);
        let label_guesses = std::mem::take(&mut doc.source.label_guesses);
        doc.source = Source {
            file: path.display().to_string(),
            sha256: String::new(),
            kind: kind.into(),
            pages: layout.pages,
            template: template.id.clone(),
            form_index: 1,
            page_range: Some([1, layout.pages.max(1)]),
            template_fit: fit.recorded(),
            pages_read: Vec::new(),
            label_guesses,
        };
    }
    Ok(docs)
}

/// The template that reads the layout best, with its document and fit.
///
/// Every template whose title or table header the layout holds reads it; the
/// one whose fields took the most label cells wins (on a tie, the stronger
/// title/header evidence, then the earlier template: a user's own first).
/// The generic reader (the whole vocabulary, no template) reads it too when
/// no template's title is on the form or the best leaves a quarter or more
/// of the labels untaken: it wins when it takes more label cells (as many,
/// when no title named the template).
pub fn choose_template<'t>(
    layout: &FormLayout,
    templates: &'t [Template],
) -> Option<(&'t Template, Document, crate::template::Fit)> {
    let mut best: Option<(usize, usize, &Template, Document, crate::template::Fit)> = None;
    for t in templates.iter().filter(|t| !t.generic) {
        let score = score_template(layout, t);
        if score < 10 {
            continue;
        }
        let (doc, fit) = match_layout_fit(layout, t);
        let better = best
            .as_ref()
            .is_none_or(|b| (fit.taken, score) > (b.0, b.1));
        if better {
            best = Some((fit.taken, score, t, doc, fit));
        }
    }
    let named_share = best.as_ref().map_or(0.0, |b| b.4.share().unwrap_or(1.0));
    let titled = best.as_ref().is_some_and(|b| b.1 >= 100);
    if (!titled || named_share < WARN_BELOW)
        && let Some(g) = templates.iter().find(|t| t.generic)
        && score_template(layout, g) >= 10
    {
        let (mut doc, fit) = match_layout_fit(layout, g);
        let named_taken = best.as_ref().map_or(0, |b| b.0);
        let wins = if titled {
            fit.taken > named_taken && fit.share().unwrap_or(0.0) > named_share
        } else {
            fit.taken >= named_taken
        };
        if wins || best.is_none() {
            doc.form = Some(crate::template::generic_form(layout, &doc).to_string());
            return Some((g, doc, fit));
        }
    }
    best.map(|(_, _, t, mut doc, fit)| {
        if let Some(form) = crate::template::titled_form(&t.form, &doc) {
            doc.form = Some(form.to_string());
        }
        (t, doc, fit)
    })
}

/// For a layout no template fits: when it holds no form at all (prose that
/// only mentions one), the reason, so the error says "no form" rather than
/// "no template".
fn no_form_in_layout(layout: &FormLayout) -> Option<String> {
    let has_form_title = layout
        .lines
        .iter()
        .any(|l| crate::title::is_form_title(&l.text))
        || layout
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .any(|c| crate::title::is_form_title(&c.text));
    if has_form_title {
        return None;
    }
    let mention = layout
        .lines
        .iter()
        .find_map(|l| crate::title::mention(&l.text).map(|m| (l.page, m)))
        .or_else(|| {
            layout.rows.iter().find_map(|r| {
                r.cells
                    .iter()
                    .find_map(|c| crate::title::mention(&c.text).map(|m| (r.page, m)))
            })
        });
    let mut pages: Vec<u32> = layout
        .rows
        .iter()
        .map(|r| r.page)
        .chain(layout.lines.iter().map(|l| l.page))
        .collect();
    pages.sort_unstable();
    pages.dedup();
    let mut reason = format!(
        "{} {} no form title and no form table",
        segment::page_list(&pages),
        if pages.len() == 1 { "holds" } else { "hold" }
    );
    if let Some((page, m)) = mention {
        reason.push_str(&format!("; page {page} mentions {m} in its text"));
    }
    Some(reason)
}

fn looks_like_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// Hex SHA-256 of the input: the document's `doc_id`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}
