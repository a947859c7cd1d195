//! [`ServerState`] as a [`ServerStore`]: every method a map lookup or insert, none fails.

use super::{ServerState, ServerStore, StoredRecord};
use crate::SyncError;
use crate::merge::FieldPolicy;
use crate::wire::{ConflictId, Refusal, RowRef};
use atalaya_model::DeviceId;
use std::ops::Bound;

impl ServerStore for ServerState {
    type Error = SyncError;

    fn policy(&self) -> &FieldPolicy {
        &self.policy
    }

    fn head(&self) -> Result<u64, SyncError> {
        Ok(self.seq)
    }

    fn next_seq(&mut self) -> Result<u64, SyncError> {
        self.seq += 1;
        Ok(self.seq)
    }

    fn next_conflict_id(&mut self) -> Result<ConflictId, SyncError> {
        self.conflict_seq += 1;
        Ok(ConflictId(self.conflict_seq))
    }

    fn record(&self, row: &RowRef) -> Result<Option<StoredRecord>, SyncError> {
        Ok(self.rows.get(row).cloned())
    }

    fn put_record(&mut self, row: &RowRef, record: &StoredRecord) -> Result<(), SyncError> {
        if let Some(old) = self.rows.insert(row.clone(), record.clone()) {
            self.by_seq.remove(&old.seq);
        }
        self.by_seq.insert(record.seq, row.clone());
        Ok(())
    }

    fn records_after(
        &self,
        seq: u64,
        limit: usize,
    ) -> Result<Vec<(RowRef, StoredRecord)>, SyncError> {
        // Excluded, not `seq + 1..`: a client's cursor may be any u64.
        Ok(self
            .by_seq
            .range((Bound::Excluded(seq), Bound::Unbounded))
            .take(limit)
            .map(|(_, row)| (row.clone(), self.rows[row].clone()))
            .collect())
    }

    fn applied_up_to(&self, device: DeviceId) -> Result<u64, SyncError> {
        Ok(ServerState::applied_up_to(self, device))
    }

    fn settle(
        &mut self,
        device: DeviceId,
        applied_up_to: u64,
        refusals: &[Refusal],
    ) -> Result<(), SyncError> {
        let ledger = self.devices.entry(device).or_default();
        ledger.applied_up_to = ledger.applied_up_to.max(applied_up_to);
        ledger
            .refusals
            .extend(refusals.iter().map(|r| (r.change_no, r.clone())));
        Ok(())
    }

    fn refusals_in(
        &self,
        device: DeviceId,
        first: u64,
        last: u64,
    ) -> Result<Vec<Refusal>, SyncError> {
        Ok(self
            .devices
            .get(&device)
            .map_or_else(Vec::new, |d| d.refusals_in(first, last)))
    }

    fn held(&self, device: DeviceId, row: &RowRef) -> Result<bool, SyncError> {
        Ok(self
            .devices
            .get(&device)
            .is_some_and(|d| d.held.contains(row)))
    }

    fn hold(&mut self, device: DeviceId, rows: &[RowRef]) -> Result<(), SyncError> {
        let held = &mut self.devices.entry(device).or_default().held;
        held.extend(rows.iter().cloned());
        Ok(())
    }
}
