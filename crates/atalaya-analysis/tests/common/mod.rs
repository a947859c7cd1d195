//! Shared by the integration tests and the benchmark: a deterministic synthetic city and the
//! runner for the Python reference scripts in `tests/pyref/`.
#![allow(dead_code)]

pub mod pyref;
pub mod synthetic;
