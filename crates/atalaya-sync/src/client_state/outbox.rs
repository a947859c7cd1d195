//! The outbox: a replica's change entries not yet settled by the server, in change-number
//! order. A push batch is always its head, so a batch cut mid-way is simply sent again.

use crate::wire::{FieldChange, PushBatch};
use atalaya_model::DeviceId;
use std::collections::VecDeque;

/// Unsettled changed fields, by change number.
#[derive(Clone, Debug, Default)]
pub struct Outbox {
    changes: VecDeque<FieldChange>,
    last_change_no: u64,
}

impl Outbox {
    /// An empty outbox whose next change will be numbered `last_change_no + 1`.
    pub fn starting_after(last_change_no: u64) -> Self {
        Self {
            changes: VecDeque::new(),
            last_change_no,
        }
    }

    /// A number for the next change entry.
    pub fn next_change_no(&mut self) -> u64 {
        self.last_change_no += 1;
        self.last_change_no
    }

    /// Add a changed field (numbered by [`Outbox::next_change_no`]).
    pub fn push(&mut self, change: FieldChange) {
        debug_assert!(
            self.changes
                .back()
                .is_none_or(|c| c.change_no <= change.change_no)
        );
        self.changes.push_back(change);
    }

    /// The unsettled changes, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &FieldChange> {
        self.changes.iter()
    }

    /// How many changed fields wait.
    pub fn len(&self) -> usize {
        self.changes.len()
    }

    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The first `max_entries` change entries (whole: never a part of one) as a batch.
    pub fn batch(&self, device: DeviceId, batch_id: u64, max_entries: usize) -> Option<PushBatch> {
        let first = self.changes.front()?.change_no;
        let mut entries = 0;
        let mut previous = None;
        let changes: Vec<FieldChange> = self
            .changes
            .iter()
            .take_while(|c| {
                if previous != Some(c.change_no) {
                    entries += 1;
                    previous = Some(c.change_no);
                }
                entries <= max_entries.max(1)
            })
            .cloned()
            .collect();
        Some(PushBatch {
            device,
            batch_id,
            first_change_no: first,
            changes,
        })
    }

    /// Remove and return every change numbered up to `up_to`.
    pub fn settle(&mut self, up_to: u64) -> Vec<FieldChange> {
        let n = self
            .changes
            .iter()
            .take_while(|c| c.change_no <= up_to)
            .count();
        self.changes.drain(..n).collect()
    }
}
