//! How well a template fits a form: the share of the form's label cells
//! (short text cells that read like a label, not a number or a sentence) that
//! some field of the template took, as a label or as its value.
//!
//! A form read with the template it was made for leaves few label cells
//! untaken (a stray note, a label the template does not need); a form read
//! with the wrong one leaves most of its table untaken, and those labels are
//! what a new template would need to name.

use crate::normalize::{clean_text, is_cjk};

/// Below this share the document gets a `template_fit_low` warning.
pub const WARN_BELOW: f64 = 0.75;
/// Below this share the read is refused: an error instead of a near-empty document.
pub const FAIL_BELOW: f64 = 0.4;
/// Labels named in a warning or error, at most.
const NAMED: usize = 12;

/// The template fit of one read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fit {
    /// Label cells of the form.
    pub labels: usize,
    /// Of those, the ones some field took.
    pub taken: usize,
    /// Texts of the label cells nothing took, in form order, each once.
    pub untaken: Vec<String>,
    /// Per layout row, per cell: whether some field took the cell (as a
    /// label or as its value); what the accounting stage starts from.
    pub cells: Vec<Vec<bool>>,
    /// Block fields whose column a header named (`funds.actual`,
    /// `indicators.score`).
    pub headed: Vec<String>,
}

impl Fit {
    /// The share taken, 0..1; `None` when the form has no label cells.
    pub fn share(&self) -> Option<f64> {
        (self.labels > 0).then(|| self.taken as f64 / self.labels as f64)
    }

    /// The share rounded to 3 decimals, as `source.template_fit` records it.
    pub fn recorded(&self) -> Option<f64> {
        self.share().map(|s| (s * 1000.0).round() / 1000.0)
    }

    /// `项目名称, 主管部门, … (+4 more)`: the untaken labels for a message.
    pub fn untaken_list(&self) -> String {
        let mut out = self
            .untaken
            .iter()
            .take(NAMED)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if self.untaken.len() > NAMED {
            out.push_str(&format!(" (+{} more)", self.untaken.len() - NAMED));
        }
        out
    }

    /// `took 9 of 40 label cells (22%)`.
    pub fn describe(&self) -> String {
        format!(
            "took {} of {} label cells ({:.0}%)",
            self.taken,
            self.labels,
            self.share().unwrap_or(1.0) * 100.0
        )
    }
}

/// True when a cell's text reads like a label: 2–20 characters, mostly CJK
/// with at least two ideographs, no digits, not a sentence.
pub fn is_label_cell(text: &str) -> bool {
    let t = clean_text(text);
    let n = t.chars().count();
    if !(2..=20).contains(&n) {
        return false;
    }
    if t.chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        return false;
    }
    if t.contains(['。', '；', ';']) {
        return false;
    }
    let han = t
        .chars()
        .filter(|&c| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF))
        .count();
    let cjk = t.chars().filter(|&c| is_cjk(c)).count();
    han >= 2 && cjk * 2 >= n
}

/// Counts the label cells of `cells` (text, taken) into a fit.
pub fn measure<'a>(cells: impl Iterator<Item = (&'a str, bool)>) -> Fit {
    let mut fit = Fit::default();
    for (text, taken) in cells.filter(|(t, _)| is_label_cell(t)) {
        fit.labels += 1;
        if taken {
            fit.taken += 1;
        } else {
            let t = clean_text(text);
            if !fit.untaken.contains(&t) {
                fit.untaken.push(t);
            }
        }
    }
    fit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_short_cjk_text_without_digits() {
        assert!(is_label_cell("项目名称"));
        assert!(is_label_cell("其中：当年财政拨款"));
        assert!(!is_label_cell("8736.50"));
        assert!(!is_label_cell("≥95%"));
        assert!(!is_label_cell("任务1"));
        assert!(!is_label_cell("按照要求，保障城乡低保对象基本生活。"));
        assert!(!is_label_cell("—"));
    }

    #[test]
    fn share_counts_taken_labels_and_names_the_rest_once() {
        let fit = measure(
            [
                ("项目名称", true),
                ("主管部门", false),
                ("100", false),
                ("主管部门", false),
                ("实施单位", true),
            ]
            .into_iter(),
        );
        assert_eq!((fit.labels, fit.taken), (4, 2));
        assert_eq!(fit.share(), Some(0.5));
        assert_eq!(fit.untaken, ["主管部门"]);
        assert_eq!(measure(std::iter::empty()).share(), None);
    }
}
