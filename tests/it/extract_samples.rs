//! The extractor's characters match `pdftotext`'s on every sample with a text
//! layer, compared as multisets of non-whitespace characters.
//!
//! pdftotext runs in `-layout` mode: its default mode joins lines that end in
//! a hyphen and drops the hyphen ("次数-" + "上年" → "次数上年"), which is a
//! reading-order decision, not extraction. Both modes drop overprinted
//! duplicate glyphs (fake bold) and glyphs outside the page, as we do.
//!
//! Known, intended differences, applied to pdftotext's side before comparing:
//! - Kangxi radicals / CJK radicals supplement: the extractor maps them to the
//!   unified ideographs ([`evalform::extract::radical_to_ideograph`]).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use evalform::extract::{Limits, PdfDocument, radical_to_ideograph};
use evalform::source::read_pages;

fn samples_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/shared"))
}

fn pdftotext(path: &std::path::Path) -> Option<String> {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

type Multiset = BTreeMap<char, i64>;

fn multiset<'a>(chars: impl Iterator<Item = char> + 'a) -> Multiset {
    let mut m = Multiset::new();
    for c in chars.filter(|c| !c.is_whitespace()) {
        *m.entry(c).or_default() += 1;
    }
    m
}

fn ours(doc: &PdfDocument) -> Multiset {
    multiset(
        doc.pages
            .iter()
            .flat_map(|p| p.glyphs.iter())
            .flat_map(|g| g.text.chars()),
    )
}

/// Characters whose counts differ: (char, ours − pdftotext's).
fn difference(a: &Multiset, b: &Multiset) -> Vec<(char, i64)> {
    let mut keys: Vec<char> = a.keys().chain(b.keys()).copied().collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let d = a.get(&k).copied().unwrap_or(0) - b.get(&k).copied().unwrap_or(0);
            (d != 0).then_some((k, d))
        })
        .collect()
}

#[test]
fn characters_match_pdftotext_on_text_layer_samples() {
    if !crate::need::tool("pdftotext", "-v") {
        return;
    }
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(samples_dir())
        .expect("samples directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if name.contains(".scan.") {
            continue; // image only: no text layer to compare
        }
        let bytes = std::fs::read(&path).expect("read sample");
        let doc = read_pages(&bytes, &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let reference = pdftotext(&path).expect("pdftotext output");
        let theirs = multiset(
            reference
                .chars()
                .map(|c| radical_to_ideograph(c).unwrap_or(c)),
        );
        let mine = ours(&doc);
        let diff = difference(&mine, &theirs);
        let total: i64 = theirs.values().sum();
        eprintln!("{name}: {total} characters, {} differing kinds", diff.len());
        if !diff.is_empty() {
            failures.push(format!("{name}: {diff:?}"));
        }
        checked += 1;
    }
    assert!(
        checked >= 6,
        "expected the text-layer samples, found {checked}"
    );
    assert!(
        failures.is_empty(),
        "differences from pdftotext:\n{}",
        failures.join("\n")
    );
}
