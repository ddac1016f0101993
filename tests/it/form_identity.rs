//! A form keeps one identity: in a bundle whose first forms no template reads
//! (`samples/bundles/bundle-unread.pdf`, made by `scripts/gen-bundles.py`;
//! `unread-manifest.json` lists every form with its place and pages), each
//! read form has the same `form_index`, JSON name, `doc_id` and review page
//! in `extract`, `review` and `batch`, and every link of the batch review
//! index opens the page of the form it names.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{bin, scratch};
use evalform::Document;
use serde_json::Value;

fn bundles() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/bundles")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read_doc(path: &Path) -> Document {
    serde_json::from_slice(&fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs evalform; panics with its standard error unless the exit status is `want`.
fn run(args: &[&str], paths: &[&Path], want: i32) {
    let out = bin().args(args).args(paths).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(want),
        "evalform {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `column → value` per row of a CSV table.
fn csv_table(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// One form of the bundle as the generator made it.
struct Truth {
    form_index: u32,
    page_range: [u32; 2],
    /// The truth document of a read form; `None` for a form no template reads.
    doc: Option<Value>,
}

fn truth() -> Vec<Truth> {
    let list = read_json(&bundles().join("unread-manifest.json"));
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let range = e["page_range"].as_array().unwrap();
            let page = |i: usize| range[i].as_u64().unwrap() as u32;
            Truth {
                form_index: e["form_index"].as_u64().unwrap() as u32,
                page_range: [page(0), page(1)],
                doc: e["read"]
                    .as_bool()
                    .unwrap()
                    .then(|| read_json(&bundles().join(e["truth"].as_str().unwrap()))),
            }
        })
        .collect()
}

/// The text of an HTML fragment: tags dropped, entities read back.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in an element's opening tag.
fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

/// One row of the review index: its class, its cells' text and the links in it.
struct IndexRow {
    class: String,
    cells: Vec<String>,
    links: Vec<String>,
}

fn index_rows(html: &str) -> Vec<IndexRow> {
    let body = &html[html.find("<tbody>").unwrap()..html.find("</tbody>").unwrap()];
    body.split("<tr")
        .skip(1)
        .map(|row| {
            let tag = &row[..row.find('>').unwrap()];
            let cells = row
                .split("<td>")
                .skip(1)
                .map(|c| text_of(c.split("</td>").next().unwrap()))
                .collect();
            let links = row
                .split("<a ")
                .skip(1)
                .filter_map(|a| attr(a, "href"))
                .collect();
            IndexRow {
                class: attr(tag, "class").unwrap_or_default(),
                cells,
                links,
            }
        })
        .collect()
}

/// The column of the index named `name`.
fn column(html: &str, name: &str) -> usize {
    let head = &html[html.find("<thead>").unwrap()..html.find("</thead>").unwrap()];
    head.split("<th>")
        .skip(1)
        .position(|h| h.starts_with(&format!("{name}</th>")))
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// What a review page says of its form: the form number in its heading and
/// the form's name.
fn page_identity(path: &Path) -> (u32, String) {
    let html = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let h1 = text_of(
        html.split("<h1>")
            .nth(1)
            .unwrap()
            .split("</h1>")
            .next()
            .unwrap(),
    );
    let n = h1
        .rsplit("— form ")
        .next()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("{}: heading {h1}", path.display()));
    let name = html
        .split("<p class=\"form-name\">")
        .nth(1)
        .and_then(|r| r.split("</p>").next())
        .map(text_of)
        .unwrap_or_else(|| panic!("{}: no form name", path.display()));
    (n, name)
}

#[test]
fn a_form_has_one_identity_in_extract_review_and_batch() {
    let truth = truth();
    let read: Vec<&Truth> = truth.iter().filter(|t| t.doc.is_some()).collect();
    assert!(
        truth.first().is_some_and(|t| t.doc.is_none()) && read.len() >= 2,
        "the sample starts with an unread form and holds read ones"
    );
    let work = scratch("form_identity");
    let input_dir = work.join("in");
    fs::create_dir_all(&input_dir).unwrap();
    let input = input_dir.join("bundle-unread.pdf");
    fs::copy(bundles().join("bundle-unread.pdf"), &input).unwrap();
    let sha = evalform::pipeline::sha256_hex(&fs::read(&input).unwrap());
    let doc_id = |n: u32| evalform::model::doc_id(&sha, n);

    // extract -o DIR/: <stem>-<n>.json, n the form's place among all forms;
    // the unread forms fail the run (exit 1), the read ones are written.
    let extracted = work.join("extract");
    run(
        &["extract", "-o", &format!("{}/", extracted.display())],
        &[&input],
        1,
    );
    let mut names: Vec<String> = fs::read_dir(&extracted)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let want: Vec<String> = read
        .iter()
        .map(|t| match t.form_index {
            1 => "bundle-unread.json".to_string(),
            n => format!("bundle-unread-{n}.json"),
        })
        .collect();
    assert_eq!(names, want, "extract's JSON names");
    let mut by_place: BTreeMap<u32, Document> = BTreeMap::new();
    for (t, name) in read.iter().zip(&want) {
        let doc = read_doc(&extracted.join(name));
        let truth = t.doc.as_ref().unwrap();
        assert_eq!(doc.source.form_index, t.form_index, "{name}");
        assert_eq!(doc.source.page_range, Some(t.page_range), "{name}");
        assert_eq!(doc.source.doc_id(), doc_id(t.form_index), "{name}");
        assert_eq!(doc.title.as_deref(), truth["title"].as_str(), "{name}");
        for key in ["project", "entity"] {
            if let Some(want) = truth[key].as_str() {
                let got = if key == "project" {
                    &doc.project
                } else {
                    &doc.entity
                };
                assert_eq!(got.as_deref(), Some(want), "{name}: {key}");
            }
        }
        by_place.insert(t.form_index, doc);
    }
    // The first read document names every unread form by its place.
    let first = &by_place[&read[0].form_index];
    let unread: Vec<u32> = first
        .warnings
        .iter()
        .filter_map(evalform::form_unread::parse)
        .map(|u| u.form_index)
        .collect();
    let want_unread: Vec<u32> = truth
        .iter()
        .filter(|t| t.doc.is_none())
        .map(|t| t.form_index)
        .collect();
    assert_eq!(unread, want_unread, "form_unread warnings");

    // extract --format csv: the same doc_id, form_index and page_range.
    let tables = work.join("extract-csv");
    run(
        &[
            "extract",
            "--format",
            "csv",
            "-o",
            &tables.to_string_lossy(),
        ],
        &[&input],
        1,
    );
    let identity = |rows: Vec<BTreeMap<String, String>>| -> Vec<(String, String, String)> {
        rows.into_iter()
            .map(|r| {
                (
                    r["doc_id"].clone(),
                    r["form_index"].clone(),
                    r["page_range"].clone(),
                )
            })
            .collect()
    };
    let want_rows: Vec<(String, String, String)> = read
        .iter()
        .map(|t| {
            (
                doc_id(t.form_index),
                t.form_index.to_string(),
                format!("{};{}", t.page_range[0], t.page_range[1]),
            )
        })
        .collect();
    assert_eq!(
        identity(csv_table(&tables.join("documents.csv"))),
        want_rows,
        "extract's documents.csv"
    );

    // review -o DIR: <stem>-<n>.html, each naming its form.
    let reviewed = work.join("review");
    run(&["review", "-o", &reviewed.to_string_lossy()], &[&input], 0);
    for t in &read {
        let page = match t.form_index {
            1 => "bundle-unread.html".to_string(),
            n => format!("bundle-unread-{n}.html"),
        };
        let (n, name) = page_identity(&reviewed.join(&page));
        assert_eq!(n, t.form_index, "{page}");
        let doc = &by_place[&t.form_index];
        assert_eq!(name, evalform::review::summary::form_name(doc), "{page}");
    }

    // batch --review: the same places in JSON names, documents, doc_ids and pages.
    let out = work.join("batch");
    run(
        &[
            "batch",
            "--review",
            "--no-progress",
            "-o",
            &out.to_string_lossy(),
        ],
        &[&input_dir],
        0,
    );
    let mut batch_names: Vec<String> = fs::read_dir(out.join("json"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    batch_names.sort();
    let want_batch: Vec<String> = read
        .iter()
        .map(|t| evalform::batch::form_json_name(&input, &sha, t.form_index))
        .collect();
    assert_eq!(batch_names, want_batch, "batch's JSON names");
    for (t, name) in read.iter().zip(&want_batch) {
        let doc = read_doc(&out.join("json").join(name));
        let alone = &by_place[&t.form_index];
        assert_eq!(doc.source.form_index, t.form_index, "{name}");
        assert_eq!(doc.source.doc_id(), alone.source.doc_id(), "{name}");
        assert_eq!(doc.source.page_range, alone.source.page_range, "{name}");
        assert_eq!(doc.title, alone.title, "{name}");
        let page = evalform::review::index::page_name(name);
        let (n, form) = page_identity(&out.join("review").join(&page));
        assert_eq!(n, t.form_index, "{page}");
        assert_eq!(form, evalform::review::summary::form_name(alone), "{page}");
    }
    assert_eq!(
        identity(csv_table(&out.join("documents.csv"))),
        want_rows,
        "batch's documents.csv"
    );

    // The index: one row per form in file order, unread ones as failures,
    // and every link opens the page of the form its row names.
    let index_path = out.join("review/index.html");
    let index = fs::read_to_string(&index_path).unwrap();
    let (form_col, name_col, pages_col) = (
        column(&index, "form"),
        column(&index, "name"),
        column(&index, "pages"),
    );
    let rows = index_rows(&index);
    assert_eq!(rows.len(), truth.len(), "a row per form");
    let mut followed = 0;
    for (row, t) in rows.iter().zip(&truth) {
        assert_eq!(row.cells[form_col], t.form_index.to_string());
        let [a, b] = t.page_range;
        let pages = if a == b {
            format!("page {a}")
        } else {
            format!("pages {a}–{b}")
        };
        assert_eq!(row.cells[pages_col], pages, "form {}", t.form_index);
        if t.doc.is_none() {
            assert!(
                row.class.split(' ').any(|c| c == "failed"),
                "form {} is a failure: {}",
                t.form_index,
                row.class
            );
            assert!(row.links.is_empty(), "an unread form has no page");
            continue;
        }
        assert!(!row.links.is_empty(), "form {} is linked", t.form_index);
        for link in &row.links {
            let (n, name) = page_identity(&index_path.parent().unwrap().join(link));
            assert_eq!(n, t.form_index, "{link}");
            assert_eq!(name, row.cells[name_col], "{link}");
            followed += 1;
        }
    }
    assert!(followed >= read.len(), "{followed} links followed");
}

/// Reading more of a file's forms adds documents and changes no other
/// `doc_id`: the forms one template reads keep their keys when every
/// template reads the file.
#[test]
fn reading_an_unread_form_changes_no_other_doc_id() {
    use evalform::template::Template;
    let path = bundles().join("bundle-mixed.pdf");
    let bytes = fs::read(&path).unwrap();
    let pdf = evalform::source::read_pages(&bytes, &Default::default()).unwrap();
    let sha = evalform::pipeline::sha256_hex(&bytes);
    let ids = |templates: &[Template]| -> Vec<String> {
        evalform::pipeline::documents_from_pdf(&path, &pdf, templates)
            .unwrap()
            .into_iter()
            .map(|mut d| {
                d.source.sha256 = sha.clone();
                d.source.doc_id()
            })
            .collect()
    };
    let project_only: Vec<Template> = Template::builtin()
        .into_iter()
        .filter(|t| t.id == "national_project")
        .collect();
    let all = evalform::pipeline::templates(&Default::default()).unwrap();
    let (some, every) = (ids(&project_only), ids(&all));
    assert!(some.len() < every.len(), "{some:?} / {every:?}");
    for id in &some {
        assert!(every.contains(id), "{id} changed: {every:?}");
    }
}
