//! The `evalform` command line: a thin layer over the library's stages.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use evalform::ReadOptions;
use evalform::pipeline;

mod cli;

use cli::{Cli, Command, Format, exit_code};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract {
            files,
            output,
            format,
            read,
        } => extract(&files, output.as_deref(), format, &read.options()),
        Command::Inspect {
            file,
            text,
            svg,
            cells,
            read,
        } => {
            let view = match (text, svg, cells) {
                (true, _, _) => View::Text,
                (_, Some(dir), _) => View::Svg(dir),
                (_, _, true) => View::Cells,
                _ => View::Report,
            };
            inspect(&file, &view, &read.options())
        }
        Command::Batch(args) => exit_code(args.run()),
        Command::Merge(args) => exit_code(args.run()),
        Command::Diff(args) => exit_code(args.run()),
        Command::Review(args) => exit_code(args.run()),
        Command::Schema(args) => exit_code(args.run()),
        Command::Worker(args) => exit_code(args.run()),
    }
}

/// Reads a path, or standard input for `-`.
fn read_input(path: &Path) -> std::io::Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        Ok(buf)
    } else {
        std::fs::read(path)
    }
}

fn extract(
    files: &[PathBuf],
    output: Option<&Path>,
    format: Format,
    opts: &ReadOptions,
) -> ExitCode {
    let mut sink = match Sink::open(files, output, format) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("evalform: {e}");
            return ExitCode::from(2);
        }
    };
    let mut failed = 0;
    for file in files {
        let doc = read_input(file)
            .map_err(|source| evalform::Error::Io {
                path: file.clone(),
                source,
            })
            .and_then(|bytes| pipeline::extract_bytes(file, &bytes, opts));
        let written = match doc {
            Ok(docs) => docs
                .iter()
                .try_for_each(|d| sink.document(file, d, docs.len())),
            Err(e) => {
                failed += 1;
                eprintln!("evalform: {e}");
                sink.error(file, &e)
            }
        };
        if let Err(e) = written {
            eprintln!("evalform: {e}");
            failed += 1;
        }
    }
    if let Err(e) = sink.finish() {
        eprintln!("evalform: {e}");
        return ExitCode::from(1);
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Where `extract` puts what it read.
enum Sink {
    /// Pretty JSON on standard output (one document) or JSON Lines (several).
    Stdout { lines: bool },
    /// One JSON file (and `<stem>-<n>.json` beside it for a file's n-th form).
    File(PathBuf),
    /// `DIR/<stem>.json` per input, `DIR/<stem>-<n>.json` for its n-th form.
    Dir(PathBuf),
    /// The CSV tables of the schema in a directory.
    Csv(evalform::emit::csv::TableSet),
}

impl Sink {
    fn open(files: &[PathBuf], output: Option<&Path>, format: Format) -> Result<Sink, String> {
        let output = output.filter(|o| *o != Path::new("-"));
        let is_dir = |o: &Path| files.len() > 1 || o.is_dir() || o.to_string_lossy().ends_with('/');
        let make_dir = |dir: &Path| {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("{}: cannot create directory: {e}", dir.display()))
        };
        match (format, output) {
            (Format::Csv, None) => {
                Err("--format csv writes a folder of tables: give it with -o DIR".into())
            }
            (Format::Csv, Some(dir)) => {
                make_dir(dir)?;
                let set = evalform::emit::csv::TableSet::create(dir, false)
                    .map_err(|e| format!("{}: cannot write tables: {e}", dir.display()))?;
                Ok(Sink::Csv(set))
            }
            (Format::Json, Some(dir)) if is_dir(dir) => {
                make_dir(dir)?;
                Ok(Sink::Dir(dir.to_path_buf()))
            }
            (Format::Json, Some(file)) => Ok(Sink::File(file.to_path_buf())),
            (Format::Json, None) => Ok(Sink::Stdout {
                lines: files.len() > 1,
            }),
        }
    }

    /// Writes one of the `forms` documents read from `input`.
    fn document(
        &mut self,
        input: &Path,
        doc: &evalform::Document,
        forms: usize,
    ) -> Result<(), String> {
        use evalform::emit::json::{document_json, to_line};
        let n = doc.source.form_index;
        match self {
            Sink::Stdout { lines } => {
                let bytes = if *lines || forms > 1 {
                    to_line(doc)
                } else {
                    document_json(doc)
                };
                std::io::stdout()
                    .lock()
                    .write_all(&bytes)
                    .map_err(|e| format!("standard output: {e}"))
            }
            Sink::File(path) => {
                let dest = if n <= 1 {
                    path.clone()
                } else {
                    let stem = path
                        .file_stem()
                        .map_or("form".into(), |s| s.to_string_lossy().into_owned());
                    path.with_file_name(format!("{stem}-{n}.json"))
                };
                write_file(&dest, &document_json(doc))
            }
            Sink::Dir(dir) => {
                let stem = input
                    .file_stem()
                    .map_or("stdin".into(), |s| s.to_string_lossy().into_owned());
                let name = if n <= 1 {
                    format!("{stem}.json")
                } else {
                    format!("{stem}-{n}.json")
                };
                write_file(&dir.join(name), &document_json(doc))
            }
            Sink::Csv(set) => set
                .write_document(doc)
                .map_err(|e| format!("writing tables: {e}")),
        }
    }

    /// A failed input is recorded in `errors.csv` when writing tables.
    fn error(&mut self, input: &Path, err: &evalform::Error) -> Result<(), String> {
        let Sink::Csv(set) = self else { return Ok(()) };
        let row = evalform::emit::csv::ErrorRow {
            path: input.display().to_string(),
            sha256: String::new(),
            kind: "error".into(),
            message: err.to_string(),
        };
        set.write_error(&row)
            .map_err(|e| format!("writing tables: {e}"))
    }

    fn finish(self) -> Result<(), String> {
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

/// What `inspect` shows.
enum View {
    Report,
    Text,
    Svg(PathBuf),
    Cells,
}

fn inspect(file: &Path, view: &View, opts: &ReadOptions) -> ExitCode {
    let read = read_input(file)
        .map_err(|e| format!("{}: cannot read: {e}", file.display()))
        .and_then(|bytes| pipeline::read_pdf_pages(file, &bytes, opts).map_err(|e| e.to_string()));
    let read = match read {
        Ok(r) => r,
        Err(e) => {
            eprintln!("evalform: {e}");
            return ExitCode::from(1);
        }
    };
    let low = evalform::confidence::LOW_CONFIDENCE;
    for line in read.ocr_lines.iter().filter(|l| l.confidence < low) {
        eprintln!(
            "evalform: page {}: OCR read {:?} with confidence {:.2}",
            line.page, line.text, line.confidence
        );
    }
    let pdf = &read.pdf;
    let out = match view {
        View::Svg(dir) => return write_svgs(pdf, dir),
        View::Text => evalform::extract::inspect::text(pdf),
        View::Report => evalform::extract::inspect::report(pdf),
        View::Cells => cells_by_form(file, pdf, opts),
    };
    if std::io::stdout().lock().write_all(out.as_bytes()).is_err() {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// The rebuilt table of each form in the file (`== form 2: pages 5–7` above
/// each when there are several); the whole file's when no form is found.
fn cells_by_form(file: &Path, pdf: &evalform::extract::PdfDocument, opts: &ReadOptions) -> String {
    let templates =
        pipeline::templates(opts).unwrap_or_else(|_| evalform::template::Template::builtin());
    match pipeline::form_layouts(file, pdf, &templates) {
        Ok(found) if found.forms.len() == 1 => found.forms[0].1.to_string(),
        Ok(found) => {
            let mut out = String::new();
            for (i, (span, layout)) in found.forms.iter().enumerate() {
                let [first, last] = span.page_range();
                out.push_str(&format!("== form {}: pages {first}–{last}\n", i + 1));
                out.push_str(&layout.to_string());
            }
            if !found.skipped.is_empty() {
                let pages: Vec<String> = found.skipped.iter().map(u32::to_string).collect();
                out.push_str(&format!("== no form: pages {}\n", pages.join(", ")));
            }
            out
        }
        Err(e) => {
            eprintln!("evalform: {e}");
            evalform::layout::build(pdf).to_string()
        }
    }
}

fn write_svgs(pdf: &evalform::extract::PdfDocument, dir: &Path) -> ExitCode {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("evalform: {}: cannot create directory: {e}", dir.display());
        return ExitCode::from(1);
    }
    for page in &pdf.pages {
        let path = dir.join(format!("page-{:03}.svg", page.number));
        if let Err(e) = std::fs::write(&path, evalform::extract::inspect::svg(page)) {
            eprintln!("evalform: {}: cannot write: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    eprintln!(
        "evalform: wrote {} SVG page(s) to {}",
        pdf.pages.len(),
        dir.display()
    );
    ExitCode::SUCCESS
}
