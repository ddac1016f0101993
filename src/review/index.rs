//! `review/index.html` of a batch: every input with its status, and every
//! document with its template, fit and warning count, linked to its page.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use super::html::esc;
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
/// documents. An input whose page is missing is listed without a link.
pub fn batch_index(out: &Path) -> Result<String, String> {
    let manifest = out.join("manifest.jsonl");
    let text =
        std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let mut rows = String::new();
    let (mut ok, mut failed, mut documents) = (0, 0, 0);
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
        if names.is_empty() || status != "ok" {
            let why = if status == "duplicate" {
                format!("same content as {}", get("duplicate_of"))
            } else {
                get("error").to_string()
            };
            let _ = write!(
                rows,
                "<tr class=\"{}\"><td>{}</td><td>{}</td><td></td><td></td><td></td><td></td><td>{}</td></tr>",
                esc(status),
                esc(get("path")),
                esc(status),
                esc(&why)
            );
            continue;
        }
        for (i, name) in names.iter().enumerate() {
            documents += 1;
            let doc = read_document(out, name);
            let page = page_name(name);
            let linked = out.join("review").join(&page).is_file();
            let file = if linked {
                format!("<a href=\"{}\">{}</a>", esc(&page), esc(get("path")))
            } else {
                esc(get("path"))
            };
            let (template, fit, warnings) = match &doc {
                Some(d) => (
                    d.source.template.clone(),
                    d.source
                        .template_fit
                        .map_or("—".into(), |f| format!("{f:.2}")),
                    d.warnings.len().to_string(),
                ),
                None => (get("template").to_string(), "—".into(), "?".into()),
            };
            let _ = write!(
                rows,
                "<tr class=\"ok\"><td>{file}</td><td>ok</td><td>{}</td><td>{}</td><td>{fit}</td><td>{warnings}</td><td>{}</td></tr>",
                i + 1,
                esc(&template),
                if linked { "" } else { "no review page" }
            );
        }
    }
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>evalform review</title><style>");
    h.push_str("body{font:14px/1.4 system-ui,sans-serif;margin:16px;color:#222}table{border-collapse:collapse}");
    h.push_str(
        "th,td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left}th{background:#eee}",
    );
    h.push_str("tr.failed td{background:#ffebe9}tr.duplicate td{color:#777}");
    h.push_str("</style></head><body>");
    let _ = write!(
        h,
        "<h1>evalform review</h1><p>{ok} file(s) read ({documents} document(s)), {failed} failed.</p>"
    );
    h.push_str("<table id=\"documents\"><thead><tr><th>file</th><th>status</th><th>form</th><th>template</th><th>fit</th><th>warnings</th><th>note</th></tr></thead><tbody>");
    h.push_str(&rows);
    h.push_str("</tbody></table></body></html>\n");
    Ok(h)
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
