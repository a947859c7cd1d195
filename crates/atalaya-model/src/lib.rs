//! Atalaya's standardized domain model: the types every other crate speaks.
//!
//! This crate owns the vocabulary (incidents, areas, sources, cases, users, the standard crime
//! taxonomy) and the two identity primitives the whole system relies on: UUIDv7 record ids and
//! hybrid logical clocks. **It never does I/O**: the taxonomy is parsed from text that the
//! caller (or `include_str!`) supplies.
#![deny(missing_docs)]

pub mod area;
pub mod case;
pub mod check_digit;
pub mod error;
pub mod hlc;
pub mod ids;
pub mod incident;
pub mod records;
pub mod source;
pub mod taxonomy;
pub mod time;
pub mod user;

pub use area::{Area, AreaKind, GeoPoint};
pub use case::{Case, CaseAction, CaseItem, CaseItemKind, CaseStatus, Review, ReviewDecision};
pub use check_digit::mod11_check_digit;
pub use error::ModelError;
pub use hlc::{Hlc, HlcClock};
pub use ids::*;
pub use incident::{Incident, IncidentStatus, LocationPrecision, Sensitivity};
pub use records::{
    Camera, CameraEvent, CitizenReport, Link, PatrolTrack, RegistryRecord, Street, TrackPoint,
};
pub use source::{ImportBatch, Source, SourceKind};
pub use taxonomy::{Category, CategoryGroup, Taxonomy};
pub use user::{Jurisdiction, Role, User};
