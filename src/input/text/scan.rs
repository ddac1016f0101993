//! Lines of a rendition → items: table rows (tab-separated cells), paragraphs, blanks.

/// One line of a rendition, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// An empty line: a block separator, or where a page broke.
    Blank,
    /// A form feed: a page break the converter marked explicitly.
    PageBreak,
    /// A line without tabs: free text, or a cell's text dumped outside its row.
    Para(String),
    /// A line with tabs: one table row, cells trimmed, empty cells kept.
    Row(Vec<String>),
}

/// Splits a rendition into items. Handles CRLF/CR line ends, a leading BOM,
/// form feeds, and drops ruler lines (`-----\t----`) that some converters print.
pub fn scan(text: &str) -> Vec<Item> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut items = Vec::new();
    for line in text.split('\n') {
        let mut rest = line;
        while let Some(pos) = rest.find('\u{c}') {
            push_line(&mut items, &rest[..pos]);
            items.push(Item::PageBreak);
            rest = &rest[pos + 1..];
        }
        push_line(&mut items, rest);
    }
    while items.last() == Some(&Item::Blank) {
        items.pop();
    }
    items
}

fn push_line(items: &mut Vec<Item>, line: &str) {
    if line.trim().is_empty() {
        if !line.contains('\t') {
            items.push(Item::Blank);
        }
        return;
    }
    if is_ruler(line) {
        return;
    }
    if line.contains('\t') {
        items.push(Item::Row(
            line.split('\t').map(|c| c.trim().to_string()).collect(),
        ));
    } else {
        items.push(Item::Para(line.trim().to_string()));
    }
}

/// A line of dashes (Markdown-style table ruler), possibly tab-separated.
fn is_ruler(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3
        && t.chars()
            .all(|c| matches!(c, '-' | '=' | '\t' | ' ' | '|' | ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_paragraphs_blanks_and_rulers() {
        let items = scan("\u{feff}标题\r\n\r\na\tb\r\n---\t---\r\n\ttail\r\n");
        assert_eq!(
            items,
            vec![
                Item::Para("标题".into()),
                Item::Blank,
                Item::Row(vec!["a".into(), "b".into()]),
                Item::Row(vec!["".into(), "tail".into()]),
            ]
        );
    }

    #[test]
    fn form_feed_is_a_page_break() {
        let items = scan("a\u{c}b");
        assert_eq!(
            items,
            vec![
                Item::Para("a".into()),
                Item::PageBreak,
                Item::Para("b".into())
            ]
        );
    }
}
