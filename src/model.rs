//! The `evalform/1` document: the output contract (`evalform schema` prints
//! its JSON Schema).
//! Field names are stable; adding fields is allowed, renaming is not.

use serde::{Deserialize, Serialize};

/// The schema name every document carries.
pub const SCHEMA: &str = "evalform/1";

/// One extracted form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Always [`SCHEMA`] (`evalform/1`).
    pub schema: String,
    /// Where the form was read from, and how.
    pub source: Source,
    /// `department_overall` or `project` (self-evaluations, 绩效自评表);
    /// `department_target` or `project_target` (target tables, 绩效目标表).
    pub form: Option<String>,
    /// The form's title as printed (绩效自评表 …).
    pub title: Option<String>,
    /// The budget year the form evaluates.
    pub year: Option<i64>,
    /// The department or unit that filled in the form (单位名称 / 部门名称).
    pub entity: Option<String>,
    /// The project's name (项目名称), for a project form.
    pub project: Option<String>,
    /// The supervising department (主管部门).
    pub supervisor: Option<String>,
    /// The implementing unit (实施单位).
    pub implementer: Option<String>,
    /// The unit the amounts are printed in (`万元`, `元`).
    pub unit: Option<String>,
    /// The money block: one row per source of funds.
    pub funds: Vec<Funds>,
    /// The overall goal: what was expected and what was achieved.
    pub goal: Option<Goal>,
    /// The main tasks (主要任务), for a department-overall form.
    pub tasks: Vec<Task>,
    /// The performance indicators, in printed order.
    pub indicators: Vec<Indicator>,
    /// Problems found (存在问题 / 偏差原因).
    pub problems: Option<String>,
    /// Measures to improve (改进措施).
    pub improvements: Option<String>,
    /// The total score (总分).
    pub total_score: Option<f64>,
    /// 评价结论 / 自评结论, when the form prints one.
    #[serde(default)]
    pub conclusion: Option<String>,
    /// The people the form names (填表人, 联系电话 …).
    pub contacts: Vec<Contact>,
    /// Everything guessed, repaired or failing a check, with its reason.
    pub warnings: Vec<Warning>,
    /// Fields read by OCR: path (`indicators[3].actual`, `funds[0].score`) →
    /// the recognition model's confidence, 0..1, the lowest over the text
    /// lines the value came from. Absent for text-layer PDFs and renditions.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub ocr_confidence: std::collections::BTreeMap<String, f64>,
    /// Fields evalform doubts, from any source (OCR confidence, a guessed
    /// column, text running across a cell border, a broken check): field path
    /// → 0..1. Fields not listed are not doubted; below [`DOUBT_BELOW`] a
    /// field counts as flagged.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub confidence: std::collections::BTreeMap<String, f64>,
    /// Document-level key/value cells no field takes (部门预算编码 → 127),
    /// keyed by the label as printed.
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// Every non-empty printed cell (and every printed number) that no field
    /// took and that is not a label or header: empty when the whole form was
    /// accounted for.
    #[serde(default)]
    pub unread: Vec<Unread>,
}

/// Columns or cells no schema field takes: header (or label) as printed →
/// the value as printed.
pub type Extra = std::collections::BTreeMap<String, String>;

/// Below this confidence a field counts as flagged (doubted).
pub const DOUBT_BELOW: f64 = 0.85;

/// A printed cell no field took.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Unread {
    /// 1-based page the cell is printed on.
    pub page: u32,
    /// `[x0, y0, x1, y1]` in PDF points, origin top-left of the page as
    /// shown; `None` for a text rendition, which has no geometry.
    pub bbox: Option<[f64; 4]>,
    /// The cell's text as printed.
    pub text: String,
    /// The row's label (its first labelled cell), when it has one.
    pub row_label: Option<String>,
    /// The column's header, when the cell sits under one.
    pub column_label: Option<String>,
}

/// Where the document came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The input's path as given.
    pub file: String,
    /// The input file's SHA-256, hex.
    pub sha256: String,
    /// `pdf`, `text` or `ocr`.
    pub kind: String,
    /// Pages of the whole file.
    pub pages: u32,
    /// Id of the template that matched.
    pub template: String,
    /// 1-based position of this form in its file (files may hold several).
    #[serde(default = "first_form")]
    pub form_index: u32,
    /// `[first, last]` pages of the file this form was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_range: Option<[u32; 2]>,
    /// Share of the form's label cells that some field of the template took
    /// (0..1): low means the form needs a template of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_fit: Option<f64>,
    /// How each page of a PDF was read: its text layer or OCR, and why OCR
    /// (an added field; absent for text renditions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages_read: Vec<PageRead>,
    /// Headers read by their key words, not by a label the vocabulary
    /// knows (`年中调整金额` → `funds.adjustment`): guesses for review and
    /// for `template draft`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub label_guesses: Vec<LabelGuess>,
}

/// A header mapped to a field by its key words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelGuess {
    /// The header as printed (cleaned).
    pub label: String,
    /// The field it was read into: `funds.initial_budget`, `indicators.actual`.
    pub field: String,
}

fn first_form() -> u32 {
    1
}

impl Source {
    /// The document's key in the CSV tables: the file's sha256 for its first
    /// form, `<sha256>-<n>` for the n-th.
    pub fn doc_id(&self) -> String {
        doc_id(&self.sha256, self.form_index)
    }
}

/// `<sha256>` for form 1 (and 0, unset), `<sha256>-<n>` for form n ≥ 2.
pub fn doc_id(sha256: &str, form_index: u32) -> String {
    if form_index <= 1 {
        sha256.to_string()
    } else {
        format!("{sha256}-{form_index}")
    }
}

/// How one page was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRead {
    /// 1-based page number.
    pub page: u32,
    /// `text` (the page's text layer) or `ocr` (the rendered page).
    pub via: String,
    /// Why the page was read by OCR, e.g. `no Unicode for 97% of glyphs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The number fields of a money row, in schema order.
pub const FUNDS_NUMBERS: [&str; 8] = [
    "initial_budget",
    "adjustment",
    "full_year_budget",
    "actual",
    "execution_rate",
    "adjustment_rate",
    "weight",
    "score",
];

/// One row per money source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Funds {
    /// The source of funds as printed (`合计`, `财政拨款`, `其他资金` …).
    pub source: String,
    /// 年初预算数.
    pub initial_budget: Option<f64>,
    /// Budget adjustment (调整数), when printed.
    pub adjustment: Option<f64>,
    /// 全年预算数.
    pub full_year_budget: Option<f64>,
    /// 全年执行数 (the amount spent).
    pub actual: Option<f64>,
    /// 执行率, percent.
    pub execution_rate: Option<f64>,
    /// 调整率, percent, when printed.
    pub adjustment_rate: Option<f64>,
    /// 分值: the row's weight in the score.
    pub weight: Option<f64>,
    /// 得分: the score given.
    pub score: Option<f64>,
    /// Columns no schema field takes: header as printed → value as printed.
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

/// The overall goal block (总体目标 / 年度目标).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    /// 年初预期目标 / 年度目标: what was expected.
    pub expected: Option<String>,
    /// 实际完成情况: what was achieved.
    pub achieved: Option<String>,
}

/// One main task (主要任务) of a department-overall form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// The task's number (`任务N`), from its label or its place.
    pub no: i64,
    /// The task's name.
    pub name: Option<String>,
    /// What the task was expected to achieve.
    pub expected: Option<String>,
    /// What it achieved.
    pub achieved: Option<String>,
    /// The money the task used (任务涉及资金).
    pub funds: Option<f64>,
    /// The pages the task's row is printed on.
    pub pages: Vec<u32>,
    /// Columns no schema field takes: header as printed → value as printed.
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

/// One performance indicator row.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// The number of the task the indicator belongs to, when the form has tasks.
    pub task: Option<i64>,
    /// 一级指标 (产出指标, 效益指标 …).
    pub level1: Option<String>,
    /// 二级指标 (数量指标, 质量指标 …).
    pub level2: Option<String>,
    /// 三级指标: the indicator's name.
    pub name: Option<String>,
    /// 计算公式或指标内容, when printed.
    pub formula: Option<String>,
    /// The target value (年度指标值 / 预期实现值).
    pub target: Option<Quantity>,
    /// The value reached (实际完成值).
    pub actual: Option<Quantity>,
    /// 分值: the indicator's weight.
    pub weight: Option<f64>,
    /// 得分: the score given.
    pub score: Option<f64>,
    /// 偏差原因分析及改进措施: the note on a deviation.
    pub note: Option<String>,
    /// The pages the indicator's row is printed on.
    pub pages: Vec<u32>,
    /// Columns no schema field takes: header as printed → value as printed.
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

/// A target or actual value: `raw` always, the parsed parts only when the whole
/// cell is one comparison.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// The cell as printed.
    pub raw: String,
    /// The comparison: `=`, `>=`, `<=`, `>` or `<`.
    pub op: Option<String>,
    /// The number compared.
    pub value: Option<f64>,
    /// The unit after the number (`个`, `%`, `元/人·月`).
    pub unit: Option<String>,
}

/// A person the form names, with their role.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    /// The role as printed (填表人, 单位负责人, 财务负责人 …).
    pub role: String,
    /// The person's name.
    pub name: Option<String>,
    /// The phone number as printed.
    pub phone: Option<String>,
}

/// Anything the extractor had to guess, repair or could not check.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// A stable code (`execution_rate_mismatch`, `ocr_low_confidence` …).
    pub code: String,
    /// What happened, with the figures, in a sentence.
    pub message: String,
    /// The page it is about, when one.
    pub page: Option<u32>,
    /// The field paths the warning names (`indicators[3].score`, `funds[0]`,
    /// `title`): a path names itself and every field below it. Empty when
    /// the warning is about the document as a whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
}

impl Warning {
    /// A warning about the document as a whole.
    pub fn new(code: &str, message: impl Into<String>, page: Option<u32>) -> Warning {
        Warning {
            code: code.into(),
            message: message.into(),
            page,
            fields: Vec::new(),
        }
    }

    /// The same warning naming these field paths.
    pub fn naming<I, S>(mut self, fields: I) -> Warning
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.fields.extend(fields.into_iter().map(Into::into));
        self
    }

    /// Whether the warning names `path` (itself or a field above it).
    pub fn names(&self, path: &str) -> bool {
        self.fields.iter().any(|f| path_within(path, f))
    }
}

/// Whether `path` is `prefix` or a field below it (`indicators[3].score`
/// within `indicators[3]` and `indicators`, not within `indicators[30]`).
pub fn path_within(path: &str, prefix: &str) -> bool {
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// `indicators[3].score` → `indicators[].score`.
pub fn fold_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push(c);
            }
            ']' => {
                in_index = false;
                out.push(c);
            }
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

impl Document {
    /// Whether the document flags `prefix` or any field below it (a row
    /// with one doubtful value).
    pub fn flags_within(&self, prefix: &str) -> bool {
        self.warnings
            .iter()
            .flat_map(|w| &w.fields)
            .chain(
                self.confidence
                    .iter()
                    .chain(&self.ocr_confidence)
                    .filter(|(_, c)| **c < DOUBT_BELOW)
                    .map(|(p, _)| p),
            )
            .any(|p| path_within(p, prefix) || path_within(prefix, p))
    }

    /// Whether the document flags `path`: a warning names it or its
    /// confidence (or OCR confidence) is below [`DOUBT_BELOW`].
    pub fn flags(&self, path: &str) -> bool {
        self.warnings.iter().any(|w| w.names(path))
            || self
                .confidence
                .iter()
                .chain(&self.ocr_confidence)
                .any(|(p, c)| *c < DOUBT_BELOW && path_within(path, p))
    }
}
