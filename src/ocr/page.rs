//! One scanned page → ruling segments and glyphs in page coordinates, the same
//! shapes the PDF extractor produces, so the layout stage builds the grid alike.

use std::time::{Duration, Instant};

use image::{DynamicImage, GrayImage};
use rayon::prelude::*;

use super::cells::{self, Rect};
use super::context;
use super::engine::Engine;
use super::error::OcrError;
use super::lines::{self, InkMask, LineParams, Segment};
use super::rec::Recognized;
use super::seal;
use super::speckle::{self, SpeckleParams};
use crate::extract::{Glyph, Orientation, Ruling};

/// Padding around a text line's ink when cropping it for recognition, in pixels.
const CROP_PAD: usize = 4;
/// Lines read with less confidence than this are dropped as noise.
const MIN_CONFIDENCE: f32 = 0.3;

/// What OCR found on one page. Coordinates are PDF points, top-left origin,
/// y down, in the deskewed frame of the page (the scan rotated level about its centre).
#[derive(Debug, Clone, Default)]
pub struct OcrPage {
    pub rulings: Vec<Ruling>,
    /// One glyph per recognised character (each line's box split evenly).
    pub glyphs: Vec<Glyph>,
    /// The model's probability for each glyph's character, parallel to `glyphs`.
    pub glyph_confidence: Vec<f32>,
    /// Table cells found from the rulings, as page boxes `[x0, y0, x1, y1]`
    /// (`OcrLine::cell` indexes them).
    pub cell_boxes: Vec<[f32; 4]>,
    pub lines: Vec<OcrLine>,
    /// Skew measured and removed, in degrees (positive: the scan fell to the right).
    pub skew_deg: f32,
    /// Centre of the rotation that removed the skew, in page points.
    pub skew_center: [f32; 2],
    /// Table cells found from the rulings.
    pub cells: usize,
    pub timing: OcrTiming,
}

impl OcrPage {
    /// Maps a point of the page as stored (e.g. a word of an invisible OCR text
    /// layer drawn over the skewed scan) into this page's deskewed frame.
    pub fn deskewed_point(&self, x: f32, y: f32) -> [f32; 2] {
        let (sin, cos) = (-self.skew_deg).to_radians().sin_cos();
        let [cx, cy] = self.skew_center;
        let (dx, dy) = (x - cx, y - cy);
        [cx + dx * cos - dy * sin, cy + dx * sin + dy * cos]
    }
}

/// One recognised text line.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrLine {
    pub text: String,
    /// Mean character probability from the recognition model, 0..1.
    pub confidence: f32,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// Index of the table cell the line was read from (in `y0, x0` order), if any.
    pub cell: Option<usize>,
    /// Range of `OcrPage::glyphs` holding this line's characters.
    pub glyphs: std::ops::Range<usize>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct OcrTiming {
    pub total: Duration,
    /// Summed over worker threads, so it can exceed `total` with several threads.
    pub model: Duration,
}

/// OCRs a page image that covers the whole page (`page_width_pt` × `page_height_pt`).
pub fn ocr_page(
    image: &DynamicImage,
    page_width_pt: f32,
    page_height_pt: f32,
    engine: &Engine,
) -> Result<OcrPage, OcrError> {
    ocr_image_in_box(image, [0.0, 0.0, page_width_pt, page_height_pt], engine)
}

/// OCRs an image drawn at `bbox` = [x0, y0, x1, y1] (points, top-left origin) on its page.
pub fn ocr_image_in_box(
    image: &DynamicImage,
    bbox: [f32; 4],
    engine: &Engine,
) -> Result<OcrPage, OcrError> {
    let started = Instant::now();
    let gray = match image {
        DynamicImage::ImageLuma8(g) => g.clone(),
        DynamicImage::ImageRgb8(rgb) => seal::gray_without_seals(rgb),
        other => seal::gray_without_seals(&other.to_rgb8()),
    };
    let to_page = PixelToPage::new(&gray, bbox);
    let prepared = prepare(&gray, to_page.dpi());
    let (jobs, typical) = line_jobs(&prepared);
    let results: Vec<Result<(Job, super::rec::Recognized, Duration), OcrError>> = jobs
        .par_iter()
        .map(|&job| {
            let crop = image::imageops::crop_imm(
                &prepared.level,
                job.rect.x0 as u32,
                job.rect.y0 as u32,
                job.rect.width() as u32,
                job.rect.height() as u32,
            )
            .to_image();
            let t = Instant::now();
            let rec = engine.rec.recognize(&crop)?;
            Ok((job, rec, t.elapsed()))
        })
        .collect();
    let mut results = results.into_iter().collect::<Result<Vec<_>, _>>()?;
    for (lone, reread, took) in read_lone_marks_in_context(&prepared, &jobs, typical, engine)? {
        results[lone].2 += took;
        if let Some(rec) = reread {
            results[lone].1 = rec;
        }
    }
    let mut page = OcrPage {
        rulings: prepared
            .segments
            .iter()
            .map(|s| to_page.ruling(s))
            .collect(),
        skew_deg: prepared.skew,
        skew_center: to_page.point(gray.width() as f32 / 2.0, gray.height() as f32 / 2.0),
        cells: prepared.regions.cells.len(),
        cell_boxes: prepared
            .regions
            .cells
            .iter()
            .map(|c| {
                let [x0, y0] = to_page.point(c.x0 as f32, c.y0 as f32);
                let [x1, y1] = to_page.point(c.x1 as f32, c.y1 as f32);
                [x0, y0, x1, y1]
            })
            .collect(),
        ..OcrPage::default()
    };
    for (job, mut rec, took) in results {
        page.timing.model += took;
        if rec.text.trim().is_empty() || rec.confidence < MIN_CONFIDENCE {
            continue;
        }
        if is_spaced_like_full_width(&prepared.ink, job.ink, &rec.text) {
            rec.text = to_full_width(&rec.text);
        }
        push_line(&mut page, &to_page, job, rec);
    }
    page.timing.total = started.elapsed();
    Ok(page)
}

/// The page after image work, before recognition.
struct Prepared {
    level: GrayImage,
    ink: InkMask,
    skew: f32,
    segments: Vec<Segment>,
    regions: cells::Regions,
}

fn prepare(gray: &GrayImage, dpi: f32) -> Prepared {
    let threshold = lines::otsu_threshold(gray);
    let skew = lines::estimate_skew(&InkMask::from_gray(gray, threshold));
    let mut level = lines::deskew(gray, skew);
    let threshold = lines::otsu_threshold(&level);
    // Scanned rulings are thin and fade in places (and deskewing spreads them over
    // two rows), so lines are looked for with a threshold halfway to the paper,
    // before despeckling (a faded stretch of a ruling is a chain of specks).
    let faint = InkMask::from_gray(&level, threshold.saturating_add((255 - threshold) / 2));
    let mut ink = InkMask::from_gray(&level, threshold);
    speckle::remove_specks(&mut ink, &mut level, SpeckleParams::for_dpi(dpi));
    let params = LineParams::for_dpi(dpi);
    let mut found = lines::find_segments(&faint, &params);
    let walls = lines::short_walls(&faint, &params, &found);
    found.extend(walls);
    let segments = lines::join_collinear(found, params.min_len / 2, 3.0);
    let segments = lines::keep_connected(segments, params.max_gap * 3);
    let regions = cells::find_regions(ink.width, ink.height, &segments);
    Prepared {
        level,
        ink,
        skew,
        segments,
        regions,
    }
}

/// A text line to recognise: its crop rectangle and the cell it belongs to.
#[derive(Debug, Clone, Copy)]
struct Job {
    rect: Rect,
    ink: Rect,
    cell: Option<usize>,
}

/// The page's text lines to read, and the typical line height (pixels).
fn line_jobs(p: &Prepared) -> (Vec<Job>, usize) {
    const MIN_ROW_INK: usize = 2;
    let mut per_area: Vec<(Option<usize>, Vec<Rect>)> = Vec::new();
    for (i, cell) in p.regions.cells.iter().enumerate() {
        per_area.push((Some(i), cells::text_lines(&p.ink, *cell, MIN_ROW_INK, None)));
    }
    let typical = typical_height(&per_area).unwrap_or(20);
    // Pieces of a cell's line with wider paper between them than two lines'
    // height are read apart (a value beside a seal's ring).
    for (_, lines) in &mut per_area {
        *lines = cells::split_at_wide_gaps(&p.ink, std::mem::take(lines), typical * 2);
    }
    // Outside the table, text blocks side by side (title, unit) are read apart.
    for area in &p.regions.outside {
        per_area.push((
            None,
            cells::text_lines(&p.ink, *area, MIN_ROW_INK, Some(typical * 2)),
        ));
    }
    let (w, h) = (p.ink.width, p.ink.height);
    let jobs = per_area
        .into_iter()
        .flat_map(|(cell, lines)| {
            let bounds = cell.map(|i| p.regions.cells[i]);
            cells::merge_broken_lines(lines, typical)
                .into_iter()
                .map(move |ink| Job {
                    rect: padded(ink, bounds, w, h),
                    ink,
                    cell,
                })
        })
        .collect();
    (jobs, typical)
}

/// Reads again, beside their row's next cell, the lines too short to read
/// alone (see [`context`]): per such line its index in `jobs`, its new
/// reading (`None`: nothing read on it), and the model's time.
fn read_lone_marks_in_context(
    p: &Prepared,
    jobs: &[Job],
    typical: usize,
    engine: &Engine,
) -> Result<Vec<(usize, Option<Recognized>, Duration)>, OcrError> {
    let lines: Vec<context::Line> = jobs
        .iter()
        .map(|j| context::Line {
            ink: j.ink,
            cell: j.cell,
        })
        .collect();
    let with_bounds = |j: &Job| {
        let whole = Rect {
            x0: 0,
            y0: 0,
            x1: p.ink.width,
            y1: p.ink.height,
        };
        (j.ink, j.cell.map_or(whole, |c| p.regions.cells[c]))
    };
    context::lone_marks(&lines, typical)
        .par_iter()
        .map(|reading| {
            let pieces: Vec<(Rect, Rect)> = reading
                .pieces
                .iter()
                .map(|&i| with_bounds(&jobs[i]))
                .collect();
            let (strip, spans) = context::strip(&p.level, &pieces, typical, CROP_PAD);
            let t = Instant::now();
            let rec = engine.rec.recognize(&strip)?;
            let lone = reading.pieces[reading.lone_at];
            let read = context::read_within(&rec, &spans[reading.lone_at]);
            Ok((lone, read, t.elapsed()))
        })
        .collect()
}

/// Median text-line height over the cells, in pixels.
fn typical_height(areas: &[(Option<usize>, Vec<Rect>)]) -> Option<usize> {
    let mut heights: Vec<usize> = areas
        .iter()
        .flat_map(|(_, ls)| ls.iter().map(Rect::height))
        .collect();
    heights.sort_unstable();
    heights.get(heights.len() / 2).copied()
}

/// The line's ink box grown by [`CROP_PAD`], kept inside its cell and the image.
fn padded(r: Rect, bounds: Option<Rect>, width: usize, height: usize) -> Rect {
    let b = bounds.unwrap_or(Rect {
        x0: 0,
        y0: 0,
        x1: width,
        y1: height,
    });
    Rect {
        x0: r.x0.saturating_sub(CROP_PAD).max(b.x0),
        y0: r.y0.saturating_sub(CROP_PAD).max(b.y0),
        x1: (r.x1 + CROP_PAD).min(b.x1),
        y1: (r.y1 + CROP_PAD).min(b.y1),
    }
}

/// Adds a recognised line and its glyphs (the ink box split evenly per character).
fn push_line(page: &mut OcrPage, to_page: &PixelToPage, job: Job, rec: Recognized) {
    let [x0, y0] = to_page.point(job.ink.x0 as f32, job.ink.y0 as f32);
    let [x1, y1] = to_page.point(job.ink.x1 as f32, job.ink.y1 as f32);
    let chars = spaced_chars(&rec.text, &rec.char_confidence);
    let step = (x1 - x0) / chars.len().max(1) as f32;
    let first = page.glyphs.len();
    for (i, &(ch, p)) in chars.iter().enumerate() {
        if ch.is_whitespace() {
            continue;
        }
        page.glyph_confidence.push(p);
        page.glyphs.push(Glyph {
            text: ch.to_string(),
            x0: x0 + step * i as f32,
            y0,
            x1: x0 + step * (i + 1) as f32,
            y1,
            size: y1 - y0,
            visible: true,
            font: 0,
            clip: None,
        });
    }
    let glyphs = first..page.glyphs.len();
    page.lines.push(OcrLine {
        text: rec.text,
        confidence: rec.confidence,
        x0,
        y0,
        x1,
        y1,
        cell: job.cell,
        glyphs,
    });
}

/// Paper between full-width digits (`１００％`) is about this share of the
/// line's height or more; between ASCII digits it is a tenth of it.
const FULL_WIDTH_GAP: f32 = 0.35;

/// True when `text`, read as ASCII digits, is printed with full-width
/// spacing: the model reads `１００％` as `100%`, and the form meant the former.
/// Judged by the median paper gap between the pieces of ink along the line.
fn is_spaced_like_full_width(ink: &InkMask, line: cells::Rect, text: &str) -> bool {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = chars.iter().filter(|c| c.is_ascii_digit()).count();
    if digits < 2
        || !chars
            .iter()
            .all(|c| c.is_ascii_digit() || ".%".contains(*c))
    {
        return false;
    }
    let mut gaps = Vec::new();
    let (mut seen_ink, mut gap) = (false, 0usize);
    for x in line.x0..line.x1 {
        if (line.y0..line.y1).any(|y| ink.at(x, y)) {
            if gap > 0 {
                gaps.push(gap);
            }
            seen_ink = true;
            gap = 0;
        } else if seen_ink {
            gap += 1;
        }
    }
    if gaps.len() + 1 < digits {
        return false;
    }
    gaps.sort_unstable();
    gaps[gaps.len() / 2] as f32 >= FULL_WIDTH_GAP * line.height() as f32
}

/// ASCII characters to their full-width forms (`1` → `１`, `%` → `％`), one
/// for one.
fn to_full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The line's characters, one slot each. The model reads a space wherever
/// the printed line has a little extra room (`186 公里`, Latin next to
/// Chinese); only a space between two Latin letters or digits is a word
/// space, so only that one keeps a slot (and the layout stage a gap).
///
/// Each character comes with its probability (`probs`, one per character of
/// `text`).
fn spaced_chars(text: &str, probs: &[f32]) -> Vec<(char, f32)> {
    let chars: Vec<char> = text.chars().collect();
    let latin = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    chars
        .iter()
        .enumerate()
        .filter(|&(i, c)| {
            !c.is_whitespace()
                || (latin(i.checked_sub(1).and_then(|j| chars.get(j))) && latin(chars.get(i + 1)))
        })
        .map(|(i, &c)| (c, probs.get(i).copied().unwrap_or(0.0)))
        .collect()
}

/// Maps deskewed-image pixels to page points.
struct PixelToPage {
    origin: [f32; 2],
    scale: [f32; 2],
}

impl PixelToPage {
    fn new(img: &GrayImage, bbox: [f32; 4]) -> PixelToPage {
        let [x0, y0, x1, y1] = bbox;
        PixelToPage {
            origin: [x0, y0],
            scale: [
                (x1 - x0) / img.width().max(1) as f32,
                (y1 - y0) / img.height().max(1) as f32,
            ],
        }
    }

    /// Scan resolution in dots per inch (horizontal).
    fn dpi(&self) -> f32 {
        if self.scale[0] > 0.0 {
            72.0 / self.scale[0]
        } else {
            150.0
        }
    }

    fn point(&self, x: f32, y: f32) -> [f32; 2] {
        [
            self.origin[0] + x * self.scale[0],
            self.origin[1] + y * self.scale[1],
        ]
    }

    fn ruling(&self, s: &Segment) -> Ruling {
        if s.horizontal {
            let [start, pos] = self.point(s.start as f32, s.pos);
            let [end, _] = self.point(s.end as f32, s.pos);
            Ruling {
                orientation: Orientation::Horizontal,
                pos,
                start,
                end,
            }
        } else {
            let [pos, start] = self.point(s.pos, s.start as f32);
            let [_, end] = self.point(s.pos, s.end as f32);
            Ruling {
                orientation: Orientation::Vertical,
                pos,
                start,
                end,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mask(width: usize, height: usize, blobs: &[(usize, usize)]) -> InkMask {
        let mut ink = vec![0u8; width * height];
        for &(x0, x1) in blobs {
            for y in 2..height - 2 {
                for x in x0..x1 {
                    ink[y * width + x] = 1;
                }
            }
        }
        InkMask { width, height, ink }
    }

    #[test]
    fn full_width_digits_are_told_by_their_spacing() {
        let line = cells::Rect {
            x0: 0,
            y0: 0,
            x1: 100,
            y1: 20,
        };
        // Three digits 6 px wide: 2 px apart (ASCII) or 10 px apart (full width).
        let narrow = mask(100, 20, &[(10, 16), (18, 24), (26, 32)]);
        let wide = mask(100, 20, &[(10, 16), (26, 32), (42, 48)]);
        assert!(!is_spaced_like_full_width(&narrow, line, "100"));
        assert!(is_spaced_like_full_width(&wide, line, "100"));
        assert!(
            !is_spaced_like_full_width(&wide, line, "1年0"),
            "only digit lines"
        );
        assert_eq!(to_full_width("100%"), "１００％");
    }

    #[test]
    fn spaces_beside_chinese_get_no_slot() {
        let text = |s: &str| {
            let probs = vec![0.5; s.chars().count()];
            spaced_chars(s, &probs)
                .into_iter()
                .map(|(c, _)| c)
                .collect::<String>()
        };
        assert_eq!(text(" 186 公里 GDP 用水"), "186公里GDP用水");
        assert_eq!(text("Level A"), "Level A");
        assert_eq!(text("１０ ０％"), "１００％");
        let probs: Vec<f32> = spaced_chars("1 年", &[0.9, 0.1, 0.8])
            .iter()
            .map(|p| p.1)
            .collect();
        assert_eq!(probs, [0.9, 0.8], "probabilities follow their characters");
    }

    #[test]
    fn deskewed_point_undoes_the_rotation_applied_to_the_image() {
        // A pixel of the skewed scan, mapped by the same rotation as `lines::deskew`.
        let page = OcrPage {
            skew_deg: 0.5,
            skew_center: [400.0, 300.0],
            ..OcrPage::default()
        };
        let (sin, cos) = 0.5f32.to_radians().sin_cos();
        let deskewed = [700.0f32, 100.0];
        let (dx, dy) = (deskewed[0] - 400.0, deskewed[1] - 300.0);
        let skewed = [400.0 + dx * cos - dy * sin, 300.0 + dx * sin + dy * cos];
        let back = page.deskewed_point(skewed[0], skewed[1]);
        assert!(
            (back[0] - 700.0).abs() < 1e-3 && (back[1] - 100.0).abs() < 1e-3,
            "{back:?}"
        );
        // To the right of the centre the scan fell lower; undoing lifts the point.
        assert!(skewed[1] > 100.0);
    }
}
