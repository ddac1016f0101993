//! The consumer seam of the content interpreter: what it meets on a page
//! (glyphs, painted paths, images) is reported to a [`Device`], which decides
//! what to keep. [`PageCollector`] is the one that builds a [`Page`](super::Page).

use super::{Glyph, Orientation, PageImage, Ruling};

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

/// A filled rectangle at most this thick (points) is drawn as a line.
const THIN_FILL: f32 = 2.0;
/// A stroked segment may deviate this much (points) from axis-parallel.
const AXIS_TOLERANCE: f32 = 0.5;

/// Builds a page's content: glyphs with their runs, rulings, images and the
/// count of glyph-sized filled paths.
#[derive(Default)]
pub(crate) struct PageCollector {
    pub(crate) glyphs: Vec<Glyph>,
    pub(crate) rulings: Vec<Ruling>,
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
            if paint.fill {
                self.thin_fill(sub);
            }
            if paint.stroke {
                for seg in sub.windows(2) {
                    self.segment(seg[0], seg[1]);
                }
            }
        }
    }

    fn image(&mut self, image: PageImage) {
        self.images.push(image);
    }
}

impl PageCollector {
    /// A filled subpath whose bounding box is thin in one direction is a line.
    fn thin_fill(&mut self, sub: &[(f32, f32)]) {
        if sub.len() < 3 {
            return;
        }
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for &(x, y) in sub {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        let (w, h) = (x1 - x0, y1 - y0);
        if h <= THIN_FILL && w > h {
            self.push_ruling(Orientation::Horizontal, (y0 + y1) / 2.0, x0, x1);
        } else if w <= THIN_FILL && h > w {
            self.push_ruling(Orientation::Vertical, (x0 + x1) / 2.0, y0, y1);
        }
    }

    fn segment(&mut self, a: (f32, f32), b: (f32, f32)) {
        let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
        if dy <= AXIS_TOLERANCE && dx > dy {
            self.push_ruling(
                Orientation::Horizontal,
                (a.1 + b.1) / 2.0,
                a.0.min(b.0),
                a.0.max(b.0),
            );
        } else if dx <= AXIS_TOLERANCE && dy > dx {
            self.push_ruling(
                Orientation::Vertical,
                (a.0 + b.0) / 2.0,
                a.1.min(b.1),
                a.1.max(b.1),
            );
        }
    }

    fn push_ruling(&mut self, orientation: Orientation, pos: f32, start: f32, end: f32) {
        if pos.is_finite() && start.is_finite() && end.is_finite() {
            self.rulings.push(Ruling {
                orientation,
                pos,
                start,
                end,
            });
        }
    }
}

/// A painted path no larger than a big character and not a thin line: what
/// text converted to outlines is drawn with.
fn is_glyph_sized(path: &[Subpath]) -> bool {
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for &(x, y) in path.iter().flatten() {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    let (w, h) = (x1 - x0, y1 - y0);
    path.iter().map(Vec::len).sum::<usize>() >= 4
        && w > THIN_FILL
        && h > THIN_FILL
        && w.max(h) <= 72.0
}
