//! The forms' vocabulary (`templates/vocabulary.toml`): for every field of the
//! output, the labels forms print for it. Templates, the text-rendition
//! reader, the trust check, the form splitter and the generic reader all read
//! labels from here.
//!
//! Labels are plain strings compared after [`label_key`]; no regular
//! expression is compiled for them.

use std::rc::Rc;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::normalize::clean_text;

pub mod marks;

/// The vocabulary's text, embedded like the templates.
pub const VOCABULARY: &str = include_str!("../templates/vocabulary.toml");

/// A set of labels: whole-cell, substring and prefix matches, over label
/// keys; and key words, tried only where no label of a block matches.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub contains: Vec<String>,
    #[serde(default)]
    pub starts: Vec<String>,
    /// Sets of key words: a header holding every word of one set means the
    /// field (`["年初", "预算"]`: 年初部门预算安排金额).
    #[serde(default)]
    pub keys: Vec<Vec<String>>,
}

impl Labels {
    /// Keys folded once, so matching compares keys with keys.
    fn folded(mut self) -> Labels {
        for list in [&mut self.labels, &mut self.contains, &mut self.starts] {
            for l in list.iter_mut() {
                *l = label_key(l);
            }
        }
        for set in &mut self.keys {
            for w in set.iter_mut() {
                *w = label_key(w);
            }
            set.retain(|w| !w.is_empty());
        }
        self.keys.retain(|set| !set.is_empty());
        self
    }

    /// The longest set of key words the label key holds every word of.
    pub fn words_for(&self, key: &str) -> Option<&[String]> {
        self.keys
            .iter()
            .filter(|set| set.iter().all(|w| key.contains(w.as_str())))
            .max_by_key(|set| set.iter().map(|w| w.chars().count()).sum::<usize>())
            .map(Vec::as_slice)
    }

    /// How well the key words name a label key: the characters of the
    /// longest set whose every word the key holds; `None` when no set does.
    pub fn keyed(&self, key: &str) -> Option<usize> {
        self.keys
            .iter()
            .filter(|set| set.iter().all(|w| key.contains(w.as_str())))
            .map(|set| set.iter().map(|w| w.chars().count()).sum())
            .max()
    }

    /// True when the label key `key` is one of these labels.
    pub fn matches_key(&self, key: &str) -> bool {
        !key.is_empty()
            && (self.labels.iter().any(|l| l == key)
                || self
                    .contains
                    .iter()
                    .any(|l| l.len() <= key.len() && key.contains(l.as_str()))
                || self.starts.iter().any(|l| key.starts_with(l.as_str())))
    }

    /// True when a cell's text is one of these labels.
    pub fn matches(&self, text: &str) -> bool {
        self.matches_key(&key_of(text))
    }

    /// True when the key begins with one of the labels (a label followed by its value).
    pub fn prefixes_key(&self, key: &str) -> bool {
        self.labels
            .iter()
            .chain(&self.contains)
            .chain(&self.starts)
            .any(|l| key.starts_with(l.as_str()))
    }

    /// Every literal, for the trust check and the template draft.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.labels
            .iter()
            .chain(&self.contains)
            .chain(&self.starts)
            .map(String::as_str)
    }

    /// Joins two sets (a template's extra labels onto the vocabulary's).
    pub fn union(&self, other: &Labels) -> Labels {
        let mut out = self.clone();
        out.labels.extend(other.labels.iter().cloned());
        out.contains.extend(other.contains.iter().cloned());
        out.starts.extend(other.starts.iter().cloned());
        out.keys.extend(other.keys.iter().cloned());
        out
    }
}

/// The entry of `entries` whose key words best name a label key: the most
/// characters matched, the first in order on a tie.
pub fn best_keyed<'a, T>(
    entries: impl IntoIterator<Item = (T, &'a Labels)>,
    key: &str,
) -> Option<T> {
    let mut best: Option<(usize, T)> = None;
    for (item, labels) in entries {
        if let Some(n) = labels.keyed(key)
            && best.as_ref().is_none_or(|(b, _)| n > *b)
        {
            best = Some((n, item));
        }
    }
    best.map(|(_, item)| item)
}

/// A field and its labels, in the vocabulary's order.
pub type Entries = Vec<(String, Labels)>;

/// The parsed vocabulary.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// What a form's title ends with, and the kind words before it.
    pub titles: Titles,
    /// The money columns of a table that lists several projects.
    pub listing: Listing,
    pub fields: Entries,
    pub funds_label: Labels,
    pub funds: Entries,
    pub goal_label: Labels,
    pub goal: Entries,
    pub table_label: Labels,
    pub table_total: Labels,
    /// The task grid's own label (年度主要任务完成情况), printed over it.
    pub grid_label: Labels,
    pub task_prefix: Vec<String>,
    /// An indicator's number printed before its name (`指标1：`).
    pub name_prefix: Vec<String>,
    pub group: Entries,
    pub inherit: Entries,
    pub row: Entries,
    /// Signature roles, longest first (so 单位负责人 wins over 负责人).
    pub roles: Vec<String>,
    pub phone: Vec<String>,
    /// What ends a signer's name besides the next role (填报日期).
    pub contact_ends: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    titles: Titles,
    listing: Listing,
    fields: toml::Table,
    funds: toml::Table,
    goal: toml::Table,
    table: RawTable,
    contacts: RawContacts,
}

/// Title lines (`[titles]`): the endings of a self-evaluation's and a target
/// table's title, and the kind words that say whose form it is.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Titles {
    pub self_evaluation: Vec<String>,
    pub target: Vec<String>,
    pub department: Vec<String>,
    pub project: Vec<String>,
    pub department_fallback: Vec<String>,
}

/// A listing's money columns (`[listing]`): the words of a header naming a
/// project's money, and the first words of the headers of its parts printed
/// beside it (two breakdowns of one total, kept as the document's `extra`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Listing {
    pub money: Vec<String>,
    pub money_parts: Vec<String>,
}

/// What a title says about its form: a target table or a self-evaluation,
/// and whose (the department's own, a project's) when a kind word says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TitleKind {
    pub target: bool,
    /// `Some(true)` for the department's own form, `Some(false)` for a
    /// project's, `None` when the title names neither.
    pub department: Option<bool>,
}

impl TitleKind {
    /// The `form` value: the title's kind word, else what the table says
    /// (`table_department`).
    pub fn form(self, table_department: bool) -> &'static str {
        match (self.target, self.department.unwrap_or(table_department)) {
            (false, true) => "department_overall",
            (false, false) => "project",
            (true, true) => "department_target",
            (true, false) => "project_target",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    label: Labels,
    total: Labels,
    #[serde(default)]
    grid_label: Labels,
    task_prefix: Vec<String>,
    #[serde(default)]
    name_prefix: Vec<String>,
    group: toml::Table,
    inherit: toml::Table,
    row: toml::Table,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContacts {
    roles: Vec<String>,
    phone: Vec<String>,
    #[serde(default)]
    ends: Vec<String>,
}

fn entries(t: &toml::Table, skip: &[&str]) -> Result<Entries, String> {
    t.iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .map(|(k, v)| {
            let l: Labels = v.clone().try_into().map_err(|e| format!("{k}: {e}"))?;
            Ok((k.clone(), l.folded()))
        })
        .collect()
}

fn labels_of(t: &toml::Table, key: &str) -> Result<Labels, String> {
    let v = t.get(key).ok_or_else(|| format!("missing `{key}`"))?;
    let l: Labels = v.clone().try_into().map_err(|e| format!("{key}: {e}"))?;
    Ok(l.folded())
}

impl Vocabulary {
    /// Parses a vocabulary file's text.
    pub fn parse(text: &str) -> Result<Vocabulary, String> {
        let raw: Raw = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut titles = raw.titles;
        for list in [
            &mut titles.self_evaluation,
            &mut titles.target,
            &mut titles.department,
            &mut titles.project,
            &mut titles.department_fallback,
        ] {
            for l in list.iter_mut() {
                *l = label_key(l);
            }
            // Longest first: 目标表预算表 before 目标表.
            list.sort_by_key(|l| std::cmp::Reverse(l.chars().count()));
        }
        let mut listing = raw.listing;
        for l in listing.money.iter_mut().chain(listing.money_parts.iter_mut()) {
            *l = label_key(l);
        }
        let mut roles = raw.contacts.roles;
        roles.sort_by_key(|r| std::cmp::Reverse(r.chars().count()));
        Ok(Vocabulary {
            titles,
            listing,
            fields: entries(&raw.fields, &[])?,
            funds_label: labels_of(&raw.funds, "label")?,
            funds: entries(&raw.funds, &["label"])?,
            goal_label: labels_of(&raw.goal, "label")?,
            goal: entries(&raw.goal, &["label"])?,
            table_label: raw.table.label.folded(),
            table_total: raw.table.total.folded(),
            grid_label: raw.table.grid_label.folded(),
            task_prefix: raw.table.task_prefix,
            name_prefix: raw.table.name_prefix,
            group: entries(&raw.table.group, &[])?,
            inherit: entries(&raw.table.inherit, &[])?,
            row: entries(&raw.table.row, &[])?,
            roles,
            phone: raw.contacts.phone,
            contact_ends: raw.contacts.ends,
        })
    }

    /// The field of `entries` a cell's text names by its labels, if any.
    pub fn field_of<'a>(entries: &'a Entries, text: &str) -> Option<&'a str> {
        let key = key_of(text);
        entries
            .iter()
            .find(|(_, l)| l.matches_key(&key))
            .map(|(f, _)| f.as_str())
    }

    /// The field of `entries` only key words name (no label of any field
    /// matches the text), with the words: a guess a reviewer should see.
    pub fn guessed_field<'a>(entries: &'a Entries, text: &str) -> Option<(&'a str, &'a [String])> {
        let key = key_of(text);
        if entries.iter().any(|(_, l)| l.matches_key(&key)) {
            return None;
        }
        let (field, labels) = best_keyed(entries.iter().map(|(f, l)| ((f.as_str(), l), l)), &key)?;
        Some((field, labels.words_for(&key)?))
    }

    /// The labels of one field of `entries`.
    pub fn labels<'a>(entries: &'a Entries, field: &str) -> Option<&'a Labels> {
        entries.iter().find(|(f, _)| f == field).map(|(_, l)| l)
    }

    /// What a title line ending in a form's title ending says
    /// (`…部门整体支出绩效自评表` → a department's self-evaluation,
    /// `…区域绩效目标表` → a project's target table).
    pub fn title_kind(&self, text: &str) -> Option<TitleKind> {
        let key = key_of(text);
        let key = strip_bracket_tail(&key);
        let (target, body) = [
            (false, &self.titles.self_evaluation),
            (true, &self.titles.target),
        ]
        .into_iter()
        .find_map(|(target, ends)| {
            ends.iter()
                .find_map(|e| key.strip_suffix(e.as_str()))
                .map(|body| (target, body))
        })?;
        let has = |words: &[String]| words.iter().any(|w| body.contains(w.as_str()));
        let department = if has(&self.titles.department) {
            Some(true)
        } else if has(&self.titles.project) {
            Some(false)
        } else if has(&self.titles.department_fallback) {
            Some(true)
        } else {
            None
        };
        Some(TitleKind { target, department })
    }

    /// The form kind a title line names (`…部门整体支出绩效自评表` →
    /// department_overall), a project's when its kind word names none.
    pub fn form_of_title(&self, text: &str) -> Option<&'static str> {
        self.title_kind(text).map(|k| k.form(false))
    }

    /// Every title ending, all kinds.
    pub fn title_endings(&self) -> impl Iterator<Item = &str> {
        self.titles
            .self_evaluation
            .iter()
            .chain(&self.titles.target)
            .map(String::as_str)
    }

    /// The kind words a title names its form by (部门整体, 项目 …).
    pub fn title_kind_words(&self) -> impl Iterator<Item = &str> {
        self.titles
            .department
            .iter()
            .chain(&self.titles.project)
            .chain(&self.titles.department_fallback)
            .map(String::as_str)
    }

    /// Every label set: the fields', the blocks' and the columns'.
    fn label_sets(&self) -> impl Iterator<Item = &Labels> {
        let sets = [
            &self.fields,
            &self.funds,
            &self.goal,
            &self.group,
            &self.inherit,
            &self.row,
        ];
        let blocks = [
            &self.funds_label,
            &self.goal_label,
            &self.table_label,
            &self.table_total,
            &self.grid_label,
        ];
        sets.into_iter()
            .flat_map(|e| e.iter().map(|(_, l)| l))
            .chain(blocks)
    }

    /// Every label the vocabulary knows, each once (titles, fields, blocks, columns).
    pub fn all_labels(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.title_endings().collect();
        for l in self.label_sets() {
            for s in l.all() {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out
    }

    /// True when a cell's text is a label the vocabulary knows: a title, a
    /// field's, a block's or a column's label, a signature role or phone label.
    pub fn knows(&self, text: &str) -> bool {
        let key = key_of(text);
        if key.is_empty() {
            return false;
        }
        self.form_of_title(text).is_some()
            || self.label_sets().any(|l| l.matches_key(&key))
            || self.roles.iter().chain(&self.phone).any(|r| *r == *key)
    }

    /// True when a cell's text starts with a signature role or a phone label
    /// (`填报人：…`, `联系电话：…`).
    pub fn is_signature(&self, text: &str) -> bool {
        let t = clean_text(text);
        self.roles
            .iter()
            .chain(&self.phone)
            .any(|k| t.contains(k.as_str()))
    }
}

/// The built-in vocabulary, parsed once per process.
pub fn vocabulary() -> &'static Vocabulary {
    static V: OnceLock<Vocabulary> = OnceLock::new();
    V.get_or_init(|| {
        Vocabulary::parse(VOCABULARY)
            .unwrap_or_else(|e| panic!("templates/vocabulary.toml is invalid: {e}"))
    })
}

/// The key a label is compared by: cleaned text without white space,
/// full-width brackets and colons folded to ASCII, a trailing colon and a
/// trailing mark dropped when it is letters (`(A)`, `(B/A)`), a weight
/// (`（50分）`), a percent sign or a money unit (`（万元）`).
pub fn label_key(text: &str) -> String {
    let mut key: String = clean_text(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '／' => '/',
            'Ａ'..='Ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect();
    key = marks::strip(&key);
    loop {
        let before = key.len();
        while key.ends_with(':') {
            key.pop();
        }
        if let Some(open) = key.rfind('(')
            && key.ends_with(')')
            && open > 0
            && is_mark(&key[open + 1..key.len() - 1])
        {
            key.truncate(open);
        }
        if key.len() == before {
            return key;
        }
    }
}

/// Most label keys asked for at once; past it the memo starts again.
const KEY_MEMO: usize = 4096;

thread_local! {
    /// Cell text → [`label_key`]: every pattern of every template asks for
    /// the key of the same cells.
    static KEYS: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Rc<str>>> =
        std::cell::RefCell::default();
}

/// The text's [`label_key`], computed once per text and thread: for a cell
/// tried against many labels.
pub fn key_of(text: &str) -> Rc<str> {
    KEYS.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(key) = memo.get(text) {
            return Rc::clone(key);
        }
        if memo.len() >= KEY_MEMO {
            memo.clear();
        }
        let key: Rc<str> = label_key(text).into();
        memo.insert(text.into(), Rc::clone(&key));
        key
    })
}

/// True when `a` and `b` differ by exactly one character inserted, removed
/// or replaced.
pub fn one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => short.iter().zip(long).filter(|(x, y)| x != y).count() == 1,
        1 => {
            let first = short.iter().zip(long).take_while(|(x, y)| x == y).count();
            short[first..] == long[first + 1..]
        }
        _ => false,
    }
}

/// A bracketed mark after a label: `A`, `B/A`, `50分`, `%`, `万元`.
fn is_mark(inner: &str) -> bool {
    if inner.is_empty() {
        return false;
    }
    let letters = inner
        .chars()
        .all(|c| c.is_ascii_uppercase() || matches!(c, '/' | '-' | '×' | '*' | '=' | '+'));
    let weight = inner
        .strip_suffix('分')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.'));
    // A weight printed without 分: 分值权重（90）.
    let number = inner.chars().all(|c| c.is_ascii_digit());
    letters || weight || number || matches!(inner, "%" | "万元" | "元" | "千元" | "亿元")
}

/// `项目支出绩效自评表(2021年度)` → `项目支出绩效自评表`.
fn strip_bracket_tail(key: &str) -> &str {
    match key.rfind('(') {
        Some(open) if key.ends_with(')') && open > 0 => &key[..open],
        _ => key,
    }
}

/// What a column holds, by its field: how a rendition places cells and how
/// the generic reader reads values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColKind {
    /// A row label such as `任务1` or a block label.
    Label,
    /// Long free text (targets, achievements, notes).
    Text,
    /// A short name (indicator, money source).
    Name,
    /// A value with optional comparator and unit (`≥90%`, `15分钟`).
    Quantity,
    /// A bare amount, rate or score.
    Number,
}

/// The kind of a block column's field.
pub fn kind_of(field: &str) -> ColKind {
    match field {
        "task_no" | "label" | "target_op" => ColKind::Label,
        "task_expected" | "task_achieved" | "formula" | "note" | "expected" | "achieved" => {
            ColKind::Text
        }
        "source" | "name" | "level1" | "level2" | "target_unit" => ColKind::Name,
        "target" | "actual" => ColKind::Quantity,
        _ => ColKind::Number,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_drop_marks_and_fold_brackets() {
        assert_eq!(label_key("全年执行数(B)"), "全年执行数");
        assert_eq!(label_key("执行率（B/A）"), "执行率");
        assert_eq!(label_key("产出指标（50分）"), "产出指标");
        assert_eq!(label_key("项目资金（万元）"), "项目资金");
        assert_eq!(label_key("部门（单位）名称"), "部门(单位)名称");
        assert_eq!(label_key(" 填报人： "), "填报人");
        assert_eq!(label_key("部门名称（盖章）"), "部门名称(盖章)");
        assert_eq!(label_key("支出实现率(%) ⑤=④/③"), "支出实现率");
        assert_eq!(label_key("小计 ③ = ①+②"), "小计");
        assert_eq!(label_key("其中：当年财政拨款"), "当年财政拨款");
        assert_eq!(label_key("[292] 国家信访局"), "国家信访局");
        assert_eq!(label_key("总分值、评价总分 (S)"), "总分值、评价总分");
        assert_eq!(label_key("执行率(C=B/A)"), "执行率");
    }

    #[test]
    fn the_vocabulary_names_the_issue_s_variants() {
        let v = vocabulary();
        let row = |t: &str| Vocabulary::field_of(&v.row, t);
        let funds = |t: &str| Vocabulary::field_of(&v.funds, t);
        assert_eq!(row("权重"), Some("weight"));
        assert_eq!(row("分值"), Some("weight"));
        for actual in ["实际完成值", "完成值", "全年实际值(B)", "指标完成情况"] {
            assert_eq!(row(actual), Some("actual"), "{actual}");
        }
        for target in ["年度指标值(A)", "指标值", "预期实现值", "目标值"] {
            assert_eq!(row(target), Some("target"), "{target}");
        }
        assert_eq!(row("未完成原因分析"), Some("note"));
        assert_eq!(row("偏差原因分析及改进措施"), Some("note"));
        assert_eq!(funds("年初预算"), Some("initial_budget"));
        assert_eq!(funds("年初预算数(A)"), Some("initial_budget"));
        assert_eq!(funds("调整后预算数"), Some("full_year_budget"));
        assert_eq!(funds("实际支出数"), Some("actual"));
        assert_eq!(funds("预算执行数"), Some("actual"));
        assert_eq!(funds("执行率(B/A)"), Some("execution_rate"));
        assert_eq!(
            Vocabulary::field_of(&v.fields, "自评结论"),
            Some("conclusion")
        );
        let guess = |t: &str| Vocabulary::guessed_field(&v.funds, t).map(|g| g.0);
        assert_eq!(
            guess("①年初部门预算安排金额（含历年结余结转）"),
            Some("initial_budget")
        );
        assert_eq!(guess("②年中调整金额"), Some("adjustment"));
        assert_eq!(guess("小计 ③=①+②"), Some("full_year_budget"));
        assert_eq!(guess("④年度拨付金额"), Some("actual"));
        assert_eq!(guess("支出实现率(%) ⑤=④/③"), Some("execution_rate"));
        assert_eq!(guess("调整后的预算"), Some("full_year_budget"));
        assert_eq!(guess("本年度结余金额⑥"), None);
        assert_eq!(guess("年初预算数"), None, "a label, not a guess");
        let row_guess = |t: &str| Vocabulary::guessed_field(&v.row, t).map(|g| g.0);
        assert_eq!(row_guess("实际完成数"), Some("actual"));
        assert_eq!(row_guess("预期指标值"), Some("target"));
        assert_eq!(row_guess("年度指标值(A)"), None, "a label, not a guess");
        assert_eq!(v.roles.first().map(|r| r.chars().count()), Some(5));
    }

    #[test]
    fn titles_name_the_form_kind() {
        let v = vocabulary();
        assert_eq!(
            v.form_of_title("荔湾区部门整体支出绩效自评表"),
            Some("department_overall")
        );
        assert_eq!(
            v.form_of_title("部门预算项目支出绩效自评表（2022年度）"),
            Some("project")
        );
        assert_eq!(v.form_of_title("收入支出决算总表"), None);
        let form = |t: &str| v.title_kind(t).map(|k| k.form(false));
        assert_eq!(form("部门整体绩效自评表"), Some("department_overall"));
        assert_eq!(form("信访干部培训专项项目绩效自评表"), Some("project"));
        assert_eq!(form("项目支出绩效目标表"), Some("project_target"));
        assert_eq!(
            form("2026年部门整体支出绩效目标表"),
            Some("department_target")
        );
        assert_eq!(
            form("中央对地方专项转移支付区域绩效目标表"),
            Some("project_target")
        );
        assert_eq!(form("财政项目支出绩效目标填报表"), Some("project_target"));
        assert_eq!(
            form("长春市信访局2026年项目支出绩效目标表预算表（预算表11）"),
            Some("project_target")
        );
        let plain = v.title_kind("信息化运行维护绩效目标表（2026年度）");
        assert_eq!(
            plain,
            Some(TitleKind {
                target: true,
                department: None
            })
        );
        assert_eq!(plain.map(|k| k.form(true)), Some("department_target"));
    }
}
