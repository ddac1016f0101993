//! JSON writing: pretty-printed, numbers as printed decimals (`10`, not `10.0`).

use std::io;

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::model::Document;

/// A document as pretty JSON text ending in a newline.
pub fn document_json(doc: &Document) -> Vec<u8> {
    to_pretty(doc)
}

/// Any serializable value as pretty JSON ending in a newline, numbers as printed decimals.
pub fn to_pretty<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, DecimalFormatter::new());
    // Serializing plain data (strings, numbers, vectors) into memory cannot fail.
    if value.serialize(&mut ser).is_err() {
        out.clear();
        out.extend_from_slice(b"null");
    }
    out.push(b'\n');
    out
}

/// One compact JSON line (for `.jsonl`), numbers as printed decimals, ending in a newline.
pub fn to_line<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, CompactDecimal);
    if value.serialize(&mut ser).is_err() {
        out.clear();
        out.extend_from_slice(b"null");
    }
    out.push(b'\n');
    out
}

fn write_decimal<W: ?Sized + io::Write>(writer: &mut W, value: f64) -> io::Result<()> {
    writer.write_all(super::number::decimal(value).as_bytes())
}

/// serde_json's compact formatter, with f64 written as shortest decimals.
struct CompactDecimal;

impl Formatter for CompactDecimal {
    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        write_decimal(writer, value)
    }
}

/// serde_json's pretty formatter, with f64 written as shortest decimals.
struct DecimalFormatter {
    pretty: PrettyFormatter<'static>,
}

impl DecimalFormatter {
    fn new() -> Self {
        DecimalFormatter {
            pretty: PrettyFormatter::with_indent(b"  "),
        }
    }
}

impl Formatter for DecimalFormatter {
    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        write_decimal(writer, value)
    }
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Funds;

    #[test]
    fn whole_numbers_have_no_fraction_and_round_trip() {
        let doc = Document {
            total_score: Some(90.0),
            funds: vec![Funds {
                actual: Some(2222.37),
                ..Funds::default()
            }],
            ..Document::default()
        };
        let text = String::from_utf8(document_json(&doc)).unwrap();
        assert!(text.contains("\"total_score\": 90,\n"), "{text}");
        assert!(text.contains("\"actual\": 2222.37,"), "{text}");
        let back: Document = serde_json::from_str(&text).unwrap();
        assert_eq!(back, doc);
    }

    #[test]
    fn line_is_one_line() {
        let line = to_line(&serde_json::json!({"a": 1.0, "b": "x\ny"}));
        assert_eq!(line, b"{\"a\":1,\"b\":\"x\\ny\"}\n");
    }
}
