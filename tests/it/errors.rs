//! Bad input: every case gives a clear error naming the file and the reason,
//! a non-zero exit, and never a panic.

use crate::common;

use std::path::Path;

use common::{bin, scratch, shared_samples};
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};

/// A one-page PDF with Helvetica text lines and optional ruled boxes.
fn simple_pdf(lines: &[(f32, f32, &str)], boxes: &[(f32, f32, f32, f32)]) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let mut ops = Vec::new();
    for &(x, y, w, h) in boxes {
        ops.push(Operation::new(
            "re",
            vec![x.into(), y.into(), w.into(), h.into()],
        ));
        ops.push(Operation::new("S", vec![]));
    }
    for &(x, y, text) in lines {
        ops.push(Operation::new("BT", vec![]));
        ops.push(Operation::new("Tf", vec!["F1".into(), 10.into()]));
        ops.push(Operation::new("Td", vec![x.into(), y.into()]));
        ops.push(Operation::new("Tj", vec![Object::string_literal(text)]));
        ops.push(Operation::new("ET", vec![]));
    }
    let content = Content { operations: ops };
    let content_id = doc.add_object(Stream::new(
        dictionary! {},
        content.encode().expect("encodable"),
    ));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("saved");
    out
}

/// Runs `evalform extract FILE`; returns (exit code, stderr).
fn extract(path: &Path) -> (i32, String) {
    let out = bin()
        .arg("extract")
        .arg(path)
        .output()
        .expect("evalform runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_clear_error(path: &Path, reason: &str) {
    let (code, err) = extract(path);
    assert_eq!(code, 1, "exit code for {}: {err}", path.display());
    assert!(
        err.contains(&path.display().to_string()),
        "error names the file: {err}"
    );
    assert!(err.contains(reason), "error says {reason:?}: {err}");
    assert!(!err.contains("panicked"), "no panic: {err}");
}

#[test]
fn empty_file_is_not_a_pdf() {
    let dir = scratch("errors_empty");
    let p = dir.join("empty.pdf");
    std::fs::write(&p, b"").unwrap();
    let (code, err) = extract(&p);
    assert_eq!(code, 1);
    assert!(err.contains("empty.pdf"), "{err}");
}

#[test]
fn jpeg_named_pdf_is_refused() {
    let dir = scratch("errors_jpeg");
    let p = dir.join("photo.pdf");
    std::fs::write(
        &p,
        [
            0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1,
        ],
    )
    .unwrap();
    let (code, err) = extract(&p);
    assert_eq!(code, 1);
    assert!(
        err.contains("photo.pdf") && !err.contains("panicked"),
        "{err}"
    );
}

#[test]
fn truncated_pdf_fails_cleanly() {
    let dir = scratch("errors_truncated");
    let whole = std::fs::read(shared_samples().join("gz-liwan-yjj-2021.lo.pdf")).unwrap();
    for (i, keep) in [whole.len() / 10, whole.len() / 3, whole.len() - 200]
        .into_iter()
        .enumerate()
    {
        let p = dir.join(format!("cut{i}.pdf"));
        std::fs::write(&p, &whole[..keep]).unwrap();
        let (code, err) = extract(&p);
        // A cut file may still be readable through xref repair; when it is
        // not, the error must be clean.
        assert!(
            code == 0 || (code == 1 && err.contains(&format!("cut{i}.pdf"))),
            "cut{i}: {code} {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn text_without_a_table_says_so() {
    let dir = scratch("errors_no_table");
    let p = dir.join("letter.pdf");
    std::fs::write(
        &p,
        simple_pdf(
            &[
                (72.0, 760.0, "Dear reader,"),
                (72.0, 740.0, "this is a letter."),
            ],
            &[],
        ),
    )
    .unwrap();
    assert_clear_error(&p, "no form found: 1 page; it holds no ruled table");
}

#[test]
fn table_that_is_not_a_form_is_no_form() {
    let dir = scratch("errors_no_template");
    let p = dir.join("invoice.pdf");
    let boxes = [
        (50.0, 600.0, 200.0, 40.0),
        (250.0, 600.0, 200.0, 40.0),
        (50.0, 560.0, 200.0, 40.0),
        (250.0, 560.0, 200.0, 40.0),
    ];
    let lines = [
        (60.0, 620.0, "Item"),
        (260.0, 620.0, "Price"),
        (60.0, 580.0, "Tea"),
        (260.0, 580.0, "3.50"),
    ];
    std::fs::write(&p, simple_pdf(&lines, &boxes)).unwrap();
    assert_clear_error(&p, "no form found: 1 page; no table opens a form");
}

#[test]
fn a_bad_file_among_good_ones_still_writes_the_good() {
    let dir = scratch("errors_mixed");
    let bad = dir.join("bad.pdf");
    std::fs::write(&bad, b"%PDF-1.4\n garbage").unwrap();
    let good = shared_samples().join("proj-jbgw-2021.lo.pdf");
    let out = dir.join("out");
    let status = bin()
        .arg("extract")
        .arg(&bad)
        .arg(&good)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1));
    assert!(out.join("proj-jbgw-2021.lo.json").is_file());
    assert!(!out.join("bad.json").exists());
}
