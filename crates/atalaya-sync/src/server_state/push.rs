//! Applying a push batch: validated whole first, then applied record by record under new
//! server sequence numbers; changes already settled are skipped, out-of-scope records refused.

use super::{Scope, ServerStore, StoredRecord};
use crate::SyncError;
use crate::merge::{Applied, FieldPolicy, Row, apply_change};
use crate::wire::{
    Conflict, FieldChange, PushAck, PushBatch, Refusal, RefusalReason, RowRef, Stamp, Versioned,
};
use atalaya_model::DeviceId;
use std::collections::BTreeMap;

/// Apply a batch. It is checked whole before anything is written, so a refused batch changes
/// nothing; a storage error midway leaves partial writes that the caller's transaction must
/// roll back. Changes the device already had settled are skipped (a replayed or resumed
/// batch); records outside `scope` are refused with the reason and the rest applies.
pub fn push<S: ServerStore + ?Sized>(
    store: &mut S,
    batch: &PushBatch,
    scope: &dyn Scope,
) -> Result<PushAck, S::Error> {
    validate(batch)?;
    let device = batch.device;
    let settled = store.applied_up_to(device)?;
    // Saturating: change numbers come from the client and may be anything up to u64::MAX.
    if batch.first_change_no > settled.saturating_add(1) {
        return Err(SyncError::ChangeGap {
            device,
            expected: settled.saturating_add(1),
            got: batch.first_change_no,
        }
        .into());
    }
    let mut by_row: BTreeMap<RowRef, Vec<&FieldChange>> = BTreeMap::new();
    for change in batch.changes.iter().filter(|c| c.change_no > settled) {
        by_row.entry(change.row_ref()).or_default().push(change);
    }
    let (mut refusals, mut applied) = (Vec::new(), Vec::new());
    for (row, changes) in by_row {
        let stored = store.record(&row)?;
        if may_change(
            store.policy(),
            scope,
            &row,
            stored.as_ref(),
            device,
            &changes,
        ) {
            apply_row(store, device, &row, stored.unwrap_or_default(), &changes)?;
            applied.push(row);
        } else {
            refusals.extend(refuse(&row, &changes));
        }
    }
    let applied_up_to = settled.max(batch.last_change_no());
    store.settle(device, applied_up_to, &refusals)?;
    store.hold(device, &applied)?;
    Ok(PushAck {
        batch_id: batch.batch_id,
        applied_up_to,
        server_seq: store.head()?,
        // Up to everything settled, not just this batch: a later sending may have been
        // applied first, and the client drops all of it on this ack.
        refused: store.refusals_in(device, batch.first_change_no, applied_up_to)?,
    })
}

/// Whether the caller may change the record: set each field to its new value, and change the
/// record itself. A stored record is judged as stored (a user may move their record out of
/// their scope, not reach into another's); a new one as pushed.
fn may_change(
    policy: &FieldPolicy,
    scope: &dyn Scope,
    row: &RowRef,
    stored: Option<&StoredRecord>,
    device: DeviceId,
    changes: &[&FieldChange],
) -> bool {
    if !changes
        .iter()
        .all(|c| scope.may_set(row, &c.column, &c.value))
    {
        return false;
    }
    match stored {
        Some(stored) => scope.may_change(row, &stored.fields),
        None => {
            let mut fresh = Row::default();
            apply_fields(policy, &mut fresh, device, changes);
            scope.may_change(row, &fresh)
        }
    }
}

fn apply_row<S: ServerStore + ?Sized>(
    store: &mut S,
    device: DeviceId,
    row: &RowRef,
    mut stored: StoredRecord,
    changes: &[&FieldChange],
) -> Result<(), S::Error> {
    for (change, outcome) in apply_fields(store.policy(), &mut stored.fields, device, changes) {
        let stamp = Stamp::new(change.hlc, device);
        if let Applied::Conflict { kept } = outcome {
            stored.conflicts.push(Conflict {
                id: store.next_conflict_id()?,
                row: row.clone(),
                column: change.column.clone(),
                kept,
                incoming: Versioned {
                    value: change.value.clone(),
                    stamp,
                },
                incoming_base: change.base,
                resolved_by: None,
            });
        }
        for conflict in stored.conflicts.iter_mut() {
            if change.resolves.contains(&conflict.id) && conflict.column == change.column {
                // The maximum, so that two resolutions give the same record in any order.
                conflict.resolved_by = conflict.resolved_by.max(Some(stamp));
            }
        }
    }
    stored.seq = store.next_seq()?;
    store.put_record(row, &stored)
}

fn apply_fields<'c>(
    policy: &FieldPolicy,
    row: &mut Row,
    device: DeviceId,
    changes: &[&'c FieldChange],
) -> Vec<(&'c FieldChange, Applied)> {
    let mut outcomes = Vec::with_capacity(changes.len());
    for &change in changes {
        let class = policy.class(&change.table, &change.column);
        let incoming = Versioned {
            value: change.value.clone(),
            stamp: Stamp::new(change.hlc, device),
        };
        let mut field = row.fields.remove(&change.column);
        let outcome = apply_change(class, &mut field, incoming, change.base);
        if let Some(field) = field {
            row.fields.insert(change.column.clone(), field);
        }
        outcomes.push((change, outcome));
    }
    outcomes
}

fn refuse(row: &RowRef, changes: &[&FieldChange]) -> Vec<Refusal> {
    let mut refusals: Vec<Refusal> = Vec::new();
    for change in changes {
        if refusals
            .last()
            .is_none_or(|r| r.change_no != change.change_no)
        {
            refusals.push(Refusal {
                change_no: change.change_no,
                reason: RefusalReason::OutOfScope { row: row.clone() },
            });
        }
    }
    refusals
}

/// A batch starts at its declared number, never goes backwards, and each change number names
/// one record (it is one change entry of the store).
pub fn validate(batch: &PushBatch) -> Result<(), SyncError> {
    let Some(first) = batch.changes.first() else {
        return Ok(());
    };
    if first.change_no == 0 {
        // Numbering starts at 1: 0 is "nothing settled yet" and would be skipped unapplied.
        return Err(SyncError::ChangeNumberZero);
    }
    if first.change_no != batch.first_change_no {
        return Err(SyncError::FirstChangeMismatch {
            declared: batch.first_change_no,
            found: first.change_no,
        });
    }
    for pair in batch.changes.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if b.change_no < a.change_no {
            return Err(SyncError::ChangeNumbersOutOfOrder {
                previous: a.change_no,
                found: b.change_no,
            });
        }
        if b.change_no == a.change_no && (b.table != a.table || b.row != a.row) {
            return Err(SyncError::ChangeSpansRecords {
                change_no: b.change_no,
            });
        }
    }
    Ok(())
}
