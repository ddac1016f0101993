//! The CSV tables of a batch: one row set per document, keyed by `doc_id` (the
//! source file's sha256, with `-<n>` for a file's n-th form, n ≥ 2) and a
//! 1-based `row_no`. Column lists live here once;
//! the SQL DDL in [`super::sql`] is generated from them, so the two cannot drift.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::atomic::AtomicFile;
use super::number;
use crate::model::{Document, Quantity};

/// What a column holds; decides the SQL type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Integer,
    /// A decimal as printed on the form (amounts, rates, scores).
    Number,
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

/// The tables of a batch output directory, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Documents,
    Funds,
    Tasks,
    Indicators,
    Contacts,
    Warnings,
    Errors,
}

const DOCUMENTS: &[Column] = &[
    text("doc_id"),
    text("file"),
    text("kind"),
    int("pages"),
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
];

const TASKS: &[Column] = &[
    text("doc_id"),
    int("row_no"),
    int("no"),
    text("name"),
    text("expected"),
    text("achieved"),
    num("funds"),
    text("pages"),
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
    text("pages"),
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
];

const ERRORS: &[Column] = &[text("path"), text("sha256"), text("kind"), text("message")];

impl Table {
    pub const ALL: [Table; 7] = [
        Table::Documents,
        Table::Funds,
        Table::Tasks,
        Table::Indicators,
        Table::Contacts,
        Table::Warnings,
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
    pub path: String,
    /// Empty when the file could not even be read.
    pub sha256: String,
    /// `error`, `panic`, `timeout`, `memory`, `crash` or `io`.
    pub kind: String,
    pub message: String,
}

type Row = Vec<String>;

fn opt_text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn opt_int(value: Option<i64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// Page lists as `1;2`: one field, no nested quoting.
fn pages(list: &[u32]) -> String {
    let parts: Vec<String> = list.iter().map(u32::to_string).collect();
    parts.join(";")
}

fn quantity(q: &Option<Quantity>) -> [String; 4] {
    match q {
        None => Default::default(),
        Some(q) => [
            q.raw.clone(),
            opt_text(&q.op),
            number::optional(q.value),
            opt_text(&q.unit),
        ],
    }
}

/// The rows `doc` contributes to `table` (none for `errors`).
pub fn rows(table: Table, doc: &Document) -> Vec<Row> {
    let id = doc.source.doc_id();
    let numbered = |i: usize, rest: Vec<String>| {
        let mut row = vec![id.clone(), (i + 1).to_string()];
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
                let mut rest = vec![f.source.clone()];
                rest.extend(amounts.into_iter().map(number::optional));
                numbered(i, rest)
            })
            .collect(),
        Table::Tasks => doc
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let rest = vec![
                    t.no.to_string(),
                    opt_text(&t.name),
                    opt_text(&t.expected),
                    opt_text(&t.achieved),
                    number::optional(t.funds),
                    pages(&t.pages),
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
                    number::optional(ind.weight),
                    number::optional(ind.score),
                    opt_text(&ind.note),
                    pages(&ind.pages),
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
                    vec![c.role.clone(), opt_text(&c.name), opt_text(&c.phone)],
                )
            })
            .collect(),
        Table::Warnings => doc
            .warnings
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let page = w.page.map(|p| p.to_string()).unwrap_or_default();
                numbered(i, vec![w.code.clone(), w.message.clone(), page])
            })
            .collect(),
        Table::Errors => Vec::new(),
    }
}

fn document_row(doc: &Document) -> Row {
    let goal = doc.goal.as_ref();
    vec![
        doc.source.doc_id(),
        doc.source.file.clone(),
        doc.source.kind.clone(),
        doc.source.pages.to_string(),
        doc.source.template.clone(),
        doc.schema.clone(),
        opt_text(&doc.form),
        opt_text(&doc.title),
        opt_int(doc.year),
        opt_text(&doc.entity),
        opt_text(&doc.project),
        opt_text(&doc.supervisor),
        opt_text(&doc.implementer),
        opt_text(&doc.unit),
        goal.map(|g| opt_text(&g.expected)).unwrap_or_default(),
        goal.map(|g| opt_text(&g.achieved)).unwrap_or_default(),
        opt_text(&doc.problems),
        opt_text(&doc.improvements),
        number::optional(doc.total_score),
        opt_text(&doc.conclusion),
    ]
}

fn error_row(e: &ErrorRow) -> Row {
    vec![
        e.path.clone(),
        e.sha256.clone(),
        e.kind.clone(),
        e.message.clone(),
    ]
}

/// Writes the full set of tables into a directory, each file atomically.
/// Documents are streamed in: memory stays flat however many there are.
pub struct TableSet {
    writers: Vec<(Table, csv::Writer<AtomicFile>)>,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

impl TableSet {
    /// Starts every table (header row written) in `dir`; `bom` prefixes a UTF-8 BOM for Excel.
    pub fn create(dir: &Path, bom: bool) -> io::Result<TableSet> {
        let mut writers = Vec::new();
        for table in Table::ALL {
            let mut file = AtomicFile::create(&dir.join(table.file_name()))?;
            if bom {
                file.write_all(UTF8_BOM)?;
            }
            let mut writer = csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(file);
            writer.write_record(table.columns().iter().map(|c| c.name))?;
            writers.push((table, writer));
        }
        Ok(TableSet { writers })
    }

    pub fn write_document(&mut self, doc: &Document) -> io::Result<()> {
        for (table, writer) in &mut self.writers {
            for row in rows(*table, doc) {
                writer.write_record(&row)?;
            }
        }
        Ok(())
    }

    pub fn write_error(&mut self, error: &ErrorRow) -> io::Result<()> {
        for (table, writer) in &mut self.writers {
            if *table == Table::Errors {
                writer.write_record(error_row(error))?;
            }
        }
        Ok(())
    }

    /// Renames every table into place. Returns the paths written.
    pub fn commit(self) -> io::Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        for (_, writer) in self.writers {
            let file = writer.into_inner().map_err(|e| e.into_error())?;
            written.push(file.path().to_path_buf());
            file.commit()?;
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Funds, Indicator, Source};

    fn sample() -> Document {
        Document {
            schema: "evalform/1".into(),
            source: Source {
                file: "a.pdf".into(),
                sha256: "ab".repeat(32),
                kind: "pdf".into(),
                pages: 2,
                template: "gz_dept".into(),
                ..Source::default()
            },
            title: Some("标题, \"引号\"\n第二行".into()),
            funds: vec![Funds {
                source: "合计".into(),
                initial_budget: Some(10.0),
                actual: Some(2222.37),
                ..Funds::default()
            }],
            indicators: vec![Indicator {
                task: Some(1),
                target: Some(Quantity {
                    raw: "≥1个".into(),
                    op: Some(">=".into()),
                    value: Some(1.0),
                    unit: Some("个".into()),
                }),
                pages: vec![1, 2],
                ..Indicator::default()
            }],
            ..Document::default()
        }
    }

    #[test]
    fn every_row_matches_its_header_width() {
        let doc = sample();
        for table in Table::ALL {
            for row in rows(table, &doc) {
                assert_eq!(row.len(), table.columns().len(), "{}", table.name());
            }
        }
    }

    #[test]
    fn quantities_flatten_and_numbers_print_as_decimals() {
        let rows = rows(Table::Indicators, &sample());
        let row = &rows[0];
        let col = |name: &str| {
            let i = INDICATORS.iter().position(|c| c.name == name).unwrap();
            row[i].as_str()
        };
        assert_eq!(col("row_no"), "1");
        assert_eq!(col("target_raw"), "≥1个");
        assert_eq!(col("target_op"), ">=");
        assert_eq!(col("target_value"), "1");
        assert_eq!(col("actual_raw"), "");
        assert_eq!(col("pages"), "1;2");
    }

    #[test]
    fn written_tables_quote_per_rfc4180_and_optionally_start_with_bom() {
        let dir = tempfile::tempdir().unwrap();
        let mut set = TableSet::create(dir.path(), true).unwrap();
        set.write_document(&sample()).unwrap();
        set.commit().unwrap();
        let docs = std::fs::read(dir.path().join("documents.csv")).unwrap();
        assert!(docs.starts_with(UTF8_BOM));
        let text = String::from_utf8(docs[3..].to_vec()).unwrap();
        assert!(text.starts_with("doc_id,file,kind,pages,"));
        assert!(text.contains(",\"标题, \"\"引号\"\"\n第二行\","), "{text}");
        let funds = std::fs::read_to_string(dir.path().join("funds.csv")).unwrap();
        let expected_row = format!("{},1,合计,10,,,2222.37,,,,\n", "ab".repeat(32));
        assert!(funds.ends_with(&expected_row), "{funds}");
    }
}
