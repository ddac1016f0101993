//! Painted paths → rulings: which strokes and fills of a page are its
//! table's lines. A stroked segment near axis-parallel is a ruling, and so
//! is a filled shape thin in one direction; everything else (curves, text
//! drawn as outlines, backgrounds) is not. Tolerances are in
//! [`GridSettings`].

use crate::extract::{Orientation, Painted, PdfDocument, Ruling};

use super::grid::GridSettings;

/// Turns every page's painted paths into its rulings (added after any it
/// has), emptying [`Page::painted`](crate::extract::Page::painted).
pub fn classify_document(doc: &mut PdfDocument, s: &GridSettings) {
    for page in &mut doc.pages {
        let painted = std::mem::take(&mut page.painted);
        page.rulings.extend(classify(&painted, s));
    }
}

/// The rulings among `painted`, in drawing order.
pub fn classify(painted: &[Painted], s: &GridSettings) -> Vec<Ruling> {
    painted.iter().filter_map(|p| ruling(p, s)).collect()
}

fn ruling(painted: &Painted, s: &GridSettings) -> Option<Ruling> {
    let (orientation, pos, start, end) = match *painted {
        Painted::Fill([x0, y0, x1, y1]) => {
            let (w, h) = (x1 - x0, y1 - y0);
            if h <= s.thin_fill && w > h {
                (Orientation::Horizontal, (y0 + y1) / 2.0, x0, x1)
            } else if w <= s.thin_fill && h > w {
                (Orientation::Vertical, (x0 + x1) / 2.0, y0, y1)
            } else {
                return None;
            }
        }
        Painted::Stroke(a, b) => {
            let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
            if dy <= s.axis_tolerance && dx > dy {
                let (start, end) = (a.0.min(b.0), a.0.max(b.0));
                (Orientation::Horizontal, (a.1 + b.1) / 2.0, start, end)
            } else if dx <= s.axis_tolerance && dy > dx {
                let (start, end) = (a.1.min(b.1), a.1.max(b.1));
                (Orientation::Vertical, (a.0 + b.0) / 2.0, start, end)
            } else {
                return None;
            }
        }
    };
    (pos.is_finite() && start.is_finite() && end.is_finite()).then_some(Ruling {
        orientation,
        pos,
        start,
        end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(p: Painted) -> Option<(Orientation, f32, f32, f32)> {
        let r = classify(&[p], &GridSettings::default());
        r.first().map(|r| (r.orientation, r.pos, r.start, r.end))
    }

    #[test]
    fn strokes_near_axis_parallel_are_rulings() {
        assert_eq!(
            one(Painted::Stroke((50.0, 10.25), (10.0, 10.0))),
            Some((Orientation::Horizontal, 10.125, 10.0, 50.0))
        );
        assert_eq!(
            one(Painted::Stroke((5.0, 40.0), (5.0, 0.0))),
            Some((Orientation::Vertical, 5.0, 0.0, 40.0))
        );
        assert_eq!(one(Painted::Stroke((0.0, 0.0), (40.0, 3.0))), None);
        assert_eq!(one(Painted::Stroke((1.0, 1.0), (1.0, 1.0))), None);
    }

    #[test]
    fn thin_fills_are_rulings_and_boxes_are_not() {
        assert_eq!(
            one(Painted::Fill([0.0, 9.0, 80.0, 10.0])),
            Some((Orientation::Horizontal, 9.5, 0.0, 80.0))
        );
        assert_eq!(
            one(Painted::Fill([3.0, 0.0, 4.5, 60.0])),
            Some((Orientation::Vertical, 3.75, 0.0, 60.0))
        );
        assert_eq!(one(Painted::Fill([0.0, 0.0, 30.0, 20.0])), None);
    }

    #[test]
    fn tolerances_come_from_the_settings() {
        let loose = GridSettings {
            thin_fill: 25.0,
            axis_tolerance: 5.0,
            ..GridSettings::default()
        };
        let painted = [
            Painted::Fill([0.0, 0.0, 30.0, 20.0]),
            Painted::Stroke((0.0, 0.0), (40.0, 3.0)),
        ];
        assert!(classify(&painted, &GridSettings::default()).is_empty());
        assert_eq!(classify(&painted, &loose).len(), 2);
    }

    #[test]
    fn classifying_a_document_empties_what_was_painted() {
        let mut doc = PdfDocument::default();
        doc.pages.push(crate::extract::Page {
            painted: vec![Painted::Stroke((0.0, 5.0), (9.0, 5.0))],
            ..Default::default()
        });
        classify_document(&mut doc, &GridSettings::default());
        assert!(doc.pages[0].painted.is_empty());
        assert_eq!(doc.pages[0].rulings.len(), 1);
    }
}
