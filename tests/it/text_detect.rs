//! Input detection by content: PDF, text in each supported encoding, and the
//! binary files people hand over by mistake.

use evalform::input::{InputError, InputKind, decode_text, detect};

const SAMPLE: &str =
    "荔湾区部门整体支出绩效自评表\n主要任务\t年初预期目标\t目标完成情况\n任务1\t≥1个\t100%\n";

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        let bytes = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        out.extend_from_slice(&bytes);
    }
    out
}

fn text_kind(bytes: &[u8]) -> &'static str {
    match detect(bytes) {
        Ok(InputKind::Text { encoding }) => encoding,
        other => panic!("expected text, got {other:?}"),
    }
}

#[test]
fn pdf_is_recognised_by_its_marker() {
    assert_eq!(
        detect(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj"),
        Ok(InputKind::Pdf)
    );
}

#[test]
fn utf8_with_and_without_bom() {
    assert_eq!(text_kind(SAMPLE.as_bytes()), "UTF-8");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(SAMPLE.as_bytes());
    assert_eq!(text_kind(&bom), "UTF-8");
    assert_eq!(decode_text(&bom, None).as_deref(), Ok(SAMPLE));
}

#[test]
fn utf16_with_bom_both_byte_orders() {
    let le = utf16(SAMPLE, false);
    assert_eq!(text_kind(&le), "UTF-16LE");
    assert_eq!(decode_text(&le, None).as_deref(), Ok(SAMPLE));
    let be = utf16(SAMPLE, true);
    assert_eq!(text_kind(&be), "UTF-16BE");
    assert_eq!(decode_text(&be, None).as_deref(), Ok(SAMPLE));
}

#[test]
fn gb18030_and_gbk_text() {
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(SAMPLE);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&gb).is_err(),
        "the sample must not also be UTF-8"
    );
    assert_eq!(text_kind(&gb), "gb18030");
    assert_eq!(decode_text(&gb, None).as_deref(), Ok(SAMPLE));
    let (gbk, _, _) = encoding_rs::GBK.encode(SAMPLE);
    assert_eq!(decode_text(&gbk, None).as_deref(), Ok(SAMPLE));
}

#[test]
fn a_forced_label_overrides_detection() {
    let (gb, _, _) = encoding_rs::GB18030.encode(SAMPLE);
    assert_eq!(decode_text(&gb, Some("gbk")).as_deref(), Ok(SAMPLE));
    // Forcing UTF-8 on GB18030 bytes fails and says so instead of guessing.
    assert!(matches!(
        decode_text(&gb, Some("utf-8")),
        Err(InputError::BadForcedEncoding {
            encoding: "UTF-8",
            ..
        })
    ));
    // Latin-1 decodes anything: forcing it is obeyed even when wrong.
    let forced = decode_text(SAMPLE.as_bytes(), Some("latin1")).expect("windows-1252 decodes");
    assert_ne!(forced, SAMPLE);
    assert_eq!(
        decode_text(b"x", Some("no-such-encoding")),
        Err(InputError::UnknownEncoding("no-such-encoding".into()))
    );
}

#[test]
fn binary_inputs_are_refused_with_the_reason() {
    let cases: &[(&[u8], &str)] = &[
        (b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", "JPEG"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"abc\x00def", "NUL"),
    ];
    for (bytes, reason) in cases {
        match detect(bytes) {
            Err(InputError::Binary(message)) => {
                assert!(message.contains(reason), "{message} should name {reason}")
            }
            other => panic!("{reason}: expected a binary error, got {other:?}"),
        }
    }
}

#[test]
fn bytes_in_no_encoding_are_refused() {
    // 0xFF never occurs in UTF-8 or GB18030.
    let err = detect(b"\xFF\xFE\xFD abc \xFF").err();
    assert!(
        matches!(
            err,
            Some(InputError::Undecodable(_)) | Some(InputError::Binary(_))
        ),
        "{err:?}"
    );
    let err = detect(b"plain \xFF\xFF text").expect_err("not decodable");
    // The error names every encoding tried.
    let message = err.to_string();
    assert!(
        message.contains("UTF-8") && message.contains("UTF-16") && message.contains("GB18030"),
        "{message}"
    );
}

#[test]
fn control_characters_mean_binary() {
    let mut bytes = b"abc".to_vec();
    bytes.extend(std::iter::repeat_n(0x01, 20));
    assert!(matches!(detect(&bytes), Err(InputError::Binary(_))));
}
