//! Atalaya's ingestion: turning each source's own export into the standard model.
//!
//! A [`Profile`] (TOML, see `docs/profiles.md`) says how one kind of export is laid out: its
//! format (CSV/TSV, Excel, GeoJSON, GPX, JSON/NDJSON), encoding, delimiter, columns, date
//! forms, time zone, coordinate system, category names, case-number check, and which kind of
//! record each row becomes (incident, patrol track, registry record).
//! [`open_file`] reads a file through a profile, streaming whatever the reader
//! ([`source::RowSource`]), and yields one [`ReadRow`] per record: its verbatim text (for
//! lineage) and either a standardized [`StandardRecord`] or a [`Rejection`] naming the row,
//! column, value and expectation that failed (for quarantine).
//! [`infer_profile`] drafts a profile for a file never seen before.
//!
//! What this crate is not: it never touches the store (no SQL), never decides about duplicates,
//! updates or areas — the `atalaya` crate does that with what this crate returns.
#![deny(missing_docs)]

pub mod coords;
pub mod error;
pub mod geocode;
pub mod gpx;
pub mod infer;
pub mod json;
pub mod link;
pub mod profile;
pub mod reader;
pub mod rejection;
pub mod rows;
pub mod ruc;
pub mod source;
pub mod standardize;
pub mod values;
pub mod xlsx;

pub use error::IngestError;
pub use infer::{DraftProfile, infer_profile};
pub use profile::{BUILTIN, Crs, FormatKind, Profile, RecordKind};
pub use rejection::{Reason, Rejection};
pub use rows::{ReadRow, SourceRows, file_header, header_fit, open_file, open_rows};
pub use standardize::{Leniency, Record, StandardRecord, Standardizer};
