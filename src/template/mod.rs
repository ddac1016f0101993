//! Template stage: map a [`crate::layout::FormLayout`] to an `evalform/1` document
//! through declarative template files (`templates/*.toml`).
//!
//! A template names, by regular expressions over cleaned cell text, the labels
//! of the form's key/value cells, the columns of its money table, its goal
//! block and its repeating table of tasks and indicators. The built-in
//! templates are embedded in the binary; `--template FILE` adds a user's own.

pub mod fit;
mod matcher;
mod table;

use std::collections::BTreeMap;
use std::path::Path;

use regex::Regex;
use serde::Deserialize;

pub use fit::Fit;
pub use matcher::{
    has_table_header, match_layout, match_layout_fit, missing_blocks, score_template,
};

/// The templates shipped inside the binary: (file name, text).
pub const BUILTIN: &[(&str, &str)] = &[
    ("gz_dept.toml", include_str!("../../templates/gz_dept.toml")),
    (
        "national_project.toml",
        include_str!("../../templates/national_project.toml"),
    ),
];

/// A compiled template.
#[derive(Debug, Clone)]
pub struct Template {
    pub id: String,
    pub form: String,
    pub title: Regex,
    /// Key/value labels: field name → label pattern.
    pub fields: Vec<(String, Regex)>,
    pub funds: Option<FundsBlock>,
    pub goal: Option<GoalBlock>,
    pub table: Option<TableBlock>,
    /// Contact roles (`项目经办人`, `填报人` …) as one pattern.
    pub contact_roles: Regex,
}

#[derive(Debug, Clone)]
pub struct FundsBlock {
    pub label: Option<Regex>,
    /// Column patterns: funds field name (`source`, `initial_budget` …) → header label.
    pub columns: Vec<(String, Regex)>,
}

#[derive(Debug, Clone)]
pub struct GoalBlock {
    pub label: Regex,
    pub expected: Regex,
    pub achieved: Regex,
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
    pub header: Regex,
    pub min_columns: usize,
    pub end: Regex,
    /// (field, role, header pattern), in the file's order within each role.
    pub columns: Vec<(String, Role, Regex)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    id: String,
    form: String,
    title: String,
    #[serde(default)]
    fields: BTreeMap<String, String>,
    funds: Option<RawFunds>,
    goal: Option<RawGoal>,
    table: Option<RawTable>,
    #[serde(default)]
    contacts: Option<RawContacts>,
}

#[derive(Debug, Deserialize)]
struct RawFunds {
    label: Option<String>,
    #[serde(flatten)]
    columns: toml::Table,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoal {
    label: String,
    expected: String,
    achieved: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    header: String,
    #[serde(default = "default_min_columns")]
    min_columns: usize,
    end: String,
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
    3
}

const KV_FIELDS: &[&str] = &[
    "entity",
    "project",
    "supervisor",
    "implementer",
    "unit",
    "problems",
    "improvements",
    "total_score",
];
const FUNDS_FIELDS: &[&str] = &[
    "source",
    "initial_budget",
    "adjustment",
    "full_year_budget",
    "actual",
    "execution_rate",
    "adjustment_rate",
    "weight",
    "score",
];
const GROUP_FIELDS: &[&str] = &[
    "task_no",
    "task_name",
    "task_expected",
    "task_achieved",
    "task_funds",
];
const INHERIT_FIELDS: &[&str] = &["level1", "level2"];
const ROW_FIELDS: &[&str] = &[
    "name", "formula", "target", "actual", "weight", "score", "note",
];
const DEFAULT_CONTACT_ROLES: &str = "项目经办人|项目负责人|填报人|经办人|负责人|联系人|审核人";

impl Template {
    /// Parses and compiles a template file's text; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Template, String> {
        let raw: RawTemplate = toml::from_str(text).map_err(|e| e.to_string())?;
        let fields = raw
            .fields
            .iter()
            .map(|(k, v)| Ok((known(k, KV_FIELDS, "fields")?, regex(v)?)))
            .collect::<Result<Vec<_>, String>>()?;
        let funds = raw.funds.map(compile_funds).transpose()?;
        let goal = raw
            .goal
            .map(|g| -> Result<GoalBlock, String> {
                Ok(GoalBlock {
                    label: regex(&g.label)?,
                    expected: regex(&g.expected)?,
                    achieved: regex(&g.achieved)?,
                })
            })
            .transpose()?;
        let table = raw.table.map(compile_table).transpose()?;
        let roles = raw
            .contacts
            .map_or(DEFAULT_CONTACT_ROLES.to_string(), |c| c.roles);
        Ok(Template {
            id: raw.id,
            form: raw.form,
            title: regex(&raw.title)?,
            fields,
            funds,
            goal,
            table,
            contact_roles: regex(&roles)?,
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

fn known(name: &str, allowed: &[&str], section: &str) -> Result<String, String> {
    if allowed.contains(&name) {
        Ok(name.to_string())
    } else {
        Err(format!(
            "unknown field `{name}` in [{section}]; known: {}",
            allowed.join(", ")
        ))
    }
}

fn regex(pattern: &str) -> Result<Regex, String> {
    Regex::new(pattern).map_err(|e| format!("bad pattern {pattern:?}: {e}"))
}

fn pattern_of(v: &toml::Value, key: &str) -> Result<Regex, String> {
    v.as_str()
        .ok_or_else(|| format!("`{key}` must be a string pattern"))
        .and_then(regex)
}

fn compile_funds(raw: RawFunds) -> Result<FundsBlock, String> {
    let columns = raw
        .columns
        .iter()
        .map(|(k, v)| Ok((known(k, FUNDS_FIELDS, "funds")?, pattern_of(v, k)?)))
        .collect::<Result<Vec<_>, String>>()?;
    Ok(FundsBlock {
        label: raw.label.as_deref().map(regex).transpose()?,
        columns,
    })
}

fn compile_table(raw: RawTable) -> Result<TableBlock, String> {
    let mut columns = Vec::new();
    for (section, role, allowed, t) in [
        ("table.group", Role::Group, GROUP_FIELDS, &raw.group),
        ("table.inherit", Role::Inherit, INHERIT_FIELDS, &raw.inherit),
        ("table.row", Role::Row, ROW_FIELDS, &raw.row),
    ] {
        for (k, v) in t {
            columns.push((known(k, allowed, section)?, role, pattern_of(v, k)?));
        }
    }
    if !columns.iter().any(|c| c.0 == "name") {
        return Err("[table.row] needs a `name` column".into());
    }
    Ok(TableBlock {
        header: regex(&raw.header)?,
        min_columns: raw.min_columns,
        end: regex(&raw.end)?,
        columns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_templates_compile() {
        let t = Template::builtin();
        assert_eq!(t.len(), 2);
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
