//! Measures hayro-syntax + hayro-interpret as the text reader beside
//! evalform's own (lopdf + the content interpreter in `src/extract/`): the
//! same PDFs through both, each reader's pages going through the same
//! segmentation, layout and templates.
//!
//! ```text
//! cargo run --release --features render --example hayro_text -- OUT REPS FILE.pdf...
//! ```
//!
//! Writes each reader's documents into `OUT/lopdf/` and `OUT/hayro/` (named
//! as `extract -o` names them, for `evalform score`), and prints per file and
//! in total: text agreement per page (characters equal after whitespace is
//! removed), and the median wall and CPU time of reading the text layer
//! (`REPS` runs of each, alternated).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use evalform::extract::{Glyph, Page, PageImage, Painted, PdfDocument};
use hayro::hayro_interpret::hayro_cmap::BfString;
use hayro::hayro_interpret::kurbo::{Affine, BezPath, PathEl, Point, Rect, Shape};
use hayro::hayro_interpret::util::TransformExt;
use hayro::hayro_interpret::{
    BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageDrawProps,
    InterpreterCache, InterpreterSettings, Paint, SoftMask, font::GlyphRun, interpret_page,
};
use hayro::hayro_syntax::Pdf;

/// The page content hayro reports, collected as evalform's page collector
/// collects it.
#[derive(Default)]
struct TextDevice {
    glyphs: Vec<Glyph>,
    painted: Vec<Painted>,
    images: Vec<PageImage>,
    clip: Option<[f32; 4]>,
    clips: Vec<Option<[f32; 4]>>,
}

fn is_white(paint: &Paint) -> bool {
    match paint {
        Paint::Color(c) => c.to_rgba().premultiplied()[..3].iter().all(|&v| v >= 0.95),
        Paint::Pattern(_) => false,
    }
}

fn bounds(points: impl IntoIterator<Item = (f32, f32)>) -> Option<[f32; 4]> {
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for (x, y) in points {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    (x0 <= x1 && y0 <= y1).then_some([x0, y0, x1, y1])
}

fn pt(p: Point) -> (f32, f32) {
    (p.x as f32, p.y as f32)
}

impl<'a> Device<'a> for TextDevice {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, mode: &DrawMode) {
        let (stroke, fill) = match mode {
            DrawMode::Fill(_) => (false, true),
            DrawMode::Stroke(_) => (true, false),
            DrawMode::FillAndStroke(..) => (true, true),
            DrawMode::Invisible => return,
        };
        if is_white(&props.paint) {
            return;
        }
        let path = props.transform * path.clone();
        let mut subs: Vec<Vec<(f32, f32)>> = Vec::new();
        for el in path.elements() {
            match *el {
                PathEl::MoveTo(p) => subs.push(vec![pt(p)]),
                PathEl::LineTo(p) | PathEl::QuadTo(_, p) | PathEl::CurveTo(_, _, p) => {
                    match subs.last_mut() {
                        Some(s) => s.push(pt(p)),
                        None => subs.push(vec![pt(p)]),
                    }
                }
                PathEl::ClosePath => {
                    if let Some(s) = subs.last_mut()
                        && s.len() > 1
                    {
                        s.push(s[0]);
                    }
                }
            }
        }
        for sub in &subs {
            if fill
                && sub.len() >= 3
                && let Some(b) = bounds(sub.iter().copied())
            {
                self.painted.push(Painted::Fill(b));
            }
            if stroke {
                for w in sub.windows(2) {
                    self.painted.push(Painted::Stroke(w[0], w[1]));
                }
            }
        }
    }

    fn push_clip_path(&mut self, clip: &ClipPath) {
        let b = clip.path.bounding_box();
        let [x0, y0, x1, y1] = [b.x0, b.y0, b.x1, b.y1].map(|v| v as f32);
        self.clips.push(self.clip);
        self.clip = Some(match self.clip {
            Some([a0, b0, a1, b1]) => [x0.max(a0), y0.max(b0), x1.min(a1), y1.min(b1)],
            None => [x0, y0, x1, y1],
        });
    }

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, mode: &DrawMode) {
        let visible = !matches!(mode, DrawMode::Invisible);
        if matches!(mode, DrawMode::Stroke(_)) {
            return; // a fill-and-stroke run is reported twice; keep the fill
        }
        let placed: Vec<(Affine, String)> = run
            .glyphs()
            .iter()
            .map(|g| {
                let text = match g.as_unicode() {
                    Some(BfString::Char(c)) => c.to_string(),
                    Some(BfString::String(s)) => s,
                    None => "\u{FFFD}".to_string(),
                };
                (props.transform * g.transform(), text)
            })
            .collect();
        for (i, (m, text)) in placed.iter().enumerate() {
            let o = *m * Point::ZERO;
            let up = (*m * Point::new(0.0, 1000.0)) - o;
            let right = (*m * Point::new(1000.0, 0.0)) - o;
            let size = up.hypot();
            let (rlen, ulen) = (right.hypot(), up.hypot());
            if !(size.is_finite() && size > 0.0 && rlen > 0.0) {
                continue;
            }
            let (r, u) = (right / rlen, up / ulen);
            let wide = text.chars().any(|c| c as u32 >= 0x2E80);
            let mut width = if wide { size } else { size / 2.0 };
            if let Some((next, _)) = placed.get(i + 1) {
                let d = (*next * Point::ZERO) - o;
                let (along, across) = (d.dot(r), d.dot(u));
                if along > 0.0 && along < 2.0 * size && across.abs() < 0.1 * size {
                    width = along;
                }
            }
            let corners = [(0.0, -0.12), (width, -0.12), (0.0, 0.88), (width, 0.88)]
                .map(|(a, b)| pt(o + r * a + u * (b * size)));
            let Some([x0, y0, x1, y1]) = bounds(corners) else {
                continue;
            };
            self.glyphs.push(Glyph {
                text: text.clone(),
                x0,
                y0,
                x1,
                y1,
                size: size as f32,
                visible,
                font: 0,
                clip: self.clip,
            });
        }
    }

    fn draw_image(&mut self, image: Image<'a, '_>, props: ImageDrawProps<'a>) {
        let b = props
            .transform
            .transform_rect_bbox(Rect::new(0.0, 0.0, 1.0, 1.0));
        self.images.push(PageImage {
            x0: b.x0 as f32,
            y0: b.y0 as f32,
            x1: b.x1 as f32,
            y1: b.y1 as f32,
            width: image.width(),
            height: image.height(),
            object: 0,
        });
    }

    fn pop_clip(&mut self) {
        self.clip = self.clips.pop().flatten();
    }

    fn pop_transparency_group(&mut self) {}
}

/// Reads a PDF's text layer with hayro into evalform's page model, rulings
/// classified by layout as for the lopdf reader.
fn hayro_read(bytes: Arc<Vec<u8>>) -> Result<PdfDocument, String> {
    let pdf = Pdf::new(bytes).map_err(|e| format!("{e:?}"))?;
    let cache = InterpreterCache::new();
    let mut doc = PdfDocument::default();
    for (i, page) in pdf.pages().iter().enumerate() {
        let (w, h) = page.render_dimensions();
        let transform = page.initial_transform(true).to_kurbo();
        let bbox = Rect::new(0.0, 0.0, f64::from(w), f64::from(h));
        let settings = InterpreterSettings::default();
        let mut ctx = Context::new(transform, bbox, &cache, page.xref(), settings);
        let mut device = TextDevice::default();
        interpret_page(page, &mut ctx, &mut device);
        let on_page = |g: &Glyph| g.x1 >= 0.0 && g.x0 <= w && g.y1 >= 0.0 && g.y0 <= h;
        device.glyphs.retain(on_page);
        doc.pages.push(Page {
            number: i as u32 + 1,
            reference: page
                .raw()
                .obj_id()
                .and_then(|id| Some((id.obj_number, u16::try_from(id.gen_number).ok()?))),
            width: w,
            height: h,
            glyphs: device.glyphs,
            painted: device.painted,
            images: device.images,
            ..Page::default()
        });
    }
    let grid = evalform::layout::grid::GridSettings::default();
    evalform::layout::rulings::classify_document(&mut doc, &grid);
    Ok(doc)
}

fn lopdf_read(bytes: &[u8]) -> Result<PdfDocument, String> {
    evalform::source::read_pages(bytes, &Default::default()).map_err(|e| e.to_string())
}

fn cpu_seconds() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() { 0.0 } else { v[v.len() / 2] }
}

/// (wall, cpu) medians in milliseconds of `reps` runs of `f`.
fn time(reps: usize, mut f: impl FnMut()) -> (Vec<f64>, Vec<f64>) {
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    for _ in 0..reps {
        let (w0, c0) = (Instant::now(), cpu_seconds());
        f();
        wall.push(w0.elapsed().as_secs_f64() * 1e3);
        cpu.push((cpu_seconds() - c0) * 1e3);
    }
    (wall, cpu)
}

fn page_text(p: &Page) -> String {
    p.glyphs
        .iter()
        .flat_map(|g| g.text.chars())
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Characters the two texts share (as multisets) over the longer's length.
fn overlap(a: &str, b: &str) -> (usize, usize) {
    let mut counts = std::collections::HashMap::<char, i64>::new();
    for c in a.chars() {
        *counts.entry(c).or_default() += 1;
    }
    let mut shared = 0;
    for c in b.chars() {
        if let Some(n) = counts.get_mut(&c)
            && *n > 0
        {
            *n -= 1;
            shared += 1;
        }
    }
    (shared, a.chars().count().max(b.chars().count()))
}

fn write_docs(
    dir: &Path,
    path: &Path,
    pdf: &PdfDocument,
    templates: &[evalform::template::Template],
) {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    match evalform::pipeline::forms_from_pdf(path, pdf, templates) {
        Ok(forms) => {
            for f in forms {
                let n = f.document.source.form_index;
                let name = if n <= 1 {
                    format!("{stem}.json")
                } else {
                    format!("{stem}-{n}.json")
                };
                let bytes = evalform::emit::json::document_json(&f.document);
                std::fs::write(dir.join(name), bytes).expect("output written");
            }
        }
        Err(e) => eprintln!("{}: {e}", dir.display()),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, reps, files @ ..] = args.as_slice() else {
        eprintln!("usage: hayro_text OUT REPS FILE.pdf...");
        std::process::exit(2);
    };
    let reps: usize = reps.parse().expect("REPS is a number");
    let out = PathBuf::from(out);
    let (dir_l, dir_h) = (out.join("lopdf"), out.join("hayro"));
    std::fs::create_dir_all(&dir_l).expect("OUT/lopdf");
    std::fs::create_dir_all(&dir_h).expect("OUT/hayro");
    let templates = evalform::pipeline::templates(&Default::default()).expect("templates");
    let (mut pages, mut equal, mut shared, mut longest) = (0, 0, 0, 0);
    let (mut lw, mut lc, mut hw, mut hc) = (vec![], vec![], vec![], vec![]);
    println!("file\tpages\tequal\tchars%\tlopdf_ms\thayro_ms\tlopdf_cpu\thayro_cpu");
    for file in files {
        let path = Path::new(file);
        let bytes = Arc::new(std::fs::read(path).expect("PDF readable"));
        let (Ok(a), Ok(b)) = (lopdf_read(&bytes), hayro_read(Arc::clone(&bytes))) else {
            eprintln!("{file}: a reader failed");
            continue;
        };
        let (mut la, mut lcpu, mut ha, mut hcpu) = (vec![], vec![], vec![], vec![]);
        for _ in 0..reps {
            let (w, c) = time(1, || drop(lopdf_read(&bytes)));
            la.extend(w);
            lcpu.extend(c);
            let (w, c) = time(1, || drop(hayro_read(Arc::clone(&bytes))));
            ha.extend(w);
            hcpu.extend(c);
        }
        let (mut fe, mut fs, mut fl) = (0, 0, 0);
        for (pa, pb) in a.pages.iter().zip(&b.pages) {
            let (ta, tb) = (page_text(pa), page_text(pb));
            fe += usize::from(ta == tb);
            if ta != tb && std::env::var_os("HAYRO_TEXT_SHOW").is_some() {
                let at = ta
                    .chars()
                    .zip(tb.chars())
                    .take_while(|(x, y)| x == y)
                    .count();
                let show = |t: &str| {
                    t.chars()
                        .skip(at.saturating_sub(5))
                        .take(40)
                        .collect::<String>()
                };
                eprintln!(
                    "{file} p{}: lopdf {:?}\n{file} p{}: hayro {:?}",
                    pa.number,
                    show(&ta),
                    pb.number,
                    show(&tb)
                );
            }
            let (s, l) = overlap(&ta, &tb);
            fs += s;
            fl += l;
        }
        let np = a.pages.len().max(b.pages.len());
        let row = (median(la), median(ha), median(lcpu), median(hcpu));
        println!(
            "{file}\t{np}\t{fe}\t{:.1}\t{:.2}\t{:.2}\t{:.2}\t{:.2}",
            100.0 * fs as f64 / fl.max(1) as f64,
            row.0,
            row.1,
            row.2,
            row.3
        );
        (pages, equal, shared, longest) = (pages + np, equal + fe, shared + fs, longest + fl);
        lw.push(row.0);
        hw.push(row.1);
        lc.push(row.2);
        hc.push(row.3);
        write_docs(&dir_l, path, &a, &templates);
        write_docs(&dir_h, path, &b, &templates);
    }
    let sum = |v: &Vec<f64>| v.iter().sum::<f64>();
    println!(
        "TOTAL\t{} files\t{pages} pages\t{equal} equal\t{:.1}% chars\tmedian/file ms: lopdf {:.2} (cpu {:.2}) hayro {:.2} (cpu {:.2})\tsum ms: lopdf {:.1} hayro {:.1}",
        lw.len(),
        100.0 * shared as f64 / longest.max(1) as f64,
        median(lw.clone()),
        median(lc.clone()),
        median(hw.clone()),
        median(hc.clone()),
        sum(&lw),
        sum(&hw)
    );
}
