//! Development aid: prints how a PDF's pages are cut into forms — each page's
//! marks (form titles, tables, other titles) and the form spans.
use std::env;

fn main() {
    let path = env::args().nth(1).expect("usage: segments FILE.pdf");
    let bytes = std::fs::read(&path).expect("readable file");
    let pdf = evalform::source::read_pages(&bytes, &Default::default()).expect("readable PDF");
    let seg = evalform::segment::segment_pdf(&pdf, &evalform::template::Template::builtin());
    for s in &seg.sketches {
        println!(
            "page {}: lines {} gapped {} signature {} prose {}",
            s.number,
            s.free_lines,
            s.gapped_lines,
            s.signature_lines,
            s.is_prose()
        );
        for m in &s.marks {
            println!("  {:7.1} {:?}", m.top, m.mark);
        }
    }
    for (i, f) in seg.forms.iter().enumerate() {
        println!("form {}: {:?}", i + 1, f.parts);
    }
    println!("skipped: {:?}", seg.skipped);
}
