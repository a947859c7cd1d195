//! Atalaya's ingestion: turning each source's own export into the standard model.
//!
//! A [`Profile`] (TOML, see `docs/profiles.md`) says how one kind of export is laid out: its
//! encoding, delimiter, columns, date forms, time zone, coordinate system and category names.
//! [`open_file`] reads a file through a profile, streaming, and yields one [`ReadRow`] per
//! record: its verbatim text (for lineage) and either a standardized [`StandardRecord`] or a
//! [`Rejection`] naming the row, column, value and expectation that failed (for quarantine).
//! [`infer_profile`] drafts a profile for a file never seen before.
//!
//! What this crate is not: it never touches the store (no SQL), never decides about duplicates,
//! updates or areas — the `atalaya` crate does that with what this crate returns.
#![deny(missing_docs)]

pub mod coords;
pub mod error;
pub mod infer;
pub mod profile;
pub mod reader;
pub mod rejection;
pub mod rows;
pub mod standardize;
pub mod values;

pub use error::IngestError;
pub use infer::{DraftProfile, infer_profile};
pub use profile::{BUILTIN, Crs, Profile};
pub use rejection::{Reason, Rejection};
pub use rows::{ReadRow, SourceRows, file_header, header_fit, open_file, open_rows};
pub use standardize::{Leniency, StandardRecord, Standardizer};
