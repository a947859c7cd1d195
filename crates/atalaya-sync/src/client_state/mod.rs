//! A replica: the client side of sync, in memory. It holds what the server confirmed, the
//! outbox of local edits, and shows the two merged by the same rules as everywhere else.
//!
//! Invariants: the visible state is the confirmed state with the outbox applied on top; the
//! confirmed state only ever grows by merging server data (or settled own edits), so that
//! duplicated, reordered or lost messages cannot move a replica backwards.

mod edit;
mod outbox;
mod receive;

pub use outbox::Outbox;

use crate::merge::{FieldClass, FieldPolicy, Row, merge_field};
use crate::wire::{
    Conflict, ConflictId, Cursor, Field, FieldChange, Item, RefusalReason, RowRef, RowState, Stamp,
    Versioned,
};
use atalaya_model::{DeviceId, HlcClock};
use std::collections::BTreeMap;

/// A record as the server last confirmed it to this replica.
#[derive(Clone, Debug, Default)]
struct ConfirmedRow {
    fields: Row,
    conflicts: BTreeMap<ConflictId, Conflict>,
}

/// A change the server refused, kept for the user to see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefusedChange {
    /// The changed field.
    pub change: FieldChange,
    /// Why the server refused it.
    pub reason: RefusalReason,
}

/// One device's replica of what its user may see.
#[derive(Debug)]
pub struct Replica {
    device: DeviceId,
    policy: FieldPolicy,
    clock: HlcClock,
    confirmed: BTreeMap<RowRef, ConfirmedRow>,
    outbox: Outbox,
    cursor: Cursor,
    refused: Vec<RefusedChange>,
    batches_sent: u64,
}

impl Replica {
    /// An empty replica of `device`.
    pub fn new(device: DeviceId, policy: FieldPolicy) -> Self {
        Self {
            device,
            policy,
            clock: HlcClock::default(),
            confirmed: BTreeMap::new(),
            outbox: Outbox::default(),
            cursor: Cursor::default(),
            refused: Vec::new(),
            batches_sent: 0,
        }
    }

    /// This replica's device.
    pub fn device(&self) -> DeviceId {
        self.device
    }

    /// How far it has pulled.
    pub fn cursor(&self) -> Cursor {
        self.cursor
    }

    /// The local edits waiting for the server.
    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    /// Changes the server refused, oldest first.
    pub fn refused(&self) -> &[RefusedChange] {
        &self.refused
    }

    /// Every conflict on records it holds, open or resolved.
    pub fn conflicts(&self) -> impl Iterator<Item = &Conflict> {
        self.confirmed.values().flat_map(|r| r.conflicts.values())
    }

    /// What the user sees: the confirmed records with the outbox applied.
    pub fn snapshot(&self) -> BTreeMap<RowRef, RowState> {
        let mut rows: BTreeMap<RowRef, RowState> = self
            .confirmed
            .iter()
            .map(|(r, c)| (r.clone(), confirmed_state(r, c)))
            .collect();
        for change in self.outbox.iter() {
            let row = change.row_ref();
            let state = rows.entry(row.clone()).or_insert_with(|| RowState {
                row,
                fields: BTreeMap::new(),
                conflicts: Vec::new(),
            });
            let class = self.policy.class(&change.table, &change.column);
            overlay(&mut state.fields, change, self.device, class);
        }
        rows
    }

    /// The stamp of the value a new edit of `row.column` replaces.
    fn visible_stamp(&self, row: &RowRef, column: &str) -> Option<Stamp> {
        let confirmed = self
            .confirmed
            .get(row)
            .and_then(|r| r.fields.fields.get(column))
            .and_then(Field::stamp);
        let pending = self
            .outbox
            .iter()
            .filter(|c| c.column == column && c.table == row.table && c.row == row.id)
            .map(|c| Stamp::new(c.hlc, self.device))
            .max();
        confirmed.max(pending)
    }
}

fn confirmed_state(row: &RowRef, confirmed: &ConfirmedRow) -> RowState {
    RowState {
        row: row.clone(),
        fields: confirmed.fields.fields.clone(),
        conflicts: confirmed.conflicts.values().cloned().collect(),
    }
}

/// A pending or settled own change as a field state of its own.
fn as_field(change: &FieldChange, device: DeviceId, append_only: bool) -> Field {
    let stamp = Stamp::new(change.hlc, device);
    if append_only {
        Field::Set {
            items: vec![Item {
                stamp,
                value: change.value.clone(),
            }],
        }
    } else {
        Field::Register(Versioned {
            value: change.value.clone(),
            stamp,
        })
    }
}

/// Lay an own change over a record's fields, by the field's merge rule.
fn overlay(
    fields: &mut BTreeMap<String, Field>,
    change: &FieldChange,
    device: DeviceId,
    class: FieldClass,
) {
    let field = as_field(change, device, class == FieldClass::AppendOnly);
    match fields.get_mut(&change.column) {
        Some(current) => merge_field(current, &field),
        None => {
            fields.insert(change.column.clone(), field);
        }
    }
}
