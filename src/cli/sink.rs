//! Where `extract` puts what it read: standard output, one file, a folder of
//! JSON documents (one name per document, never two documents on one name),
//! or a folder of CSV tables.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::Format;
use super::output;

/// Reads a path, or standard input for `-`.
pub fn read_input(path: &Path) -> std::io::Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        Ok(buf)
    } else {
        std::fs::read(path)
    }
}

pub enum Sink {
    /// Pretty JSON on standard output (one document) or JSON Lines (several).
    Stdout { lines: bool },
    /// One JSON file (and `<stem>-<n>.json` beside it for a file's n-th form).
    File(PathBuf),
    /// `DIR/<stem>.json` per input, `DIR/<stem>-<n>.json` for its n-th form.
    Dir(DirNames),
    /// The CSV tables of the schema in a directory.
    Csv(evalform::emit::TableSet),
}

/// The names of the documents in an output folder: `<stem>.json` per input;
/// inputs sharing a stem (`a/form.txt`, `b/form.txt`) are told apart by their
/// folders (`a-form.json`, `b-form.json`), and a name already written in this
/// run gets `~2`, `~3` … (input order), so no document overwrites another.
pub struct DirNames {
    dir: PathBuf,
    stems: Vec<String>,
    taken: HashSet<String>,
}

impl DirNames {
    fn new(dir: &Path, files: &[PathBuf]) -> DirNames {
        DirNames {
            dir: dir.to_path_buf(),
            stems: distinct_stems(files),
            taken: HashSet::new(),
        }
    }

    /// The file for form `n` of input `index`, reserved.
    fn reserve(&mut self, index: usize, n: u32) -> PathBuf {
        let stem = &self.stems[index];
        let base = if n <= 1 {
            stem.clone()
        } else {
            format!("{stem}-{n}")
        };
        let mut name = format!("{base}.json");
        let mut k = 2;
        while self.taken.contains(&name) {
            name = format!("{base}~{k}.json");
            k += 1;
        }
        self.taken.insert(name.clone());
        self.dir.join(name)
    }
}

fn stem_of(path: &Path) -> String {
    if path == Path::new("-") {
        return "stdin".into();
    }
    path.file_stem()
        .map_or("input".into(), |s| s.to_string_lossy().into_owned())
}

/// The folder names above a path, outermost first.
fn folders(path: &Path) -> Vec<String> {
    path.parent()
        .map(|p| {
            p.components()
                .filter_map(|c| match c {
                    std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The last `depth` folders above `path`, joined by `-` (`None` when it has fewer).
fn folder_prefix(path: &Path, depth: usize) -> Option<String> {
    let all = folders(path);
    (all.len() >= depth).then(|| all[all.len() - depth..].join("-"))
}

/// Each input's stem; stems shared by several inputs are prefixed with as
/// many of their folders as it takes to tell them apart (joined by `-`).
fn distinct_stems(files: &[PathBuf]) -> Vec<String> {
    let plain: Vec<String> = files.iter().map(|f| stem_of(f)).collect();
    let mut stems = plain.clone();
    for (i, file) in files.iter().enumerate() {
        let others: Vec<&PathBuf> = (0..files.len())
            .filter(|&j| j != i && plain[j] == plain[i] && files[j] != *file)
            .map(|j| &files[j])
            .collect();
        if others.is_empty() {
            continue;
        }
        let depth_max = folders(file).len();
        for depth in 1..=depth_max {
            let prefix = folder_prefix(file, depth).unwrap_or_default();
            stems[i] = format!("{prefix}-{}", plain[i]);
            if others
                .iter()
                .all(|o| folder_prefix(o, depth).as_deref() != Some(prefix.as_str()))
            {
                break;
            }
        }
    }
    stems
}

impl Sink {
    pub fn open(files: &[PathBuf], output: Option<&Path>, format: Format) -> Result<Sink, String> {
        let output = output.filter(|o| *o != Path::new("-"));
        let is_dir = |o: &Path| files.len() > 1 || o.is_dir() || o.to_string_lossy().ends_with('/');
        let make_dir = |dir: &Path| {
            if dir.exists() && !dir.is_dir() {
                return Err(format!(
                    "{}: exists and is not a directory (-o must name a folder here)",
                    dir.display()
                ));
            }
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("{}: cannot create directory: {e}", dir.display()))
        };
        match (format, output) {
            (Format::Csv, None) => {
                Err("--format csv writes a folder of tables: give it with -o DIR".into())
            }
            (Format::Csv, Some(dir)) => {
                make_dir(dir)?;
                let set = evalform::emit::TableSet::create(dir, false)
                    .map_err(|e| format!("{}: cannot write tables: {e}", dir.display()))?;
                Ok(Sink::Csv(set))
            }
            (Format::Json, Some(dir)) if is_dir(dir) => {
                make_dir(dir)?;
                Ok(Sink::Dir(DirNames::new(dir, files)))
            }
            (Format::Json, Some(file)) => Ok(Sink::File(file.to_path_buf())),
            (Format::Json, None) => Ok(Sink::Stdout {
                lines: files.len() > 1,
            }),
        }
    }

    /// Writes one of the `forms` documents read from input `index` (`input`).
    pub fn document(
        &mut self,
        index: usize,
        input: &Path,
        doc: &evalform::Document,
        forms: usize,
    ) -> Result<(), String> {
        use evalform::emit::{document_json, to_line};
        let n = doc.source.form_index;
        let dest = match self {
            Sink::Stdout { lines } => {
                let bytes = if *lines || forms > 1 {
                    to_line(doc)
                } else {
                    document_json(doc)
                };
                output::stdout(&bytes);
                return Ok(());
            }
            Sink::File(path) => {
                if n <= 1 {
                    path.clone()
                } else {
                    let stem = path
                        .file_stem()
                        .map_or("form".into(), |s| s.to_string_lossy().into_owned());
                    path.with_file_name(format!("{stem}-{n}.json"))
                }
            }
            Sink::Dir(names) => names.reserve(index, n),
            Sink::Csv(set) => {
                return set
                    .write_document(doc)
                    .map_err(|e| format!("writing tables: {e}"));
            }
        };
        write_file(&dest, &document_json(doc))?;
        if output::verbose() {
            eprintln!("evalform: {} → {}", input.display(), dest.display());
        }
        Ok(())
    }

    /// A failed input is recorded in `errors.csv` when writing tables.
    pub fn error(&mut self, input: &Path, err: &evalform::Error) -> Result<(), String> {
        let Sink::Csv(set) = self else { return Ok(()) };
        let row = evalform::emit::ErrorRow {
            path: input.display().to_string(),
            sha256: String::new(),
            kind: "error".into(),
            message: err.to_string(),
        };
        set.write_error(&row)
            .map_err(|e| format!("writing tables: {e}"))
    }

    pub fn finish(self) -> Result<(), String> {
        match self {
            Sink::Csv(set) => set
                .commit()
                .map(|_| ())
                .map_err(|e| format!("writing tables: {e}")),
            _ => Ok(()),
        }
    }
}

/// Writes a file, creating its folder.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("{}: cannot create: {e}", parent.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(paths: &[&str]) -> Vec<String> {
        let files: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        distinct_stems(&files)
    }

    #[test]
    fn shared_stems_take_their_folders() {
        assert_eq!(
            stems(&["a/form.txt", "b/form.txt", "c.pdf"]),
            ["a-form", "b-form", "c"]
        );
        assert_eq!(
            stems(&["x/a/form.txt", "y/a/form.txt"]),
            ["x-a-form", "y-a-form"]
        );
    }

    #[test]
    fn a_name_written_twice_gets_a_number() {
        let files = [PathBuf::from("form.txt"), PathBuf::from("form.txt")];
        let mut names = DirNames::new(Path::new("out"), &files);
        assert_eq!(names.reserve(0, 1), Path::new("out/form.json"));
        assert_eq!(names.reserve(1, 1), Path::new("out/form~2.json"));
        assert_eq!(names.reserve(1, 2), Path::new("out/form-2.json"));
    }
}
