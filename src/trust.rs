//! Trust check of a PDF page's text layer, before layout: text that could not
//! be decoded is never read as if it were, and text that decodes to ordinary
//! writing in any script (Latin, Greek, Cyrillic, Chinese, Japanese, Korean,
//! Thai …) is. A page cannot be decoded when its glyphs have no Unicode
//! (U+FFFD or empty), carry private-use or control characters, characters
//! outside everyday use (Braille, Yi, rare ideograph blocks, ideographs that
//! no regional standard's everyday set holds, Hangul syllables outside
//! KS X 1001: what an Identity-H font without `/ToUnicode` gives when glyph
//! ids are taken for code points), or read as Latin-1 what is two-byte text
//! (`ÏîÄ¿Ãû³Æ` for 项目名称); or when its text is drawn as outlines
//! (glyph-sized filled paths and no glyphs). Apart from those, a Chinese
//! document whose ruled tables hold none of the forms' labels is doubted (its
//! font may map glyphs to the wrong ideographs): it is read by OCR when OCR
//! is on, and as text otherwise, where it is no form.

use crate::extract::{Page, PageImage, PdfDocument};
use crate::model::PageRead;
use crate::options::OcrMode;
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

/// Share of a page's letters that are Latin-1's accented letters (U+00C0..)
/// at which its text is two-byte text read as Latin-1 (`ÏîÄ¿Ãû³Æ`, or
/// `é¡¹ç›®` for UTF-8), when signs of Latin-1's upper half come with them:
/// the second bytes land on `¡`..`¿` (or Windows-1252's `‚`..`›`) about as
/// often as on letters. French, Icelandic or Vietnamese stay under a sixth,
/// and a line of accented letters alone (`àÀâÂäÄ`) has no such signs.
const MAX_LATIN1_LETTER_SHARE: f32 = 0.3;
/// Latin-1 signs per Latin-1 letter that two-byte text read so shows.
const MIN_LATIN1_SIGNS_PER_LETTER: f32 = 0.2;
/// Share of a page's letters that are ideographs for its text to be Chinese
/// (Japanese has its kana, Korean its Hangul, at most this share of those).
const MIN_HAN_SHARE: f32 = 0.5;
const MAX_KANA_HANGUL_SHARE: f32 = 0.1;

/// Why a page's text layer is not to be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// 1-based page number.
    pub page: u32,
    /// E.g. `no Unicode for 97% of glyphs`.
    pub reason: String,
    pub kind: RejectKind,
}

/// How sure the check is that a page's text layer is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RejectKind {
    /// Its characters cannot be what the page shows: never read as text.
    Undecodable,
    /// Ordinary Chinese characters, but none of the forms' labels in the
    /// document's ruled tables: read by OCR when OCR is on; as text (and so
    /// no form) otherwise.
    NoFormLabels,
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
                kind: RejectKind::Undecodable,
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
        .filter(|p| {
            let text = visible_text(p);
            has_table(p) && text.chars().count() >= MIN_LABEL_CHARS && is_chinese(&text)
        })
        .collect();
    let any_label = pdf.pages.iter().any(|p| {
        let text = visible_text(p);
        labels.iter().any(|l| text.contains(l.as_str()))
    });
    if !labels.is_empty() && !any_label {
        out.extend(ruled.into_iter().map(|p| Rejected {
            page: p.number,
            reason: "the ruled table's text holds none of the form's labels".into(),
            kind: RejectKind::NoFormLabels,
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
    /// Letters of any script, and of those Latin-1's accented ones.
    letters: usize,
    latin1_letters: usize,
    latin1_signs: usize,
    latin1_examples: Vec<char>,
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
            if c.is_alphabetic() {
                self.letters += 1;
            }
            if latin1_sign(c) {
                self.latin1_signs += 1;
            }
            if latin1_letter(c) {
                self.latin1_letters += 1;
                if self.latin1_examples.len() < 6 && !self.latin1_examples.contains(&c) {
                    self.latin1_examples.push(c);
                }
            }
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
                "{}% of characters outside everyday use (e.g. {})",
                pct(share(suspect, self.chars)),
                self.examples.iter().collect::<String>()
            ));
        }
        if self.latin1_letters >= MIN_CHARS
            && share(self.latin1_letters, self.letters) >= MAX_LATIN1_LETTER_SHARE
            && share(self.latin1_signs, self.latin1_letters) >= MIN_LATIN1_SIGNS_PER_LETTER
        {
            return Some(format!(
                "two-byte text read as Latin-1: {}% of letters are Latin-1's accented ones (e.g. {})",
                pct(share(self.latin1_letters, self.letters)),
                self.latin1_examples.iter().collect::<String>()
            ));
        }
        None
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Class {
    Common,
    PrivateOrControl,
    /// Outside everyday use in any script.
    Rare,
}

/// Latin-1's accented letters, U+00C0..=U+00FF but × and ÷.
fn latin1_letter(c: char) -> bool {
    matches!(u32::from(c), 0xC0..=0xFF) && c != '×' && c != '÷'
}

/// Signs of Latin-1's upper half (`¡`..`¿`, × and ÷) and those Windows-1252
/// adds at 0x80..=0x9F (`‚ƒ„…†‡ˆ‰‹•˜™›`).
fn latin1_sign(c: char) -> bool {
    matches!(
        u32::from(c),
        0xA1..=0xBF
            | 0xD7
            | 0xF7
            | 0x192
            | 0x2C6
            | 0x2DC
            | 0x201A
            | 0x201E
            | 0x2020..=0x2022
            | 0x2026
            | 0x2030
            | 0x2039
            | 0x203A
            | 0x2122
    )
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
        // Braille, Yi, CJK extension A and B onwards, CJK compatibility
        // ideographs, Hangul syllables no one writes: not in ordinary text.
        0x2800..=0x28FF
        | 0xA000..=0xA4CF
        | 0x3400..=0x4DBF
        | 0x20000..=0x3FFFF
        | 0xF900..=0xFAFF
        | 0xD7A4..=0xD7AF => Class::Rare,
        0x4E00..=0x9FFF if !in_set(c, IDEOGRAPHS, &COMMON_IDEOGRAPH_BITS) => Class::Rare,
        0xAC00..=0xD7A3 if !in_set(c, HANGUL, &KSX1001_HANGUL_BITS) => Class::Rare,
        _ => Class::Common,
    }
}

/// First and last code point of the CJK Unified Ideographs block.
const IDEOGRAPHS: (u32, u32) = (0x4E00, 0x9FFF);
/// First and last Hangul syllable.
const HANGUL: (u32, u32) = (0xAC00, 0xD7A3);

// The ideographs of everyday writing (GB 2312, Big5 level 1, JIS X 0208
// level 1, KS X 1001's hanja) and KS X 1001's 2,350 Hangul syllables, as bit
// sets over their blocks, decoded by build.rs.
include!(concat!(env!("OUT_DIR"), "/common_scripts.rs"));

/// Whether `c` is in the bit set over `lo..=hi`.
fn in_set(c: char, (lo, hi): (u32, u32), bits: &[u64]) -> bool {
    let u = u32::from(c);
    if !(lo..=hi).contains(&u) {
        return false;
    }
    let i = (u - lo) as usize;
    bits[i / 64] & (1 << (i % 64)) != 0
}

/// Whether a page's text is Chinese: ideographs for most of its letters,
/// hardly any kana or Hangul.
fn is_chinese(text: &str) -> bool {
    let (mut letters, mut han, mut kana_hangul) = (0usize, 0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        match u32::from(c) {
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF => han += 1,
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => kana_hangul += 1,
            0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => kana_hangul += 1,
            _ => {}
        }
    }
    let share = |n: usize| n as f32 / letters.max(1) as f32;
    share(han) >= MIN_HAN_SHARE && share(kana_hangul) <= MAX_KANA_HANGUL_SHARE
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

    /// Whether `encoding` encodes `c` in two bytes, the first in `leads`.
    fn encoded_in(
        encoding: &'static encoding_rs::Encoding,
        leads: std::ops::RangeInclusive<u8>,
        c: char,
    ) -> bool {
        let mut buf = [0u8; 4];
        let (b, _, bad) = encoding.encode(c.encode_utf8(&mut buf));
        let trail =
            |t: u8| t >= 0xA1 || (encoding == encoding_rs::BIG5 && (0x40..=0x7E).contains(&t));
        !bad && b.len() == 2 && leads.contains(&b[0]) && trail(b[1])
    }

    #[test]
    fn everyday_sets_are_what_the_regional_standards_encode() {
        let everyday = |c: char| {
            encoded_in(encoding_rs::GBK, 0xB0..=0xF7, c)
                || encoded_in(encoding_rs::BIG5, 0xA4..=0xC6, c)
                || encoded_in(encoding_rs::EUC_JP, 0xB0..=0xCF, c)
                || encoded_in(encoding_rs::EUC_KR, 0xCA..=0xFD, c)
        };
        let mut n = 0;
        for c in ('\u{4E00}'..='\u{9FFF}').chain(['A', '，', '\u{3400}']) {
            let known = in_set(c, IDEOGRAPHS, &COMMON_IDEOGRAPH_BITS);
            assert_eq!(known, everyday(c), "{c}");
            n += usize::from(known);
        }
        // GB 2312's 6,763 and the others' ideographs it lacks.
        assert!(n > 9000 && n < 10000, "{n}");
        let mut n = 0;
        for c in ('\u{AC00}'..='\u{D7A3}').chain(['A', 'ㄱ']) {
            let known = in_set(c, HANGUL, &KSX1001_HANGUL_BITS);
            assert_eq!(
                known,
                encoded_in(encoding_rs::EUC_KR, 0xB0..=0xC8, c),
                "{c}"
            );
            n += usize::from(known);
        }
        assert_eq!(n, 2350);
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
        assert!(reason.contains("outside everyday use"), "{reason}");
        assert!(reason.contains('⠆'), "{reason}");
    }

    /// A page of one glyph per character of `text`.
    fn text_page(text: &str) -> Page {
        let text = chars(text);
        let refs: Vec<&str> = text.iter().map(String::as_str).collect();
        page(&refs)
    }

    #[test]
    fn ordinary_text_in_any_script_passes() {
        for text in [
            "Seasonal variation in urban bicycle traffic: 48 counters, 2016–2021, p < 0.05.",
            "log(y) = α + β·rain + γ·temp + ε; Δ = 2.4% per °C (σ = 0.018), μ ≈ 1.2 × 10³",
            "Le dépôt des offres est prévu à l'hôtel de ville, où l'été dernier",
            "Þjóðskrá Íslands: útgáfa vegabréfa og ökuskírteina fyrir árið",
            "Thông báo về việc tổ chức hội nghị tổng kết công tác năm",
            "Оплатить проезд можно транспортной картой или через приложение.",
            "市立図書館は、どなたでも無料でご利用いただけます。貸出には利用カードが必要です。",
            "주민센터에서는 주민등록 등본과 초본, 인감증명서 등 각종 증명서를 발급해 드립니다.",
            "ห้องสมุดประชาชนจะปิดให้บริการชั่วคราวเพื่อปรับปรุงอาคารและระบบไฟฟ้า",
            "環島鐵路串連了臺灣西部的繁華都會與東部的山海風光。購票時請留意假日與連續假期的訂位時間。",
            "“项目名称”：城市公园绿地建设——阿卜杜拉·买买提（2023年度）…×÷",
            "الرقم ١٢٣٤٥ — المبلغ 1,250.00 (ريال)، التاريخ 2023/05/01",
        ] {
            assert_eq!(check_page(&text_page(text)), None, "{text}");
        }
    }

    #[test]
    fn two_byte_text_read_as_latin1_fails() {
        // 项目名称 主管部门 实施单位 as GBK bytes read as Latin-1, and as
        // UTF-8 bytes read as Windows-1252.
        for text in [
            "ÏîÄ¿Ãû³Æ Ö÷¹Ü²¿ÃÅ ÊµÊ©µ¥Î»",
            "é¡¹ç›®åç§° ä¸»ç®¡éƒ¨é—¨ å®žæ–½å•ä½",
        ] {
            let reason = check_page(&text_page(text)).expect("rejected");
            assert!(reason.contains("Latin-1"), "{text}: {reason}");
        }
        // Accented letters shown for what they are.
        assert_eq!(
            check_page(&text_page("àÀâÂäÄ àÀâÂäÄ Type3 glyphs above.")),
            None
        );
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
        assert_eq!(rejected[0].kind, RejectKind::NoFormLabels);
        // A table in another script is not a Chinese form's: no doubt.
        let mut english = text_page(
            "Term Estimate Std. error Rain above 5 mm weekday -0.262 0.018 Temperature 0.024",
        );
        english.rulings = rulings.clone();
        let doc = PdfDocument {
            pages: vec![english],
            fonts: vec![],
        };
        assert!(check_document(&doc, &templates).is_empty());
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
