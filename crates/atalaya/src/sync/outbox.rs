//! The outbox in the store: local change entries queued with their values and base stamps,
//! push batches taken from its head, acks that settle it.
//!
//! Queuing reads the change log after the last queued entry. Each entry becomes one device
//! change number (gap-free, as the server requires), its fields read from the record and its
//! bases from the field stamps, which then name the new local version. Queued entries are
//! frozen, so a batch sent again after a cut is the same batch. A table that starts to travel
//! in a newer program has its entries from before queued late, once (`synced_tables` in
//! `sync_state` names what travelled when the log was last looked at).

use atalaya_model::DeviceId;
use atalaya_store::schema::{self, TableSpec};
use atalaya_store::sync_book::{FieldStamp, LoggedChange, SyncBook};
use atalaya_sync::wire::{
    ConflictId, DELETED, DELETED_COLUMN, FieldChange, PushAck, PushBatch, RefusalReason, WireValue,
};

use super::SyncError;
use super::values::{row_id, to_stamp, to_wire};

/// The tables that travel: the reference tables (sources, areas, streets; every user receives
/// them, see `atalaya_sync::server_state::REFERENCE_TABLES`), the cameras, the incidents, the
/// patrol tracks, the registry records and the cases with their items and reviews. Sources
/// come first (the others name them), cases before what is placed on them. Links
/// stay on their workstation: they name the input rows (lineage, never synced) a merge took,
/// and a proposal is decided where those rows are; what a merge does to incidents travels.
pub const SYNCED_TABLES: &[&TableSpec] = &[
    &schema::SOURCE,
    &schema::AREA,
    &schema::STREET,
    &schema::CAMERA,
    &schema::INCIDENT,
    &schema::PATROL_TRACK,
    &schema::REGISTRY_RECORD,
    &schema::CASE_FILE,
    &schema::CASE_ITEM,
    &schema::REVIEW,
];

/// The tables that travelled before `sync_state` named them ([`SYNCED_SET`]).
const FIRST_SYNCED: &[&str] = &["source", "area", "street", "camera", "incident"];

/// `sync_state` key: the last change entry looked at for queuing.
const QUEUED_UP_TO: &str = "queued_up_to";
/// `sync_state` key: the last device change number given out.
const LAST_CHANGE_NO: &str = "last_change_no";
/// `sync_state` key: how many batches were sent (a batch's id is the next number).
const BATCHES_SENT: &str = "batches_sent";
/// `sync_state` key: the tables that travelled when entries were last queued (comma-separated).
const SYNCED_SET: &str = "synced_tables";

/// Tables that travel now but did not when the change log was queued up to `after`: their
/// entries up to there were skipped and are queued late, once (nothing of theirs was ever
/// pulled, so every such entry is a local edit).
fn late_tables(book: &SyncBook<'_>, after: i64) -> Result<Vec<&'static TableSpec>, SyncError> {
    if after == 0 {
        return Ok(Vec::new());
    }
    let recorded = book.get(SYNCED_SET)?;
    let before: Vec<&str> = match &recorded {
        Some(names) => names.split(',').collect(),
        None => FIRST_SYNCED.to_vec(),
    };
    Ok(SYNCED_TABLES
        .iter()
        .copied()
        .filter(|t| !before.contains(&t.name))
        .collect())
}

/// Queue every local change entry not yet queued; returns how many entries were queued.
pub fn queue_local_changes(
    book: &SyncBook<'_>,
    device: DeviceId,
    device_n: i64,
) -> Result<u64, SyncError> {
    let after = book.number(QUEUED_UP_TO)?;
    let mut last_no = book.number(LAST_CHANGE_NO)?;
    let mut queued = 0;
    let late = late_tables(book, after)?;
    let backlog = if late.is_empty() {
        Vec::new()
    } else {
        book.changes_after(0, device_n, &late)?
            .into_iter()
            .filter(|c| c.seq <= after)
            .collect()
    };
    for logged in backlog
        .into_iter()
        .chain(book.changes_after(after, device_n, SYNCED_TABLES)?)
    {
        if queue_entry(book, device, &logged, last_no + 1)? {
            last_no += 1;
            queued += 1;
        }
    }
    book.set_number(LAST_CHANGE_NO, last_no)?;
    let names: Vec<&str> = SYNCED_TABLES.iter().map(|t| t.name).collect();
    book.set(SYNCED_SET, &names.join(","))?;
    mark_queued(book)?;
    Ok(queued)
}

/// Queue one change entry as device change number `number`, its fields read from the record
/// and their bases from the field stamps (which then name this version). False when there is
/// nothing to send (a record created and deleted between two sessions, or deleted since).
fn queue_entry(
    book: &SyncBook<'_>,
    device: DeviceId,
    logged: &LoggedChange,
    number: i64,
) -> Result<bool, SyncError> {
    let Some(spec) = schema::by_code(logged.tbl) else {
        return Ok(false);
    };
    let Some(row) = row_id(&logged.key) else {
        return Ok(false);
    };
    let resolves: Vec<ConflictId> = match book.resolution(logged.seq)? {
        Some(ids) => serde_json::from_str(&ids).map_err(SyncError::bookkeeping)?,
        None => Vec::new(),
    };
    let stamp = FieldStamp {
        hlc: logged.hlc,
        device,
    };
    let change_no = number.unsigned_abs();
    let change = |column: &str, value: WireValue, base: Option<FieldStamp>| FieldChange {
        change_no,
        table: spec.name.to_owned(),
        row: row.clone(),
        column: column.to_owned(),
        value,
        hlc: logged.hlc,
        base: base.map(to_stamp),
        resolves: resolves.clone(),
    };
    let mut changes = Vec::new();
    if logged.fields == 0 {
        // A deletion travels as a tombstone field, for a record the server knows or will
        // (one never queued was created and deleted here between two sessions).
        if !book.has_stamps(spec.code, &logged.key)? {
            return Ok(false);
        }
        let base = book.field_stamp(spec.code, &logged.key, DELETED_COLUMN)?;
        book.set_field_stamp(spec.code, &logged.key, DELETED_COLUMN, stamp)?;
        changes.push(change(DELETED_COLUMN, DELETED, base));
    } else {
        // A record deleted since this entry: its deletion's entry comes later.
        let Some(record) = book.read_record(spec, &logged.key)? else {
            return Ok(false);
        };
        for (i, column) in spec.columns.iter().enumerate().skip(1) {
            if logged.fields & (1 << i) == 0 {
                continue;
            }
            let base = book.field_stamp(spec.code, &logged.key, column)?;
            book.set_field_stamp(spec.code, &logged.key, column, stamp)?;
            changes.push(change(column, to_wire(&record[i]), base));
        }
    }
    if changes.is_empty() {
        return Ok(false);
    }
    let body = serde_json::to_string(&changes).map_err(SyncError::bookkeeping)?;
    book.queue(number, logged.seq, &body)?;
    Ok(true)
}

/// Local change entries the next session will queue (made since the last one, and those of
/// tables that travel late).
pub fn unqueued_len(book: &SyncBook<'_>, device_n: i64) -> Result<u64, SyncError> {
    let after = book.number(QUEUED_UP_TO)?;
    let late = late_tables(book, after)?;
    let backlog = if late.is_empty() {
        0
    } else {
        book.count_changes_after(0, device_n, &late)?
            - book.count_changes_after(after, device_n, &late)?
    };
    Ok(backlog + book.count_changes_after(after, device_n, SYNCED_TABLES)?)
}

/// Everything in the change log so far is queued or not for the server (pulled records are
/// written after queuing, in the same transaction, and must never be pushed back).
pub fn mark_queued(book: &SyncBook<'_>) -> Result<(), SyncError> {
    book.set_number(QUEUED_UP_TO, book.last_change_seq()?)?;
    Ok(())
}

/// The next batch: the outbox head, at most `max_entries` change entries.
pub fn next_batch(
    book: &SyncBook<'_>,
    device: DeviceId,
    max_entries: usize,
) -> Result<Option<PushBatch>, SyncError> {
    let head = book.outbox_head(max_entries)?;
    let Some(first) = head.first() else {
        return Ok(None);
    };
    let mut changes = Vec::new();
    for entry in &head {
        let mut fields: Vec<FieldChange> =
            serde_json::from_str(&entry.body).map_err(SyncError::bookkeeping)?;
        changes.append(&mut fields);
    }
    let batch_id = book.number(BATCHES_SENT)? + 1;
    book.set_number(BATCHES_SENT, batch_id)?;
    Ok(Some(PushBatch {
        device,
        batch_id: batch_id.unsigned_abs(),
        first_change_no: first.number.unsigned_abs(),
        changes,
    }))
}

/// Settle the outbox up to the ack; refused entries are kept with their reason. Returns
/// (settled, refused). A repeated or stale ack settles nothing more.
pub fn apply_ack(book: &SyncBook<'_>, ack: &PushAck) -> Result<(u64, u64), SyncError> {
    let up_to = i64::try_from(ack.applied_up_to).unwrap_or(i64::MAX);
    let mut refused = 0;
    let settled = book.settle(up_to)?;
    for entry in &settled {
        let refusal = ack
            .refused
            .iter()
            .find(|r| i64::try_from(r.change_no).ok() == Some(entry.number));
        if let Some(refusal) = refusal {
            book.refuse(entry.number, &entry.body, &describe(&refusal.reason))?;
            refused += 1;
        }
    }
    Ok((settled.len() as u64, refused))
}

fn describe(reason: &RefusalReason) -> String {
    match reason {
        RefusalReason::OutOfScope { row } => format!(
            "{} {} is outside what your user may change (jurisdiction or role)",
            row.table,
            super::values::key_text(&row.id)
        ),
    }
}
