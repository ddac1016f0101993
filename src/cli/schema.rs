//! `evalform schema` arguments.

use evalform::emit::{Dialect, ddl, json_schema};

/// Print the JSON Schema of an `evalform/1` document, or with `--sql` the DDL
/// of the tables for loading them into a database.
#[derive(Debug, Clone, clap::Args)]
pub struct SchemaArgs {
    /// SQL dialect of the DDL: postgres or sqlite (for the CSVs), duckdb (for the Parquet files).
    #[arg(long, value_name = "DIALECT")]
    pub sql: Option<Dialect>,
}

impl SchemaArgs {
    pub fn run(&self) -> i32 {
        match self.sql {
            Some(dialect) => print!("{}", ddl(dialect)),
            None => print!("{}", json_schema()),
        }
        0
    }
}
