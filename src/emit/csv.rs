//! The CSV tables of a batch: the rows of [`super::rows`] printed as UTF-8
//! CSV (header row, RFC 4180 quoting, numbers as printed decimals, empty for
//! null, page lists as `1;2`).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::atomic::AtomicFile;
pub use super::rows::{Cell, Column, ErrorRow, Kind, Row, Table, error_row, rows};
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

    /// Writes a document's rows into every table.
    pub fn write_document(&mut self, doc: &crate::model::Document) -> io::Result<()> {
        for (table, writer) in &mut self.writers {
            for row in rows(*table, doc) {
                writer.write_record(row.iter().map(Cell::to_field))?;
            }
        }
        Ok(())
    }

    /// Writes a row of `errors.csv`.
    pub fn write_error(&mut self, error: &ErrorRow) -> io::Result<()> {
        for (table, writer) in &mut self.writers {
            if *table == Table::Errors {
                writer.write_record(error_row(error).iter().map(Cell::to_field))?;
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
    use crate::model::{Document, Funds, Indicator, Quantity, Source, Unread, Warning};

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
        let columns = Table::Indicators.columns();
        let col = |name: &str| {
            let i = columns.iter().position(|c| c.name == name).unwrap();
            row[i].to_field()
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
        let dir = crate::scratch::tempdir().unwrap();
        let mut set = TableSet::create(dir.path(), true).unwrap();
        set.write_document(&sample()).unwrap();
        set.commit().unwrap();
        let docs = std::fs::read(dir.path().join("documents.csv")).unwrap();
        assert!(docs.starts_with(UTF8_BOM));
        let text = String::from_utf8(docs[3..].to_vec()).unwrap();
        assert!(text.starts_with("doc_id,file,kind,pages,"));
        assert!(text.contains(",\"标题, \"\"引号\"\"\n第二行\","), "{text}");
        let funds = std::fs::read_to_string(dir.path().join("funds.csv")).unwrap();
        let expected_row = format!("{},1,合计,10,,,2222.37,,,,,\n", "ab".repeat(32));
        assert!(funds.ends_with(&expected_row), "{funds}");
    }

    /// The document's additions: `extra` maps as JSON text, a warning's
    /// fields as a JSON array, unread cells and doubted fields as tables,
    /// and the form's place and pages on its documents row.
    #[test]
    fn extra_fields_unread_cells_and_confidence_have_their_columns() {
        let mut doc = sample();
        doc.source.form_index = 3;
        doc.source.page_range = Some([4, 6]);
        doc.extra.insert("部门预算编码".into(), "127".into());
        doc.funds[0]
            .extra
            .insert("本年度结余金额⑥".into(), "12.50".into());
        doc.warnings.push(
            Warning::new("value_missing", "no actual", Some(4))
                .naming(["funds[0].actual", "funds[0].score"]),
        );
        doc.unread.push(Unread {
            page: 5,
            bbox: Some([56.7, 120.0, 210.25, 138.0]),
            text: "92.33".into(),
            row_label: Some("总分值".into()),
            column_label: None,
        });
        doc.confidence.insert("funds[0].actual".into(), 0.5);
        let field = |table: Table, name: &str| {
            let i = table.columns().iter().position(|c| c.name == name).unwrap();
            rows(table, &doc)[0][i].to_field()
        };
        let id = format!("{}-3", "ab".repeat(32));
        assert_eq!(field(Table::Documents, "doc_id"), id);
        assert_eq!(field(Table::Documents, "form_index"), "3");
        assert_eq!(field(Table::Documents, "page_range"), "4;6");
        assert_eq!(
            field(Table::Documents, "extra"),
            r#"{"部门预算编码":"127"}"#
        );
        assert_eq!(
            field(Table::Funds, "extra"),
            r#"{"本年度结余金额⑥":"12.50"}"#
        );
        assert_eq!(field(Table::Indicators, "extra"), "");
        assert_eq!(
            field(Table::Warnings, "fields"),
            r#"["funds[0].actual","funds[0].score"]"#
        );
        assert_eq!(field(Table::Unread, "doc_id"), id);
        assert_eq!(field(Table::Unread, "row_no"), "1");
        assert_eq!(field(Table::Unread, "page"), "5");
        assert_eq!(field(Table::Unread, "bbox"), "[56.7,120,210.25,138]");
        assert_eq!(field(Table::Unread, "text"), "92.33");
        assert_eq!(field(Table::Unread, "row_label"), "总分值");
        assert_eq!(field(Table::Unread, "column_label"), "");
        assert_eq!(field(Table::Confidence, "field"), "funds[0].actual");
        assert_eq!(field(Table::Confidence, "confidence"), "0.5");
        let json: Vec<String> = serde_json::from_str(&field(Table::Warnings, "fields")).unwrap();
        assert_eq!(json, doc.warnings[0].fields);
        // A document with none of them: empty fields, no rows.
        let plain = sample();
        assert!(rows(Table::Unread, &plain).is_empty());
        assert!(rows(Table::Confidence, &plain).is_empty());
        let i = Table::Documents
            .columns()
            .iter()
            .position(|c| c.name == "extra")
            .unwrap();
        assert_eq!(rows(Table::Documents, &plain)[0][i], Cell::Null);
    }
}
