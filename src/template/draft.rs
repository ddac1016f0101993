//! `evalform template draft`: a template skeleton written from a form, a
//! user's starting point for a layout no template names. The form is read
//! with the generic reader; the draft lists the labels found and the field
//! each was given (by a label the vocabulary knows, or guessed by its key
//! words), and the labels nothing took, each with a label and key words to
//! start from.

use super::{Fit, generic, match_layout_fit};
use crate::layout::FormLayout;
use crate::normalize::clean_text;
use crate::vocab::{Entries, Vocabulary, vocabulary};

/// Where a label cell went: the template section and field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given {
    pub label: String,
    /// `fields`, `funds`, `goal`, `table`, `table.group`, `table.inherit`, `table.row`.
    pub section: &'static str,
    /// The field (`entity`, `initial_budget` …), or `label` for a block's own label.
    pub field: String,
    /// The key words that named the field, when no label did.
    pub keys: Vec<String>,
}

/// What a draft is made from: the labels given a field, those nothing took.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub title: Option<String>,
    pub form: String,
    pub given: Vec<Given>,
    pub fit: Fit,
}

/// The section and field a label names in the vocabulary, if any.
fn classify(text: &str) -> Option<(&'static str, String)> {
    let v = vocabulary();
    let in_entries = |e: &'static Entries| Vocabulary::field_of(e, text).map(str::to_string);
    if let Some(f) = in_entries(&v.fields) {
        return Some(("fields", f));
    }
    if v.funds_label.matches(text) {
        return Some(("funds", "label".into()));
    }
    if v.goal_label.matches(text) {
        return Some(("goal", "label".into()));
    }
    if v.table_total.matches(text) {
        return Some(("table", "total".into()));
    }
    let sections: [(&'static str, &'static Entries); 5] = [
        ("funds", &v.funds),
        ("goal", &v.goal),
        ("table.group", &v.group),
        ("table.inherit", &v.inherit),
        ("table.row", &v.row),
    ];
    for (section, entries) in sections {
        if let Some(f) = in_entries(entries) {
            return Some((section, f));
        }
    }
    v.table_label
        .matches(text)
        .then(|| ("table", "label".into()))
}

/// The section and field only key words name (no label of the vocabulary
/// matches), with the words.
fn guess(text: &str) -> Option<(&'static str, String, Vec<String>)> {
    let v = vocabulary();
    let sections: [(&'static str, &'static Entries); 4] = [
        ("funds", &v.funds),
        ("goal", &v.goal),
        ("table.group", &v.group),
        ("table.row", &v.row),
    ];
    sections.into_iter().find_map(|(section, entries)| {
        Vocabulary::guessed_field(entries, text)
            .map(|(f, words)| (section, f.to_string(), words.to_vec()))
    })
}

/// Key words to start a label nothing took from: its key's runs of text
/// between brackets and punctuation (`年初部门预算安排金额（含历年结余结转）`
/// → `年初部门预算安排金额`, `含历年结余结转`).
pub fn proposed_keys(text: &str) -> Vec<String> {
    let key = crate::vocab::label_key(text);
    key.split(|c: char| !(c.is_alphanumeric() || is_cjk_ideograph(c)))
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_string)
        .collect()
}

fn is_cjk_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Reads a form's layout with the generic reader into a draft.
pub fn draft(layout: &FormLayout) -> Draft {
    let (doc, fit) = match_layout_fit(layout, generic());
    let mut given: Vec<Given> = Vec::new();
    for cell in layout.rows.iter().flat_map(|r| &r.cells) {
        let label = clean_text(&cell.text);
        if label.is_empty() || given.iter().any(|g| g.label == label) {
            continue;
        }
        if let Some((section, field)) = classify(&label) {
            given.push(Given {
                label,
                section,
                field,
                keys: Vec::new(),
            });
        } else if let Some((section, field, keys)) = guess(&label) {
            given.push(Given {
                label,
                section,
                field,
                keys,
            });
        }
    }
    // A title no vocabulary names: the first line above the table.
    let title = doc.title.clone().or_else(|| {
        layout
            .lines
            .iter()
            .find(|l| l.above_table && is_title_like(&l.text))
            .map(|l| clean_text(&l.text))
    });
    Draft {
        title,
        form: super::generic_form(layout, &doc).to_string(),
        given,
        fit,
    }
}

impl Draft {
    fn has(&self, section: &str) -> bool {
        self.given.iter().any(|g| g.section == section)
    }

    fn in_section(&self, section: &str) -> impl Iterator<Item = &Given> {
        self.given.iter().filter(move |g| g.section == section)
    }

    /// The template file's text: sections for the blocks found, each field
    /// with the label it was found by, and the labels nothing took.
    pub fn to_toml(&self, id: &str, source: &str) -> String {
        let mut out = String::new();
        let title_end = self.title.clone().unwrap_or_else(|| "绩效自评表".into());
        out.push_str(&format!(
            "# Drafted from {source} by `evalform template draft`.\n\
             # The generic reader {}. Check each field, add the labels\n\
             # nothing took (as a list of extra labels: `note = [\"原因说明\"]`),\n\
             # then read with `evalform extract --template {id}.toml FILE`.\n\n",
            self.fit.describe()
        ));
        out.push_str(&format!("id = {}\n", quote(id)));
        out.push_str(&format!("form = {}\n", quote(&self.form)));
        out.push_str(&format!("title = [{}]\n", quote(&title_end)));
        out.push_str("\n# Key/value label cells: label → field.\n[fields]\n");
        let mut seen: Vec<&str> = Vec::new();
        for g in self.in_section("fields") {
            if !seen.contains(&g.field.as_str()) {
                seen.push(&g.field);
                out.push_str(&format!("{} = true  # {}\n", g.field, g.label));
            }
        }
        for (section, header) in [("funds", "[funds]"), ("goal", "[goal]")] {
            if !self.has(section) {
                continue;
            }
            out.push_str(&format!("\n{header}\n"));
            for g in self.in_section(section) {
                out.push_str(&given_line(g, section));
            }
        }
        let table = ["table", "table.group", "table.inherit", "table.row"];
        if table.iter().any(|s| self.has(s)) {
            out.push_str("\n[table]\n");
            if let Some(name) = self.in_section("table.row").find(|g| g.field == "name") {
                out.push_str(&format!("header = [{}]\n", quote(&name.label)));
            }
            if self.has("table.group") {
                out.push_str("tasks = true\n");
            }
            if self.has("table.inherit") {
                out.push_str("levels = true\n");
            }
            for s in table {
                for g in self.in_section(s) {
                    out.push_str(&given_line(g, s));
                }
            }
        }
        out.push_str(
            "\n# Labels nothing took, each with a label and key words to name it by\n\
             # (under the field's section: `field = [\"label\"]`, or in the\n\
             # vocabulary: `keys = [[\"word\", \"word\"]]`, every word present):\n",
        );
        if self.fit.untaken.is_empty() {
            out.push_str("#   (none)\n");
        }
        for l in &self.fit.untaken {
            let keys = proposed_keys(l)
                .iter()
                .map(|k| quote(k))
                .collect::<Vec<_>>()
                .join(", ");
            out.push_str(&format!(
                "#   {l}: label {}, keys [[{keys}]]\n",
                quote(&crate::vocab::label_key(l))
            ));
        }
        out
    }
}

/// A found label's comment line: the field it names, and for one only key
/// words named, the words and the line that would name it by its label.
fn given_line(g: &Given, section: &str) -> String {
    let place = if section.starts_with("table") {
        format!("{section} {}", g.field)
    } else {
        g.field.clone()
    };
    if g.keys.is_empty() {
        return format!("# {} → {place}\n", g.label);
    }
    format!(
        "# {} → {place}, guessed by its key words {}; to name it: {} = [{}]\n",
        g.label,
        g.keys.join(" + "),
        g.field,
        quote(&g.label)
    )
}

/// A line that could be a title: short, no digits, no colon.
fn is_title_like(text: &str) -> bool {
    let t = clean_text(text);
    let n = t.chars().count();
    (4..=40).contains(&n) && !t.contains(['：', ':']) && !t.chars().any(|c| c.is_ascii_digit())
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let escaped: String = s
        .chars()
        .flat_map(|c| match c {
            '"' => vec!['\\', '"'],
            '\\' => vec!['\\', '\\'],
            '\n' => vec!['\\', 'n'],
            c => vec![c],
        })
        .collect();
    format!("\"{escaped}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_given_their_sections() {
        assert_eq!(classify("项目名称"), Some(("fields", "project".into())));
        assert_eq!(classify("全年执行数(B)"), Some(("funds", "actual".into())));
        assert_eq!(
            classify("一级指标"),
            Some(("table.inherit", "level1".into()))
        );
        assert_eq!(classify("完成值"), Some(("table.row", "actual".into())));
        assert_eq!(classify("合计"), Some(("table", "total".into())));
        assert_eq!(classify("报表编号"), None);
        assert_eq!(classify("②年中调整金额"), None, "key words are a guess");
        assert_eq!(
            guess("②年中调整金额"),
            Some(("funds", "adjustment".into(), vec!["调整".to_string()]))
        );
        assert_eq!(
            proposed_keys("本年度结余金额 ⑥=③-④"),
            vec!["本年度结余金额".to_string()]
        );
        assert_eq!(
            proposed_keys("年初部门预算安排金额（含历年结余结转）"),
            vec!["年初部门预算安排金额", "含历年结余结转"]
        );
        assert_eq!(quote("a\"b"), "\"a\\\"b\"");
    }
}
