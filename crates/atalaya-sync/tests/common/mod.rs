//! Small builders shared by the integration tests.
#![allow(dead_code)] // each test crate uses a different part

use atalaya_model::{DeviceId, Hlc};
use atalaya_sync::merge::{FieldClass, FieldPolicy};
use atalaya_sync::wire::{Cursor, FieldChange, PushBatch, RowId, RowRef, Stamp, WireValue};
use uuid::Uuid;

/// Device `n`: device ids order like their numbers.
pub fn device(n: u8) -> DeviceId {
    DeviceId::from_bytes([n; 16])
}

/// Incident number `n`.
pub fn incident(n: u64) -> RowRef {
    RowRef::new("incident", RowId::Id(Uuid::from_u128(u128::from(n))))
}

/// A text value.
pub fn text(s: &str) -> WireValue {
    WireValue::Text(s.to_owned())
}

/// The stamp of device `n` at millisecond `ms`.
pub fn stamp(ms: u64, n: u8) -> Stamp {
    Stamp::new(Hlc::new(ms, 0), device(n))
}

/// The tests' policy: category and lon guarded, notes append-only, the rest plain.
pub fn policy() -> FieldPolicy {
    FieldPolicy::new()
        .with("incident", "category", FieldClass::Guarded)
        .with("incident", "lon", FieldClass::Guarded)
        .with("incident", "notes", FieldClass::AppendOnly)
}

/// A changed field of `row`, at `ms`, replacing `base`.
pub fn change(
    change_no: u64,
    row: &RowRef,
    column: &str,
    value: WireValue,
    ms: u64,
    base: Option<Stamp>,
) -> FieldChange {
    FieldChange {
        change_no,
        table: row.table.clone(),
        row: row.id.clone(),
        column: column.to_owned(),
        value,
        hlc: Hlc::new(ms, 0),
        base,
        resolves: Vec::new(),
    }
}

/// A batch of `changes` from device `n`.
pub fn batch(n: u8, changes: Vec<FieldChange>) -> PushBatch {
    PushBatch {
        device: device(n),
        batch_id: 1,
        first_change_no: changes.first().map_or(1, |c| c.change_no),
        changes,
    }
}

/// A cursor that has received nothing.
pub fn start() -> Cursor {
    Cursor::default()
}

use atalaya_sync::client_state::Replica;
use atalaya_sync::server_state::{Scope, ServerState};

/// Push everything `replica` has, then pull until the server has nothing more, over a network
/// that loses nothing. Returns how many pages were applied.
pub fn sync(
    replica: &mut Replica,
    server: &mut ServerState,
    scope: &dyn Scope,
    now_ms: u64,
) -> usize {
    while let Some(b) = replica.next_push(8) {
        let ack = server
            .push(&b, scope)
            .expect("a replica's batch is well formed");
        replica.apply_ack(&ack);
    }
    let mut pages = 0;
    loop {
        let page = server.pull(&replica.pull_request(4), scope);
        assert!(replica.apply_page(&page, now_ms));
        pages += 1;
        if !page.more {
            return pages;
        }
    }
}
