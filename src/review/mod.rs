//! Review pages: one self-contained HTML file per document, to check each
//! field against the page it was read from.
//!
//! The pipeline hands over what it read ([`crate::pipeline::read_forms`]):
//! each document with its layout, whose cells carry their boxes on the page,
//! and how OCR turned and levelled each scanned page. The fields are placed
//! at their cells ([`crate::locate`]), every page is drawn by the renderer
//! ([`crate::render`]) and inlined as an image, and [`html`] writes the page.
//! A text rendition has no page image: its cell grid is shown instead.

internal! {
    html;
    #[cfg(feature = "render")]
    image;
    index;
    summary;
}

pub use index::{page_name, write_batch_index};

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Error;
use crate::model::Document;
use crate::options::ReadOptions;
use crate::pipeline::{self, FileRead};
use crate::template::Template;
use html::PageView;

/// One document and its review page.
pub struct Review {
    /// The document shown.
    pub document: Document,
    /// The whole HTML file.
    pub html: String,
}

/// Reads a file's bytes and makes a review page for each of its forms.
pub fn review_bytes(
    path: &Path,
    bytes: &[u8],
    opts: &ReadOptions,
    templates: &[Template],
) -> Result<Vec<Review>, Error> {
    let read = pipeline::read_forms(path, bytes, opts, templates)?;
    Ok(reviews_of(read))
}

/// The review pages of what the pipeline read from `bytes`.
pub fn reviews_of(mut read: FileRead) -> Vec<Review> {
    let wanted: Vec<u32> = read
        .forms
        .iter()
        .flat_map(|f| form_pages(&f.document, f.layout.pages))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let images = draw(&read, &wanted);
    let forms = std::mem::take(&mut read.forms);
    forms
        .into_iter()
        .map(|form| {
            let located = crate::locate::locate(&form.document, &form.layout);
            let pages: Vec<PageView> = form_pages(&form.document, form.layout.pages)
                .map(|n| page_view(&read, n, &images))
                .collect();
            let html = html::document_page(&form.document, &located, &pages);
            Review {
                document: form.document,
                html,
            }
        })
        .collect()
}

/// The pages of the file a form is on.
fn form_pages(doc: &Document, layout_pages: u32) -> impl Iterator<Item = u32> {
    let [a, b] = doc.source.page_range.unwrap_or([1, layout_pages.max(1)]);
    a..=b.max(a)
}

type Images = BTreeMap<u32, Result<(String, u32, u32), String>>;

#[cfg(feature = "render")]
fn draw(read: &FileRead, wanted: &[u32]) -> Images {
    let (Some(pdf), Some(source)) = (&read.pdf, &read.source) else {
        return Images::new();
    };
    image::draw_pages(source, pdf, wanted, &read.ocr_frames)
        .into_iter()
        .map(|(n, r)| (n, r.map(|i| (i.data_uri, i.width, i.height))))
        .collect()
}

#[cfg(not(feature = "render"))]
fn draw(read: &FileRead, wanted: &[u32]) -> Images {
    if read.pdf.is_none() {
        return Images::new();
    }
    wanted
        .iter()
        .map(|&n| (n, Err("this build has no page renderer".to_string())))
        .collect()
}

fn page_view(read: &FileRead, number: u32, images: &Images) -> PageView {
    let page = read
        .pdf
        .as_ref()
        .and_then(|pdf| pdf.pages.iter().find(|p| p.number == number));
    let frame = read.ocr_frames.iter().find(|f| f.page == number).copied();
    let (image, note) = match (page, images.get(&number)) {
        (None, _) => (
            None,
            Some("Text rendition: there is no page image; this is the cell grid as read.".into()),
        ),
        (Some(_), Some(Ok((uri, _, _)))) => (
            Some(uri.clone()),
            frame.map(|f| {
                format!(
                    "Read by OCR: the scan is shown levelled ({:.2}°{}) as it was read.",
                    -f.skew_deg,
                    if f.quarter_turns > 0 {
                        format!(", turned {}° clockwise", 90 * f.quarter_turns)
                    } else {
                        String::new()
                    }
                )
            }),
        ),
        (Some(_), Some(Err(why))) => (None, Some(format!("The page could not be drawn: {why}"))),
        (Some(_), None) => (None, Some("The page was not drawn.".into())),
    };
    PageView {
        number,
        width: page.map_or(595.0, |p| p.width),
        height: page.map_or(842.0, |p| p.height),
        image,
        note,
        frame,
    }
}
