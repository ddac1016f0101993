//! The batch tables as Parquet files (`parquet/<table>.parquet`): the same rows
//! as the CSVs ([`super::rows`]), with types that never depend on the batch —
//! text as UTF-8 strings, integers (`row_no`, `year`, `pages` …) as INT64,
//! amounts, rates and scores as DOUBLE (the `f64` of the JSON, unrounded),
//! page lists as lists of INT32. Key columns are required, the rest nullable.
//!
//! Written with the `parquet` crate's column writers (no Arrow, no
//! compression codecs: the build stays small), in row groups of
//! [`ROW_GROUP_ROWS`] rows, so memory stays flat; every file is written
//! atomically. Files are byte-for-byte the same for the same rows.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use super::atomic::AtomicFile;
use super::rows::{Cell, ErrorRow, Kind, Row, Table, error_row, rows};
use crate::model::Document;

/// Rows buffered per table before they go out as one row group.
pub const ROW_GROUP_ROWS: usize = 8192;

/// The folder of the Parquet files inside a batch output directory.
pub const DIR: &str = "parquet";

/// The Parquet schema of `table`, in the message-type syntax.
pub fn message_type(table: Table) -> String {
    let key = table.primary_key();
    let mut fields = String::new();
    for column in table.columns() {
        let repetition = if key.contains(&column.name) {
            "required"
        } else {
            "optional"
        };
        let field = match column.kind {
            Kind::Text => format!("{repetition} binary {} (STRING);", column.name),
            Kind::Integer => format!("{repetition} int64 {};", column.name),
            Kind::Number => format!("{repetition} double {};", column.name),
            Kind::Pages => format!(
                "required group {} (LIST) {{ repeated group list {{ required int32 element; }} }}",
                column.name
            ),
        };
        fields.push_str("  ");
        fields.push_str(&field);
        fields.push('\n');
    }
    format!("message {} {{\n{fields}}}\n", table.name())
}

fn to_io(e: ParquetError) -> io::Error {
    match e {
        ParquetError::External(inner) => io::Error::other(inner),
        other => io::Error::other(other.to_string()),
    }
}

struct TableWriter {
    table: Table,
    writer: SerializedFileWriter<AtomicFile>,
    buffer: Vec<Row>,
}

impl TableWriter {
    fn create(dir: &Path, table: Table) -> io::Result<TableWriter> {
        let schema = parse_message_type(&message_type(table)).map_err(to_io)?;
        let props = WriterProperties::builder()
            .set_compression(Compression::UNCOMPRESSED)
            .build();
        let file = AtomicFile::create(&dir.join(format!("{}.parquet", table.name())))?;
        let writer =
            SerializedFileWriter::new(file, Arc::new(schema), Arc::new(props)).map_err(to_io)?;
        Ok(TableWriter {
            table,
            writer,
            buffer: Vec::new(),
        })
    }

    fn push(&mut self, row: Row) -> io::Result<()> {
        self.buffer.push(row);
        if self.buffer.len() >= ROW_GROUP_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the buffered rows as one row group, column by column.
    fn flush(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.buffer);
        let key = self.table.primary_key();
        let mut group = self.writer.next_row_group().map_err(to_io)?;
        for (i, column) in self.table.columns().iter().enumerate() {
            let mut writer = group.next_column().map_err(to_io)?.ok_or_else(|| {
                io::Error::other("Parquet schema has fewer columns than the table")
            })?;
            let required = key.contains(&column.name);
            let cells = rows.iter().map(|r| &r[i]);
            match column.kind {
                Kind::Text => {
                    let (values, defs) = collect(cells, |c| match c {
                        Cell::Text(s) => Some(ByteArray::from(s.as_str())),
                        _ => None,
                    });
                    check_required(required, &values, &defs, column.name)?;
                    let defs = (!required).then_some(defs.as_slice());
                    writer
                        .typed::<ByteArrayType>()
                        .write_batch(&values, defs, None)
                        .map_err(to_io)?;
                }
                Kind::Integer => {
                    let (values, defs) = collect(cells, |c| match c {
                        Cell::Int(v) => Some(*v),
                        _ => None,
                    });
                    check_required(required, &values, &defs, column.name)?;
                    let defs = (!required).then_some(defs.as_slice());
                    writer
                        .typed::<Int64Type>()
                        .write_batch(&values, defs, None)
                        .map_err(to_io)?;
                }
                Kind::Number => {
                    let (values, defs) = collect(cells, |c| match c {
                        Cell::Num(v) => Some(*v),
                        _ => None,
                    });
                    let defs = (!required).then_some(defs.as_slice());
                    writer
                        .typed::<DoubleType>()
                        .write_batch(&values, defs, None)
                        .map_err(to_io)?;
                }
                Kind::Pages => {
                    let (values, defs, reps) = page_levels(cells);
                    writer
                        .typed::<Int32Type>()
                        .write_batch(&values, Some(&defs), Some(&reps))
                        .map_err(to_io)?;
                }
            }
            writer.close().map_err(to_io)?;
        }
        group.close().map_err(to_io)?;
        Ok(())
    }

    fn commit(mut self) -> io::Result<PathBuf> {
        self.flush()?;
        let file = self.writer.into_inner().map_err(to_io)?;
        let path = file.path().to_path_buf();
        file.commit()?;
        Ok(path)
    }
}

/// The present values of a nullable column and its definition levels (1 = present).
fn collect<'a, T>(
    cells: impl Iterator<Item = &'a Cell>,
    value: impl Fn(&Cell) -> Option<T>,
) -> (Vec<T>, Vec<i16>) {
    let mut values = Vec::new();
    let mut defs = Vec::new();
    for cell in cells {
        match value(cell) {
            Some(v) => {
                values.push(v);
                defs.push(1);
            }
            None => defs.push(0),
        }
    }
    (values, defs)
}

fn check_required<T>(required: bool, values: &[T], defs: &[i16], name: &str) -> io::Result<()> {
    if required && values.len() != defs.len() {
        return Err(io::Error::other(format!(
            "key column {name} has an empty value"
        )));
    }
    Ok(())
}

/// Values, definition and repetition levels of a required list of required
/// INT32: an empty list is one level pair (0, 0) and no value.
fn page_levels<'a>(cells: impl Iterator<Item = &'a Cell>) -> (Vec<i32>, Vec<i16>, Vec<i16>) {
    let (mut values, mut defs, mut reps) = (Vec::new(), Vec::new(), Vec::new());
    for cell in cells {
        let list: &[u32] = match cell {
            Cell::Pages(list) => list,
            _ => &[],
        };
        if list.is_empty() {
            defs.push(0);
            reps.push(0);
        }
        for (i, page) in list.iter().enumerate() {
            values.push(i32::try_from(*page).unwrap_or(i32::MAX));
            defs.push(1);
            reps.push(if i == 0 { 0 } else { 1 });
        }
    }
    (values, defs, reps)
}

/// Writes every table as `<dir>/<table>.parquet`, documents streamed in.
pub struct ParquetSet {
    writers: Vec<TableWriter>,
}

impl ParquetSet {
    /// Starts every table's file in `dir` (which must exist).
    pub fn create(dir: &Path) -> io::Result<ParquetSet> {
        let writers = Table::ALL
            .into_iter()
            .map(|table| TableWriter::create(dir, table))
            .collect::<io::Result<Vec<_>>>()?;
        Ok(ParquetSet { writers })
    }

    pub fn write_document(&mut self, doc: &Document) -> io::Result<()> {
        for writer in &mut self.writers {
            for row in rows(writer.table, doc) {
                writer.push(row)?;
            }
        }
        Ok(())
    }

    pub fn write_error(&mut self, error: &ErrorRow) -> io::Result<()> {
        for writer in &mut self.writers {
            if writer.table == Table::Errors {
                writer.push(error_row(error))?;
            }
        }
        Ok(())
    }

    /// Finishes every file and renames it into place. Returns the paths written.
    pub fn commit(self) -> io::Result<Vec<PathBuf>> {
        self.writers.into_iter().map(TableWriter::commit).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Funds, Indicator, Source, Task};
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

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
            year: Some(2021),
            funds: vec![Funds {
                source: "合计".into(),
                actual: Some(8964.0812),
                ..Funds::default()
            }],
            tasks: vec![Task {
                no: 1,
                pages: vec![],
                ..Task::default()
            }],
            indicators: vec![
                Indicator {
                    pages: vec![1, 2],
                    weight: Some(10.0),
                    ..Indicator::default()
                },
                Indicator {
                    pages: vec![2],
                    ..Indicator::default()
                },
            ],
            ..Document::default()
        }
    }

    fn read_rows(path: &Path) -> Vec<Vec<(String, Field)>> {
        let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
        reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| r.unwrap().into_columns())
            .collect()
    }

    #[test]
    fn every_schema_parses_with_the_table_columns() {
        for table in Table::ALL {
            let schema = parse_message_type(&message_type(table)).unwrap();
            let names: Vec<&str> = schema.get_fields().iter().map(|f| f.name()).collect();
            let columns: Vec<&str> = table.columns().iter().map(|c| c.name).collect();
            assert_eq!(names, columns, "{}", table.name());
        }
    }

    #[test]
    fn rows_read_back_typed_with_page_lists() {
        let dir = crate::scratch::tempdir().unwrap();
        let mut set = ParquetSet::create(dir.path()).unwrap();
        set.write_document(&sample()).unwrap();
        set.write_error(&ErrorRow {
            path: "b.pdf".into(),
            sha256: String::new(),
            kind: "error".into(),
            message: "bad".into(),
        })
        .unwrap();
        assert_eq!(set.commit().unwrap().len(), Table::ALL.len());
        let funds = read_rows(&dir.path().join("funds.parquet"));
        let actual = funds[0].iter().find(|(n, _)| n == "actual").unwrap();
        assert_eq!(actual.1, Field::Double(8964.0812));
        let row_no = funds[0].iter().find(|(n, _)| n == "row_no").unwrap();
        assert_eq!(row_no.1, Field::Long(1));
        let docs = read_rows(&dir.path().join("documents.parquet"));
        let year = docs[0].iter().find(|(n, _)| n == "year").unwrap();
        assert_eq!(year.1, Field::Long(2021));
        let title = docs[0].iter().find(|(n, _)| n == "title").unwrap();
        assert_eq!(title.1, Field::Null);
        let indicators = read_rows(&dir.path().join("indicators.parquet"));
        // A whole weight is still a DOUBLE: the type never depends on the values.
        let weight = indicators[0].iter().find(|(n, _)| n == "weight").unwrap();
        assert_eq!(weight.1, Field::Double(10.0));
        let no_weight = indicators[1].iter().find(|(n, _)| n == "weight").unwrap();
        assert_eq!(no_weight.1, Field::Null);
        let pages: Vec<String> = indicators
            .iter()
            .map(|r| r.iter().find(|(n, _)| n == "pages").unwrap().1.to_string())
            .collect();
        assert_eq!(pages, ["[1, 2]", "[2]"]);
        let tasks = read_rows(&dir.path().join("tasks.parquet"));
        let empty = tasks[0].iter().find(|(n, _)| n == "pages").unwrap();
        assert_eq!(empty.1.to_string(), "[]");
        assert_eq!(read_rows(&dir.path().join("errors.parquet")).len(), 1);
    }

    #[test]
    fn the_same_rows_give_the_same_bytes() {
        let write = || {
            let dir = crate::scratch::tempdir().unwrap();
            let mut set = ParquetSet::create(dir.path()).unwrap();
            set.write_document(&sample()).unwrap();
            set.commit().unwrap();
            std::fs::read(dir.path().join("indicators.parquet")).unwrap()
        };
        assert_eq!(write(), write());
    }
}
