//! Which files a batch reads: the files named, and under each directory named
//! every regular, non-hidden file whose extension says PDF or text (`.pdf`,
//! `.txt`, `.tsv`, `.text`, any case; the pipeline then decides by content),
//! minus the output directory, in path order; and which of them belong to
//! this shard.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use super::BatchError;

/// Every input file, sorted by path and without repeats.
pub fn collect(inputs: &[PathBuf], out: &Path) -> Result<Vec<PathBuf>, BatchError> {
    if inputs.is_empty() {
        return Err(BatchError::Usage(
            "no input files or directories given".into(),
        ));
    }
    let out = out.canonicalize().ok();
    let mut files = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| {
            BatchError::Usage(format!("{}: cannot read input: {e}", input.display()))
        })?;
        if meta.is_dir() {
            walk(input, out.as_deref(), &mut files)?;
        } else {
            // A file named on the command line is taken even when hidden.
            files.push(input.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// Extensions a directory walk takes: PDFs and text renditions.
const INPUT_EXTENSIONS: &[&str] = &["pdf", "txt", "tsv", "text"];

fn has_input_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| INPUT_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn walk(root: &Path, out: Option<&Path>, files: &mut Vec<PathBuf>) -> Result<(), BatchError> {
    let entries = WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            let skip_hidden = e.depth() > 0 && is_hidden(e.file_name());
            let is_out = e.file_type().is_dir()
                && out.is_some_and(|o| e.path().canonicalize().is_ok_and(|p| p == o));
            !skip_hidden && !is_out
        });
    for entry in entries {
        let entry = entry.map_err(|e| BatchError::Io {
            path: e
                .path()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| root.to_path_buf()),
            source: e.into(),
        })?;
        // Symbolic links count when they lead to a regular file.
        let is_file =
            entry.file_type().is_file() || (entry.path_is_symlink() && entry.path().is_file());
        if is_file && has_input_extension(entry.path()) {
            files.push(entry.into_path());
        }
    }
    Ok(())
}

/// The sha256 of a file's bytes, in lowercase hex.
pub fn sha256_file(path: &Path) -> io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

/// `--shard K/N`: this run takes the inputs whose content hash falls in slot K
/// of N. Content, not path, decides, so it is stable across machines and mount
/// points, and identical files always land in the same shard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: u64,
    /// How many shards.
    pub count: u64,
}

impl Shard {
    /// Whether the file with this sha256 (hex) belongs to the shard.
    pub fn contains(&self, sha256: &str) -> bool {
        let prefix = sha256.get(..16).unwrap_or(sha256);
        let slot = u64::from_str_radix(prefix, 16).unwrap_or(0) % self.count;
        slot == self.index - 1
    }

    /// Shard of a file that could not be read: by its path text instead.
    pub fn contains_path(&self, path: &Path) -> bool {
        let digest = Sha256::digest(path.to_string_lossy().as_bytes());
        self.contains(&hex::encode(digest))
    }
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("bad shard `{s}`: expected K/N with 1 <= K <= N, e.g. 2/8");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn walk_skips_hidden_and_output_and_sorts() {
        let dir = crate::scratch::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/.hidden")).unwrap();
        fs::create_dir_all(root.join("out/json")).unwrap();
        fs::write(root.join("b/2.pdf"), b"x").unwrap();
        fs::write(root.join("b/.hidden/3.pdf"), b"x").unwrap();
        fs::write(root.join(".dot.pdf"), b"x").unwrap();
        fs::write(root.join("a.txt"), b"x").unwrap();
        fs::write(root.join("out/json/x.json"), b"x").unwrap();
        fs::write(root.join("b/README.md"), b"x").unwrap();
        fs::write(root.join("b/4.PDF"), b"x").unwrap();
        let files = collect(&[root.to_path_buf(), root.join("a.txt")], &root.join("out")).unwrap();
        assert_eq!(
            files,
            vec![
                root.join("a.txt"),
                root.join("b/2.pdf"),
                root.join("b/4.PDF")
            ]
        );
    }

    #[test]
    fn missing_input_is_a_usage_error() {
        let err = collect(&[PathBuf::from("/no/such/input")], Path::new("/tmp")).unwrap_err();
        assert!(matches!(err, BatchError::Usage(_)));
        assert!(matches!(
            collect(&[], Path::new("/tmp")),
            Err(BatchError::Usage(_))
        ));
    }

    #[test]
    fn shards_partition_inputs() {
        let shards: Vec<Shard> = (1..=3).map(|k| format!("{k}/3").parse().unwrap()).collect();
        for i in 0..200u32 {
            let sha = hex::encode(Sha256::digest(i.to_le_bytes()));
            let owners = shards.iter().filter(|s| s.contains(&sha)).count();
            assert_eq!(owners, 1);
        }
        assert!("0/3".parse::<Shard>().is_err());
        assert!("4/3".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
    }
}
