//! Content-stream tokenizer: operands and operators, lenient and allocation-light.
//!
//! Unknown or broken tokens are skipped rather than failing the page, so a
//! damaged stream still yields whatever text precedes and follows the damage.

/// One operand of a content-stream operator.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    Number(f32),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Operand>),
    /// Dictionaries (marked-content properties, inline image parameters) are
    /// kept as flat key/value lists.
    Dict(Vec<(Vec<u8>, Operand)>),
    Other,
}

impl Operand {
    pub(crate) fn number(&self) -> Option<f32> {
        match self {
            Operand::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// Deepest array/dictionary nesting accepted inside a content stream.
const MAX_NESTING: usize = 32;

pub(crate) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

/// What the lexer produced next.
pub(crate) enum Token<'a> {
    Operand(Operand),
    Operator(&'a [u8]),
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | 0x0c | 0)
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Lexer { data, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_white_and_comments(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn regular_run(&mut self) -> &'a [u8] {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if is_white(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    /// The next token, or `None` at the end of the stream.
    pub(crate) fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            self.skip_white_and_comments();
            let b = self.peek()?;
            match b {
                b'[' | b'(' | b'/' | b'{' => return Some(Token::Operand(self.operand(0))),
                b'<' => return Some(Token::Operand(self.operand(0))),
                b']' | b')' | b'>' | b'}' => {
                    // Stray closing delimiter: skip it.
                    self.pos += 1;
                }
                _ => {
                    let run = self.regular_run();
                    if run.is_empty() {
                        self.pos += 1;
                        continue;
                    }
                    if let Some(n) = parse_number(run) {
                        return Some(Token::Operand(Operand::Number(n)));
                    }
                    return Some(match run {
                        b"true" | b"false" | b"null" => Token::Operand(Operand::Other),
                        _ => Token::Operator(run),
                    });
                }
            }
        }
    }

    fn operand(&mut self, depth: usize) -> Operand {
        self.skip_white_and_comments();
        let Some(b) = self.peek() else {
            return Operand::Other;
        };
        match b {
            b'/' => {
                self.pos += 1;
                Operand::Name(decode_name(self.regular_run()))
            }
            b'(' => {
                self.pos += 1;
                Operand::Str(self.literal_string())
            }
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                self.dict(depth)
            }
            b'<' => {
                self.pos += 1;
                Operand::Str(self.hex_string())
            }
            b'[' => {
                self.pos += 1;
                self.array(depth)
            }
            b'{' => {
                // PostScript calculator functions never occur in page content; skip braces.
                self.pos += 1;
                Operand::Other
            }
            _ => {
                let run = self.regular_run();
                if run.is_empty() {
                    self.pos += 1;
                }
                parse_number(run).map_or(Operand::Other, Operand::Number)
            }
        }
    }

    fn array(&mut self, depth: usize) -> Operand {
        let mut items = Vec::new();
        loop {
            self.skip_white_and_comments();
            match self.peek() {
                None => break,
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                Some(_) if depth >= MAX_NESTING => {
                    self.pos += 1;
                }
                Some(b) if !is_delim(b) && parse_number(self.peek_run()).is_none() => {
                    // An operator inside an array means the array was never closed.
                    break;
                }
                Some(_) => items.push(self.operand(depth + 1)),
            }
        }
        Operand::Array(items)
    }

    fn peek_run(&self) -> &'a [u8] {
        let mut end = self.pos;
        while let Some(&b) = self.data.get(end) {
            if is_white(b) || is_delim(b) {
                break;
            }
            end += 1;
        }
        &self.data[self.pos..end]
    }

    fn dict(&mut self, depth: usize) -> Operand {
        let mut entries = Vec::new();
        loop {
            self.skip_white_and_comments();
            match self.peek() {
                None => break,
                Some(b'>') => {
                    self.pos += 1;
                    if self.peek() == Some(b'>') {
                        self.pos += 1;
                    }
                    break;
                }
                Some(b'/') if depth < MAX_NESTING => {
                    self.pos += 1;
                    let key = decode_name(self.regular_run());
                    let value = self.operand(depth + 1);
                    entries.push((key, value));
                }
                Some(_) => {
                    // Malformed entry: skip a byte to guarantee progress.
                    self.pos += 1;
                }
            }
        }
        Operand::Dict(entries)
    }

    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => self.escape(&mut out),
                _ => out.push(b),
            }
        }
        out
    }

    fn escape(&mut self, out: &mut Vec<u8>) {
        let Some(c) = self.peek() else {
            return;
        };
        self.pos += 1;
        match c {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'\r' => {
                if self.peek() == Some(b'\n') {
                    self.pos += 1;
                }
            }
            b'\n' => {}
            b'0'..=b'7' => {
                let mut v = u32::from(c - b'0');
                for _ in 0..2 {
                    match self.peek() {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                out.push((v & 0xff) as u8);
            }
            other => out.push(other),
        }
    }

    fn hex_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            if let Some(v) = hex_val(b) {
                match high.take() {
                    Some(h) => out.push(h << 4 | v),
                    None => high = Some(v),
                }
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    /// Skips inline image data after `ID`; returns false if no `EI` was found.
    pub(crate) fn skip_inline_image(&mut self) -> bool {
        // One whitespace byte separates ID from the data.
        self.pos += 1;
        let data = self.data;
        let mut i = self.pos;
        while i + 1 < data.len() {
            if data[i] == b'E'
                && data[i + 1] == b'I'
                && i > 0
                && is_white(data[i - 1])
                && data.get(i + 2).is_none_or(|&b| is_white(b))
            {
                self.pos = i + 2;
                return true;
            }
            i += 1;
        }
        self.pos = data.len();
        false
    }
}

fn decode_name(raw: &[u8]) -> Vec<u8> {
    if !raw.contains(&b'#') {
        return raw.to_vec();
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#'
            && let (Some(h), Some(l)) = (
                raw.get(i + 1).and_then(|&b| hex_val(b)),
                raw.get(i + 2).and_then(|&b| hex_val(b)),
            )
        {
            out.push(h << 4 | l);
            i += 3;
            continue;
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

/// Parses a PDF number (integer or real, lenient about doubled signs).
pub(crate) fn parse_number(run: &[u8]) -> Option<f32> {
    let first = *run.first()?;
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return None;
    }
    let mut neg = false;
    let mut i = 0;
    while i < run.len() && matches!(run[i], b'+' | b'-') {
        neg ^= run[i] == b'-';
        i += 1;
    }
    let mut int: f64 = 0.0;
    let mut frac: f64 = 0.0;
    let mut scale = 1.0f64;
    let mut seen_digit = false;
    let mut in_frac = false;
    for &b in &run[i..] {
        match b {
            b'0'..=b'9' => {
                seen_digit = true;
                if in_frac {
                    scale /= 10.0;
                    frac += f64::from(b - b'0') * scale;
                } else {
                    int = int * 10.0 + f64::from(b - b'0');
                }
            }
            b'.' if !in_frac => in_frac = true,
            // Trailing garbage such as "1.5.2" or "3-": keep what was read.
            _ => break,
        }
    }
    if !seen_digit {
        return if in_frac { Some(0.0) } else { None };
    }
    let v = (int + frac) as f32;
    let v = if v.is_finite() { v } else { 0.0 };
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(src: &[u8]) -> Vec<String> {
        let mut lx = Lexer::new(src);
        let mut out = Vec::new();
        while let Some(t) = lx.next_token() {
            out.push(match t {
                Token::Operand(o) => format!("{o:?}"),
                Token::Operator(op) => String::from_utf8_lossy(op).into_owned(),
            });
        }
        out
    }

    #[test]
    fn numbers_strings_and_operators() {
        let t = tokens(b"1 -2.5 .5 (a\\(b\\)c\\101) <4142 3> /F#31 Tf [(x) -20 (y)] TJ");
        assert_eq!(t[0], "Number(1.0)");
        assert_eq!(t[1], "Number(-2.5)");
        assert_eq!(t[2], "Number(0.5)");
        assert_eq!(t[3], format!("{:?}", Operand::Str(b"a(b)cA".to_vec())));
        assert_eq!(t[4], format!("{:?}", Operand::Str(vec![0x41, 0x42, 0x30])));
        assert_eq!(t[5], format!("{:?}", Operand::Name(b"F1".to_vec())));
        assert_eq!(t[6], "Tf");
        assert_eq!(t[8], "TJ");
    }

    #[test]
    fn unterminated_constructs_end_cleanly() {
        for src in [&b"(abc"[..], b"<41", b"[1 2", b"<< /A 1", b"/", b"\\"] {
            let _ = tokens(src);
        }
        assert_eq!(tokens(b"[1 2 Tj").last().map(String::as_str), Some("Tj"));
    }
}
