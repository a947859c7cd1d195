//! Push: the client's changed fields, in batches the server applies atomically, and the
//! server's acknowledgement.

use super::{ConflictId, RowId, RowRef, Stamp, WireValue};
use atalaya_model::{DeviceId, Hlc};
use serde::{Deserialize, Serialize};

/// One changed field. Fields changed in one transaction of one record share a `change_no`
/// (the store's change entry) and an HLC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The device's number for the change entry (increasing, gap-free per device).
    pub change_no: u64,
    /// SQL table name.
    pub table: String,
    /// The record's key.
    pub row: RowId,
    /// Column name.
    pub column: String,
    /// The new value (for an append-only field: the element added).
    pub value: WireValue,
    /// The edit's clock; with the batch's device it is the new version's [`Stamp`].
    pub hlc: Hlc,
    /// The version this edit replaced on the device (`None`: the field was empty there).
    /// Unused for append-only fields.
    pub base: Option<Stamp>,
    /// Conflicts this edit resolves (a person chose this value seeing them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolves: Vec<ConflictId>,
}

impl FieldChange {
    /// The record it changes.
    pub fn row_ref(&self) -> RowRef {
        RowRef::new(self.table.clone(), self.row.clone())
    }
}

/// A batch of consecutive change entries of one device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushBatch {
    /// The pushing device.
    pub device: DeviceId,
    /// The client's number for this sending, echoed in the ack (for matching and logs; the
    /// idempotency key is the device with its change numbers).
    pub batch_id: u64,
    /// The first change number in `changes`.
    pub first_change_no: u64,
    /// The changed fields, by non-decreasing change number.
    pub changes: Vec<FieldChange>,
}

impl PushBatch {
    /// The last change number in the batch (`first_change_no - 1` when empty).
    pub fn last_change_no(&self) -> u64 {
        self.changes
            .last()
            .map_or(self.first_change_no.saturating_sub(1), |c| c.change_no)
    }
}

/// Why the server refused a change entry (the rest of the batch still applies).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum RefusalReason {
    /// The record is outside what the device's user may change (jurisdiction, role).
    OutOfScope {
        /// The record.
        row: RowRef,
    },
}

/// A refused change entry and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    /// The refused change entry.
    pub change_no: u64,
    /// Why.
    pub reason: RefusalReason,
}

/// The server's answer to a push: every change up to `applied_up_to` is settled (applied or
/// refused); the client drops them from its outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushAck {
    /// Echo of the batch's `batch_id`.
    pub batch_id: u64,
    /// Highest change number of this device the server has settled.
    pub applied_up_to: u64,
    /// The server sequence after the batch.
    pub server_seq: u64,
    /// Refusals among the batch's change numbers (also when the batch was a replay).
    pub refused: Vec<Refusal>,
}
