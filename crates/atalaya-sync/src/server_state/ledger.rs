//! Per-device bookkeeping: which changes are settled (idempotency), why some were refused,
//! and which records the device was ever sent (so that it can be told to evict them).

use crate::wire::{Refusal, RowRef};
use std::collections::{BTreeMap, BTreeSet};

/// What the server remembers of one device.
#[derive(Clone, Debug, Default)]
pub(super) struct DeviceLedger {
    /// Highest change number settled (applied or refused): a replayed or resumed batch skips
    /// everything up to it.
    pub applied_up_to: u64,
    /// Refusals by change number, so that a replay is answered as the first sending was.
    pub refusals: BTreeMap<u64, Refusal>,
    /// Records this device has held (pulled or pushed). An eviction names only these: a
    /// user never learns the ids of records that were never theirs.
    pub held: BTreeSet<RowRef>,
}

impl DeviceLedger {
    /// The refusals among change numbers `first..=last`.
    pub fn refusals_in(&self, first: u64, last: u64) -> Vec<Refusal> {
        if first > last {
            return Vec::new();
        }
        self.refusals
            .range(first..=last)
            .map(|(_, r)| r.clone())
            .collect()
    }
}
