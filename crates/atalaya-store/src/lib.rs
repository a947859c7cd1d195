//! Atalaya's encrypted local store.
//!
//! One SQLCipher database per workstation: opened with a 256-bit random key that lives in the OS
//! keyring or is wrapped by a passphrase (Argon2id), migrated on open, and written **only**
//! through [`WriteTx`], which records a change entry per changed record (for sync) and one
//! hash-chained audit entry per transaction (for `audit verify`).
//!
//! This crate owns SQL. Nothing above it writes SQL; nothing in it knows about the CLI or UI.
#![deny(missing_docs)]

pub mod audit;
pub mod backup;
pub mod cases;
pub mod codec;
pub mod cube;
pub mod error;
pub mod imports;
pub mod keyring;
pub mod keys;
pub mod links;
pub mod migrations;
pub mod overlays;
pub mod quarantine_page;
pub mod query;
mod rollup;
pub mod rowhash;
pub mod schema;
pub mod search;
pub mod store;
pub mod sync_book;
pub mod tally;
pub mod view_query;
pub mod view_snapshot;
pub mod write;

pub use audit::{AuditEntry, AuditProblem, AuditReport};
pub use error::StoreError;
pub use keys::{DbKey, KeyInfo, Protection, Unlock};
pub use query::{IncidentFilter, IncidentRow, SortOrder};
pub use rollup::check::RollupMismatch;
/// A column value, as the write path takes it.
pub use rusqlite::types::Value;
pub use store::Store;
pub use write::WriteTx;

/// Result alias for this crate.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
