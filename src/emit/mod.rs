//! Emit stage: JSON documents, CSV and Parquet tables, SQL DDL and the JSON Schema of `evalform/1`.

pub mod atomic;
pub mod csv;
pub mod json;
pub mod number;
pub mod parquet;
pub mod rows;
pub mod schema;
pub mod sql;

pub use schema::json_schema;
