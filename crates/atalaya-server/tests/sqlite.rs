//! The server's test suite against the embedded SQLite backend.

mod common;
mod suite;

suite::backend_suite!(common::Sqlite);
