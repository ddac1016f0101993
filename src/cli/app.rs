//! The `evalform` command line: a thin layer over the library's stages.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use evalform::ReadOptions;
use evalform::pipeline;

use super::output::{self, Verbosity};
use super::process::worker::Hooks;
use super::sink::{Sink, read_input};
use super::{Cli, Command, Format, exit_code};

/// Runs the command line; `hooks` are what a test build swaps into the
/// batch's workers (none in the shipped binary).
pub fn main(hooks: Hooks) -> ExitCode {
    let cli = Cli::parse();
    output::set_verbosity(match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    });
    if !matches!(
        cli.command,
        Command::Batch(_) | Command::Merge(_) | Command::Worker(_)
    ) {
        output::die_on_closed_stdout();
    }
    match cli.command {
        Command::Extract {
            files,
            output,
            format,
            read,
        } => {
            if let Err(e) = read.validate() {
                return usage_error(&e);
            }
            extract(&files, output.as_deref(), format, &read.options())
        }
        Command::Inspect {
            file,
            text,
            svg,
            cells,
            read,
        } => {
            if let Err(e) = read.validate() {
                return usage_error(&e);
            }
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
        Command::Score(args) => exit_code(args.run()),
        Command::Template(args) => exit_code(args.run()),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "evalform", &mut script);
            output::stdout(&script);
            ExitCode::SUCCESS
        }
        Command::Worker(args) => exit_code(args.run(hooks)),
    }
}

/// A usage error: said on standard error, exit status 2, nothing done.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("evalform: {message}");
    ExitCode::from(2)
}

fn extract(
    files: &[PathBuf],
    output: Option<&Path>,
    format: Format,
    opts: &ReadOptions,
) -> ExitCode {
    let mut sink = match Sink::open(files, output, format) {
        Ok(s) => s,
        Err(e) => return usage_error(&e),
    };
    let mut failed = 0;
    for (index, file) in files.iter().enumerate() {
        let doc = read_input(file)
            .map_err(|source| evalform::Error::Io {
                path: file.clone(),
                source,
            })
            .and_then(|bytes| pipeline::extract_bytes(file, &bytes, opts));
        let written = match doc {
            Ok(docs) => {
                // A form of the file that could not be read fails the run;
                // the file's other forms are still written.
                for w in docs
                    .iter()
                    .flat_map(|d| &d.warnings)
                    .filter(|w| w.code == "form_unread")
                {
                    failed += 1;
                    eprintln!("evalform: {}: {}", file.display(), w.message);
                }
                docs.iter()
                    .try_for_each(|d| sink.document(index, file, d, docs.len()))
            }
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
        .and_then(|bytes| inspected_pages(file, &bytes, opts).map_err(|e| e.to_string()));
    let pdf = match read {
        Ok(pdf) => pdf,
        Err(e) => {
            eprintln!("evalform: {e}");
            return ExitCode::from(1);
        }
    };
    let pdf = &pdf;
    let out = match view {
        View::Svg(dir) => return write_svgs(pdf, dir),
        View::Text => evalform::inspect::text(pdf),
        View::Report => evalform::inspect::report(pdf),
        View::Cells => cells_by_form(file, pdf, opts),
    };
    output::stdout(out.as_bytes());
    ExitCode::SUCCESS
}

/// The pages `inspect` shows: with OCR on, as the pipeline reads them;
/// without OCR, the text layer as it is, with a note on standard error for
/// each page whose text layer the trust check rejects.
fn inspected_pages(
    file: &Path,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<evalform::inspect::PdfDocument, evalform::Error> {
    let layer = pipeline::read_text_layer(file, bytes.to_vec(), opts)?;
    if !pipeline::ocr_is_on(opts) {
        for r in &layer.rejected {
            let why = match r.kind {
                evalform::inspect::RejectKind::Undecodable => "its text layer cannot be decoded",
                evalform::inspect::RejectKind::NoFormLabels => "OCR would read it",
            };
            eprintln!(
                "evalform: page {}: shown as read, though {why} ({})",
                r.page, r.reason
            );
        }
        return Ok(layer.pdf);
    }
    let read = pipeline::pages_from_layer(file, layer, opts)?;
    let low = evalform::inspect::LOW_CONFIDENCE;
    for line in read.ocr_lines.iter().filter(|l| l.confidence < low) {
        eprintln!(
            "evalform: page {}: OCR read {:?} with confidence {:.2}",
            line.page, line.text, line.confidence
        );
    }
    Ok(read.pdf)
}

/// The rebuilt table of each form in the file (`== form 2: pages 5–7` above
/// each when there are several); the whole file's when no form is found.
fn cells_by_form(file: &Path, pdf: &evalform::inspect::PdfDocument, opts: &ReadOptions) -> String {
    let templates = pipeline::templates(opts).unwrap_or_else(|_| evalform::Template::builtin());
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
            evalform::inspect::table(pdf).to_string()
        }
    }
}

fn write_svgs(pdf: &evalform::inspect::PdfDocument, dir: &Path) -> ExitCode {
    if dir.exists() && !dir.is_dir() {
        return usage_error(&format!(
            "{}: exists and is not a directory (--svg names a folder)",
            dir.display()
        ));
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("evalform: {}: cannot create directory: {e}", dir.display());
        return ExitCode::from(1);
    }
    for page in &pdf.pages {
        let path = dir.join(format!("page-{:03}.svg", page.number));
        if let Err(e) = std::fs::write(&path, evalform::inspect::svg(page)) {
            eprintln!("evalform: {}: cannot write: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    output::note(&format!(
        "wrote {} SVG page(s) to {}",
        pdf.pages.len(),
        dir.display()
    ));
    ExitCode::SUCCESS
}
