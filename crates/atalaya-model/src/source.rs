//! Sources of records and the import batches read from them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::incident::text_enum;
use crate::{BatchId, ModelError, SourceId, UserId};

/// The kind of system a source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// Patrol reports and GPS tracks.
    Patrol,
    /// CCTV operators' event logs.
    Camera,
    /// Institutional registries (police, prosecutor, municipal).
    Registry,
    /// Citizen reports.
    Citizen,
    /// Field capture in Atalaya itself.
    Field,
    /// Generated demo data.
    Demo,
}
text_enum!(SourceKind, "source kind", Patrol => "patrol", Camera => "camera", Registry => "registry", Citizen => "citizen", Field => "field", Demo => "demo");

/// Where records come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Its id.
    pub id: SourceId,
    /// What kind of system it is.
    pub kind: SourceKind,
    /// Display name (unique), e.g. `Patrullaje municipal`.
    pub name: String,
    /// The mapping profile used to read it, if any.
    pub profile: Option<String>,
}

/// One file or feed read into the store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportBatch {
    /// Its id.
    pub id: BatchId,
    /// The source it was read from.
    pub source_id: SourceId,
    /// The file name or feed name.
    pub origin: String,
    /// BLAKE3 of the file content (hex): the same file twice is a no-op.
    pub content_hash: String,
    /// Rows read.
    pub rows_read: u64,
    /// Rows accepted.
    pub rows_accepted: u64,
    /// Rows quarantined.
    pub rows_quarantined: u64,
    /// Rows recognised as duplicates.
    pub rows_duplicate: u64,
    /// Who ran it.
    pub imported_by: Option<UserId>,
    /// When it ran.
    pub imported_at: DateTime<Utc>,
}
