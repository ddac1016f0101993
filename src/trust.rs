//! Trust check of a PDF page's text layer, before layout: text that could not
//! be decoded is never read as if it were. A page fails when its glyphs have
//! no Unicode (U+FFFD or empty), carry private-use or control characters, or
//! characters outside common CJK use (Braille, rare ideograph blocks, CJK
//! ideographs outside GB 2312: what an Identity-H font without `/ToUnicode`
//! gives when glyph ids are taken for code points); when its text is drawn as
//! outlines (glyph-sized filled paths and no glyphs); or when the document's
//! ruled tables hold none of the forms' labels.

use crate::extract::{Page, PageImage, PdfDocument};
use crate::model::PageRead;
use crate::pipeline::OcrMode;
use crate::template::Template;

/// A page image covering at least this share of the page is a scan.
const SCAN_COVERAGE: f32 = 0.5;

/// Share of suspect characters at which a page's text layer is rejected.
/// Real forms stay under 1% (a rare character in a name); a lost
/// `/ToUnicode` gives well over half.
const MAX_SUSPECT_SHARE: f32 = 0.10;
/// Fewest characters judged by share (fewer: a page number, a stray mark).
const MIN_CHARS: usize = 8;
/// Glyph-sized filled paths on a page with no text that make it outlined text.
const MIN_OUTLINE_PATHS: usize = 50;
/// Characters a page needs before the label check applies to it.
const MIN_LABEL_CHARS: usize = 40;

/// Why a page's text layer is not to be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// 1-based page number.
    pub page: u32,
    /// E.g. `no Unicode for 97% of glyphs`.
    pub reason: String,
}

/// The pages of `pdf` whose text layer fails the check, with the reason.
/// `templates` give the labels a form's table holds.
pub fn check_document(pdf: &PdfDocument, templates: &[Template]) -> Vec<Rejected> {
    let mut out: Vec<Rejected> = pdf
        .pages
        .iter()
        .filter_map(|p| {
            check_page(p).map(|reason| Rejected {
                page: p.number,
                reason,
            })
        })
        .collect();
    // Labels: judged over the whole document (a continuation page may hold
    // none), on the ruled pages whose characters passed.
    let labels = form_labels(templates);
    let ruled: Vec<&Page> = pdf
        .pages
        .iter()
        .filter(|p| !out.iter().any(|r| r.page == p.number))
        .filter(|p| has_table(p) && visible_text(p).chars().count() >= MIN_LABEL_CHARS)
        .collect();
    let any_label = pdf.pages.iter().any(|p| {
        let text = visible_text(p);
        labels.iter().any(|l| text.contains(l.as_str()))
    });
    if !labels.is_empty() && !any_label {
        out.extend(ruled.into_iter().map(|p| Rejected {
            page: p.number,
            reason: "the ruled table's text holds none of the form's labels".into(),
        }));
        out.sort_by_key(|r| r.page);
    }
    out
}

/// How each page is to be read under `mode`, given the pages whose text
/// layer failed the check: those by OCR, and scanned pages as `mode` says
/// (`auto`: a scan with no visible text; `always`: every scan).
pub fn plan(pdf: &PdfDocument, mode: OcrMode, rejected: &[Rejected]) -> Vec<PageRead> {
    pdf.pages
        .iter()
        .map(|p| {
            let ocr = |reason: &str| PageRead {
                page: p.number,
                via: "ocr".into(),
                reason: Some(reason.into()),
            };
            if let Some(r) = rejected.iter().find(|r| r.page == p.number) {
                return ocr(&r.reason);
            }
            let scanned = scan_image(p).is_some();
            let visible = p
                .glyphs
                .iter()
                .any(|g| g.visible && !g.text.trim().is_empty());
            match mode {
                OcrMode::Always if scanned => ocr("a scanned page (--ocr always)"),
                OcrMode::Auto if scanned && !visible => ocr(if p.glyphs.is_empty() {
                    "a scanned page with no text layer"
                } else {
                    "a scanned page under an invisible text layer"
                }),
                _ => PageRead {
                    page: p.number,
                    via: "text".into(),
                    reason: None,
                },
            }
        })
        .collect()
}

/// The page's scanned image: the largest image, when it covers at least
/// half the page.
pub fn scan_image(page: &Page) -> Option<&PageImage> {
    let area = |i: &&PageImage| (i.x1 - i.x0).abs() * (i.y1 - i.y0).abs();
    let page_area = (page.width * page.height).max(1.0);
    page.images
        .iter()
        .max_by(|a, b| area(a).total_cmp(&area(b)))
        .filter(|i| area(i) / page_area >= SCAN_COVERAGE)
}

/// The reason a page's own text fails, if it does.
pub fn check_page(page: &Page) -> Option<String> {
    let visible: Vec<&str> = page
        .glyphs
        .iter()
        .filter(|g| g.visible)
        .map(|g| g.text.as_str())
        .collect();
    let has_text = visible
        .iter()
        .any(|t| !t.trim().is_empty() && *t != "\u{FFFD}");
    if !has_text && page.filled_paths >= MIN_OUTLINE_PATHS {
        return Some(format!(
            "text drawn as outlines ({} glyph-sized filled paths, no text)",
            page.filled_paths
        ));
    }
    let mut counts = Counts::default();
    for text in visible {
        counts.add_glyph(text);
    }
    counts.verdict()
}

/// Suspect glyphs and characters on one page.
#[derive(Debug, Default)]
struct Counts {
    glyphs: usize,
    /// Glyphs with no Unicode: empty text or U+FFFD.
    no_unicode: usize,
    chars: usize,
    private_or_control: usize,
    rare: usize,
    examples: Vec<char>,
}

impl Counts {
    fn add_glyph(&mut self, text: &str) {
        if text.chars().all(char::is_whitespace) && !text.is_empty() {
            return;
        }
        self.glyphs += 1;
        if text.is_empty() || text.contains('\u{FFFD}') {
            self.no_unicode += 1;
            return;
        }
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            self.chars += 1;
            match classify(c) {
                Class::Common => {}
                Class::PrivateOrControl => self.private_or_control += 1,
                Class::Rare => {
                    self.rare += 1;
                    if self.examples.len() < 6 && !self.examples.contains(&c) {
                        self.examples.push(c);
                    }
                }
            }
        }
    }

    fn verdict(&self) -> Option<String> {
        let share = |n: usize, of: usize| n as f32 / of.max(1) as f32;
        let pct = |s: f32| (s * 100.0).round();
        if self.glyphs >= MIN_CHARS && share(self.no_unicode, self.glyphs) >= MAX_SUSPECT_SHARE {
            return Some(format!(
                "no Unicode for {}% of glyphs",
                pct(share(self.no_unicode, self.glyphs))
            ));
        }
        if self.chars < MIN_CHARS {
            return None;
        }
        if share(self.private_or_control, self.chars) >= MAX_SUSPECT_SHARE {
            return Some(format!(
                "private-use or control characters for {}% of characters",
                pct(share(self.private_or_control, self.chars))
            ));
        }
        let suspect = self.private_or_control + self.rare;
        if share(suspect, self.chars) >= MAX_SUSPECT_SHARE {
            return Some(format!(
                "{}% of characters outside common CJK use (e.g. {})",
                pct(share(suspect, self.chars)),
                self.examples.iter().collect::<String>()
            ));
        }
        None
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Class {
    Common,
    PrivateOrControl,
    /// Outside common CJK use.
    Rare,
}

fn classify(c: char) -> Class {
    let u = c as u32;
    if c.is_control()
        || matches!(u, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF)
        || matches!(u, 0xFFF0..=0xFFFF)
    {
        return Class::PrivateOrControl;
    }
    match u {
        // Braille, Yi, Hangul syllables, CJK extension A and B onwards,
        // CJK compatibility ideographs: not in a Chinese form's text.
        0x2800..=0x28FF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7AF
        | 0x3400..=0x4DBF
        | 0x20000..=0x3FFFF
        | 0xF900..=0xFAFF => Class::Rare,
        0x4E00..=0x9FFF if !in_gb2312(c) => Class::Rare,
        _ => Class::Common,
    }
}

/// First and last code point of the CJK Unified Ideographs block.
const IDEOGRAPHS: (u32, u32) = (0x4E00, 0x9FFF);

// GB 2312's 6,763 ideographs (the characters of everyday written Chinese)
// as a bit set over the CJK Unified Ideographs block, decoded by build.rs.
include!(concat!(env!("OUT_DIR"), "/gb2312.rs"));

/// Whether an ideograph is one of GB 2312's.
fn in_gb2312(c: char) -> bool {
    let (lo, hi) = IDEOGRAPHS;
    let u = u32::from(c);
    if !(lo..=hi).contains(&u) {
        return false;
    }
    let i = (u - lo) as usize;
    GB2312_BITS[i / 64] & (1 << (i % 64)) != 0
}

/// A page with a table's worth of rulings.
fn has_table(page: &Page) -> bool {
    use crate::extract::Orientation;
    let count = |o| page.rulings.iter().filter(|r| r.orientation == o).count();
    count(Orientation::Horizontal) >= 4 && count(Orientation::Vertical) >= 2
}

/// The page's visible text, whitespace removed.
fn visible_text(page: &Page) -> String {
    page.glyphs
        .iter()
        .filter(|g| g.visible)
        .flat_map(|g| g.text.chars())
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The literal labels of the vocabulary and of the templates' own patterns:
/// runs of two or more ideographs (`项目名称`, `年初预算数`, `三级指标` …).
pub fn form_labels(templates: &[Template]) -> Vec<String> {
    let mut patterns: Vec<String> = crate::vocab::vocabulary()
        .all_labels()
        .into_iter()
        .map(str::to_string)
        .collect();
    for t in templates {
        patterns.push(t.title.describe());
        patterns.extend(t.fields.iter().map(|(_, r)| r.describe()));
        if let Some(f) = &t.funds {
            patterns.extend(f.columns.iter().map(|(_, r)| r.describe()));
        }
        if let Some(g) = &t.goal {
            patterns.extend([
                g.label.describe(),
                g.expected.describe(),
                g.achieved.describe(),
            ]);
        }
        if let Some(table) = &t.table {
            patterns.push(table.header.describe());
            patterns.extend(table.columns.iter().map(|(_, _, r)| r.describe()));
        }
    }
    let mut labels: Vec<String> = Vec::new();
    let mut seen: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
    for p in &patterns {
        let mut run = String::new();
        for c in p.chars().chain(std::iter::once(' ')) {
            if matches!(c as u32, 0x4E00..=0x9FFF) {
                run.push(c);
            } else {
                if run.chars().count() >= 2 && seen.insert(run.clone()) {
                    labels.push(run.clone());
                }
                run.clear();
            }
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Glyph, Orientation, Ruling};

    #[test]
    fn gb2312_set_is_what_gbk_encodes_in_its_rows() {
        let by_encoding = |c: char| {
            let mut buf = [0u8; 4];
            let (b, _, bad) = encoding_rs::GBK.encode(c.encode_utf8(&mut buf));
            !bad && b.len() == 2 && (0xB0..=0xF7).contains(&b[0]) && (0xA1..=0xFE).contains(&b[1])
        };
        let mut n = 0;
        for c in ('\u{4E00}'..='\u{9FFF}').chain(['A', '，', '\u{3400}']) {
            assert_eq!(in_gb2312(c), by_encoding(c), "{c}");
            n += usize::from(in_gb2312(c));
        }
        assert_eq!(n, 6763);
    }

    fn page(texts: &[&str]) -> Page {
        Page {
            number: 1,
            width: 600.0,
            height: 800.0,
            glyphs: texts
                .iter()
                .enumerate()
                .map(|(i, t)| Glyph::square(t, 10.0 * i as f32, 10.0, 10.0))
                .collect(),
            ..Page::default()
        }
    }

    fn chars(s: &str) -> Vec<String> {
        s.chars().map(String::from).collect()
    }

    #[test]
    fn real_form_text_passes() {
        let text =
            chars("项目支出绩效自评表项目名称主管部门实施单位年初预算数全年执行数得分（100%）≥1个");
        let refs: Vec<&str> = text.iter().map(String::as_str).collect();
        assert_eq!(check_page(&page(&refs)), None);
    }

    #[test]
    fn glyph_ids_taken_for_code_points_fail() {
        // What an Identity-H font without /ToUnicode gives.
        let text = chars("扖二⠆斴檴扖啹箞跘鍌⠆觟焩侤");
        let refs: Vec<&str> = text.iter().map(String::as_str).collect();
        let reason = check_page(&page(&refs)).expect("rejected");
        assert!(reason.contains("outside common CJK use"), "{reason}");
        assert!(reason.contains('⠆'), "{reason}");
    }

    #[test]
    fn missing_unicode_fails_with_its_share() {
        let mut texts = vec!["\u{FFFD}"; 97];
        texts.extend(["项", "目", "名"]);
        let reason = check_page(&page(&texts)).expect("rejected");
        assert_eq!(reason, "no Unicode for 97% of glyphs");
        let pua = chars("\u{E001}\u{E002}\u{E003}项目名称主管部门");
        let refs: Vec<&str> = pua.iter().map(String::as_str).collect();
        let reason = check_page(&page(&refs)).expect("rejected");
        assert!(reason.starts_with("private-use"), "{reason}");
    }

    #[test]
    fn outlines_without_glyphs_fail() {
        let mut p = page(&[]);
        p.filled_paths = 800;
        let reason = check_page(&p).expect("rejected");
        assert!(reason.contains("outlines"), "{reason}");
        p.filled_paths = 3;
        assert_eq!(check_page(&p), None);
    }

    #[test]
    fn ruled_tables_without_labels_fail_document_wide() {
        let templates = Template::builtin();
        let labels = form_labels(&templates);
        assert!(labels.iter().any(|l| l == "项目名称"), "{labels:?}");
        assert!(labels.iter().any(|l| l == "三级指标"), "{labels:?}");
        let ruling = |orientation, pos| Ruling {
            orientation,
            pos,
            start: 0.0,
            end: 500.0,
        };
        let rulings: Vec<Ruling> = (0..5)
            .map(|i| ruling(Orientation::Horizontal, 100.0 * i as f32))
            .chain((0..3).map(|i| ruling(Orientation::Vertical, 200.0 * i as f32)))
            .collect();
        // Common characters, but not a form's: a shuffled cipher of the text.
        let text = chars(
            "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里",
        );
        let refs: Vec<&str> = text.iter().map(String::as_str).collect();
        let mut p = page(&refs);
        p.rulings = rulings.clone();
        let doc = PdfDocument {
            pages: vec![p.clone()],
            fonts: vec![],
        };
        let rejected = check_document(&doc, &templates);
        assert_eq!(rejected.len(), 1);
        assert!(rejected[0].reason.contains("labels"));
        // The same page with one label somewhere in the document passes.
        let mut labelled = page(&["项", "目", "名", "称"]);
        labelled.number = 2;
        let doc = PdfDocument {
            pages: vec![p, labelled],
            fonts: vec![],
        };
        assert!(check_document(&doc, &templates).is_empty());
    }
}
