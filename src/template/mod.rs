//! Template stage: map a [`crate::layout::FormLayout`] to an `evalform/1` document
//! through declarative template files (`templates/*.toml`).
//!
//! A template names, by regular expressions over cleaned cell text, the labels
//! of the form's key/value cells, the columns of its money table, its goal
//! block and its repeating table of tasks and indicators. The built-in
//! templates are embedded in the binary; `--template FILE` adds a user's own.

internal! {
    draft;
    fit;
}
mod grid;
mod matcher;
mod table;
pub use table::EXTRA;
pub mod listing;
mod values;

use std::collections::BTreeMap;
use std::path::Path;

use regex::Regex;
use serde::Deserialize;

use crate::vocab::{Entries, Labels, Vocabulary, label_key, vocabulary};

pub use draft::draft;
pub use fit::Fit;
pub use matcher::{has_table_header, match_layout, match_layout_fit, score_template};

/// The templates shipped inside the binary: (file name, text).
pub const BUILTIN: &[(&str, &str)] = &[
    ("gz_dept.toml", include_str!("../../templates/gz_dept.toml")),
    (
        "national_project.toml",
        include_str!("../../templates/national_project.toml"),
    ),
    (
        "national_dept.toml",
        include_str!("../../templates/national_dept.toml"),
    ),
];

/// What a label cell must be to fill a field: the vocabulary's labels (with
/// a template's extra literals) and, from a user's template, a regular
/// expression over the cell's cleaned text.
#[derive(Debug, Clone, Default)]
pub struct Pattern {
    pub labels: Labels,
    pub regex: Option<Regex>,
}

impl Pattern {
    fn of(labels: Labels) -> Pattern {
        Pattern {
            labels,
            regex: None,
        }
    }

    /// True when the cell's text is one of the labels or matches the expression.
    pub fn is_match(&self, text: &str) -> bool {
        self.is_match_keyed(text, &crate::vocab::key_of(text))
    }

    /// [`Pattern::is_match`] with the text's [`label_key`] given: one key for
    /// the many patterns a cell is tried against.
    pub fn is_match_keyed(&self, text: &str, key: &str) -> bool {
        self.labels.matches_key(key) || self.regex.as_ref().is_some_and(|r| r.is_match(text))
    }

    /// The labels and expression, for messages: `部门整体支出绩效自评表`.
    pub fn describe(&self) -> String {
        let mut parts: Vec<&str> = self.labels.all().collect();
        if let Some(r) = &self.regex {
            parts.push(r.as_str());
        }
        parts.join("|")
    }
}

/// A compiled template.
#[derive(Debug, Clone)]
pub struct Template {
    /// The template's name (`source.template`): its file's stem.
    pub id: String,
    /// The form kind it reads: `project` or `department_overall`.
    pub form: String,
    /// The title it reads.
    pub title: Pattern,
    /// Key/value labels: field name → label pattern.
    pub fields: Vec<(String, Pattern)>,
    /// The money block, when the form has one.
    pub funds: Option<FundsBlock>,
    /// The goal block, when the form has one.
    pub goal: Option<GoalBlock>,
    /// The repeating table of tasks and indicators.
    pub table: Option<TableBlock>,
    /// Contact roles (`项目经办人`, `填报人` …) as one pattern.
    pub contact_roles: Roles,
    /// True for the reader of forms no template names (`source.template` = `generic`).
    pub generic: bool,
}

#[derive(Debug, Clone)]
pub struct FundsBlock {
    pub label: Pattern,
    /// Column patterns: funds field name (`source`, `initial_budget` …) → header label.
    pub columns: Vec<(String, Pattern)>,
}

#[derive(Debug, Clone)]
pub struct GoalBlock {
    pub label: Pattern,
    pub expected: Pattern,
    pub achieved: Pattern,
}

/// What a column of the repeating table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// One merged cell per task (`task_no`, `task_expected` …).
    Group,
    /// Merged down over the rows it heads; each row inherits it (`level1`).
    Inherit,
    /// One cell per indicator row.
    Row,
}

#[derive(Debug, Clone)]
pub struct TableBlock {
    pub header: Pattern,
    pub min_columns: usize,
    pub end: Pattern,
    /// The row that ends the table with the total score (总分, 合计).
    pub total: Labels,
    /// A header cell that names the name column when no name label is printed (绩效指标).
    pub name_fallback: Labels,
    /// (field, role, header pattern), in the vocabulary's order within each role.
    pub columns: Vec<(String, Role, Pattern)>,
}

/// A template's entry for one field: `true` (the vocabulary's labels), a list
/// of extra labels, or a regular expression (a user's own template).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawPattern {
    Vocabulary(bool),
    Extra(Vec<String>),
    Regex(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    id: String,
    form: String,
    title: RawPattern,
    /// Absent: every key/value field of the vocabulary.
    fields: Option<BTreeMap<String, RawPattern>>,
    funds: Option<toml::Table>,
    goal: Option<RawGoal>,
    table: Option<RawTable>,
    #[serde(default)]
    contacts: Option<RawContacts>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoal {
    label: Option<RawPattern>,
    expected: Option<RawPattern>,
    achieved: Option<RawPattern>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    header: Option<RawPattern>,
    #[serde(default = "default_min_columns")]
    min_columns: usize,
    end: Option<RawPattern>,
    /// The form has the 主要任务 block's columns (one merged cell per task).
    #[serde(default)]
    tasks: bool,
    /// The form has 一级指标 / 二级指标 columns merged over the rows they head.
    #[serde(default)]
    levels: bool,
    #[serde(default)]
    group: toml::Table,
    #[serde(default)]
    inherit: toml::Table,
    #[serde(default)]
    row: toml::Table,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContacts {
    roles: String,
}

fn default_min_columns() -> usize {
    4
}

/// Key/value fields whose row ends the indicator table.
const TABLE_ENDERS: &[&str] = &["problems", "improvements", "conclusion"];

impl Template {
    /// Parses and compiles a template file's text; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Template, String> {
        let v = vocabulary();
        let raw: RawTemplate = toml::from_str(text).map_err(|e| e.to_string())?;
        let fields = match &raw.fields {
            None => v
                .fields
                .iter()
                .map(|(k, l)| (k.clone(), Pattern::of(l.clone())))
                .collect(),
            Some(map) => map
                .iter()
                .map(|(k, p)| Ok((k.clone(), on_vocabulary(&v.fields, k, p, "fields")?)))
                .collect::<Result<Vec<_>, String>>()?,
        };
        let title = match &raw.title {
            RawPattern::Extra(list) => Pattern::of(Labels {
                contains: list.iter().map(|l| label_key(l)).collect(),
                ..Labels::default()
            }),
            RawPattern::Regex(r) => Pattern {
                labels: Labels::default(),
                regex: Some(regex(r)?),
            },
            RawPattern::Vocabulary(_) => return Err("`title` must be a pattern or a list".into()),
        };
        let funds = raw.funds.as_ref().map(compile_funds).transpose()?;
        let goal = raw.goal.as_ref().map(compile_goal).transpose()?;
        let table = raw.table.as_ref().map(compile_table).transpose()?;
        let contact_roles = match raw.contacts {
            Some(c) => Roles::Regex(regex(&c.roles)?),
            None => Roles::Literals(v.roles.clone()),
        };
        Ok(Template {
            id: raw.id,
            form: raw.form,
            title,
            fields,
            funds,
            goal,
            table,
            contact_roles,
            generic: false,
        })
    }

    /// Loads a template file.
    pub fn load(path: &Path) -> Result<Template, crate::Error> {
        let err = |reason: String| crate::Error::Template {
            path: path.to_path_buf(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        Template::parse(&text).map_err(err)
    }

    /// The built-in templates.
    pub fn builtin() -> Vec<Template> {
        // Compiled once per process: every read (and the trust check) asks for them.
        static COMPILED: std::sync::OnceLock<Vec<Template>> = std::sync::OnceLock::new();
        COMPILED
            .get_or_init(|| {
                BUILTIN
                    .iter()
                    .map(|(name, text)| {
                        Template::parse(text)
                            .unwrap_or_else(|e| panic!("built-in template {name} is invalid: {e}"))
                    })
                    .collect()
            })
            .clone()
    }
}

/// The contact roles a signature line names (`填报人`, `项目负责人` …).
#[derive(Debug, Clone)]
pub enum Roles {
    /// The vocabulary's roles, tried in their order at each position.
    Literals(Vec<String>),
    /// A template's own expression (`[contacts] roles`).
    Regex(Regex),
}

impl Roles {
    /// Where the roles named in `text` are, left to right, not overlapping:
    /// (start, end) byte offsets. At each position the first role in order
    /// that begins there is taken, as an alternation of them would.
    pub fn find_all(&self, text: &str) -> Vec<(usize, usize)> {
        match self {
            Roles::Regex(r) => r.find_iter(text).map(|m| (m.start(), m.end())).collect(),
            Roles::Literals(list) => {
                let mut found = Vec::new();
                let mut i = 0;
                while let Some(c) = text[i..].chars().next() {
                    let rest = &text[i..];
                    match list
                        .iter()
                        .find(|l| !l.is_empty() && rest.starts_with(l.as_str()))
                    {
                        Some(l) => {
                            found.push((i, i + l.len()));
                            i += l.len();
                        }
                        None => i += c.len_utf8(),
                    }
                }
                found
            }
        }
    }
}

/// A template's entry on top of the vocabulary's labels for the same field.
fn on_vocabulary(
    entries: &Entries,
    field: &str,
    raw: &RawPattern,
    section: &str,
) -> Result<Pattern, String> {
    let Some(base) = Vocabulary::labels(entries, field) else {
        let known: Vec<&str> = entries.iter().map(|(f, _)| f.as_str()).collect();
        return Err(format!(
            "unknown field `{field}` in [{section}]; known: {}",
            known.join(", ")
        ));
    };
    extend(base, raw)
}

fn extend(base: &Labels, raw: &RawPattern) -> Result<Pattern, String> {
    Ok(match raw {
        RawPattern::Vocabulary(true) => Pattern::of(base.clone()),
        RawPattern::Vocabulary(false) => Pattern::default(),
        RawPattern::Extra(list) => Pattern::of(base.union(&Labels {
            labels: list.iter().map(|l| label_key(l)).collect(),
            ..Labels::default()
        })),
        RawPattern::Regex(r) => Pattern {
            labels: base.clone(),
            regex: Some(regex(r)?),
        },
    })
}

fn regex(pattern: &str) -> Result<Regex, String> {
    Regex::new(pattern).map_err(|e| format!("bad pattern {pattern:?}: {e}"))
}

fn raw_of(v: &toml::Value, key: &str) -> Result<RawPattern, String> {
    v.clone()
        .try_into()
        .map_err(|_| format!("`{key}` must be true, a list of labels or a pattern"))
}

/// Every column of `entries`, with the template's entries on top.
fn columns_of(
    entries: &Entries,
    raw: &toml::Table,
    section: &str,
) -> Result<Vec<(String, Pattern)>, String> {
    for k in raw.keys() {
        if Vocabulary::labels(entries, k).is_none() && k != "label" {
            on_vocabulary(entries, k, &RawPattern::Vocabulary(true), section)?;
        }
    }
    entries
        .iter()
        .map(|(field, base)| {
            let p = match raw.get(field) {
                Some(v) => extend(base, &raw_of(v, field)?)?,
                None => Pattern::of(base.clone()),
            };
            Ok((field.clone(), p))
        })
        .collect()
}

fn compile_funds(raw: &toml::Table) -> Result<FundsBlock, String> {
    let v = vocabulary();
    let label = match raw.get("label") {
        Some(l) => extend(&v.funds_label, &raw_of(l, "label")?)?,
        None => Pattern::of(v.funds_label.clone()),
    };
    Ok(FundsBlock {
        label,
        columns: columns_of(&v.funds, raw, "funds")?,
    })
}

fn compile_goal(raw: &RawGoal) -> Result<GoalBlock, String> {
    let v = vocabulary();
    let part = |field: &str, raw: &Option<RawPattern>| -> Result<Pattern, String> {
        let base = Vocabulary::labels(&v.goal, field)
            .cloned()
            .unwrap_or_default();
        match raw {
            Some(r) => extend(&base, r),
            None => Ok(Pattern::of(base)),
        }
    };
    Ok(GoalBlock {
        label: match &raw.label {
            Some(r) => extend(&v.goal_label, r)?,
            None => Pattern::of(v.goal_label.clone()),
        },
        expected: part("expected", &raw.expected)?,
        achieved: part("achieved", &raw.achieved)?,
    })
}

/// The labels that end the indicator table: a row led by a problem,
/// improvement or conclusion label or by a signature (each maybe followed by
/// its text), or by a total label alone.
fn table_end() -> Labels {
    let v = vocabulary();
    let of = |fields: &[&str]| -> Vec<String> {
        v.fields
            .iter()
            .filter(|(f, _)| fields.contains(&f.as_str()))
            .flat_map(|(_, l)| l.all().map(str::to_string))
            .collect()
    };
    let mut starts = of(TABLE_ENDERS);
    starts.extend(v.roles.iter().map(|r| label_key(r)));
    let mut labels = of(&["total_score"]);
    labels.extend(v.table_total.labels.iter().cloned());
    Labels {
        labels,
        starts,
        ..Labels::default()
    }
}

fn compile_table(raw: &RawTable) -> Result<TableBlock, String> {
    let v = vocabulary();
    let mut columns = Vec::new();
    for (section, role, entries, t) in [
        ("table.group", Role::Group, &v.group, &raw.group),
        ("table.inherit", Role::Inherit, &v.inherit, &raw.inherit),
        ("table.row", Role::Row, &v.row, &raw.row),
    ] {
        let wanted = match role {
            Role::Group => raw.tasks || !t.is_empty(),
            Role::Inherit => raw.levels || !t.is_empty(),
            Role::Row => true,
        };
        if !wanted {
            continue;
        }
        for (field, p) in columns_of(entries, t, section)? {
            columns.push((field, role, p));
        }
    }
    let name = Vocabulary::labels(&v.row, "name")
        .cloned()
        .unwrap_or_default();
    let header_base = name.union(&v.table_label);
    // A template's header labels are its own: the row that opens its table.
    let header = match &raw.header {
        Some(r) => extend(&Labels::default(), r)?,
        None => Pattern::of(header_base),
    };
    let end = match &raw.end {
        Some(r) => extend(&table_end(), r)?,
        None => Pattern::of(table_end()),
    };
    Ok(TableBlock {
        header,
        min_columns: raw.min_columns,
        end,
        total: v.table_total.clone(),
        name_fallback: v.table_label.clone(),
        columns,
    })
}

/// The template of the generic reader: every field, block and column of the
/// vocabulary, the title any form's title line.
pub fn generic() -> &'static Template {
    static GENERIC: std::sync::OnceLock<Template> = std::sync::OnceLock::new();
    GENERIC.get_or_init(|| {
        let v = vocabulary();
        let mut t = Template::parse(GENERIC_TEMPLATE).expect("the generic template is valid");
        t.title = Pattern::of(Labels {
            contains: v.title_endings().map(str::to_string).collect(),
            ..Labels::default()
        });
        t.generic = true;
        t
    })
}

/// The form kind of a document the generic reader read: what its title
/// names (a target table or a self-evaluation; the department's or a
/// project's), else `project` when it has a project name, else
/// `department_overall`.
pub fn generic_form(layout: &crate::layout::FormLayout, doc: &crate::Document) -> &'static str {
    let table_department = doc.project.is_none();
    doc.title
        .iter()
        .map(String::as_str)
        .chain(layout.lines.iter().map(|l| l.text.as_str()))
        .find_map(crate::title::title_kind)
        .map_or(
            if table_department {
                "department_overall"
            } else {
                "project"
            },
            |k| k.form(table_department),
        )
}

/// A named template's form kind corrected by the document's title: a
/// 绩效目标表 is a target table whatever template read it, and the title's
/// kind word (部门整体, 项目 …) names whose form it is.
pub fn titled_form(template_form: &str, doc: &crate::Document) -> Option<&'static str> {
    let kind = crate::title::title_kind(doc.title.as_deref()?)?;
    Some(kind.form(template_form.starts_with("department")))
}

const GENERIC_TEMPLATE: &str = "id = \"generic\"\nform = \"project\"\ntitle = [\"绩效自评表\"]\n[funds]\n[goal]\n[table]\ntasks = true\nlevels = true\nmin_columns = 3\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_templates_compile() {
        let t = Template::builtin();
        assert_eq!(t.len(), 3);
        assert!(t.iter().any(|t| t.id == "gz_dept" && t.table.is_some()));
    }

    #[test]
    fn unknown_field_is_reported() {
        let err =
            Template::parse("id='x'\nform='project'\ntitle='t'\n[fields]\nbogus='a'").unwrap_err();
        assert!(err.contains("unknown field `bogus`"), "{err}");
    }

    #[test]
    fn bad_regex_is_reported() {
        let err = Template::parse("id='x'\nform='project'\ntitle='('").unwrap_err();
        assert!(err.contains("bad pattern"), "{err}");
    }
}
