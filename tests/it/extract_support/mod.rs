//! Builders of small PDFs for the extract tests.
#![allow(dead_code)]

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

/// A one-font document under construction.
pub struct PdfBuilder {
    pub doc: Document,
    pages_id: ObjectId,
    pages: Vec<ObjectId>,
}

impl Default for PdfBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl PdfBuilder {
    pub fn new() -> Self {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        PdfBuilder {
            doc,
            pages_id,
            pages: Vec::new(),
        }
    }

    pub fn add(&mut self, obj: impl Into<Object>) -> ObjectId {
        self.doc.add_object(obj.into())
    }

    pub fn stream(&mut self, dict: Dictionary, data: &[u8]) -> ObjectId {
        self.doc.add_object(Stream::new(dict, data.to_vec()))
    }

    /// Adds a 600 x 800 page with the given resources and content.
    pub fn page(&mut self, resources: Dictionary, content: &[u8]) -> ObjectId {
        self.page_with(resources, content, dictionary! {})
    }

    pub fn page_with(
        &mut self,
        resources: Dictionary,
        content: &[u8],
        extra: Dictionary,
    ) -> ObjectId {
        let contents = self.stream(dictionary! {}, content);
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => self.pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 600.into(), 800.into()],
            "Resources" => resources,
            "Contents" => contents,
        };
        for (k, v) in extra.iter() {
            page.set(k.clone(), v.clone());
        }
        let id = self.add(page);
        self.pages.push(id);
        id
    }

    pub fn finish(mut self) -> Vec<u8> {
        let kids: Vec<Object> = self.pages.iter().map(|&p| p.into()).collect();
        let count = kids.len() as i64;
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
        );
        let catalog = self.add(dictionary! { "Type" => "Catalog", "Pages" => self.pages_id });
        self.doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        self.doc.save_to(&mut out).expect("serialize test PDF");
        out
    }
}

/// Resources with one font named F1.
pub fn font_resources(font: ObjectId) -> Dictionary {
    dictionary! { "Font" => dictionary! { "F1" => font } }
}

/// A ToUnicode CMap stream body mapping two-byte codes to text.
pub fn to_unicode_cmap(pairs: &[(u16, &str)], two_byte: bool) -> Vec<u8> {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/CMapName /T def\n",
    );
    if two_byte {
        s.push_str("1 begincodespacerange <0000> <FFFF> endcodespacerange\n");
    } else {
        s.push_str("1 begincodespacerange <00> <FF> endcodespacerange\n");
    }
    s.push_str(&format!("{} beginbfchar\n", pairs.len()));
    for (code, text) in pairs {
        let units: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
        if two_byte {
            s.push_str(&format!("<{code:04X}> <{units}>\n"));
        } else {
            s.push_str(&format!("<{code:02X}> <{units}>\n"));
        }
    }
    s.push_str("endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n");
    s.into_bytes()
}

/// A Type0 font over a CIDFontType2 descendant of the given ordering.
pub fn type0_font(
    b: &mut PdfBuilder,
    encoding: &str,
    ordering: &str,
    to_unicode: Option<ObjectId>,
) -> ObjectId {
    let descriptor = b.add(dictionary! {
        "Type" => "FontDescriptor", "FontName" => "TestCJK", "Flags" => 4,
        "Ascent" => 880, "Descent" => -120, "FontBBox" => vec![0.into(), (-120).into(), 1000.into(), 880.into()],
        "ItalicAngle" => 0, "CapHeight" => 700, "StemV" => 80,
    });
    let cid_font = b.add(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "TestCJK",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal(ordering),
            "Supplement" => 2,
        },
        "FontDescriptor" => descriptor, "DW" => 1000,
    });
    let mut font = dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "TestCJK",
        "Encoding" => Object::Name(encoding.as_bytes().to_vec()),
        "DescendantFonts" => vec![cid_font.into()],
    };
    if let Some(tu) = to_unicode {
        font.set("ToUnicode", tu);
    }
    b.add(font)
}

/// A Helvetica font with WinAnsi encoding and explicit widths (all 500).
pub fn simple_font(b: &mut PdfBuilder) -> ObjectId {
    let widths: Vec<Object> = (32..127).map(|_| 500.into()).collect();
    b.add(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding", "FirstChar" => 32, "LastChar" => 126, "Widths" => widths,
    })
}

/// Hex string operand for a content stream.
pub fn hex(bytes: &[u8]) -> String {
    let h: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    format!("<{h}>")
}

/// Runs `f`, failing the test if anything panicked on this thread meanwhile,
/// even a panic that `f` caught and turned into an error (as `read_pdf` does,
/// as a last line of defence).
pub fn without_panic<T>(what: &str, f: impl FnOnce() -> T) -> T {
    use std::cell::Cell;
    use std::sync::Once;
    thread_local!(static PANICS: Cell<u32> = const { Cell::new(0) });
    static COUNT_PANICS: Once = Once::new();
    COUNT_PANICS.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.with(|n| n.set(n.get() + 1));
            previous(info);
        }));
    });
    let before = PANICS.with(Cell::get);
    let out = f();
    assert_eq!(PANICS.with(Cell::get), before, "{what}: panicked");
    out
}
