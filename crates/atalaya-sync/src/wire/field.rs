//! A field's state as replicas hold and exchange it: one versioned value, or a set of
//! appended items.

use super::{Stamp, WireValue};
use serde::{Deserialize, Serialize};

/// A value with the stamp of the edit that wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Versioned {
    /// The value.
    pub value: WireValue,
    /// Who wrote it, when.
    pub stamp: Stamp,
}

/// One element of an append-only field, named by the stamp of the edit that added it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Item {
    /// Who added it, when (unique per addition).
    pub stamp: Stamp,
    /// The element.
    pub value: WireValue,
}

/// The state of one field of a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Field {
    /// A plain or guarded field: one current value.
    Register(Versioned),
    /// An append-only field: every addition, ordered by stamp, no duplicates.
    Set {
        /// The additions, sorted by stamp.
        items: Vec<Item>,
    },
}

impl Field {
    /// The current value of a register field.
    pub fn value(&self) -> Option<&WireValue> {
        match self {
            Self::Register(v) => Some(&v.value),
            Self::Set { .. } => None,
        }
    }

    /// The stamp of a register field's current value.
    pub fn stamp(&self) -> Option<Stamp> {
        match self {
            Self::Register(v) => Some(v.stamp),
            Self::Set { .. } => None,
        }
    }
}
