//! Files that appear whole or not at all: written to a temporary name in the same
//! directory, then renamed over the destination. A process killed mid-write leaves
//! only a hidden `*.tmp` file, which [`remove_stale_temps`] clears on the next run.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

const TEMP_SUFFIX: &str = ".tmp";

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A file being written; invisible under its final name until [`AtomicFile::commit`].
pub struct AtomicFile {
    temp: PathBuf,
    dest: PathBuf,
    writer: BufWriter<File>,
    committed: bool,
}

impl AtomicFile {
    pub fn create(dest: &Path) -> io::Result<AtomicFile> {
        let temp = temp_path(dest);
        let file = File::create(&temp)?;
        Ok(AtomicFile {
            temp,
            dest: dest.to_path_buf(),
            writer: BufWriter::new(file),
            committed: false,
        })
    }

    /// Flushes and renames the file to its final name.
    pub fn commit(mut self) -> io::Result<()> {
        self.writer.flush()?;
        fs::rename(&self.temp, &self.dest)?;
        self.committed = true;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.dest
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.committed {
            // An error path: the half-written temp file is garbage.
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// Writes `bytes` to `dest` atomically.
pub fn write_atomic(dest: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = AtomicFile::create(dest)?;
    file.write_all(bytes)?;
    file.commit()
}

/// Removes temporary files left in `dir` by a killed process.
pub fn remove_stale_temps(dir: &Path) -> io::Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.ends_with(TEMP_SUFFIX) && entry.file_type()?.is_file() {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

fn temp_path(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp_name = format!(".{name}.{}.{unique}{TEMP_SUFFIX}", std::process::id());
    dest.with_file_name(temp_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncommitted_file_leaves_nothing() {
        let dir = crate::scratch::tempdir().unwrap();
        let dest = dir.path().join("a.csv");
        {
            let mut f = AtomicFile::create(&dest).unwrap();
            f.write_all(b"half").unwrap();
        }
        assert!(!dest.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn commit_replaces_destination() {
        let dir = crate::scratch::tempdir().unwrap();
        let dest = dir.path().join("a.csv");
        fs::write(&dest, b"old").unwrap();
        write_atomic(&dest, b"new").unwrap();
        assert_eq!(fs::read(&dest).unwrap(), b"new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn stale_temps_are_removed_and_others_kept() {
        let dir = crate::scratch::tempdir().unwrap();
        fs::write(dir.path().join(".a.csv.1.0.tmp"), b"x").unwrap();
        fs::write(dir.path().join("keep.csv"), b"x").unwrap();
        remove_stale_temps(dir.path()).unwrap();
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("keep.csv")]);
    }
}
