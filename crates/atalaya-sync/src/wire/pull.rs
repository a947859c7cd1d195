//! Pull: the client asks for what changed after its cursor; the server answers pages of whole
//! records the user may see, and evictions of records that left the user's scope.

use super::{Conflict, Field, RowRef, WireValue};
use atalaya_model::DeviceId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a client is in the server's sequence, and under which scope it got there.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Cursor {
    /// Server sequence already received.
    pub seq: u64,
    /// Fingerprint of the scope the client was served under; when the user's scope changes,
    /// the server starts the client over (a reset page).
    pub scope: u64,
}

/// Ask for the next page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullRequest {
    /// The asking device.
    pub device: DeviceId,
    /// What it already has.
    pub cursor: Cursor,
    /// At most this many records (rows and evictions) in the page.
    pub limit: u32,
}

/// A record as the server holds it: every field with its version, and its conflicts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowState {
    /// The record.
    pub row: RowRef,
    /// Its fields by column name.
    pub fields: BTreeMap<String, Field>,
    /// Its conflicts (open and resolved), by id.
    pub conflicts: Vec<Conflict>,
}

/// The column a deletion is written to: a plain field (last writer wins, like any edit) whose
/// value `1` marks the record deleted. Nothing ever writes another value, so a deleted record
/// never comes back; its other fields stay on the server, for the record's history.
pub const DELETED_COLUMN: &str = "_deleted";

/// The value of [`DELETED_COLUMN`] on a deleted record.
pub const DELETED: WireValue = WireValue::Int(1);

impl RowState {
    /// Whether the record was deleted (see [`DELETED_COLUMN`]).
    pub fn is_deleted(&self) -> bool {
        self.fields.get(DELETED_COLUMN).and_then(Field::value) == Some(&DELETED)
    }

    /// The newest stamp anywhere in the record (fields, set items, conflict sides): what a
    /// replica's clock must move past after receiving it.
    pub fn latest_hlc(&self) -> Option<atalaya_model::Hlc> {
        let fields = self.fields.values().flat_map(|f| match f {
            Field::Register(v) => vec![v.stamp.hlc],
            Field::Set { items } => items.iter().map(|i| i.stamp.hlc).collect(),
        });
        let conflicts = self
            .conflicts
            .iter()
            .flat_map(|c| [c.kept.stamp.hlc, c.incoming.stamp.hlc]);
        fields.chain(conflicts).max()
    }
}

/// One page of a pull.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullPage {
    /// The cursor this page answers; a client whose cursor moved on ignores the page.
    pub from: Cursor,
    /// The client must first drop every record it received before (its scope changed, or
    /// this is its first pull); pending local edits stay.
    pub reset: bool,
    /// Records changed after `from` that the user may see, whole.
    pub rows: Vec<RowState>,
    /// Records the client was sent once and may no longer see.
    pub evictions: Vec<RowRef>,
    /// The cursor after this page.
    pub next_cursor: Cursor,
    /// Whether more pages follow.
    pub more: bool,
    /// Who the devices that wrote this page's conflict sides belong to, so that an inbox can
    /// name a person rather than a device id (absent from servers that predate it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<DeviceAuthor>,
}

/// A device as the server knows it: its user and the name it was registered with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceAuthor {
    /// The device.
    pub device: DeviceId,
    /// The user it was registered with.
    pub user: String,
    /// Its label ("laptop 3", the host name).
    pub name: String,
}

impl PullPage {
    /// The devices that wrote a side of one of this page's conflicts, each once.
    pub fn conflict_devices(&self) -> Vec<DeviceId> {
        let mut devices: Vec<DeviceId> = self
            .rows
            .iter()
            .flat_map(|r| &r.conflicts)
            .flat_map(|c| [c.kept.stamp.device, c.incoming.stamp.device])
            .collect();
        devices.sort_unstable();
        devices.dedup();
        devices
    }
}
