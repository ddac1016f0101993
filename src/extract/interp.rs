//! Content-stream interpreter: graphics and text state, text showing, Form
//! XObjects, images and path painting, each reported to a [`Device`].

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Object, ObjectId};

use super::device::{Device, PageCollector, Paint, Subpath};
use super::font::{Font, load_font};
use super::lexer::{Lexer, Operand, Token};
use super::load::Pdf;
use super::{ExtractError, FontReport, Glyph, PageImage};

/// Deepest `q` nesting kept; further `q`s are counted but not stored.
const MAX_STATE_DEPTH: usize = 256;
/// Most operands kept on the stack (a real operator needs at most a handful).
const MAX_OPERANDS: usize = 64;
/// Most points kept in one path (longer paths are not table borders).
const MAX_PATH_POINTS: usize = 100_000;
/// Form XObject data decoded per page, in multiples of `max_stream_bytes`
/// (a form drawn many times is decoded each time).
const FORM_BYTES_FACTOR: usize = 4;

pub(crate) type Matrix = [f32; 6];

pub(crate) const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a` then `b` (row-vector convention, as in the PDF specification).
pub(crate) fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// Fonts loaded so far for the whole document, shared by all pages.
#[derive(Default)]
pub(crate) struct FontCache {
    by_key: HashMap<FontKey, Rc<Font>>,
    pub(crate) reports: Vec<FontReport>,
    /// Report index of field values drawn without a font.
    value_font: Option<u32>,
}

#[derive(Hash, PartialEq, Eq)]
enum FontKey {
    Object(ObjectId),
    /// A direct font dictionary, identified by its address in the loaded document.
    Direct(usize),
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    font_size: f32,
    char_spacing: f32,
    word_spacing: f32,
    h_scale: f32,
    leading: f32,
    rise: f32,
    render_mode: i32,
    fill_white: bool,
    stroke_white: bool,
    /// Box of the clipping path in force (page coordinates), `None` for the whole page.
    clip: Option<[f32; 4]>,
}

impl Default for GState {
    fn default() -> Self {
        GState {
            ctm: IDENTITY,
            font: None,
            font_size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            h_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render_mode: 0,
            fill_white: false,
            stroke_white: false,
            clip: None,
        }
    }
}

pub(crate) struct Interpreter<'a, D: Device> {
    pdf: &'a Pdf,
    fonts: &'a mut FontCache,
    /// User space → displayed page (top-left origin).
    page_matrix: Matrix,
    /// Displayed page size: glyphs whose origin falls outside are dropped.
    page_size: (f32, f32),
    state: GState,
    stack: Vec<GState>,
    dropped_saves: usize,
    text_matrix: Matrix,
    line_matrix: Matrix,
    path: Vec<Subpath>,
    path_points: usize,
    /// Operators and glyphs so far on this page, against `max_ops_per_page`.
    ops: usize,
    form_bytes: usize,
    form_stack: Vec<ObjectId>,
    /// Show-text operators run so far (numbers the glyphs' runs).
    run: u32,
    /// `W` or `W*` was met: the path ends as the new clip when painted or ended.
    clip_pending: bool,
    device: D,
}

impl<'a, D: Device> Interpreter<'a, D> {
    pub(crate) fn new(
        pdf: &'a Pdf,
        fonts: &'a mut FontCache,
        page_matrix: Matrix,
        page_size: (f32, f32),
        device: D,
    ) -> Self {
        Interpreter {
            pdf,
            fonts,
            page_matrix,
            page_size,
            state: GState::default(),
            stack: Vec::new(),
            dropped_saves: 0,
            text_matrix: IDENTITY,
            line_matrix: IDENTITY,
            path: Vec::new(),
            path_points: 0,
            ops: 0,
            form_bytes: 0,
            form_stack: Vec::new(),
            run: 0,
            clip_pending: false,
            device,
        }
    }

    /// The device, with all that was reported to it.
    pub(crate) fn finish(self) -> D {
        self.device
    }

    /// Runs one content stream with the given resources.
    pub(crate) fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
    ) -> Result<(), ExtractError> {
        let mut lexer = Lexer::new(content);
        let mut operands: Vec<Operand> = Vec::with_capacity(8);
        while let Some(token) = lexer.next_token() {
            match token {
                Token::Operand(o) => {
                    if operands.len() < MAX_OPERANDS {
                        operands.push(o);
                    }
                }
                Token::Operator(op) => {
                    self.ops += 1;
                    self.check_ops()?;
                    if op == b"ID" {
                        self.inline_image(&operands);
                        lexer.skip_inline_image();
                    } else {
                        self.operator(op, &operands, resources)?;
                    }
                    operands.clear();
                    self.check_ops()?;
                }
            }
        }
        Ok(())
    }

    fn check_ops(&self) -> Result<(), ExtractError> {
        if self.ops > self.pdf.limits.max_ops_per_page {
            return Err(ExtractError::Limit(format!(
                "more than {} content operators and glyphs on a page",
                self.pdf.limits.max_ops_per_page
            )));
        }
        Ok(())
    }

    fn operator(
        &mut self,
        op: &[u8],
        args: &[Operand],
        res: Option<&'a Dictionary>,
    ) -> Result<(), ExtractError> {
        if matches!(op, b"Tj" | b"TJ" | b"'" | b"\"") {
            self.run = self.run.wrapping_add(1);
        }
        let n = |i: usize| args.get(i).and_then(Operand::number).unwrap_or(0.0);
        match op {
            b"q" => self.save(),
            b"Q" => self.restore(),
            b"cm" if args.len() >= 6 => {
                let m = [n(0), n(1), n(2), n(3), n(4), n(5)];
                self.state.ctm = mul(&m, &self.state.ctm);
            }
            b"BT" => {
                self.text_matrix = IDENTITY;
                self.line_matrix = IDENTITY;
            }
            b"ET" => {}
            b"Tf" => {
                self.state.font_size = n(1);
                if let Some(Operand::Name(name)) = args.first() {
                    self.state.font = self.font(res, name);
                }
            }
            b"Tc" => self.state.char_spacing = n(0),
            b"Tw" => self.state.word_spacing = n(0),
            b"Tz" => self.state.h_scale = n(0) / 100.0,
            b"TL" => self.state.leading = n(0),
            b"Ts" => self.state.rise = n(0),
            b"Tr" => self.state.render_mode = n(0) as i32,
            b"Td" => self.move_line(n(0), n(1)),
            b"TD" => {
                self.state.leading = -n(1);
                self.move_line(n(0), n(1));
            }
            b"Tm" if args.len() >= 6 => {
                self.text_matrix = [n(0), n(1), n(2), n(3), n(4), n(5)];
                self.line_matrix = self.text_matrix;
            }
            b"T*" => self.move_line(0.0, -self.state.leading),
            b"Tj" => {
                if let Some(Operand::Str(s)) = args.first() {
                    self.show(s);
                }
            }
            b"'" => {
                self.move_line(0.0, -self.state.leading);
                if let Some(Operand::Str(s)) = args.first() {
                    self.show(s);
                }
            }
            b"\"" => {
                self.state.word_spacing = n(0);
                self.state.char_spacing = n(1);
                self.move_line(0.0, -self.state.leading);
                if let Some(Operand::Str(s)) = args.get(2) {
                    self.show(s);
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = args.first() {
                    self.show_array(items);
                }
            }
            b"Do" => {
                if let Some(Operand::Name(name)) = args.first() {
                    self.do_xobject(res, name)?;
                }
            }
            b"g" => self.state.fill_white = n(0) >= 0.95,
            b"G" => self.state.stroke_white = n(0) >= 0.95,
            b"rg" => self.state.fill_white = (0..3).all(|i| n(i) >= 0.95),
            b"RG" => self.state.stroke_white = (0..3).all(|i| n(i) >= 0.95),
            b"k" => self.state.fill_white = (0..4).all(|i| n(i) <= 0.05),
            b"K" => self.state.stroke_white = (0..4).all(|i| n(i) <= 0.05),
            b"sc" | b"scn" => self.state.fill_white = color_is_white(args),
            b"SC" | b"SCN" => self.state.stroke_white = color_is_white(args),
            b"cs" => self.state.fill_white = false,
            b"CS" => self.state.stroke_white = false,
            b"m" => self.move_to(n(0), n(1)),
            b"l" => self.line_to(n(0), n(1)),
            b"c" => self.line_to(n(4), n(5)),
            b"v" | b"y" => self.line_to(n(2), n(3)),
            b"h" => self.close_path(),
            b"re" => self.rect(n(0), n(1), n(2), n(3)),
            b"S" => self.paint(true, false),
            b"s" => {
                self.close_path();
                self.paint(true, false);
            }
            b"f" | b"F" | b"f*" => self.paint(false, true),
            b"B" | b"B*" => self.paint(true, true),
            b"b" | b"b*" => {
                self.close_path();
                self.paint(true, true);
            }
            b"n" => {
                self.end_clip();
                self.clear_path();
            }
            b"W" | b"W*" => self.clip_pending = true,
            _ => {}
        }
        Ok(())
    }

    fn save(&mut self) {
        if self.stack.len() < MAX_STATE_DEPTH {
            self.stack.push(self.state.clone());
        } else {
            self.dropped_saves += 1;
        }
    }

    fn restore(&mut self) {
        if self.dropped_saves > 0 {
            self.dropped_saves -= 1;
        } else if let Some(s) = self.stack.pop() {
            self.state = s;
        }
    }

    fn move_line(&mut self, tx: f32, ty: f32) {
        self.line_matrix = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.line_matrix);
        self.text_matrix = self.line_matrix;
    }

    fn font(&mut self, res: Option<&'a Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let fonts = self.pdf.dict(res?, b"Font")?;
        let entry = fonts.get(name).ok()?;
        let (key, dict) = match entry {
            Object::Reference(id) => match self.pdf.resolve(entry) {
                Object::Dictionary(d) => (FontKey::Object(*id), d),
                _ => return None,
            },
            Object::Dictionary(d) => (FontKey::Direct(d as *const Dictionary as usize), d),
            _ => return None,
        };
        if let Some(f) = self.fonts.by_key.get(&key) {
            return Some(Rc::clone(f));
        }
        let index = u32::try_from(self.fonts.reports.len()).ok()?;
        let (font, report) = load_font(self.pdf, dict, name, index);
        self.fonts.reports.push(report);
        let font = Rc::new(font);
        self.fonts.by_key.insert(key, Rc::clone(&font));
        Some(font)
    }

    fn show_array(&mut self, items: &[Operand]) {
        for item in items {
            match item {
                Operand::Str(s) => self.show(s),
                Operand::Number(adj) => {
                    let shift = -adj / 1000.0 * self.state.font_size;
                    let vertical = self.state.font.as_ref().is_some_and(|f| f.vertical);
                    let t = if vertical {
                        [1.0, 0.0, 0.0, 1.0, 0.0, shift]
                    } else {
                        [1.0, 0.0, 0.0, 1.0, shift * self.state.h_scale, 0.0]
                    };
                    self.text_matrix = mul(&t, &self.text_matrix);
                }
                _ => {}
            }
        }
    }

    /// Shows one string: one glyph per code, advancing the text matrix.
    fn show(&mut self, bytes: &[u8]) {
        let Some(font) = self.state.font.clone() else {
            return;
        };
        let st = &self.state;
        let fs = st.font_size;
        let th = st.h_scale;
        // Text space → page; glyph offsets are applied in text space.
        let to_page = mul(&mul(&self.text_matrix, &st.ctm), &self.page_matrix);
        let size = (to_page[2] * to_page[2] + to_page[3] * to_page[3]).sqrt() * fs.abs();
        let visible = st.render_mode != 3 && st.render_mode != 7;
        let mut advance = 0.0f32;
        let mut i = 0;
        while i < bytes.len() && self.ops <= self.pdf.limits.max_ops_per_page {
            self.ops += 1;
            if let Some(n) = font.load_program_for(self.pdf, bytes[i]).filter(|&n| n > 0)
                && let Some(r) = self.fonts.reports.get_mut(font.index as usize)
            {
                r.decoding
                    .push_str(&format!(", the font program's encoding ({n} codes)"));
            }
            let d = font.decode(&bytes[i..]);
            i += d.len.max(1);
            let spacing = st.char_spacing + if d.is_space { st.word_spacing } else { 0.0 };
            let (corners, step) = if font.vertical {
                let lo = advance - fs;
                let half = d.width * fs / 2.0;
                ([(-half, lo), (half, advance)], -fs + spacing)
            } else {
                let w = d.width * fs * th;
                (
                    [
                        (advance, st.rise + font.descent * fs),
                        (advance + w, st.rise + font.ascent * fs),
                    ],
                    (d.width * fs + spacing) * th,
                )
            };
            let origin = apply(&to_page, advance, st.rise);
            let end = apply(&to_page, advance + step, st.rise);
            advance += step;
            if self.off_page(origin, end) {
                continue;
            }
            let (x0, y0, x1, y1) = bbox(&to_page, corners);
            if !(x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite()) {
                continue;
            }
            // A code with no text is never dropped silently: it stays a glyph
            // that says it could not be decoded.
            let text = if d.text.is_empty() {
                super::font::UNDECODABLE.to_string()
            } else {
                super::repair::fix_radicals(&d.text).into_owned()
            };
            self.device.glyph(
                Glyph {
                    text,
                    x0,
                    y0,
                    x1,
                    y1,
                    size,
                    visible,
                    font: font.index,
                    clip: st.clip,
                },
                self.run,
            );
        }
        let t = if font.vertical {
            [1.0, 0.0, 0.0, 1.0, 0.0, advance]
        } else {
            [1.0, 0.0, 0.0, 1.0, advance, 0.0]
        };
        self.text_matrix = mul(&t, &self.text_matrix);
    }

    /// Text a producer left in the layer but no viewer shows (e.g. a merged
    /// cell clipped at a page break): the glyph's origin-to-advance span lies
    /// outside the page.
    fn off_page(&self, origin: (f32, f32), end: (f32, f32)) -> bool {
        let (w, h) = self.page_size;
        origin.0.max(end.0) < 0.0
            || origin.0.min(end.0) > w
            || origin.1.max(end.1) < 0.0
            || origin.1.min(end.1) > h
    }

    fn do_xobject(&mut self, res: Option<&'a Dictionary>, name: &[u8]) -> Result<(), ExtractError> {
        let Some(xobjects) = res.and_then(|r| self.pdf.dict(r, b"XObject")) else {
            return Ok(());
        };
        let Ok(entry) = xobjects.get(name) else {
            return Ok(());
        };
        let id = entry.as_reference().ok();
        let Object::Stream(stream) = self.pdf.resolve(entry) else {
            return Ok(());
        };
        match self.pdf.name(&stream.dict, b"Subtype") {
            Some(b"Image") => {
                let w = self.pdf.number(&stream.dict, b"Width").unwrap_or(0.0);
                let h = self.pdf.number(&stream.dict, b"Height").unwrap_or(0.0);
                self.push_image(w, h, id.map_or(0, |i| i.0));
            }
            Some(b"Form") => {
                let Some(id) = id else {
                    return Ok(());
                };
                self.run_form(stream, id, res)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Runs a Form XObject (its `/Matrix` applied, its resources or the
    /// caller's), within the nesting and decoded-bytes caps.
    pub(crate) fn run_form(
        &mut self,
        stream: &'a lopdf::Stream,
        id: ObjectId,
        res: Option<&'a Dictionary>,
    ) -> Result<(), ExtractError> {
        if self.form_stack.contains(&id) {
            return Ok(()); // A form that draws itself: ignore the cycle.
        }
        if self.form_stack.len() >= self.pdf.limits.max_xobject_depth {
            return Err(ExtractError::Limit(format!(
                "Form XObjects nested deeper than {}",
                self.pdf.limits.max_xobject_depth
            )));
        }
        let data = self.pdf.stream_data(stream)?;
        self.form_bytes += data.len();
        if self.form_bytes
            > self
                .pdf
                .limits
                .max_stream_bytes
                .saturating_mul(FORM_BYTES_FACTOR)
        {
            return Err(ExtractError::Limit(format!(
                "Form XObjects on a page decode to more than {FORM_BYTES_FACTOR} × {} bytes",
                self.pdf.limits.max_stream_bytes
            )));
        }
        let form_res = self.pdf.dict(&stream.dict, b"Resources").or(res);
        let saved_tm = (self.text_matrix, self.line_matrix);
        self.save();
        if let Some(m) = self.pdf.numbers(&stream.dict, b"Matrix")
            && let Ok(m) = <[f32; 6]>::try_from(m.as_slice())
        {
            self.state.ctm = mul(&m, &self.state.ctm);
        }
        self.form_stack.push(id);
        let result = self.run(&data, form_res);
        self.form_stack.pop();
        self.restore();
        (self.text_matrix, self.line_matrix) = saved_tm;
        result
    }

    /// User space → displayed page.
    pub(crate) fn page_matrix(&self) -> Matrix {
        self.page_matrix
    }

    /// Index of the report that stands for text with no font (field values).
    pub(crate) fn value_font(&mut self) -> u32 {
        if let Some(i) = self.fonts.value_font {
            return i;
        }
        let i = u32::try_from(self.fonts.reports.len()).unwrap_or(u32::MAX);
        self.fonts.reports.push(FontReport {
            name: "form field values".into(),
            subtype: "none".into(),
            encoding: "text string".into(),
            decoding: "/V of fields with no appearance".into(),
        });
        self.fonts.value_font = Some(i);
        i
    }

    fn inline_image(&mut self, args: &[Operand]) {
        let (mut w, mut h) = (0.0, 0.0);
        if let Some(Operand::Dict(entries)) = args.first() {
            for (k, v) in entries {
                match (k.as_slice(), v.number()) {
                    (b"W" | b"Width", Some(x)) => w = x,
                    (b"H" | b"Height", Some(x)) => h = x,
                    _ => {}
                }
            }
        } else {
            // BI's key/value pairs arrive as a flat operand list.
            for pair in args.chunks_exact(2) {
                if let [Operand::Name(k), v] = pair {
                    match (k.as_slice(), v.number()) {
                        (b"W" | b"Width", Some(x)) => w = x,
                        (b"H" | b"Height", Some(x)) => h = x,
                        _ => {}
                    }
                }
            }
        }
        self.push_image(w, h, 0);
    }

    fn push_image(&mut self, w: f32, h: f32, object: u32) {
        let m = mul(&self.state.ctm, &self.page_matrix);
        let (x0, y0, x1, y1) = bbox(&m, [(0.0, 0.0), (1.0, 1.0)]);
        self.device.image(PageImage {
            x0,
            y0,
            x1,
            y1,
            width: w.max(0.0) as u32,
            height: h.max(0.0) as u32,
            object,
        });
    }

    // ---- paths ----

    fn to_page(&self, x: f32, y: f32) -> (f32, f32) {
        let m = mul(&self.state.ctm, &self.page_matrix);
        apply(&m, x, y)
    }

    fn move_to(&mut self, x: f32, y: f32) {
        if self.path_points >= MAX_PATH_POINTS {
            return;
        }
        let p = self.to_page(x, y);
        self.path.push(vec![p]);
        self.path_points += 1;
    }

    fn line_to(&mut self, x: f32, y: f32) {
        if self.path_points >= MAX_PATH_POINTS {
            return;
        }
        let p = self.to_page(x, y);
        match self.path.last_mut() {
            Some(sub) => sub.push(p),
            None => self.path.push(vec![p]),
        }
        self.path_points += 1;
    }

    fn close_path(&mut self) {
        if let Some(sub) = self.path.last_mut()
            && let (Some(&first), true) = (sub.first(), sub.len() > 1)
        {
            sub.push(first);
        }
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.move_to(x, y);
        self.line_to(x + w, y);
        self.line_to(x + w, y + h);
        self.line_to(x, y + h);
        self.close_path();
    }

    fn clear_path(&mut self) {
        self.path.clear();
        self.path_points = 0;
    }

    /// A pending `W`/`W*` takes the current path (as its box) as the clip,
    /// within the clip already in force.
    fn end_clip(&mut self) {
        if !std::mem::take(&mut self.clip_pending) {
            return;
        }
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for &(x, y) in self.path.iter().flatten() {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        if !(x0 <= x1 && y0 <= y1) {
            return;
        }
        let clip = match self.state.clip {
            Some([a0, b0, a1, b1]) => [x0.max(a0), y0.max(b0), x1.min(a1), y1.min(b1)],
            None => [x0, y0, x1, y1],
        };
        self.state.clip = Some(clip);
    }

    fn paint(&mut self, stroke: bool, fill: bool) {
        self.end_clip();
        let paint = Paint {
            stroke: stroke && !self.state.stroke_white,
            fill: fill && !self.state.fill_white,
        };
        if paint.stroke || paint.fill {
            self.device.path(&self.path, paint);
        }
        self.clear_path();
    }
}

/// Glyph access and annotation drawing, for the page collector.
impl<'a> Interpreter<'a, PageCollector> {
    /// Draws an annotation's appearance form with `matrix` (form space →
    /// user space, before the page matrix) from a clean graphics state,
    /// keeping only its text: an appearance's borders and backgrounds are no
    /// table rulings. Returns the range of glyphs it drew.
    pub(crate) fn draw_appearance(
        &mut self,
        stream: &'a lopdf::Stream,
        id: ObjectId,
        matrix: Matrix,
    ) -> Result<std::ops::Range<usize>, ExtractError> {
        let (glyphs, painted, images) = (
            self.device.glyphs.len(),
            self.device.painted.len(),
            self.device.images.len(),
        );
        let saved = (
            std::mem::take(&mut self.state),
            std::mem::take(&mut self.stack),
        );
        let dropped = std::mem::take(&mut self.dropped_saves);
        self.state.ctm = matrix;
        self.run += 1;
        let result = self.run_form(stream, id, None);
        (self.state, self.stack) = saved;
        self.dropped_saves = dropped;
        self.device.painted.truncate(painted);
        self.device.images.truncate(images);
        result.map(|()| glyphs..self.device.glyphs.len())
    }

    /// Adds glyphs made outside any content stream (a field's value with no
    /// appearance) as one run; returns their range.
    pub(crate) fn push_synthetic(&mut self, glyphs: Vec<Glyph>) -> std::ops::Range<usize> {
        let start = self.device.glyphs.len();
        self.run += 1;
        for g in glyphs {
            self.device.glyph(g, self.run);
        }
        start..self.device.glyphs.len()
    }

    /// The glyphs drawn so far.
    pub(crate) fn glyphs(&self) -> &[Glyph] {
        &self.device.glyphs
    }
}

fn color_is_white(args: &[Operand]) -> bool {
    let nums: Vec<f32> = args.iter().filter_map(Operand::number).collect();
    match nums.len() {
        1 | 3 => nums.iter().all(|&v| v >= 0.95),
        4 => nums.iter().all(|&v| v <= 0.05),
        _ => false,
    }
}

/// Axis-aligned box of two opposite corners mapped through `m`.
fn bbox(m: &Matrix, corners: [(f32, f32); 2]) -> (f32, f32, f32, f32) {
    let [(ax, ay), (bx, by)] = corners;
    let pts = [
        apply(m, ax, ay),
        apply(m, bx, ay),
        apply(m, ax, by),
        apply(m, bx, by),
    ];
    let mut b = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for (x, y) in pts {
        b.0 = b.0.min(x);
        b.1 = b.1.min(y);
        b.2 = b.2.max(x);
        b.3 = b.3.max(y);
    }
    b
}
