//! How many times this thread has parsed a file, per parser: a debug stat
//! that lets a test check that each file is parsed once per parser (see
//! `docs/parsing.md`).

use std::cell::Cell;

/// The parsers a file may go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parser {
    /// lopdf, which the text layer is read with.
    Text,
    /// hayro-syntax, which pages are rendered with.
    Render,
}

/// Parses counted on this thread since it started (or since [`reset`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseCounts {
    pub text: usize,
    pub render: usize,
}

thread_local! {
    static COUNTS: Cell<ParseCounts> = const { Cell::new(ParseCounts { text: 0, render: 0 }) };
}

/// Counts one parse of a whole file by `parser`.
pub fn count(parser: Parser) {
    COUNTS.with(|c| {
        let mut v = c.get();
        match parser {
            Parser::Text => v.text += 1,
            Parser::Render => v.render += 1,
        }
        c.set(v);
    });
}

/// The parses counted on this thread.
pub fn counts() -> ParseCounts {
    COUNTS.with(Cell::get)
}

/// Sets this thread's counts back to zero.
pub fn reset() {
    COUNTS.with(|c| c.set(ParseCounts::default()));
}
