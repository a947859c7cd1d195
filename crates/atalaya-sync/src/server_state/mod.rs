//! The server's sync logic over an in-memory model: the reference the real server's storage
//! backends implement (same rules, same answers), and the server of the convergence tests.
//!
//! Invariants: every applied push batch touches each of its records once, under a new server
//! sequence number; a device's change is applied at most once (`DeviceLedger`); a pull
//! only ever returns records the scope admits.

mod ledger;
mod pull;
mod push;
mod scope;

pub use scope::{Cuadrantes, Everything, Scope};

use crate::merge::{FieldPolicy, Row};
use crate::wire::{Conflict, RowRef, RowState};
use atalaya_model::DeviceId;
use ledger::DeviceLedger;
use std::collections::BTreeMap;

/// A record on the server.
#[derive(Clone, Debug, Default)]
struct ServerRow {
    fields: Row,
    conflicts: Vec<Conflict>,
    /// Server sequence of its last change.
    seq: u64,
}

/// The server's sync state: records, their sequence, conflicts and per-device bookkeeping.
#[derive(Debug, Default)]
pub struct ServerState {
    policy: FieldPolicy,
    /// Last server sequence number assigned.
    seq: u64,
    /// Last conflict id assigned.
    conflict_seq: u64,
    rows: BTreeMap<RowRef, ServerRow>,
    /// The latest sequence of each record: pulls walk it in order.
    by_seq: BTreeMap<u64, RowRef>,
    devices: BTreeMap<DeviceId, DeviceLedger>,
}

impl ServerState {
    /// An empty server with this field policy.
    pub fn new(policy: FieldPolicy) -> Self {
        Self {
            policy,
            ..Self::default()
        }
    }

    /// The last server sequence number assigned.
    pub fn head(&self) -> u64 {
        self.seq
    }

    /// Highest change number of `device` settled so far.
    pub fn applied_up_to(&self, device: DeviceId) -> u64 {
        self.devices.get(&device).map_or(0, |d| d.applied_up_to)
    }

    /// Every record `scope` admits, as a pull would send it.
    pub fn snapshot(&self, scope: &dyn Scope) -> BTreeMap<RowRef, RowState> {
        self.rows
            .iter()
            .filter(|(r, row)| scope.admits(r, &row.fields))
            .map(|(r, row)| (r.clone(), row_state(r, row)))
            .collect()
    }

    /// Every conflict, open or resolved.
    pub fn conflicts(&self) -> impl Iterator<Item = &Conflict> {
        self.rows.values().flat_map(|r| r.conflicts.iter())
    }
}

fn row_state(row: &RowRef, state: &ServerRow) -> RowState {
    RowState {
        row: row.clone(),
        fields: state.fields.fields.clone(),
        conflicts: state.conflicts.clone(),
    }
}
