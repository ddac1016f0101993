//! Review pages in a real browser: headless Chromium loads the page of a
//! born-digital PDF and of a scan, takes a screenshot, which must show the
//! page (not a blank), and its DOM (after the page's script ran) must list
//! every field of the document with its path.
//!
//! Chromium is installed by `scripts/setup.sh`. With `EVALFORM_WAREHOUSE_TESTS=1`
//! (CI) a missing browser or missing OCR models fail the test; elsewhere the
//! test says what it skipped.
#![cfg(feature = "ocr")]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn in_ci() -> bool {
    std::env::var("EVALFORM_WAREHOUSE_TESTS").as_deref() == Ok("1")
}

/// Says why a part is skipped, or fails in CI, where nothing may be skipped.
fn skip(why: &str) {
    assert!(!in_ci(), "{why} (scripts/setup.sh installs it)");
    eprintln!("SKIPPED: {why}");
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
    if evalform::ocr::models_present(&evalform::ocr::default_model_dir()) {
        inputs.push(scan);
    } else {
        skip("OCR models are not installed (scripts/fetch-models.sh): the scan is not checked");
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
        .split("<tr class=\"failed\">")
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
