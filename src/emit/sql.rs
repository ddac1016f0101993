//! SQL DDL for loading a batch's tables into a warehouse, generated from the
//! same column lists the CSV and Parquet writers use. Amounts, rates and
//! scores are `NUMERIC(18,4)` / `DECIMAL(18,4)`: four decimals kept (a bare
//! `NUMERIC` becomes DuckDB's `DECIMAL(18,3)`, which rounds `8964.0812`
//! without a word). The PostgreSQL and SQLite DDL describe the CSVs (page
//! lists as `1;2` text); the DuckDB DDL describes the Parquet files (page
//! lists as `INTEGER[]`).

use std::fmt::Write as _;
use std::str::FromStr;

use super::csv::{Kind, Table};

/// The database a DDL is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// PostgreSQL (loads the CSVs).
    Postgres,
    /// SQLite (loads the CSVs).
    Sqlite,
    /// DuckDB (loads the Parquet tables).
    Duckdb,
}

impl FromStr for Dialect {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Ok(Dialect::Postgres),
            "sqlite" | "sqlite3" => Ok(Dialect::Sqlite),
            "duckdb" => Ok(Dialect::Duckdb),
            other => Err(format!(
                "unknown SQL dialect `{other}` (expected postgres, sqlite or duckdb)"
            )),
        }
    }
}

fn sql_type(kind: Kind, dialect: Dialect) -> &'static str {
    match (kind, dialect) {
        (Kind::Text, _) => "TEXT",
        (Kind::Integer, Dialect::Postgres | Dialect::Duckdb) => "BIGINT",
        (Kind::Integer, Dialect::Sqlite) => "INTEGER",
        (Kind::Number, Dialect::Postgres | Dialect::Sqlite) => "NUMERIC(18,4)",
        (Kind::Number, Dialect::Duckdb) => "DECIMAL(18,4)",
        (Kind::Pages, Dialect::Postgres | Dialect::Sqlite) => "TEXT",
        (Kind::Pages, Dialect::Duckdb) => "INTEGER[]",
    }
}

/// `CREATE TABLE` statements for every CSV table, parents first.
pub fn ddl(dialect: Dialect) -> String {
    let mut out = String::new();
    let _ = match dialect {
        Dialect::Duckdb => writeln!(
            out,
            "-- {} tables as in parquet/<table>.parquet; load each with\n\
             -- INSERT INTO <table> SELECT * FROM read_parquet('parquet/<table>.parquet');",
            crate::model::SCHEMA
        ),
        _ => writeln!(
            out,
            "-- {} CSV tables; load each <table>.csv (header row, empty field = NULL).",
            crate::model::SCHEMA
        ),
    };
    for table in Table::ALL {
        out.push('\n');
        out.push_str(&create_table(table, dialect));
    }
    out
}

fn create_table(table: Table, dialect: Dialect) -> String {
    let key = table.primary_key();
    let mut lines: Vec<String> = table
        .columns()
        .iter()
        .map(|c| {
            let not_null = if key.contains(&c.name) {
                " NOT NULL"
            } else {
                ""
            };
            format!("  {} {}{}", c.name, sql_type(c.kind, dialect), not_null)
        })
        .collect();
    lines.push(format!("  PRIMARY KEY ({})", key.join(", ")));
    if table.references_documents() {
        lines.push("  FOREIGN KEY (doc_id) REFERENCES documents (doc_id)".to_string());
    }
    format!(
        "CREATE TABLE {} (\n{}\n);\n",
        table.name(),
        lines.join(",\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_and_column_is_declared() {
        for dialect in [Dialect::Postgres, Dialect::Sqlite, Dialect::Duckdb] {
            let sql = ddl(dialect);
            for table in Table::ALL {
                assert!(sql.contains(&format!("CREATE TABLE {} (", table.name())));
            }
            assert!(sql.contains("PRIMARY KEY (doc_id, row_no)"));
        }
        assert!(ddl(Dialect::Postgres).contains("  target_value NUMERIC(18,4),\n"));
        assert!(ddl(Dialect::Duckdb).contains("  target_value DECIMAL(18,4),\n"));
        assert!(ddl(Dialect::Duckdb).contains("  pages INTEGER[],\n"));
        assert!(ddl(Dialect::Postgres).contains("  pages TEXT,\n"));
        assert!(ddl(Dialect::Postgres).contains("row_no BIGINT NOT NULL"));
        assert!(ddl(Dialect::Sqlite).contains("row_no INTEGER NOT NULL"));
    }

    #[test]
    fn dialect_names_parse() {
        assert_eq!("postgres".parse::<Dialect>(), Ok(Dialect::Postgres));
        assert_eq!("SQLite".parse::<Dialect>(), Ok(Dialect::Sqlite));
        assert_eq!("duckdb".parse::<Dialect>(), Ok(Dialect::Duckdb));
        assert!("mysql".parse::<Dialect>().is_err());
    }
}
