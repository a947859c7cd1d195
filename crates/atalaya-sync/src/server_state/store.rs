//! The seam between the server's sync rules and where its state lives: [`ServerStore`], the
//! reads and writes `push` and `pull` make, implemented in memory by
//! [`ServerState`](super::ServerState) and by each storage backend of the real server (inside
//! one database transaction per push or pull).

use crate::SyncError;
use crate::merge::{FieldPolicy, Row};
use crate::wire::{Conflict, ConflictId, Refusal, RowRef, RowState};
use atalaya_model::DeviceId;

/// A record as the server keeps it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredRecord {
    /// Its fields, each with its version.
    pub fields: Row,
    /// Its conflicts, open and resolved, by increasing id.
    pub conflicts: Vec<Conflict>,
    /// Server sequence of its last change (0: never stored).
    pub seq: u64,
}

impl StoredRecord {
    /// The record as a pull sends it.
    pub fn to_state(&self, row: &RowRef) -> RowState {
        RowState {
            row: row.clone(),
            fields: self.fields.fields.clone(),
            conflicts: self.conflicts.clone(),
        }
    }
}

/// What the sync rules need of the server's state. Every method is one small read or write;
/// the rules call them in an order that keeps a push atomic when the implementation runs them
/// inside one transaction and rolls back on error.
pub trait ServerStore {
    /// A storage failure. Rule violations (a malformed batch, a gap) arrive as [`SyncError`].
    type Error: From<SyncError>;

    /// The merge rule of every field.
    fn policy(&self) -> &FieldPolicy;

    /// The last server sequence number assigned (0: none yet).
    fn head(&self) -> Result<u64, Self::Error>;

    /// Assign the next server sequence number.
    fn next_seq(&mut self) -> Result<u64, Self::Error>;

    /// Assign the next conflict id.
    fn next_conflict_id(&mut self) -> Result<ConflictId, Self::Error>;

    /// A stored record.
    fn record(&self, row: &RowRef) -> Result<Option<StoredRecord>, Self::Error>;

    /// Store a record under its (new) `record.seq`, replacing the record's previous state and
    /// its place in the sequence.
    fn put_record(&mut self, row: &RowRef, record: &StoredRecord) -> Result<(), Self::Error>;

    /// At most `limit` records whose sequence is above `seq`, in sequence order.
    fn records_after(
        &self,
        seq: u64,
        limit: usize,
    ) -> Result<Vec<(RowRef, StoredRecord)>, Self::Error>;

    /// Highest change number of `device` settled (applied or refused) so far.
    fn applied_up_to(&self, device: DeviceId) -> Result<u64, Self::Error>;

    /// Record that `device`'s changes up to `applied_up_to` are settled, with these refusals.
    fn settle(
        &mut self,
        device: DeviceId,
        applied_up_to: u64,
        refusals: &[Refusal],
    ) -> Result<(), Self::Error>;

    /// The refusals of `device` among change numbers `first..=last`, by change number.
    fn refusals_in(
        &self,
        device: DeviceId,
        first: u64,
        last: u64,
    ) -> Result<Vec<Refusal>, Self::Error>;

    /// Whether `device` was ever sent (or pushed) the record.
    fn held(&self, device: DeviceId, row: &RowRef) -> Result<bool, Self::Error>;

    /// Remember that `device` holds these records (never forgotten: see `pull`).
    fn hold(&mut self, device: DeviceId, rows: &[RowRef]) -> Result<(), Self::Error>;
}
