//! The rows of a batch's tables, typed: one row set per document, keyed by
//! `doc_id` (the source file's sha256, with `-<n>` for a file's n-th form,
//! n ≥ 2) and a 1-based `row_no`. Column lists and rows live here once; the
//! CSV writer ([`super::csv`]), the Parquet writer ([`super::parquet`]) and the
//! SQL DDL ([`super::sql`]) are all made from them, so they cannot drift.
//!
//! The document's additions beyond the flat fields: `extra` maps (columns no
//! field takes) are one `extra` column of JSON text on documents, funds,
//! tasks and indicators; a warning's `fields` is a JSON array text; `unread`
//! cells and `confidence` (doubted field → 0..1) are tables of their own.

use super::number;
use crate::model::{Document, Extra, Quantity};

/// What a column holds; decides the SQL type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Integer,
    /// A decimal as printed on the form (amounts, rates, scores).
    Number,
    /// A list of page numbers (`1;2` in CSV, a list in Parquet).
    Pages,
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
}

const fn text(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Text,
    }
}
const fn int(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Integer,
    }
}
const fn num(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Number,
    }
}
const fn page_list(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Pages,
    }
}

/// The tables of a batch output directory, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Documents,
    Funds,
    Tasks,
    Indicators,
    Contacts,
    Warnings,
    Unread,
    Confidence,
    Errors,
}

const DOCUMENTS: &[Column] = &[
    text("doc_id"),
    text("file"),
    text("kind"),
    int("pages"),
    int("form_index"),
    page_list("page_range"),
    text("template"),
    text("schema"),
    text("form"),
    text("title"),
    int("year"),
    text("entity"),
    text("project"),
    text("supervisor"),
    text("implementer"),
    text("unit"),
    text("goal_expected"),
    text("goal_achieved"),
    text("problems"),
    text("improvements"),
    num("total_score"),
    text("conclusion"),
    text("extra"),
];

const FUNDS: &[Column] = &[
    text("doc_id"),
    int("row_no"),
    text("source"),
    num("initial_budget"),
    num("adjustment"),
    num("full_year_budget"),
    num("actual"),
    num("execution_rate"),
    num("adjustment_rate"),
    num("weight"),
    num("score"),
    text("extra"),
];

const TASKS: &[Column] = &[
    text("doc_id"),
    int("row_no"),
    int("no"),
    text("name"),
    text("expected"),
    text("achieved"),
    num("funds"),
    page_list("pages"),
    text("extra"),
];

const INDICATORS: &[Column] = &[
    text("doc_id"),
    int("row_no"),
    int("task"),
    text("level1"),
    text("level2"),
    text("name"),
    text("formula"),
    text("target_raw"),
    text("target_op"),
    num("target_value"),
    text("target_unit"),
    text("actual_raw"),
    text("actual_op"),
    num("actual_value"),
    text("actual_unit"),
    num("weight"),
    num("score"),
    text("note"),
    page_list("pages"),
    text("extra"),
];

const CONTACTS: &[Column] = &[
    text("doc_id"),
    int("row_no"),
    text("role"),
    text("name"),
    text("phone"),
];

const WARNINGS: &[Column] = &[
    text("doc_id"),
    int("row_no"),
    text("code"),
    text("message"),
    int("page"),
    text("fields"),
];

const UNREAD: &[Column] = &[
    text("doc_id"),
    int("row_no"),
    int("page"),
    text("bbox"),
    text("text"),
    text("row_label"),
    text("column_label"),
];

const CONFIDENCE: &[Column] = &[
    text("doc_id"),
    int("row_no"),
    text("field"),
    num("confidence"),
];

const ERRORS: &[Column] = &[text("path"), text("sha256"), text("kind"), text("message")];

impl Table {
    pub const ALL: [Table; 9] = [
        Table::Documents,
        Table::Funds,
        Table::Tasks,
        Table::Indicators,
        Table::Contacts,
        Table::Warnings,
        Table::Unread,
        Table::Confidence,
        Table::Errors,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Documents => "documents",
            Table::Funds => "funds",
            Table::Tasks => "tasks",
            Table::Indicators => "indicators",
            Table::Contacts => "contacts",
            Table::Warnings => "warnings",
            Table::Unread => "unread",
            Table::Confidence => "confidence",
            Table::Errors => "errors",
        }
    }

    pub fn file_name(self) -> String {
        format!("{}.csv", self.name())
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            Table::Documents => DOCUMENTS,
            Table::Funds => FUNDS,
            Table::Tasks => TASKS,
            Table::Indicators => INDICATORS,
            Table::Contacts => CONTACTS,
            Table::Warnings => WARNINGS,
            Table::Unread => UNREAD,
            Table::Confidence => CONFIDENCE,
            Table::Errors => ERRORS,
        }
    }

    /// The columns that identify a row.
    pub fn primary_key(self) -> &'static [&'static str] {
        match self {
            Table::Documents => &["doc_id"],
            Table::Errors => &["path"],
            _ => &["doc_id", "row_no"],
        }
    }

    /// Whether rows point at `documents.doc_id`.
    pub fn references_documents(self) -> bool {
        !matches!(self, Table::Documents | Table::Errors)
    }
}

/// One file that could not be converted: a row of `errors.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorRow {
    /// The input's path.
    pub path: String,
    /// Empty when the file could not even be read.
    pub sha256: String,
    /// `error`, `panic`, `timeout`, `memory`, `crash` or `io`.
    pub kind: String,
    /// What happened.
    pub message: String,
}

/// One field of a row, typed: what a CSV prints and a Parquet column stores.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// An absent value (and empty text): an empty CSV field, a Parquet null.
    Null,
    Text(String),
    Int(i64),
    Num(f64),
    Pages(Vec<u32>),
}

impl Cell {
    /// Text, with empty text as [`Cell::Null`] (CSV cannot tell them apart).
    pub fn text(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Null
        } else {
            Cell::Text(s.to_string())
        }
    }

    /// The field as a CSV prints it: numbers as printed decimals, pages as `1;2`.
    pub fn to_field(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Num(v) => number::decimal(*v),
            Cell::Pages(list) => {
                let parts: Vec<String> = list.iter().map(u32::to_string).collect();
                parts.join(";")
            }
        }
    }
}

/// One row of a table, in [`Table::columns`] order.
pub type Row = Vec<Cell>;

fn opt_text(value: &Option<String>) -> Cell {
    value.as_deref().map_or(Cell::Null, Cell::text)
}

fn opt_int(value: Option<i64>) -> Cell {
    value.map_or(Cell::Null, Cell::Int)
}

fn opt_num(value: Option<f64>) -> Cell {
    value
        .filter(|v| v.is_finite())
        .map_or(Cell::Null, Cell::Num)
}

/// A map of columns no field takes as JSON text (`{"本年度结余金额⑥":"12.5"}`),
/// null when empty.
fn extra(map: &Extra) -> Cell {
    if map.is_empty() {
        return Cell::Null;
    }
    serde_json::to_string(map).map_or(Cell::Null, Cell::Text)
}

/// A list of strings as a JSON array text (`["funds[0].actual"]`), null when empty.
fn json_list(items: &[String]) -> Cell {
    if items.is_empty() {
        return Cell::Null;
    }
    serde_json::to_string(items).map_or(Cell::Null, Cell::Text)
}

/// A box as JSON array text, numbers as printed decimals (`[56.7,120,210.3,138]`);
/// null without one (a text rendition).
fn bbox(b: &Option<[f64; 4]>) -> Cell {
    let Some(b) = b else { return Cell::Null };
    let parts: Vec<String> = b
        .iter()
        .map(|v| number::decimal(if v.is_finite() { *v } else { 0.0 }))
        .collect();
    Cell::Text(format!("[{}]", parts.join(",")))
}

fn quantity(q: &Option<Quantity>) -> [Cell; 4] {
    match q {
        None => [Cell::Null, Cell::Null, Cell::Null, Cell::Null],
        Some(q) => [
            Cell::text(&q.raw),
            opt_text(&q.op),
            opt_num(q.value),
            opt_text(&q.unit),
        ],
    }
}

/// The rows `doc` contributes to `table` (none for `errors`).
pub fn rows(table: Table, doc: &Document) -> Vec<Row> {
    let id = doc.source.doc_id();
    let numbered = |i: usize, rest: Vec<Cell>| {
        let mut row = vec![Cell::Text(id.clone()), Cell::Int(i as i64 + 1)];
        row.extend(rest);
        row
    };
    match table {
        Table::Documents => vec![document_row(doc)],
        Table::Funds => doc
            .funds
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let amounts = [
                    f.initial_budget,
                    f.adjustment,
                    f.full_year_budget,
                    f.actual,
                    f.execution_rate,
                    f.adjustment_rate,
                    f.weight,
                    f.score,
                ];
                let mut rest = vec![Cell::text(&f.source)];
                rest.extend(amounts.into_iter().map(opt_num));
                rest.push(extra(&f.extra));
                numbered(i, rest)
            })
            .collect(),
        Table::Tasks => doc
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let rest = vec![
                    Cell::Int(t.no),
                    opt_text(&t.name),
                    opt_text(&t.expected),
                    opt_text(&t.achieved),
                    opt_num(t.funds),
                    Cell::Pages(t.pages.clone()),
                    extra(&t.extra),
                ];
                numbered(i, rest)
            })
            .collect(),
        Table::Indicators => doc
            .indicators
            .iter()
            .enumerate()
            .map(|(i, ind)| {
                let mut rest = vec![
                    opt_int(ind.task),
                    opt_text(&ind.level1),
                    opt_text(&ind.level2),
                    opt_text(&ind.name),
                    opt_text(&ind.formula),
                ];
                rest.extend(quantity(&ind.target));
                rest.extend(quantity(&ind.actual));
                rest.extend([
                    opt_num(ind.weight),
                    opt_num(ind.score),
                    opt_text(&ind.note),
                    Cell::Pages(ind.pages.clone()),
                    extra(&ind.extra),
                ]);
                numbered(i, rest)
            })
            .collect(),
        Table::Contacts => doc
            .contacts
            .iter()
            .enumerate()
            .map(|(i, c)| {
                numbered(
                    i,
                    vec![Cell::text(&c.role), opt_text(&c.name), opt_text(&c.phone)],
                )
            })
            .collect(),
        Table::Warnings => doc
            .warnings
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let page = opt_int(w.page.map(i64::from));
                let rest = vec![
                    Cell::text(&w.code),
                    Cell::text(&w.message),
                    page,
                    json_list(&w.fields),
                ];
                numbered(i, rest)
            })
            .collect(),
        Table::Unread => doc
            .unread
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let rest = vec![
                    Cell::Int(i64::from(u.page)),
                    bbox(&u.bbox),
                    Cell::text(&u.text),
                    opt_text(&u.row_label),
                    opt_text(&u.column_label),
                ];
                numbered(i, rest)
            })
            .collect(),
        Table::Confidence => doc
            .confidence
            .iter()
            .enumerate()
            .map(|(i, (field, c))| numbered(i, vec![Cell::text(field), opt_num(Some(*c))]))
            .collect(),
        Table::Errors => Vec::new(),
    }
}

fn document_row(doc: &Document) -> Row {
    let goal = doc.goal.as_ref();
    vec![
        Cell::Text(doc.source.doc_id()),
        Cell::text(&doc.source.file),
        Cell::text(&doc.source.kind),
        Cell::Int(i64::from(doc.source.pages)),
        Cell::Int(i64::from(doc.source.form_index)),
        doc.source
            .page_range
            .map_or(Cell::Pages(Vec::new()), |r| Cell::Pages(r.to_vec())),
        Cell::text(&doc.source.template),
        Cell::text(&doc.schema),
        opt_text(&doc.form),
        opt_text(&doc.title),
        opt_int(doc.year),
        opt_text(&doc.entity),
        opt_text(&doc.project),
        opt_text(&doc.supervisor),
        opt_text(&doc.implementer),
        opt_text(&doc.unit),
        goal.map_or(Cell::Null, |g| opt_text(&g.expected)),
        goal.map_or(Cell::Null, |g| opt_text(&g.achieved)),
        opt_text(&doc.problems),
        opt_text(&doc.improvements),
        opt_num(doc.total_score),
        opt_text(&doc.conclusion),
        extra(&doc.extra),
    ]
}

/// The row of `errors` for a failed file.
pub fn error_row(e: &ErrorRow) -> Row {
    vec![
        Cell::text(&e.path),
        Cell::text(&e.sha256),
        Cell::text(&e.kind),
        Cell::text(&e.message),
    ]
}
