//! Review pages in a real browser: headless Chromium loads the page of a
//! born-digital PDF and of a scan, takes a screenshot, which must show the
//! page (not a blank), and its DOM (after the page's script ran) must list
//! every field of the document with its path.
//!
//! Chromium is installed by `scripts/setup.sh`. Under `CI=true` a missing
//! browser or missing OCR models fail the test; elsewhere the test says what
//! it skipped (see `need`).
#![cfg(feature = "ocr")]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Says why a part is skipped, or fails in CI, where nothing may be skipped.
fn skip(why: &str) {
    crate::need::present(why, false);
}

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
        .map(PathBuf::from)
}

/// Runs headless Chromium on `page` with extra arguments; its standard output.
fn browse(browser: &Path, profile: &Path, page: &Path, args: &[&str]) -> Vec<u8> {
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-extensions",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(&url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut buf).ok();
        buf
    });
    match child.wait_timeout(Duration::from_secs(120)).unwrap() {
        Some(status) => assert!(status.success(), "chromium {args:?} {url}: {status}"),
        None => {
            child.kill().ok();
            panic!("chromium {args:?} {url}: no answer in 120 s");
        }
    }
    reader.join().unwrap()
}

/// Mean and standard deviation of the grey level over a region (shares of
/// the width and height), and the share of ink (grey below 96).
fn grey_stats(img: &image::GrayImage, x: (f64, f64), y: (f64, f64)) -> (f64, f64, f64) {
    let (w, h) = (f64::from(img.width()), f64::from(img.height()));
    let (mut n, mut sum, mut sq, mut ink) = (0f64, 0f64, 0f64, 0f64);
    for py in (y.0 * h) as u32..(y.1 * h) as u32 {
        for px in (x.0 * w) as u32..(x.1 * w) as u32 {
            let v = f64::from(img.get_pixel(px, py)[0]);
            n += 1.0;
            sum += v;
            sq += v * v;
            ink += f64::from(u8::from(v < 96.0));
        }
    }
    let n = n.max(1.0);
    let mean = sum / n;
    (mean, (sq / n - mean * mean).max(0.0).sqrt(), ink / n)
}

/// The screenshot shows the page and the field list; the DOM lists every
/// field path of the document.
fn check_page(browser: &Path, work: &Path, html: &Path, doc: &evalform::Document) {
    let name = html.file_stem().unwrap().to_string_lossy().into_owned();
    let shot = work.join(format!("{name}.png"));
    browse(
        browser,
        &work.join("profile"),
        html,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1400,1000",
        ],
    );
    let bytes = std::fs::read(&shot).expect("screenshot written");
    let img = image::load_from_memory(&bytes)
        .expect("screenshot is an image")
        .to_luma8();
    assert_eq!((img.width(), img.height()), (1400, 1000), "{name}");
    let whole = grey_stats(&img, (0.0, 1.0), (0.0, 1.0));
    assert!(whole.1 > 15.0, "{name}: the screenshot is blank");
    // The page column, below the header: the drawn form (or the cell grid).
    let page = grey_stats(&img, (0.02, 0.58), (0.3, 0.95));
    // The field list beside it.
    let list = grey_stats(&img, (0.62, 0.98), (0.2, 0.95));
    eprintln!(
        "{name}: screenshot {} bytes; grey mean/sd/ink: whole {:.1}/{:.1}/{:.3}, page {:.1}/{:.1}/{:.3}, list {:.1}/{:.1}/{:.3}",
        bytes.len(),
        whole.0,
        whole.1,
        whole.2,
        page.0,
        page.1,
        page.2,
        list.0,
        list.1,
        list.2
    );
    // Ink: the drawn form gives about 0.012 of the page column; the cell
    // outlines and value labels alone (no page image) 0.0003.
    for (what, (mean, sd, ink), min_ink) in [("page", page, 0.004), ("field list", list, 0.01)] {
        assert!(
            sd > 15.0 && mean > 60.0 && mean < 250.0 && ink > min_ink,
            "{name}: the {what} looks blank: grey mean {mean:.1}, sd {sd:.1}, ink {ink:.3}"
        );
    }
    let dom = String::from_utf8_lossy(&browse(
        browser,
        &work.join("profile"),
        html,
        &["--dump-dom"],
    ))
    .into_owned();
    // The page's script ran: one page shown, the page counter filled in.
    assert!(dom.contains("class=\"page on\""), "{name}: no page shown");
    assert!(dom.contains("(1 of "), "{name}: the page counter is empty");
    let leaves = evalform::locate::field_leaves(doc);
    assert!(leaves.len() > 50, "{name}: {} fields", leaves.len());
    for (path, _) in &leaves {
        assert!(
            dom.contains(&format!("data-path=\"{path}\"")),
            "{name}: field {path} is not in the list"
        );
    }
    assert!(dom.contains("data:image/"), "{name}: no page image");
}

/// In a document read by OCR, every value that breaks an arithmetic check
/// has a confidence below the warning threshold and a warning naming it.
fn values_that_break_a_check_are_doubted(doc: &evalform::Document) {
    let low = f64::from(evalform::confidence::LOW_CONFIDENCE);
    for b in evalform::check::broken_fields(doc) {
        let c = doc.ocr_confidence.get(&b.path).copied();
        assert!(
            c.is_some_and(|c| c < low),
            "{} ({}): confidence {c:?}",
            b.path,
            b.check
        );
        assert!(
            doc.warnings.iter().any(|w| w.code == "ocr_low_confidence"
                && w.message.starts_with(&format!("{} = ", b.path))
                && w.message.contains(&b.check)),
            "{}: no warning naming {}",
            b.path,
            b.check
        );
    }
}

#[test]
fn review_pages_of_a_pdf_and_a_scan_render_in_chromium() {
    let Some(browser) = chromium() else {
        skip("chromium is not installed");
        return;
    };
    let scan = Path::new(ROOT).join("samples/scans/proj-xddb-2021.scan150.pdf");
    let pdf = Path::new(ROOT).join("samples/proj-xddb-2021.lo.pdf");
    let mut inputs = vec![pdf];
    if crate::need::ocr_models().is_some() {
        inputs.push(scan);
    }
    // One batch run gives the documents, their review pages and the index.
    let work = common::scratch("review_browser");
    let out = work.join("out");
    let status = common::bin()
        .args(["batch", "--review", "--no-progress", "-o"])
        .arg(&out)
        .args(&inputs)
        .status()
        .unwrap();
    assert!(status.success(), "evalform batch --review: {status}");
    let index = std::fs::read_to_string(out.join("review/index.html")).expect("index written");
    let mut json_names: Vec<PathBuf> = std::fs::read_dir(out.join("json"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    json_names.sort();
    assert_eq!(json_names.len(), inputs.len(), "{json_names:?}");
    for json in &json_names {
        let stem = json.file_stem().unwrap().to_string_lossy().into_owned();
        let html = out.join("review").join(format!("{stem}.html"));
        assert!(
            index.contains(&format!("href=\"{stem}.html\"")),
            "index does not link {stem}"
        );
        let text = std::fs::read_to_string(&html).expect("review page written");
        // Self-contained: nothing is fetched.
        for outside in ["src=\"http", "href=\"http", "<link", "@import", "url(http"] {
            assert!(!text.contains(outside), "{stem}: refers outside: {outside}");
        }
        let doc: evalform::Document =
            serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
        if doc.source.kind == "ocr" {
            values_that_break_a_check_are_doubted(&doc);
        }
        check_page(&browser, &work, &html, &doc);
    }
}

/// A text rendition has no page image: its page shows the cell grid, says
/// so, and still lists and marks every field.
#[test]
fn a_text_rendition_review_shows_the_cell_grid() {
    let input = Path::new(ROOT).join("samples/text/proj-xddb-2021.txt");
    let bytes = std::fs::read(&input).unwrap();
    let opts = evalform::ReadOptions::default();
    let templates = evalform::pipeline::templates(&opts).unwrap();
    let reviews = evalform::review::review_bytes(&input, &bytes, &opts, &templates).unwrap();
    assert_eq!(reviews.len(), 1);
    let html = &reviews[0].html;
    assert!(html.contains("no page image"), "no note");
    assert!(
        !html.contains("data:image/"),
        "an image for a text rendition"
    );
    assert!(html.contains("<table class=\"grid\">"), "no cell grid");
    for (path, _) in evalform::locate::field_leaves(&reviews[0].document) {
        // Each field is listed, found in a cell of the grid on its page.
        assert!(
            html.contains(&format!("data-path=\"{path}\" data-page=\"1\""))
                || html.contains(&format!("data-path=\"{path}\" data-page=\"2\"")),
            "{path} is on no page"
        );
    }
}

/// `batch --review`: the index lists every input, a failure with its
/// reason and no link, a document with its template and a link to its page.
#[test]
fn the_batch_index_lists_failures_and_links_documents() {
    let work = common::scratch("review_index");
    let inputs = work.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    for (from, to) in [
        ("samples/text/proj-xddb-2021.txt", "form.txt"),
        ("samples/bad/not-a-form.pdf", "notice.pdf"),
    ] {
        std::fs::copy(Path::new(ROOT).join(from), inputs.join(to)).unwrap();
    }
    let out = work.join("out");
    let run = common::bin()
        .args(["batch", "--review", "--no-progress", "-o"])
        .arg(&out)
        .arg(&inputs)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "one input fails");
    let index = std::fs::read_to_string(out.join("review/index.html")).unwrap();
    let pages: Vec<String> = std::fs::read_dir(out.join("review"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.html")
        .collect();
    assert_eq!(pages.len(), 1, "{pages:?}");
    assert!(pages[0].starts_with("form-"), "{pages:?}");
    assert!(index.contains(&format!("href=\"{}\"", pages[0])), "{index}");
    assert!(index.contains("national_project"), "{index}");
    let failed = index
        .split("<tr class=\"failed\"")
        .nth(1)
        .expect("a failed row");
    assert!(
        failed.contains("notice.pdf") && failed.contains("no form found"),
        "{failed}"
    );
    assert!(
        !failed.split("</tr>").next().unwrap().contains("href"),
        "{failed}"
    );
}

/// A review page shows what was not read: the cells in `unread` outlined
/// in red at their boxes, the flagged fields listed first, and the header
/// counting both.
#[test]
fn a_review_page_outlines_unread_cells_and_lists_flagged_fields_first() {
    let input = Path::new(ROOT).join("samples/proj-xddb-2021.lo.pdf");
    let bytes = std::fs::read(&input).unwrap();
    let opts = evalform::ReadOptions::default();
    let templates = evalform::pipeline::templates(&opts).unwrap();
    let mut read = evalform::pipeline::read_forms(&input, &bytes, &opts, &templates).unwrap();
    let doc = &mut read.forms[0].document;
    doc.unread.clear();
    doc.confidence.clear();
    doc.warnings.clear();
    let unread = [
        (1, [100.0, 200.0, 160.0, 220.0], "甲"),
        (2, [300.5, 400.0, 350.0, 420.25], "乙"),
        (2, [50.0, 60.0, 70.0, 80.0], "丙"),
    ];
    for (page, bbox, text) in unread {
        doc.unread.push(evalform::model::Unread {
            page,
            bbox: Some(bbox),
            text: text.into(),
            row_label: Some("行".into()),
            column_label: None,
        });
    }
    let flagged = ["total_score", "indicators[2].score", "funds[0].actual"];
    doc.warnings.push(
        evalform::model::Warning::new("value_missing", "checked", None)
            .naming(flagged[..2].iter().copied()),
    );
    doc.confidence.insert(flagged[2].into(), 0.4);
    let reviews = evalform::review::reviews_of(read);
    let html = &reviews[0].html;
    assert!(
        html.contains("<p class=\"doubt\" id=\"doubt\">3 cells not read, 3 fields flagged</p>"),
        "header counts"
    );
    // Each unread cell outlined on its page, at its box.
    let pages: Vec<&str> = html.split("<section class=\"page\"").skip(1).collect();
    for (page, [x0, y0, x1, y1], text) in unread {
        let section = pages
            .iter()
            .find(|p| p.starts_with(&format!(" data-page=\"{page}\"")))
            .unwrap_or_else(|| panic!("page {page} shown"));
        let rect = format!(
            "<rect class=\"unread\" x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"{:.1}\" height=\"{:.1}\"><title>not read: {text}</title>",
            x1 - x0,
            y1 - y0
        );
        assert!(section.contains(&rect), "page {page}: no {rect}");
    }
    assert!(html.contains("rect.unread{fill:#d1242f"), "outlined in red");
    // The field list: the flagged ones first, marked, then the rest.
    let list = html.split("<table id=\"fields\">").nth(1).unwrap();
    let paths: Vec<&str> = list
        .split("<tr class=\"")
        .skip(1)
        .map(|r| {
            r.split("data-path=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
        })
        .collect();
    let mut head: Vec<&str> = paths[..3].to_vec();
    head.sort();
    let mut want = flagged.to_vec();
    want.sort();
    assert_eq!(head, want, "flagged fields first: {:?}", &paths[..5]);
    assert!(paths.len() > 50, "then every other field");
    for row in list.split("<tr class=\"").skip(1).take(3) {
        assert!(row.contains("class=\"flag\""), "flagged: {row}");
    }
    assert!(
        !list
            .split("<tr class=\"")
            .nth(4)
            .unwrap()
            .contains("class=\"flag\"")
    );
    // The unread cells are listed beside the page too.
    let table = html
        .split("<table id=\"unread\">")
        .nth(1)
        .expect("unread list");
    for (_, _, text) in unread {
        assert!(table.contains(&format!("<td>{text}</td>")), "{text} listed");
    }
}

/// The batch index names each form, lists unread forms as failures, and its
/// script puts the most doubtful forms first (`#doubt`) or shows only the
/// failures and forms with doubt (`#only`).
#[test]
fn the_batch_index_sorts_and_filters_by_doubt_in_chromium() {
    let Some(browser) = chromium() else {
        skip("chromium is not installed");
        return;
    };
    let work = common::scratch("review_index_doubt");
    let inputs = work.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    for from in [
        "samples/bundles/bundle-unread.pdf",
        "samples/text/proj-xddb-2021.txt",
        "samples/bad/not-a-form.pdf",
    ] {
        let from = Path::new(ROOT).join(from);
        std::fs::copy(&from, inputs.join(from.file_name().unwrap())).unwrap();
    }
    let out = work.join("out");
    let run = common::bin()
        .args(["batch", "--review", "--no-progress", "-o"])
        .arg(&out)
        .arg(&inputs)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "not-a-form.pdf fails");
    let index = out.join("review/index.html");
    let html = std::fs::read_to_string(&index).unwrap();
    // Each read form is named by its title and pages.
    assert!(html.contains("项目支出绩效自评表 · 2021年城乡居民最低生活保障及特困人员救助供养资金"));
    assert!(html.contains("天河区部门整体支出绩效自评表 · 广州市天河区文化广电旅游体育局"));
    assert!(html.contains("pages 7–8"), "pages named");
    assert_eq!(
        html.matches("class=\"failed unread-form\"").count(),
        3,
        "unread forms"
    );
    assert!(html.contains("3 form(s) not read"));
    // Rows as the browser shows them: (failed, doubt, hidden) in DOM order.
    let shown = |hash: &str| -> Vec<(bool, usize, bool)> {
        let url_page = work.join(format!("index{}.html", hash.replace('#', "-")));
        std::fs::copy(&index, &url_page).unwrap();
        let dom = dom_at(&browser, &work.join("profile"), &url_page, hash);
        let body = dom
            .split("<tbody>")
            .nth(1)
            .unwrap()
            .split("</tbody>")
            .next()
            .unwrap();
        body.split("<tr ")
            .skip(1)
            .map(|r| {
                let tag = r.split('>').next().unwrap();
                let doubt = tag
                    .split("data-doubt=\"")
                    .nth(1)
                    .and_then(|d| d.split('"').next())
                    .and_then(|d| d.parse().ok())
                    .unwrap();
                (tag.contains("data-failed"), doubt, tag.contains("hidden"))
            })
            .collect()
    };
    let plain = shown("");
    assert_eq!(
        plain.len(),
        7,
        "3 unread forms, 2 read, 1 text form, 1 failed file"
    );
    assert!(plain.iter().all(|r| !r.2), "nothing hidden");
    let sorted = shown("#doubt");
    let key = |r: &(bool, usize, bool)| (r.0, r.1);
    assert!(
        sorted.windows(2).all(|w| key(&w[0]) >= key(&w[1])),
        "most doubt first: {sorted:?}"
    );
    assert!(
        sorted[..4].iter().all(|r| r.0),
        "failures first: {sorted:?}"
    );
    assert_ne!(sorted, plain, "the order changed");
    let only = shown("#doubt-only");
    for r in &only {
        assert_eq!(r.2, !r.0 && r.1 == 0, "{r:?} hidden only without doubt");
    }
    assert!(only.iter().any(|r| r.2), "a form without doubt is hidden");
}

/// The DOM of `page` opened at `hash`, after its script ran.
fn dom_at(browser: &Path, profile: &Path, page: &Path, hash: &str) -> String {
    let url = format!("file://{}{hash}", page.canonicalize().unwrap().display());
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(&url)
        .stderr(Stdio::null())
        .output()
        .expect("chromium starts");
    assert!(out.status.success(), "chromium --dump-dom {url}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `merge` of shards run with `--review` gives the review folder one run
/// gives: every document's page, and an index listing every input.
#[test]
fn merged_shards_keep_their_review_pages() {
    let work = common::scratch("review_merge");
    let inputs = work.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    for name in [
        "proj-xddb-2021.txt",
        "gz-tianhe-wgly-2022.txt",
        "proj-lygtnt-2022.txt",
    ] {
        std::fs::copy(
            Path::new(ROOT).join("samples/text").join(name),
            inputs.join(name),
        )
        .unwrap();
    }
    let batch = |out: &Path, shard: Option<&str>| {
        let mut cmd = common::bin();
        cmd.args(["batch", "--review", "--no-progress", "-o"])
            .arg(out);
        if let Some(k) = shard {
            cmd.args(["--shard", k]);
        }
        let status = cmd.arg(&inputs).status().unwrap();
        assert!(status.success(), "batch {shard:?}: {status}");
    };
    let whole = work.join("whole");
    batch(&whole, None);
    let shards = [work.join("s1"), work.join("s2")];
    batch(&shards[0], Some("1/2"));
    batch(&shards[1], Some("2/2"));
    let merged = work.join("merged");
    let status = common::bin()
        .arg("merge")
        .arg(&merged)
        .args(&shards)
        .status()
        .unwrap();
    assert!(status.success(), "merge: {status}");
    let files = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir.join("review"))
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let (one, both) = (files(&whole), files(&merged));
    assert_eq!(one.len(), 4, "three pages and the index");
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&both), names(&one));
    assert!(
        one == both,
        "the merged review folder differs from one run's"
    );
}
