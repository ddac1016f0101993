//! Emit stage: JSON documents, CSV tables, SQL DDL and the JSON Schema of `evalform/1`.

pub mod atomic;
pub mod csv;
pub mod json;
pub mod number;
pub mod schema;
pub mod sql;

pub use schema::json_schema;

/// Print the JSON Schema of an `evalform/1` document, or with `--sql` the DDL
/// of the CSV tables for loading them into a database.
#[derive(Debug, Clone, clap::Args)]
pub struct SchemaArgs {
    /// SQL dialect of the DDL: postgres or sqlite.
    #[arg(long, value_name = "DIALECT")]
    pub sql: Option<sql::Dialect>,
}

impl SchemaArgs {
    pub fn run(&self) -> i32 {
        match self.sql {
            Some(dialect) => print!("{}", sql::ddl(dialect)),
            None => print!("{}", json_schema()),
        }
        0
    }
}
