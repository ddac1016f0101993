//! Hostile and broken input: typed errors, bounded work, never a panic.

use crate::extract_support;

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

use evalform::extract::{ExtractError, Limits, read_pdf};
use extract_support::*;
use lopdf::{Object, dictionary};

fn sample(name: &str) -> Vec<u8> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/shared")).join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn empty_and_non_pdf_bytes_are_not_pdf() {
    assert!(matches!(
        read_pdf(b"", &Limits::default()),
        Err(ExtractError::NotPdf)
    ));
    assert!(matches!(
        read_pdf(b"hello world", &Limits::default()),
        Err(ExtractError::NotPdf)
    ));
}

#[test]
fn random_bytes_after_a_header_are_an_error_not_a_panic() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for round in 0..50 {
        let len = 64 + round * 97;
        let mut bytes = b"%PDF-1.7\n".to_vec();
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            bytes.push((state >> 24) as u8);
        }
        let read = without_panic(&format!("round {round}"), || {
            read_pdf(&bytes, &Limits::default())
        });
        assert!(read.is_err(), "round {round}");
    }
}

#[test]
fn truncated_samples_never_panic() {
    for name in [
        "gz-liwan-yjj-2021.lo.pdf",
        "gz-liwan-yjj-2021.chrome.pdf",
        "gz-liwan-yjj-2021.gbk.pdf",
    ] {
        let bytes = sample(name);
        for cut in [
            10,
            100,
            1_000,
            5_000,
            bytes.len() / 3,
            bytes.len() / 2,
            bytes.len() - 100,
            bytes.len() - 1,
        ] {
            // Either an error or whatever pages could be recovered.
            let _ = without_panic(&format!("{name} cut at {cut}"), || {
                read_pdf(&bytes[..cut], &Limits::default())
            });
        }
    }
}

#[test]
fn corrupted_sample_bytes_never_panic() {
    // The smallest sample: each round parses it whole.
    let bytes = sample("gz-liwan-yjj-2021.gbk.pdf");
    let mut state = 7u64;
    for round in 0..12 {
        let mut b = bytes.clone();
        for _ in 0..50 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let i = (state >> 33) as usize % b.len();
            b[i] = (state >> 13) as u8;
        }
        let _ = without_panic(&format!("round {round}"), || {
            read_pdf(&b, &Limits::default())
        });
    }
}

fn qpdf_encrypt(input: &[u8], user: &str, owner: &str) -> Option<Vec<u8>> {
    let dir = std::env::temp_dir().join(format!(
        "evalform-enc-{}-{}",
        std::process::id(),
        user.len()
    ));
    std::fs::create_dir_all(&dir).ok()?;
    let (src, dst) = (dir.join("in.pdf"), dir.join("out.pdf"));
    std::fs::File::create(&src).ok()?.write_all(input).ok()?;
    let status = Command::new("qpdf")
        .args(["--encrypt", user, owner, "256", "--"])
        .arg(&src)
        .arg(&dst)
        .status()
        .ok()?;
    let out = status.success().then(|| std::fs::read(&dst).ok()).flatten();
    let _ = std::fs::remove_dir_all(&dir);
    out
}

#[test]
fn encrypted_files_need_their_password_unless_it_is_empty() {
    let plain = sample("proj-jbgw-2021.lo.pdf");
    if !crate::need::tool("qpdf", "--version") {
        return;
    }
    let locked = qpdf_encrypt(&plain, "secret", "owner").expect("qpdf encrypts");
    assert!(matches!(
        read_pdf(&locked, &Limits::default()),
        Err(ExtractError::Encrypted)
    ));

    let open = qpdf_encrypt(&plain, "", "owner").expect("qpdf ran once already");
    let doc = read_pdf(&open, &Limits::default()).expect("empty user password decrypts");
    let text: String = doc.pages[0]
        .glyphs
        .iter()
        .map(|g| g.text.as_str())
        .collect();
    assert!(text.contains("项目支出绩效自评表"), "{text}");
}

#[test]
fn flate_bomb_is_a_limit_error() {
    let mut b = PdfBuilder::new();
    let mut stream = lopdf::Stream::new(dictionary! {}, vec![b' '; 8 << 20]);
    stream.compress().expect("compress");
    assert!(stream.content.len() < 100_000, "compressed bomb is small");
    let content = b.add(Object::Stream(stream));
    let page = b.page(dictionary! {}, b"");
    if let Ok(Object::Dictionary(d)) = b.doc.get_object_mut(page) {
        d.set("Contents", content);
    }
    let limits = Limits {
        max_stream_bytes: 1 << 20,
        ..Limits::default()
    };
    assert!(matches!(
        read_pdf(&b.finish(), &limits),
        Err(ExtractError::Limit(_))
    ));
}

#[test]
fn deep_form_nesting_is_a_limit_error() {
    let mut b = PdfBuilder::new();
    let mut inner = b.stream(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 1.into(), 1.into()] },
        b"0 0 1 1 re f",
    );
    for _ in 0..40 {
        inner = b.stream(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 1.into(), 1.into()],
                "Resources" => dictionary! { "XObject" => dictionary! { "X" => inner } } },
            b"/X Do",
        );
    }
    b.page(
        dictionary! { "XObject" => dictionary! { "X" => inner } },
        b"/X Do",
    );
    assert!(matches!(
        read_pdf(&b.finish(), &Limits::default()),
        Err(ExtractError::Limit(_))
    ));
}

#[test]
fn too_many_pages_and_operators_are_limit_errors() {
    let mut b = PdfBuilder::new();
    for _ in 0..12 {
        b.page(dictionary! {}, b"q Q q Q q Q");
    }
    let bytes = b.finish();
    let few_pages = Limits {
        max_pages: 10,
        ..Limits::default()
    };
    assert!(matches!(
        read_pdf(&bytes, &few_pages),
        Err(ExtractError::Limit(_))
    ));
    let few_ops = Limits {
        max_ops_per_page: 5,
        ..Limits::default()
    };
    assert!(matches!(
        read_pdf(&bytes, &few_ops),
        Err(ExtractError::Limit(_))
    ));
    assert_eq!(
        read_pdf(&bytes, &Limits::default())
            .expect("within caps")
            .pages
            .len(),
        12
    );
}

#[test]
fn huge_text_matrices_and_font_sizes_do_not_overflow() {
    // Found by fuzzing: glyph boxes near f32::MAX overflowed integer grid keys.
    let mut b = PdfBuilder::new();
    let font = simple_font(&mut b);
    b.page(
        font_resources(font),
        b"BT /F1 3e38 Tf 1 0 0 1 10 700 Tm (AA) Tj /F1 10 Tf 1e30 0 0 1e30 0 0 Tm (BB) Tj \
          /F1 -5e37 Tf 0 0 0 0 0 0 Tm (CC) Tj 1 0 0 1 1e38 1e38 cm 1 1 m 2 1 l S ET",
    );
    let doc = read_pdf(&b.finish(), &Limits::default()).expect("reads");
    assert!(
        doc.pages[0]
            .glyphs
            .iter()
            .all(|g| g.x0.is_finite() && g.y1.is_finite())
    );
}
