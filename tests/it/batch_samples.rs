//! A batch over the sample PDFs plus deliberately bad files, through the real
//! pipeline in isolated workers: every sample comes out exactly as the pipeline
//! gives it in-process, every bad file lands in errors.csv with a reason, and
//! the batch finishes.

use std::fs;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_evalform");
const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/shared");

/// A small, valid PDF with the given page text and extra trailer entries.
fn tiny_pdf(text: &str, trailer_extra: &str) -> Vec<u8> {
    let stream = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
         /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_string(),
        format!(
            "<< /Length {} >>\nstream\n{stream}\nendstream",
            stream.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).into_bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for off in offsets {
        pdf.extend(format!("{off:010} 00000 n \n").into_bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    pdf
}

fn make_bad_files(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    let sample = fs::read(Path::new(SAMPLES).join("proj-jbgw-2021.lo.pdf")).unwrap();
    fs::write(dir.join("truncated.pdf"), &sample[..sample.len() / 3]).unwrap();
    fs::write(dir.join("zero.pdf"), b"").unwrap();
    let jpeg = [
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
        0xFF, 0xD9,
    ];
    fs::write(dir.join("photo.pdf"), jpeg).unwrap();
    fs::write(
        dir.join("letter.pdf"),
        tiny_pdf("Dear reader, this is not a form.", ""),
    )
    .unwrap();
    let encrypt = "/Encrypt << /Filter /Standard /V 1 /R 2 /P -44 \
        /O <0000000000000000000000000000000000000000000000000000000000000000> \
        /U <0000000000000000000000000000000000000000000000000000000000000000> >> \
        /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]";
    fs::write(dir.join("locked.pdf"), tiny_pdf("secret", encrypt)).unwrap();
}

/// The direct pipeline's verdict on a one-form file: its document, or None.
fn direct(path: &Path) -> Option<evalform::Document> {
    let mut docs = evalform::pipeline::extract_file(path, &Default::default()).ok()?;
    assert_eq!(docs.len(), 1, "{}: one form", path.display());
    docs.pop()
}

#[test]
fn samples_convert_as_directly_and_bad_files_fail_with_reasons() {
    let tmp = crate::scratch::tempdir().unwrap();
    let good = tmp.path().join("in/good");
    fs::create_dir_all(&good).unwrap();
    for entry in fs::read_dir(SAMPLES).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "pdf") {
            fs::copy(&path, good.join(path.file_name().unwrap())).unwrap();
        }
    }
    let bad = tmp.path().join("in/bad");
    make_bad_files(&bad);

    let out = tmp.path().join("out");
    let status = Command::new(BIN)
        .args(["batch", "--no-progress", "-o"])
        .arg(&out)
        .arg(tmp.path().join("in"))
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1), "bad files make the exit status 1");

    let lines: Vec<serde_json::Value> = fs::read_to_string(out.join("manifest.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut converted = 0;
    for line in &lines {
        let path = Path::new(line["path"].as_str().unwrap());
        // An isolated worker must give exactly what the pipeline gives in-process.
        match direct(path) {
            Some(want) => {
                assert_eq!(line["status"], "ok", "{line}");
                let json = out.join(line["json"].as_str().unwrap());
                let got: evalform::Document =
                    serde_json::from_slice(&fs::read(json).unwrap()).unwrap();
                assert!(got == want, "{} differs from in-process", path.display());
                converted += 1;
            }
            None => assert_eq!(line["status"], "failed", "{line}"),
        }
    }
    assert!(converted >= 1, "no sample converted");

    let mut reader = csv::Reader::from_path(out.join("errors.csv")).unwrap();
    let errors: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    for name in [
        "truncated.pdf",
        "zero.pdf",
        "photo.pdf",
        "letter.pdf",
        "locked.pdf",
    ] {
        let row = errors
            .iter()
            .find(|r| r[0].ends_with(name))
            .unwrap_or_else(|| panic!("{name} not in errors.csv"));
        assert!(!row[3].trim().is_empty(), "{name} has no reason");
        assert_eq!(&row[2], "error", "{name}: {}", &row[3]);
    }
    let documents = csv::Reader::from_path(out.join("documents.csv"))
        .unwrap()
        .records()
        .count();
    assert_eq!(documents, converted);
}

/// The hand-made PDFs are themselves well formed (checked with qpdf when present).
#[test]
fn hand_made_pdfs_are_well_formed() {
    let tmp = crate::scratch::tempdir().unwrap();
    let path = tmp.path().join("letter.pdf");
    fs::write(&path, tiny_pdf("hello", "")).unwrap();
    if !crate::need::tool("qpdf", "--version") {
        return;
    }
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
