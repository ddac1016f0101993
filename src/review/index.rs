//! `review/index.html` of a batch: every input with its status, every form
//! of it (read or not) named, with its template, fit, doubt and warning
//! count, linked to its page.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use super::html::esc;
use super::summary::Summary;
use crate::form_unread;
use crate::model::Document;

/// The review page's file name for a document's JSON file name
/// (`form-ab12cd34ef56.json` → `form-ab12cd34ef56.html`).
pub fn page_name(json_name: &str) -> String {
    let base = json_name.rsplit('/').next().unwrap_or(json_name);
    format!("{}.html", base.strip_suffix(".json").unwrap_or(base))
}

/// Writes `index.html` into `dir`, the review folder of the batch output
/// `out` ([`batch_index`]); returns the path written.
pub fn write_batch_index(out: &Path, dir: &Path) -> Result<std::path::PathBuf, String> {
    let index = dir.join("index.html");
    let html = batch_index(out)?;
    crate::emit::atomic::write_atomic(&index, html.as_bytes())
        .map_err(|e| format!("{}: {e}", index.display()))?;
    Ok(index)
}

/// The index of a batch output directory, from its `manifest.jsonl` and
/// documents: a row per form, read or not, and per file that failed. A
/// read form is named (title, project or entity, pages) with its doubt
/// (cells not read, fields flagged) and linked to its page (no link when the
/// page is missing); a form no template read (`form_unread`) and a file
/// that failed are failures. A small script sorts the rows by doubt and
/// shows only the doubtful ones (also on `#doubt` and `#only` in the URL).
pub fn batch_index(out: &Path) -> Result<String, String> {
    let manifest = out.join("manifest.jsonl");
    let text =
        std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let mut rows = Rows::default();
    let (mut ok, mut failed, mut documents, mut unread_forms) = (0, 0, 0, 0);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let entry: Value =
            serde_json::from_str(line).map_err(|e| format!("{}: {e}", manifest.display()))?;
        let get = |k: &str| entry.get(k).and_then(Value::as_str).unwrap_or("");
        let status = get("status");
        let names: Vec<String> = match entry.get("documents").and_then(Value::as_array) {
            Some(list) if !list.is_empty() => list
                .iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect(),
            _ => entry
                .get("json")
                .and_then(Value::as_str)
                .map(|j| vec![j.to_string()])
                .unwrap_or_default(),
        };
        if status == "ok" {
            ok += 1;
        } else if status == "failed" {
            failed += 1;
        }
        let file = get("path");
        if names.is_empty() || status != "ok" {
            let why = if status == "duplicate" {
                format!("same content as {}", get("duplicate_of"))
            } else {
                get("error").to_string()
            };
            rows.push(status, status == "failed", 0, |r| {
                cells(
                    r,
                    &[esc(file), esc(status), "".into(), "".into(), "".into()],
                );
                cells(r, &["".into(), "".into(), "".into(), "".into(), esc(&why)]);
            });
            continue;
        }
        // The file's forms in their place: read ones and unread ones.
        let mut forms: Vec<(u32, Form)> = Vec::new();
        for (i, name) in names.iter().enumerate() {
            documents += 1;
            let doc = read_document(out, name).map(Box::new);
            let place = doc
                .as_ref()
                .map_or(i as u32 + 1, |d| d.source.form_index.max(1));
            for u in doc
                .iter()
                .flat_map(|d| &d.warnings)
                .filter_map(form_unread::parse)
            {
                forms.push((u.form_index, Form::Unread(u)));
            }
            forms.push((place, Form::Read(name, doc)));
        }
        forms.sort_by_key(|(place, _)| *place);
        for (place, form) in forms {
            match form {
                Form::Unread(u) => {
                    unread_forms += 1;
                    rows.push("failed unread-form", true, 0, |r| {
                        cells(r, &[esc(file), "not read".into(), place.to_string()]);
                        cells(r, &["".into(), esc(&u.pages), "".into(), "".into()]);
                        cells(r, &["".into(), "".into(), esc(&u.reason)]);
                    });
                }
                Form::Read(name, doc) => {
                    let page = page_name(name);
                    let linked = out.join("review").join(&page).is_file();
                    let link = |text: &str| {
                        if linked {
                            format!("<a href=\"{}\">{}</a>", esc(&page), esc(text))
                        } else {
                            esc(text)
                        }
                    };
                    let note = if linked { "" } else { "no review page" };
                    let Some(d) = doc else {
                        rows.push("ok", false, 0, |r| {
                            cells(r, &[link(file), "ok".into(), place.to_string()]);
                            cells(r, &["".into(), "".into(), esc(get("template"))]);
                            cells(r, &["—".into(), "?".into(), "?".into(), note.into()]);
                        });
                        continue;
                    };
                    let summary = Summary::of(&d);
                    let fit = d
                        .source
                        .template_fit
                        .map_or("—".into(), |f| format!("{f:.2}"));
                    rows.push("ok", false, summary.doubt(), |r| {
                        cells(r, &[link(file), "ok".into(), place.to_string()]);
                        cells(r, &[link(&summary.name), esc(&summary.pages)]);
                        cells(r, &[esc(&d.source.template), fit]);
                        cells(r, &[esc(&summary.counts()), d.warnings.len().to_string()]);
                        cells(r, &[note.into()]);
                    });
                }
            }
        }
    }
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>evalform review</title><style>");
    h.push_str("body{font:14px/1.4 system-ui,sans-serif;margin:16px;color:#222}table{border-collapse:collapse}");
    h.push_str(
        "th,td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left}th{background:#eee}",
    );
    h.push_str("tr.failed td{background:#ffebe9}tr.duplicate td{color:#777}");
    h.push_str("#controls{margin:8px 0}");
    h.push_str("</style></head><body>");
    let _ = write!(
        h,
        "<h1>evalform review</h1><p id=\"totals\">{ok} file(s) read ({documents} document(s)), {failed} failed, {unread_forms} form(s) not read.</p>"
    );
    h.push_str("<p id=\"controls\"><label>order <select id=\"sort\"><option value=\"file\">file order</option><option value=\"doubt\">most doubt first</option></select></label> <label><input type=\"checkbox\" id=\"only\"> only failures and forms with doubt</label></p>");
    h.push_str("<table id=\"documents\"><thead><tr><th>file</th><th>status</th><th>form</th><th>name</th><th>pages</th><th>template</th><th>fit</th><th>doubt</th><th>warnings</th><th>note</th></tr></thead><tbody>");
    h.push_str(&rows.html);
    let _ = writeln!(h, "</tbody></table><script>{SCRIPT}</script></body></html>");
    Ok(h)
}

/// Sorts the rows by doubt (failures first) and hides the ones without.
const SCRIPT: &str = r#"
(function(){
var body=document.querySelector('#documents tbody');
var rows=[].slice.call(body.rows);
var by=document.getElementById('sort'),only=document.getElementById('only');
function key(r){return (r.dataset.failed?1e9:0)+Number(r.dataset.doubt||0);}
function apply(){
var list=rows.slice();
if(by.value==='doubt')list.sort(function(a,b){return key(b)-key(a)||a.dataset.order-b.dataset.order;});
list.forEach(function(r){body.appendChild(r);r.hidden=only.checked&&key(r)===0;});}
by.onchange=apply;only.onchange=apply;
if(location.hash.indexOf('doubt')>=0)by.value='doubt';
if(location.hash.indexOf('only')>=0)only.checked=true;
apply();
})();
"#;

/// One row of the index: a form read (with its document, if it could be
/// read back) or a form no template read.
enum Form<'a> {
    Read(&'a String, Option<Box<Document>>),
    Unread(form_unread::UnreadForm),
}

/// The index's rows as HTML, numbered in file order.
#[derive(Default)]
struct Rows {
    html: String,
    count: usize,
}

impl Rows {
    /// A row of class `class`; `failed` rows sort before any doubt.
    fn push(&mut self, class: &str, failed: bool, doubt: usize, fill: impl FnOnce(&mut String)) {
        let _ = write!(
            self.html,
            "<tr class=\"{}\" data-order=\"{}\" data-doubt=\"{doubt}\"{}>",
            esc(class),
            self.count,
            if failed { " data-failed=\"1\"" } else { "" }
        );
        fill(&mut self.html);
        self.html.push_str("</tr>");
        self.count += 1;
    }
}

/// Table cells holding `contents` (already escaped HTML).
fn cells(row: &mut String, contents: &[String]) {
    for c in contents {
        let _ = write!(row, "<td>{c}</td>");
    }
}

fn read_document(out: &Path, name: &str) -> Option<Document> {
    let path = if name.starts_with("json/") {
        out.join(name)
    } else {
        out.join("json").join(name)
    };
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}
