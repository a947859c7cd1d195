//! Conflict records: two concurrent edits of a guarded field, both kept for a person to decide.

use super::{RowRef, Stamp, Versioned};
use serde::{Deserialize, Serialize};

/// A conflict's id, assigned by the server when it detects the conflict (unique per server).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ConflictId(pub u64);

/// Two concurrent versions of one guarded field. The field meanwhile holds the one with the
/// higher stamp (a deterministic provisional value); neither is lost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// Server-assigned id.
    pub id: ConflictId,
    /// The record.
    pub row: RowRef,
    /// The guarded column.
    pub column: String,
    /// The version the field held when the concurrent edit arrived (its author and clock are
    /// in the stamp).
    pub kept: Versioned,
    /// The edit that arrived without having seen `kept`.
    pub incoming: Versioned,
    /// The version `incoming` replaced on its device (`None`: the field was empty there).
    pub incoming_base: Option<Stamp>,
    /// The edit that resolved the conflict, once someone has (it syncs like any edit).
    pub resolved_by: Option<Stamp>,
}

impl Conflict {
    /// Whether it still waits for a person.
    pub fn is_open(&self) -> bool {
        self.resolved_by.is_none()
    }

    /// Whether one of its two sides is the version with this stamp.
    pub fn keeps(&self, stamp: Stamp) -> bool {
        self.kept.stamp == stamp || self.incoming.stamp == stamp
    }
}
