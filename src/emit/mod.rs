//! Emit stage: JSON documents and CSV tables.
