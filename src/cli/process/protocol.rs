//! What the batch and its long-lived worker processes say to each other over
//! the worker's standard input and output: frames of a 4-byte little-endian
//! length and that many bytes of JSON.
//!
//! ```text
//! batch → worker   Start(read options)   once, first
//!                  Extract(path)         then one per file
//! worker → batch   Envelope              one per Extract, in order
//! ```
//!
//! The worker ends when its input closes.

use std::io::{self, Read, Write};
use std::path::PathBuf;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use evalform::ReadOptions;
use evalform::batch::{Failure, Payload};

/// A message to a worker.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Request {
    /// How to read every file that follows.
    Start(ReadOptions),
    /// Read this file.
    Extract(WirePath),
}

/// A worker's answer for one file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Envelope {
    Ok(Payload),
    Failed(Failure),
}

/// A path as sent: text when it is UTF-8, else its bytes (Unix file names
/// need not be UTF-8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WirePath {
    Text(String),
    Bytes(Vec<u8>),
}

impl From<&std::path::Path> for WirePath {
    fn from(path: &std::path::Path) -> WirePath {
        match path.to_str() {
            Some(s) => WirePath::Text(s.to_string()),
            None => WirePath::Bytes(os_bytes(path)),
        }
    }
}

impl From<WirePath> for PathBuf {
    fn from(wire: WirePath) -> PathBuf {
        match wire {
            WirePath::Text(s) => PathBuf::from(s),
            WirePath::Bytes(b) => from_os_bytes(b),
        }
    }
}

#[cfg(unix)]
fn os_bytes(path: &std::path::Path) -> Vec<u8> {
    std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec()
}

#[cfg(unix)]
fn from_os_bytes(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(<std::ffi::OsString as std::os::unix::ffi::OsStringExt>::from_vec(bytes))
}

#[cfg(not(unix))]
fn os_bytes(path: &std::path::Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

#[cfg(not(unix))]
fn from_os_bytes(bytes: Vec<u8>) -> PathBuf {
    String::from_utf8_lossy(&bytes).into_owned().into()
}

/// Frames above this are refused as corrupt.
const MAX_FRAME: u32 = 1 << 30;

/// Writes one frame and flushes it.
pub fn write_frame<W: Write, T: Serialize>(out: &mut W, message: &T) -> io::Result<()> {
    let body = serde_json::to_vec(message).map_err(io::Error::other)?;
    let len = u32::try_from(body.len())
        .ok()
        .filter(|&n| n <= MAX_FRAME)
        .ok_or_else(|| io::Error::other("message too large for one frame"))?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(&body)?;
    out.flush()
}

/// Reads one frame; `None` when the stream ends cleanly between frames.
pub fn read_frame<R: Read, T: DeserializeOwned>(input: &mut R) -> io::Result<Option<T>> {
    let mut len = [0u8; 4];
    let mut got = 0;
    while got < len.len() {
        match input.read(&mut len[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let len = u32::from_le_bytes(len);
    if len > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("frame of {len} bytes"),
        ));
    }
    let mut body = vec![0u8; len as usize];
    input.read_exact(&mut body)?;
    serde_json::from_slice(&body)
        .map(Some)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use evalform::batch::FailureKind;

    #[test]
    fn frames_round_trip_and_end_cleanly() {
        let mut buf = Vec::new();
        write_frame(&mut buf, &Request::Start(ReadOptions::default())).unwrap();
        write_frame(
            &mut buf,
            &Request::Extract(WirePath::from(std::path::Path::new("a b.pdf"))),
        )
        .unwrap();
        let failed = Envelope::Failed(Failure::new(FailureKind::Error, "bad"));
        write_frame(&mut buf, &failed).unwrap();
        let mut input = buf.as_slice();
        assert!(matches!(
            read_frame(&mut input).unwrap(),
            Some(Request::Start(o)) if o == ReadOptions::default()
        ));
        match read_frame(&mut input).unwrap() {
            Some(Request::Extract(p)) => assert_eq!(PathBuf::from(p), PathBuf::from("a b.pdf")),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read_frame::<_, Envelope>(&mut input).unwrap(),
            Some(Envelope::Failed(f)) if f.message == "bad"
        ));
        assert!(read_frame::<_, Envelope>(&mut input).unwrap().is_none());
    }

    #[test]
    fn a_cut_frame_is_an_error_not_an_end() {
        let mut buf = Vec::new();
        write_frame(&mut buf, &Request::Start(ReadOptions::default())).unwrap();
        let mut cut = &buf[..buf.len() - 1];
        assert!(read_frame::<_, Request>(&mut cut).is_err());
        let mut huge = &[0xff, 0xff, 0xff, 0xff][..];
        assert!(read_frame::<_, Request>(&mut huge).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_paths_survive() {
        let raw = from_os_bytes(vec![b'a', 0xff, b'.', b'p']);
        let wire = WirePath::from(raw.as_path());
        assert!(matches!(wire, WirePath::Bytes(_)));
        assert_eq!(PathBuf::from(wire), raw);
    }
}
