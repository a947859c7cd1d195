//! The server's test suite against a real PostgreSQL, started by the harness (initdb + pg_ctl
//! in a temp dir).

mod common;
mod suite;

suite::backend_suite!(common::pg_cluster::Postgres::start());
