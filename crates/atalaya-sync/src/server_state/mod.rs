//! The server's sync logic: [`push`] and [`pull`], generic over [`ServerStore`] (where the
//! state lives), and [`ServerState`], the in-memory store: the reference the real server's
//! storage backends must match (same rules, same answers), and the server of the convergence
//! tests.
//!
//! Invariants: every applied push batch touches each of its records once, under a new server
//! sequence number; a device's change is applied at most once (its settled change number); a
//! pull only ever returns records the scope admits.

mod ledger;
mod memory;
mod pull;
mod push;
mod scope;
mod store;

pub use pull::pull;
pub use push::{push, validate};
pub use scope::{Cuadrantes, Everything, NoReviews, REFERENCE_TABLES, REVIEW_TABLES, Scope};
pub use store::{ServerStore, StoredRecord};

use crate::SyncError;
use crate::merge::FieldPolicy;
use crate::wire::{Conflict, PullPage, PullRequest, PushAck, PushBatch, RowRef, RowState};
use atalaya_model::DeviceId;
use ledger::DeviceLedger;
use std::collections::BTreeMap;

/// The server's sync state in memory: records, their sequence, conflicts and per-device
/// bookkeeping.
#[derive(Debug, Default)]
pub struct ServerState {
    policy: FieldPolicy,
    /// Last server sequence number assigned.
    seq: u64,
    /// Last conflict id assigned.
    conflict_seq: u64,
    rows: BTreeMap<RowRef, StoredRecord>,
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

    /// Apply a batch atomically: it is checked whole before anything changes, so an error
    /// leaves the state untouched (see [`push`]).
    pub fn push(&mut self, batch: &PushBatch, scope: &dyn Scope) -> Result<PushAck, SyncError> {
        push(self, batch, scope)
    }

    /// The page after `request.cursor` (see [`pull`]).
    pub fn pull(&mut self, request: &PullRequest, scope: &dyn Scope) -> PullPage {
        match pull(self, request, scope) {
            Ok(page) => page,
            // The in-memory store's methods never fail, and a pull refuses nothing.
            Err(e) => unreachable!("in-memory pull failed: {e}"),
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
            .map(|(r, row)| (r.clone(), row.to_state(r)))
            .collect()
    }

    /// Every conflict, open or resolved.
    pub fn conflicts(&self) -> impl Iterator<Item = &Conflict> {
        self.rows.values().flat_map(|r| r.conflicts.iter())
    }
}
