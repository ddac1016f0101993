#[test]
#[ignore]
fn dump_seed() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/spec/seed-form.txt");
    let bytes = std::fs::read(path).unwrap();
    let text = evalform::input::decode_text(&bytes, None).unwrap();
    let lo = evalform::input::text::read_rendition(&text).unwrap();
    println!("pages {}", lo.pages);
    for l in &lo.lines {
        println!("LINE p{} above={} {}", l.page, l.above_table, l.text);
    }
    for (i, r) in lo.rows.iter().enumerate() {
        println!("ROW {i}");
        for c in &r.cells {
            let s: String = c.text.chars().take(40).collect();
            let e: String = c
                .text
                .chars()
                .rev()
                .take(15)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            println!("   c{} rs{} p{:?} {} … {}", c.col, c.rowspan, c.pages, s, e);
        }
    }
    for w in &lo.warnings {
        println!("WARN {} p{:?} {}", w.code, w.page, w.message);
    }
}
