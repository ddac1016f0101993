//! `form_unread`: a form segmentation found in a file that no template read.
//! The warning goes on the file's first read document; its message starts
//! `form <n> (<pages>) was not read: `, `n` being the form's place among all
//! the forms found (its `form_index`, had it been read).

use crate::model::Warning;

pub const CODE: &str = "form_unread";

/// The warning for form `form_index` of the file, printed on `pages`
/// (`pages 2, 3`), which could not be read for `why`.
pub fn warning(form_index: u32, pages: &str, why: &str, first_page: u32) -> Warning {
    Warning::new(
        CODE,
        format!("form {form_index} ({pages}) was not read: {why}"),
        Some(first_page),
    )
}

/// One unread form, as a `form_unread` warning names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadForm {
    pub form_index: u32,
    /// `page 1`, `pages 2, 3`.
    pub pages: String,
    pub reason: String,
}

/// The unread form a warning names (`None` for any other warning).
pub fn parse(w: &Warning) -> Option<UnreadForm> {
    if w.code != CODE {
        return None;
    }
    let rest = w.message.strip_prefix("form ")?;
    let (n, rest) = rest.split_once(" (")?;
    let (pages, reason) = rest.split_once(") was not read: ")?;
    Some(UnreadForm {
        form_index: n.parse().ok()?,
        pages: pages.to_string(),
        reason: reason.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warning_reads_back() {
        let w = warning(4, "pages 6, 7", "no form template matches (x)", 6);
        assert_eq!(w.page, Some(6));
        assert_eq!(
            parse(&w),
            Some(UnreadForm {
                form_index: 4,
                pages: "pages 6, 7".into(),
                reason: "no form template matches (x)".into(),
            })
        );
        assert_eq!(
            parse(&Warning::new("pages_skipped", "form 1 (x)", None)),
            None
        );
    }
}
