//! Local edits: each one a transaction on one record, numbered and clocked, with the version
//! every changed field replaced (its base), queued in the outbox.

use super::Replica;
use crate::SyncError;
use crate::merge::FieldClass;
use crate::wire::{ConflictId, FieldChange, RowRef, WireValue};

impl Replica {
    /// Edit one record at wall time `now_ms`: every `(column, value)` gets the same change
    /// number and clock (one change entry). For an append-only column the value is added to
    /// the set. Returns the change number.
    pub fn edit(&mut self, row: &RowRef, values: &[(&str, WireValue)], now_ms: u64) -> u64 {
        self.edit_resolving(row, values, &[], now_ms)
    }

    /// Resolve a conflict by choosing `value` for its field: an ordinary edit that also names
    /// the conflict, so that it syncs like any edit and closes the conflict everywhere.
    pub fn resolve(
        &mut self,
        conflict: ConflictId,
        value: WireValue,
        now_ms: u64,
    ) -> Result<u64, SyncError> {
        let (row, column) = self
            .conflicts()
            .find(|c| c.id == conflict)
            .map(|c| (c.row.clone(), c.column.clone()))
            .ok_or(SyncError::UnknownConflict { id: conflict.0 })?;
        Ok(self.edit_resolving(&row, &[(&column, value)], &[conflict], now_ms))
    }

    fn edit_resolving(
        &mut self,
        row: &RowRef,
        values: &[(&str, WireValue)],
        resolves: &[ConflictId],
        now_ms: u64,
    ) -> u64 {
        let hlc = self.clock.tick(now_ms);
        let change_no = self.outbox.next_change_no();
        for (column, value) in values {
            let base = match self.policy.class(&row.table, column) {
                FieldClass::AppendOnly => None,
                FieldClass::Plain | FieldClass::Guarded => self.visible_stamp(row, column),
            };
            self.outbox.push(FieldChange {
                change_no,
                table: row.table.clone(),
                row: row.id.clone(),
                column: (*column).to_owned(),
                value: value.clone(),
                hlc,
                base,
                resolves: resolves.to_vec(),
            });
        }
        change_no
    }
}
