//! What a device's user may see and change: a predicate over records, decided by the server
//! (role, jurisdiction, sensitivity), never by the client.

use crate::merge::Row;
use crate::wire::{RowRef, WireValue};
use std::collections::BTreeSet;

/// Reference tables: the data sources, the area polygons (comuna, cuadrantes, barrios) and the
/// street gazetteer. Every user may see them (a field laptop needs the map's areas and the
/// geocoder's streets for its own jurisdiction too); only a user of the whole comuna may
/// change them.
pub const REFERENCE_TABLES: &[&str] = &["source", "area", "street"];

fn is_reference(row: &RowRef) -> bool {
    REFERENCE_TABLES.contains(&row.table.as_str())
}

/// A user's scope. The real server builds one from the user's role and jurisdiction.
pub trait Scope {
    /// Whether the user may see this record in this state.
    fn admits(&self, row: &RowRef, fields: &Row) -> bool;

    /// Whether the user may change this record in this state (by default, what they see).
    fn may_change(&self, row: &RowRef, fields: &Row) -> bool {
        self.admits(row, fields)
    }

    /// Whether the user may set `column` of this record to `value` (by default, anything in a
    /// record they may change): for rules about what a field becomes rather than whose record
    /// it is.
    fn may_set(&self, _row: &RowRef, _column: &str, _value: &WireValue) -> bool {
        true
    }

    /// Changes whenever the scope does, so that a client served under an old scope is started
    /// over (evictions of what it lost, backfill of what it gained).
    fn fingerprint(&self) -> u64;
}

/// Records only supervisors and administrators write: a review is a supervisor's decision.
pub const REVIEW_TABLES: &[&str] = &["review"];

/// The case status only a review sets: approval is a supervisor's decision.
const APPROVED: (&str, &str, &str) = ("case_file", "status", "approved");

/// The scope of a user who does not review (an analyst, a field user): what `inner` admits,
/// but a review is seen and never written, nor a case set to approved — pushing either is
/// refused like a record out of jurisdiction, with its reason kept on the workstation.
pub struct NoReviews(pub Box<dyn Scope + Send + Sync>);

impl Scope for NoReviews {
    fn admits(&self, row: &RowRef, fields: &Row) -> bool {
        self.0.admits(row, fields)
    }

    fn may_change(&self, row: &RowRef, fields: &Row) -> bool {
        !REVIEW_TABLES.contains(&row.table.as_str()) && self.0.may_change(row, fields)
    }

    fn may_set(&self, row: &RowRef, column: &str, value: &WireValue) -> bool {
        let (table, status, approved) = APPROVED;
        let approves = row.table == table && column == status && value.as_text() == Some(approved);
        !approves && self.0.may_set(row, column, value)
    }

    fn fingerprint(&self) -> u64 {
        // What the user sees is `inner`'s: a role change alone needs no backfill.
        self.0.fingerprint()
    }
}

/// Everything (an analyst or supervisor of the whole comuna, an admin).
#[derive(Clone, Copy, Debug, Default)]
pub struct Everything;

impl Scope for Everything {
    fn admits(&self, _: &RowRef, _: &Row) -> bool {
        true
    }

    fn fingerprint(&self) -> u64 {
        0
    }
}

/// The records of some cuadrantes: a record is admitted when its `cuadrante` column holds one
/// of them; a record without a cuadrante is not (a field user sees their jurisdiction only),
/// except the [`REFERENCE_TABLES`], seen but never changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cuadrantes {
    codes: BTreeSet<String>,
}

impl Cuadrantes {
    /// The scope of these cuadrante codes.
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(codes: I) -> Self {
        Self {
            codes: codes.into_iter().map(Into::into).collect(),
        }
    }
}

impl Cuadrantes {
    fn holds(&self, fields: &Row) -> bool {
        fields
            .value("cuadrante")
            .and_then(|v| v.as_text())
            .is_some_and(|c| self.codes.contains(c))
    }
}

/// Bumped whenever what a [`Cuadrantes`] scope admits changes for the same codes (2: the
/// reference tables), so that every such client starts over and is backfilled.
const CUADRANTES_RULES: u8 = 2;

impl Scope for Cuadrantes {
    fn admits(&self, row: &RowRef, fields: &Row) -> bool {
        is_reference(row) || self.holds(fields)
    }

    fn may_change(&self, row: &RowRef, fields: &Row) -> bool {
        !is_reference(row) && self.holds(fields)
    }

    fn fingerprint(&self) -> u64 {
        // FNV-1a over the rules' version and the sorted codes: stable across runs and builds
        // (unlike `Hash`).
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        h = (h ^ u64::from(CUADRANTES_RULES)).wrapping_mul(0x0100_0000_01b3);
        for code in &self.codes {
            for b in code.bytes().chain([0xff]) {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        h | 1 // never 0, which is `Everything`'s
    }
}
