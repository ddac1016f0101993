//! Loading a PDF with lopdf within the [`Limits`], and typed object access.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::{ExtractError, Limits};

/// How far into the file the `%PDF-` header may sit (some files have junk first).
const HEADER_SEARCH: usize = 1024;
/// Deepest `/Parent` chain followed for inherited page attributes.
const MAX_PARENT_DEPTH: usize = 64;

/// A loaded document plus the caps that apply while reading it.
pub(crate) struct Pdf {
    pub(crate) doc: Document,
    pub(crate) limits: Limits,
}

/// Loads `bytes`, decrypting files whose user password is empty.
///
/// Streams decompressed while loading (object and cross-reference streams)
/// are capped at [`Limits::max_stream_bytes`] each.
pub(crate) fn load(bytes: &[u8], limits: &Limits) -> Result<Pdf, ExtractError> {
    let head = &bytes[..bytes.len().min(HEADER_SEARCH)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(ExtractError::NotPdf);
    }
    super::parses::count(super::parses::Parser::Text);
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(limits.max_stream_bytes),
        ..Default::default()
    };
    let doc = match Document::load_mem_with_options(bytes, options.clone()) {
        Ok(doc) if misplaced_objects(bytes, &doc) == 0 => doc,
        // The table reads but points past its objects: rebuild it by
        // scanning the file for `N G obj`, and keep whichever finds more pages.
        Ok(doc) => match rebuilt(bytes, options) {
            Some(r) if r.get_pages().len() >= doc.get_pages().len() => r,
            _ => doc,
        },
        Err(e @ lopdf::Error::InvalidPassword | e @ lopdf::Error::Decryption(_)) => {
            return Err(load_error(e));
        }
        Err(e) => rebuilt(bytes, options).ok_or_else(|| load_error(e))?,
    };
    if doc.is_encrypted() && doc.encryption_state.is_none() {
        return Err(ExtractError::Encrypted);
    }
    Ok(Pdf {
        doc,
        limits: limits.clone(),
    })
}

/// The document read with its cross-reference table rebuilt from a scan.
fn rebuilt(bytes: &[u8], options: lopdf::LoadOptions) -> Option<Document> {
    let options = lopdf::LoadOptions {
        force_reconstruct: true,
        ..options
    };
    let doc = Document::load_mem_with_options(bytes, options).ok()?;
    (doc.xref_recovery == Some(lopdf::xref::XrefRecovery::Reconstructed)).then_some(doc)
}

/// How many in-use cross-reference entries do not point at `N G obj` of
/// their own object (offsets count from the `%PDF-` header, as lopdf reads).
fn misplaced_objects(bytes: &[u8], doc: &Document) -> usize {
    if doc.xref_recovery == Some(lopdf::xref::XrefRecovery::Reconstructed) {
        return 0;
    }
    let base = bytes.windows(5).position(|w| w == b"%PDF-").unwrap_or(0);
    let data = &bytes[base..];
    doc.reference_table
        .entries
        .iter()
        .filter(|(id, entry)| match entry {
            lopdf::xref::XrefEntry::Normal { offset, generation } => {
                !object_header_at(data, *offset as usize, **id, *generation)
            }
            _ => false,
        })
        .count()
}

/// Whether `data[at..]` starts (after white space) with `id generation obj`.
fn object_header_at(data: &[u8], at: usize, id: u32, generation: u16) -> bool {
    let Some(rest) = data.get(at..) else {
        return false;
    };
    let rest = &rest[..rest.len().min(40)];
    let text = String::from_utf8_lossy(rest);
    let mut words = text.split_ascii_whitespace();
    let header = format!("{id} {generation} obj");
    let mut want = header.split(' ');
    let (Some(a), Some(b), Some(c)) = (words.next(), words.next(), words.next()) else {
        return false;
    };
    want.next() == Some(a) && want.next() == Some(b) && c.starts_with(want.next().unwrap_or("obj"))
}

fn load_error(err: lopdf::Error) -> ExtractError {
    match err {
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => ExtractError::Encrypted,
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            ExtractError::Limit(format!("a stream decompresses past the cap ({err})"))
        }
        other => ExtractError::Corrupt(other.to_string()),
    }
}

impl Pdf {
    /// Follows references (bounded by lopdf) to a direct object.
    pub(crate) fn resolve<'a>(&'a self, obj: &'a Object) -> &'a Object {
        match obj {
            Object::Reference(_) => self
                .doc
                .dereference(obj)
                .map(|(_, o)| o)
                .unwrap_or(&Object::Null),
            _ => obj,
        }
    }

    pub(crate) fn get<'a>(&'a self, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
        dict.get(key).ok().map(|o| self.resolve(o))
    }

    pub(crate) fn dict<'a>(&'a self, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
        match self.get(dict, key)? {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }

    pub(crate) fn name<'a>(&'a self, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
        match self.get(dict, key)? {
            Object::Name(n) => Some(n),
            _ => None,
        }
    }

    pub(crate) fn number(&self, dict: &Dictionary, key: &[u8]) -> Option<f32> {
        self.get(dict, key).and_then(|o| self.as_number(o))
    }

    pub(crate) fn as_number(&self, obj: &Object) -> Option<f32> {
        match self.resolve(obj) {
            Object::Integer(i) => Some(*i as f32),
            Object::Real(r) if r.is_finite() => Some(*r),
            _ => None,
        }
    }

    pub(crate) fn array<'a>(&'a self, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [Object]> {
        match self.get(dict, key)? {
            Object::Array(a) => Some(a),
            _ => None,
        }
    }

    pub(crate) fn numbers(&self, dict: &Dictionary, key: &[u8]) -> Option<Vec<f32>> {
        self.array(dict, key)?
            .iter()
            .map(|o| self.as_number(o))
            .collect()
    }

    /// Decoded stream data, capped at [`Limits::max_stream_bytes`].
    pub(crate) fn stream_data(&self, stream: &Stream) -> Result<Vec<u8>, ExtractError> {
        stream
            .decompressed_content_with_limit(self.limits.max_stream_bytes)
            .map_err(|e| match e {
                lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                    ..
                }) => ExtractError::Limit(format!(
                    "a stream decompresses past {} bytes",
                    self.limits.max_stream_bytes
                )),
                other => ExtractError::Corrupt(format!("undecodable stream: {other}")),
            })
    }

    /// The stream behind `key`, decoded; `None` if absent or undecodable.
    pub(crate) fn stream_of(&self, dict: &Dictionary, key: &[u8]) -> Option<Vec<u8>> {
        match self.get(dict, key)? {
            Object::Stream(s) => self.stream_data(s).ok(),
            _ => None,
        }
    }

    /// Page object ids in order, refusing more than [`Limits::max_pages`].
    pub(crate) fn page_ids(&self) -> Result<Vec<ObjectId>, ExtractError> {
        let mut pages = Vec::new();
        for id in self.doc.page_iter() {
            if pages.len() >= self.limits.max_pages {
                return Err(ExtractError::Limit(format!(
                    "more than {} pages",
                    self.limits.max_pages
                )));
            }
            pages.push(id);
        }
        Ok(pages)
    }

    /// A page attribute, inherited through `/Parent` when absent on the page.
    pub(crate) fn inherited<'a>(&'a self, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
        let mut node = page;
        for _ in 0..MAX_PARENT_DEPTH {
            if let Some(v) = self.get(node, key) {
                return Some(v);
            }
            node = self.dict(node, b"Parent")?;
        }
        None
    }

    /// A page's `/Contents`, concatenated and decoded.
    pub(crate) fn page_content(&self, page: &Dictionary) -> Result<Vec<u8>, ExtractError> {
        let mut out = Vec::new();
        let parts: Vec<&Object> = match self.get(page, b"Contents") {
            Some(Object::Array(a)) => a.iter().collect(),
            Some(o) => vec![o],
            None => Vec::new(),
        };
        for part in parts {
            if let Object::Stream(s) = self.resolve(part) {
                // A damaged part loses only itself, not the page.
                match self.stream_data(s) {
                    Ok(data) => out.extend_from_slice(&data),
                    Err(ExtractError::Limit(m)) => return Err(ExtractError::Limit(m)),
                    Err(_) => continue,
                }
                if out.len() > self.limits.max_stream_bytes {
                    return Err(ExtractError::Limit(format!(
                        "page content past {} bytes",
                        self.limits.max_stream_bytes
                    )));
                }
                out.push(b'\n');
            }
        }
        Ok(out)
    }
}
