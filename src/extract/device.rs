//! The consumer seam of the content interpreter: what it meets on a page
//! (glyphs, painted paths, images) is reported to a [`Device`], which decides
//! what to keep. [`PageCollector`] is the one that builds a [`Page`](super::Page).

use super::{Glyph, PageImage, Painted};

/// A subpath in page coordinates (displayed page, top-left origin): its
/// points in order, a closed one ending where it began. Curves are reduced
/// to their end points.
pub(crate) type Subpath = Vec<(f32, f32)>;

/// Which of a painted path's inks shows: a stroke or fill in white paints
/// nothing a reader sees and is reported as not painted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Paint {
    pub(crate) stroke: bool,
    pub(crate) fill: bool,
}

/// Receives what the interpreter meets, in drawing order.
pub(crate) trait Device {
    /// A glyph (its clip carried on it), drawn by show-text operator number
    /// `run` (operators are numbered per page; a glyph made outside any
    /// content stream has a number of its own).
    fn glyph(&mut self, glyph: Glyph, run: u32);
    /// A path painted with visible ink (at least one of `paint`'s is set).
    fn path(&mut self, subpaths: &[Subpath], paint: Paint);
    /// An image drawn (its box on the page).
    fn image(&mut self, image: PageImage);
}

/// A painted path thinner than this (points) in either direction is a
/// line, never a glyph drawn as outlines.
const THIN: f32 = 2.0;

/// Builds a page's content: glyphs with their runs, what was painted (left
/// to layout to classify), images and the count of glyph-sized filled paths.
#[derive(Default)]
pub(crate) struct PageCollector {
    pub(crate) glyphs: Vec<Glyph>,
    pub(crate) painted: Vec<Painted>,
    pub(crate) images: Vec<PageImage>,
    /// For each glyph, the show-text operator that drew it (fake-bold repair).
    pub(crate) runs: Vec<u32>,
    /// Glyph-sized filled paths (see [`Page::filled_paths`](super::Page::filled_paths)).
    pub(crate) filled_paths: usize,
}

impl Device for PageCollector {
    fn glyph(&mut self, glyph: Glyph, run: u32) {
        self.glyphs.push(glyph);
        self.runs.push(run);
    }

    fn path(&mut self, subpaths: &[Subpath], paint: Paint) {
        if paint.fill && is_glyph_sized(subpaths) {
            self.filled_paths += 1;
        }
        for sub in subpaths {
            if paint.fill
                && sub.len() >= 3
                && let Some(b) = bounds(sub.iter())
            {
                self.painted.push(Painted::Fill(b));
            }
            if paint.stroke {
                for seg in sub.windows(2) {
                    self.painted.push(Painted::Stroke(seg[0], seg[1]));
                }
            }
        }
    }

    fn image(&mut self, image: PageImage) {
        self.images.push(image);
    }
}

/// Bounding box (left, top, right, bottom) of some points.
fn bounds<'a>(points: impl Iterator<Item = &'a (f32, f32)>) -> Option<[f32; 4]> {
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for &(x, y) in points {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    (x0 <= x1 && y0 <= y1).then_some([x0, y0, x1, y1])
}

/// A painted path no larger than a big character and not a thin line: what
/// text converted to outlines is drawn with.
fn is_glyph_sized(path: &[Subpath]) -> bool {
    let Some([x0, y0, x1, y1]) = bounds(path.iter().flatten()) else {
        return false;
    };
    let (w, h) = (x1 - x0, y1 - y0);
    path.iter().map(Vec::len).sum::<usize>() >= 4 && w > THIN && h > THIN && w.max(h) <= 72.0
}
