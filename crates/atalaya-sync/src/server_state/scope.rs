//! What a device's user may see and change: a predicate over records, decided by the server
//! (role, jurisdiction, sensitivity), never by the client.

use crate::merge::Row;
use crate::wire::RowRef;
use std::collections::BTreeSet;

/// A user's scope. The real server builds one from the user's role and jurisdiction.
pub trait Scope {
    /// Whether the user may see and change this record in this state.
    fn admits(&self, row: &RowRef, fields: &Row) -> bool;

    /// Changes whenever the scope does, so that a client served under an old scope is started
    /// over (evictions of what it lost, backfill of what it gained).
    fn fingerprint(&self) -> u64;
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
/// of them; a record without a cuadrante is not (a field user sees their jurisdiction only).
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

impl Scope for Cuadrantes {
    fn admits(&self, _: &RowRef, fields: &Row) -> bool {
        fields
            .value("cuadrante")
            .and_then(|v| v.as_text())
            .is_some_and(|c| self.codes.contains(c))
    }

    fn fingerprint(&self) -> u64 {
        // FNV-1a over the sorted codes: stable across runs and builds (unlike `Hash`).
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for code in &self.codes {
            for b in code.bytes().chain([0xff]) {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        h | 1 // never 0, which is `Everything`'s
    }
}
