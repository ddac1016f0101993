//! Emit stage: JSON documents, CSV and Parquet tables, SQL DDL and the JSON Schema of `evalform/1`.

internal! {
    atomic;
    csv;
    json;
    number;
    parquet;
    rows;
    schema;
    sql;
}

pub use self::csv::{ErrorRow, TableSet};
pub use atomic::write_atomic;
pub use json::{document_json, to_line};
pub use schema::json_schema;
pub use sql::{Dialect, ddl};
