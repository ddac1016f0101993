//! Labels wider than their cells, cut at the border by a clipping path
//! (reportlab) or by the spreadsheet (LibreOffice Calc, which also lets a
//! label run on across an empty neighbour), read as the page shows them,
//! each in its own cell: no neighbour takes any of a label's text. Truth is the
//! generator's data (`scripts/gen-clipped.py`).

use std::path::Path;

use evalform::extract::PdfDocument;

fn dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/clipped"))
}

/// The rows of `which` sample (`reportlab` or `lo`), each cell as the page shows it.
fn truth(which: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(dir().join("clipped.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    serde_json::from_value(v[which].clone()).unwrap()
}

fn open(name: &str) -> PdfDocument {
    let bytes = std::fs::read(dir().join(name)).unwrap();
    evalform::source::Source::open(bytes, &Default::default())
        .expect("opens")
        .1
}

/// The table's rows as read, each cell's text in column order.
fn rows(pdf: &PdfDocument) -> Vec<Vec<String>> {
    evalform::layout::build(pdf)
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
        .filter(|r: &Vec<String>| !r.is_empty())
        .collect()
}

/// Cells read as typed, of all cells typed.
fn cells_right(read: &[Vec<String>], truth: &[Vec<String>]) -> (usize, usize) {
    let all = truth.iter().map(Vec::len).sum();
    let right = truth
        .iter()
        .zip(read)
        .map(|(t, r)| t.iter().zip(r).filter(|(a, b)| a == b).count())
        .sum();
    (right, all)
}

#[test]
fn clipped_labels_read_whole_in_their_own_cells() {
    for which in ["reportlab", "lo"] {
        let name = format!("clipped.{which}.pdf");
        let pdf = open(&name);
        assert!(
            pdf.pages[0].glyphs.iter().any(|g| g.clip.is_some()),
            "{name}: the clip is read"
        );
        let read = rows(&pdf);
        assert_eq!(read, truth(which), "{name}");
    }
}

#[test]
fn without_the_clip_a_neighbour_takes_a_labels_text() {
    // The reportlab table read as if no clip were drawn: the labels' overflow
    // lands in the next column (what reading by the clip prevents).
    let mut pdf = open("clipped.reportlab.pdf");
    for g in &mut pdf.pages[0].glyphs {
        g.clip = None;
    }
    let (right, all) = cells_right(&rows(&pdf), &truth("reportlab"));
    assert!(right < all, "{right} of {all} cells right without the clip");
}
