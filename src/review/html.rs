//! The review page of one document: one self-contained HTML file (inline
//! CSS, script and page images; nothing fetched).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::summary::{Summary, flagged_fields};
use crate::confidence::LOW_CONFIDENCE;
use crate::locate::{Located, Place};
use crate::model::{Document, Unread};
use crate::ocr::OcrFrame;

/// One page of the form as the review shows it.
#[derive(Debug, Clone)]
pub struct PageView {
    pub number: u32,
    /// Page size in points, in the frame the cells' boxes are in.
    pub width: f32,
    pub height: f32,
    /// The page image as a `data:` URI, if it was drawn.
    pub image: Option<String>,
    /// Why there is no image (a text rendition, a page the renderer refused).
    pub note: Option<String>,
    /// How OCR turned and levelled the page, if it read it.
    pub frame: Option<OcrFrame>,
}

const STYLE: &str = r#"
body{font:14px/1.4 system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:0;color:#222;background:#f4f4f2}
header{padding:8px 16px;background:#fff;border-bottom:1px solid #ccc}
h1{font-size:17px;margin:0 0 4px}
.meta{color:#555;margin:0}
#warnings{margin:6px 0 0;padding-left:20px;max-height:9em;overflow:auto;color:#8a4b00}
#warnings code{color:#555}
#main{display:flex;gap:12px;padding:12px;align-items:flex-start}
#pages{flex:1 1 60%;min-width:0}
nav{display:flex;gap:8px;align-items:center;margin-bottom:6px}
nav button{font-size:16px;padding:2px 10px}
.page{display:none;background:#fff;box-shadow:0 1px 4px #0003}
.page.on{display:block}
.page svg{display:block;width:100%;height:auto}
.note{margin:0;padding:6px 10px;color:#555;background:#fffbe6;border-bottom:1px solid #eee}
rect.cell{fill:none;stroke:#1f6feb;stroke-opacity:.55;stroke-width:.6}
.spot rect{fill:#2da44e;fill-opacity:.10;stroke:#2da44e;stroke-width:.9}
.spot.low rect,.spot.warn rect{fill:#d1242f;fill-opacity:.14;stroke:#d1242f;stroke-width:1.3}
.spot text{font-size:6.5px;fill:#0a3069;paint-order:stroke;stroke:#fff;stroke-width:2px}
.spot.low text,.spot.warn text{fill:#a40e26}
rect.unread{fill:#d1242f;fill-opacity:.06;stroke:#d1242f;stroke-width:1.6;stroke-dasharray:3 1.5}
.spot.hit rect{fill:#ffd33d;fill-opacity:.5;stroke:#bf8700;stroke-width:2}
body.novalues .spot text{display:none}
table.grid{border-collapse:collapse;margin:8px;font-size:12px}
table.grid td{border:1px solid #8ab4f8;padding:2px 4px;vertical-align:top}
table.grid td.field{background:#dafbe1}
table.grid td.low,table.grid td.warn{background:#ffebe9}
table.grid td.unread{outline:2px dashed #d1242f;background:#fff0ef}
table.grid td.hit{background:#fff8c5;outline:2px solid #bf8700}
aside{flex:0 1 40%;max-height:calc(100vh - 24px);overflow:auto;background:#fff;box-shadow:0 1px 4px #0003;position:sticky;top:12px}
#fields{border-collapse:collapse;width:100%;font-size:12px}
#fields th{position:sticky;top:0;background:#eee;text-align:left;padding:3px 6px}
#fields td{border-top:1px solid #eee;padding:3px 6px;vertical-align:top}
#fields tr{cursor:pointer}
#fields tr.low td,#fields tr.warn td{background:#ffebe9}
#fields tr.hit td{background:#fff8c5}
#fields tr.nowhere td:first-child::after{content:" (not on a page)";color:#888}
.flag{color:#a40e26;font-weight:bold}
.form-name{margin:0 0 2px;font-weight:600}
.doubt{margin:0 0 2px;color:#a40e26}
#unread{border-collapse:collapse;width:100%;font-size:12px;margin-bottom:8px}
#unread th{background:#ffebe9;text-align:left;padding:3px 6px}
#unread td{border-top:1px solid #f3d0cc;padding:3px 6px;vertical-align:top}
#unread tr[data-page]{cursor:pointer}
"#;

const SCRIPT: &str = r#"
(function(){
var pages=[].slice.call(document.querySelectorAll('.page'));
var at=0;
function show(i){if(!pages.length)return;at=Math.max(0,Math.min(pages.length-1,i));
pages.forEach(function(p,k){p.classList.toggle('on',k===at);});
document.getElementById('pageno').textContent='page '+pages[at].dataset.page+' ('+(at+1)+' of '+pages.length+')';}
function pageIndex(n){for(var k=0;k<pages.length;k++)if(pages[k].dataset.page===n)return k;return -1;}
document.getElementById('prev').onclick=function(){show(at-1);};
document.getElementById('next').onclick=function(){show(at+1);};
document.addEventListener('keydown',function(e){if(e.key==='ArrowLeft')show(at-1);if(e.key==='ArrowRight')show(at+1);});
document.getElementById('values').onchange=function(e){document.body.classList.toggle('novalues',!e.target.checked);};
function hit(path){[].forEach.call(document.querySelectorAll('.hit'),function(x){x.classList.remove('hit');});
[].forEach.call(document.querySelectorAll('[data-path]'),function(x){if(x.dataset.path.split(' ').indexOf(path)>=0)x.classList.add('hit');});}
[].forEach.call(document.querySelectorAll('#fields tr[data-path]'),function(tr){tr.onclick=function(){
var k=pageIndex(tr.dataset.page);if(k>=0)show(k);hit(tr.dataset.path);
var s=document.querySelector('.page.on .hit');if(s&&s.scrollIntoView)s.scrollIntoView({block:'center'});};});
[].forEach.call(document.querySelectorAll('.page [data-path]'),function(s){s.onclick=function(){
var p=s.dataset.path.split(' ')[0];hit(p);var tr=document.querySelector('#fields tr[data-path="'+p+'"]');if(tr)tr.scrollIntoView({block:'center'});};});
[].forEach.call(document.querySelectorAll('#unread tr[data-page]'),function(tr){tr.onclick=function(){
var k=pageIndex(tr.dataset.page);if(k>=0)show(k);};});
show(0);
})();
"#;

/// The whole page for one document.
pub fn document_page(doc: &Document, located: &Located, pages: &[PageView]) -> String {
    let flagged = flagged_fields(doc);
    let summary = Summary::of(doc);
    let status = |path: &str| -> &'static str {
        let low = doc
            .ocr_confidence
            .get(path)
            .is_some_and(|c| *c < f64::from(LOW_CONFIDENCE));
        match (low, flagged.contains(path)) {
            (true, _) => "low",
            (false, true) => "warn",
            _ => "",
        }
    };
    // Place index → the fields found there.
    let mut at_place: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, f) in located.fields.iter().enumerate() {
        for &p in &f.places {
            at_place.entry(p).or_default().push(i);
        }
    }
    let title = format!(
        "{} — form {}",
        doc.source.file,
        doc.source.form_index.max(1)
    );
    let mut h = String::with_capacity(64 * 1024);
    h.push_str("<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width\">");
    let _ = write!(
        h,
        "<title>{}</title><style>{STYLE}</style></head><body>",
        esc(&title)
    );
    let _ = write!(
        h,
        "<header><h1>{}</h1><p class=\"form-name\">{}</p><p class=\"doubt\" id=\"doubt\">{}</p><p class=\"meta\">",
        esc(&title),
        esc(&summary.name),
        esc(&summary.counts())
    );
    let _ = write!(
        h,
        "template <b>{}</b> · fit {} · read from {} · {} page(s) {} · {} warning(s) · {} fields",
        esc(&doc.source.template),
        doc.source
            .template_fit
            .map_or("—".to_string(), |f| format!("{f:.2}")),
        esc(&doc.source.kind),
        doc.source.pages,
        doc.source
            .page_range
            .map_or(String::new(), |[a, b]| format!("({a}–{b})")),
        doc.warnings.len(),
        located.fields.len()
    );
    h.push_str("</p>");
    if !doc.warnings.is_empty() {
        h.push_str("<ul id=\"warnings\">");
        for w in &doc.warnings {
            let page = w.page.map_or(String::new(), |p| format!(" (page {p})"));
            let _ = write!(
                h,
                "<li><code>{}</code> {}{page}</li>",
                esc(&w.code),
                esc(&w.message)
            );
        }
        h.push_str("</ul>");
    }
    h.push_str("</header><div id=\"main\"><div id=\"pages\"><nav>");
    h.push_str("<button id=\"prev\" title=\"previous page (←)\">◀</button>");
    h.push_str("<span id=\"pageno\"></span>");
    h.push_str("<button id=\"next\" title=\"next page (→)\">▶</button>");
    h.push_str("<label><input type=\"checkbox\" id=\"values\" checked> values at their cells</label></nav>");
    for page in pages {
        let _ = write!(h, "<section class=\"page\" data-page=\"{}\">", page.number);
        if let Some(note) = &page.note {
            let _ = write!(h, "<p class=\"note\">{}</p>", esc(note));
        }
        if page.image.is_some() || located.places.iter().any(|p| p.bbox.is_some()) {
            svg_page(&mut h, page, located, &at_place, &status, &doc.unread);
        } else {
            let unread: Vec<&str> = doc
                .unread
                .iter()
                .filter(|u| u.page == page.number)
                .map(|u| u.text.as_str())
                .collect();
            grid_page(&mut h, page.number, located, &at_place, &status, &unread);
        }
        h.push_str("</section>");
    }
    h.push_str("</div><aside>");
    unread_list(&mut h, &doc.unread);
    h.push_str("<table id=\"fields\"><thead><tr><th>field</th><th>value</th><th>page</th><th>OCR</th></tr></thead><tbody>");
    // Flagged fields first, each group in document order.
    let mut listed: Vec<&crate::locate::Field> = located.fields.iter().collect();
    listed.sort_by_key(|f| status(&f.path).is_empty());
    for f in listed {
        let page = f
            .places
            .first()
            .map(|&p| located.places[p].page.to_string())
            .unwrap_or_default();
        let st = status(&f.path);
        let class = format!("{st}{}", if f.places.is_empty() { " nowhere" } else { "" });
        let conf = doc
            .ocr_confidence
            .get(&f.path)
            .map_or(String::new(), |c| format!("{c:.2}"));
        let flag = if st.is_empty() {
            ""
        } else {
            " <span class=\"flag\" title=\"check this field\">⚑</span>"
        };
        let _ = write!(
            h,
            "<tr class=\"{}\" data-path=\"{}\" data-page=\"{page}\"><td><code>{}</code>{flag}</td><td>{}</td><td>{page}</td><td>{conf}</td></tr>",
            class.trim(),
            esc(&f.path),
            esc(&f.path),
            esc(&f.value)
        );
    }
    let _ = writeln!(
        h,
        "</tbody></table></aside></div><script>{SCRIPT}</script></body></html>"
    );
    h
}

/// A page image (or a blank sheet) with the cells outlined and the fields
/// marked at their cells.
fn svg_page(
    h: &mut String,
    page: &PageView,
    located: &Located,
    at_place: &BTreeMap<usize, Vec<usize>>,
    status: &dyn Fn(&str) -> &'static str,
    unread: &[Unread],
) {
    let (w, ht) = (page.width.max(1.0), page.height.max(1.0));
    let _ = write!(
        h,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.1} {ht:.1}\" role=\"img\">"
    );
    let _ = write!(
        h,
        "<rect width=\"{w:.1}\" height=\"{ht:.1}\" fill=\"#fff\"/>"
    );
    if let Some(uri) = &page.image {
        let transform = page
            .frame
            .filter(|f| f.skew_deg.abs() > 0.01)
            .map_or(String::new(), |f| {
                format!(
                    " transform=\"rotate({:.3} {:.1} {:.1})\"",
                    -f.skew_deg, f.skew_center[0], f.skew_center[1]
                )
            });
        let _ = write!(
            h,
            "<image href=\"{uri}\" x=\"0\" y=\"0\" width=\"{w:.1}\" height=\"{ht:.1}\" preserveAspectRatio=\"none\"{transform}/>"
        );
    }
    let on_page = |p: &Place| p.page == page.number && p.bbox.is_some();
    h.push_str("<g>");
    for p in located
        .places
        .iter()
        .filter(|p| on_page(p) && p.row.is_some())
    {
        let [x0, y0, x1, y1] = p.bbox.unwrap_or_default();
        let _ = write!(
            h,
            "<rect class=\"cell\" x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>",
            x1 - x0,
            y1 - y0
        );
    }
    h.push_str("</g><g>");
    for (&k, fields) in at_place {
        let p = &located.places[k];
        if !on_page(p) {
            continue;
        }
        let [x0, y0, x1, y1] = p.bbox.unwrap_or_default();
        let (paths, st) = paths_and_status(located, fields, status);
        let label: Vec<String> = fields
            .iter()
            .map(|&i| short(&located.fields[i].value, 14))
            .collect();
        let tip: Vec<String> = fields
            .iter()
            .map(|&i| format!("{} = {}", located.fields[i].path, located.fields[i].value))
            .collect();
        let _ = write!(
            h,
            "<g class=\"spot {st}\" data-path=\"{}\"><title>{}</title><rect x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"{:.1}\" height=\"{:.1}\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
            esc(&paths.join(" ")),
            esc(&tip.join("\n")),
            x1 - x0,
            y1 - y0,
            x0 + 1.5,
            y1 - 1.5,
            esc(&label.join(" · "))
        );
    }
    h.push_str("</g><g>");
    for u in unread.iter().filter(|u| u.page == page.number) {
        let Some([x0, y0, x1, y1]) = u.bbox else {
            continue;
        };
        let _ = write!(
            h,
            "<rect class=\"unread\" x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"{:.1}\" height=\"{:.1}\"><title>not read: {}</title></rect>",
            x1 - x0,
            y1 - y0,
            esc(&u.text)
        );
    }
    h.push_str("</g></svg>");
}

/// The cells no field took, listed beside the page (click one to see its page).
fn unread_list(h: &mut String, unread: &[Unread]) {
    if unread.is_empty() {
        return;
    }
    h.push_str("<table id=\"unread\"><thead><tr><th colspan=\"4\">not read</th></tr><tr><th>text</th><th>row</th><th>column</th><th>page</th></tr></thead><tbody>");
    for u in unread {
        let _ = write!(
            h,
            "<tr data-page=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            u.page,
            esc(&u.text),
            esc(u.row_label.as_deref().unwrap_or("")),
            esc(u.column_label.as_deref().unwrap_or("")),
            u.page
        );
    }
    h.push_str("</tbody></table>");
}

/// A text rendition's page: its rows as an HTML table, fields marked, each
/// cell in its grid column (gaps filled where no cell from above covers them).
fn grid_page(
    h: &mut String,
    number: u32,
    located: &Located,
    at_place: &BTreeMap<usize, Vec<usize>>,
    status: &dyn Fn(&str) -> &'static str,
    unread: &[&str],
) {
    // The page's places by row, in order; a free line is a row of its own.
    let mut rows: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
    for (k, p) in located.places.iter().enumerate() {
        if p.page != number {
            continue;
        }
        match rows.last_mut() {
            Some((row, members)) if p.row.is_some() && *row == p.row => members.push(k),
            _ => rows.push((p.row, vec![k])),
        }
    }
    h.push_str("<table class=\"grid\">");
    // Per grid column, the rows a cell from above still covers.
    let mut cover: Vec<usize> = Vec::new();
    for (row, mut members) in rows {
        h.push_str("<tr>");
        if row.is_none() {
            grid_cell(h, located, at_place, status, unread, members[0], 99);
            h.push_str("</tr>");
            continue;
        }
        members.sort_by_key(|&k| located.places[k].col);
        let mut col = 0;
        for k in members {
            let p = &located.places[k];
            gap_cells(h, &cover, col, p.col);
            grid_cell(h, located, at_place, status, unread, k, p.colspan);
            let end = p.col + p.colspan;
            if cover.len() < end {
                cover.resize(end, 0);
            }
            cover[p.col..end].iter_mut().for_each(|c| *c = p.rowspan);
            col = col.max(end);
        }
        h.push_str("</tr>");
        cover.iter_mut().for_each(|c| *c = c.saturating_sub(1));
    }
    h.push_str("</table>");
}

/// Empty cells for the columns in `from..to` no cell from above covers.
fn gap_cells(h: &mut String, cover: &[usize], from: usize, to: usize) {
    let mut run = 0;
    for c in from..to {
        if cover.get(c).copied().unwrap_or(0) > 0 {
            if run > 0 {
                let _ = write!(h, "<td colspan=\"{run}\"></td>");
            }
            run = 0;
        } else {
            run += 1;
        }
    }
    if run > 0 {
        let _ = write!(h, "<td colspan=\"{run}\"></td>");
    }
}

/// The JSON paths of the fields found at one place, and the status class
/// of the first of them that has one (`""` when none has).
fn paths_and_status<'a>(
    located: &'a Located,
    fields: &[usize],
    status: &dyn Fn(&str) -> &'static str,
) -> (Vec<&'a str>, &'static str) {
    let paths: Vec<&str> = fields
        .iter()
        .map(|&i| located.fields[i].path.as_str())
        .collect();
    let st = paths
        .iter()
        .map(|p| status(p))
        .find(|s| !s.is_empty())
        .unwrap_or("");
    (paths, st)
}

/// One cell of a text rendition's grid; a cell no field took whose text is
/// one of the page's `unread` texts is marked as not read.
fn grid_cell(
    h: &mut String,
    located: &Located,
    at_place: &BTreeMap<usize, Vec<usize>>,
    status: &dyn Fn(&str) -> &'static str,
    unread: &[&str],
    k: usize,
    colspan: usize,
) {
    let p = &located.places[k];
    let fields = at_place.get(&k).map(Vec::as_slice).unwrap_or(&[]);
    let (paths, st) = paths_and_status(located, fields, status);
    let class = if !paths.is_empty() {
        format!("field {st}")
    } else if unread.contains(&crate::normalize::clean_text(&p.text).as_str()) {
        "unread".to_string()
    } else {
        String::new()
    };
    let _ = write!(
        h,
        "<td colspan=\"{colspan}\" rowspan=\"{}\" class=\"{}\" data-path=\"{}\" title=\"{}\">{}</td>",
        p.rowspan,
        class.trim(),
        esc(&paths.join(" ")),
        esc(&paths.join("\n")),
        esc(&p.text)
    );
}

fn short(text: &str, max: usize) -> String {
    let n = text.chars().count();
    if n <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}

/// Escapes text for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
