//! Development aid: prints the form layout (rows of cells) of a PDF or of a
//! page dump in JSON, and with `--json` the document read from it.
use std::env;
use std::path::Path;

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let path = args
        .first()
        .expect("usage: layout_dump FILE.pdf|FILE.json [--json]");
    let bytes = std::fs::read(path).expect("readable file");
    let doc: evalform::extract::PdfDocument = if path.ends_with(".json") {
        serde_json::from_slice(&bytes).expect("page dump JSON")
    } else {
        evalform::source::read_pages(&bytes, &Default::default()).expect("readable PDF")
    };
    if args.iter().any(|a| a == "--json") {
        let out = evalform::pipeline::documents_from_pdf(
            Path::new(path),
            &doc,
            &evalform::template::Template::builtin(),
        );
        match out {
            Ok(d) => println!(
                "{}",
                serde_json::to_string_pretty(&d).expect("serializable")
            ),
            Err(e) => eprintln!("{e}"),
        }
        return;
    }
    print!("{}", evalform::layout::build(&doc));
}
