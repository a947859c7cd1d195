//! A pulled page into the store, in one write transaction: local edits not yet queued are
//! queued first (so their bases are right and nothing local is overwritten unseen), then each
//! pulled field is taken where its stamp is newer than the one held here (the same
//! last-writer-wins rule as every replica), records are inserted, updated, deleted (a
//! tombstone) or evicted through the audited write path (so the view, rollups and `audit
//! verify` stay right), conflicts are recorded with who wrote their sides, and the cursor
//! moves. The change entries the page wrote are marked as queued, so they are never pushed
//! back.

use atalaya_model::DeviceId;
use atalaya_store::schema::TableSpec;
use atalaya_store::sync_book::{FieldStamp, SyncBook};
use atalaya_store::{Store, Value, WriteTx};
use atalaya_sync::wire::{
    Conflict, Cursor, DELETED, DELETED_COLUMN, DeviceAuthor, Field, PullPage, RowState,
};

use super::SyncError;
use super::outbox::{SYNCED_TABLES, mark_queued, queue_local_changes};
use super::values::{from_stamp, from_wire, key};

/// What applying a page did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Records inserted or changed here.
    pub records: u64,
    /// Records removed (out of the user's scope now).
    pub evicted: u64,
    /// Records removed (deleted elsewhere, e.g. absorbed by a link merge).
    pub deleted: u64,
    /// Records not taken because a different local record holds their name or code.
    pub collisions: u64,
}

/// What a pulled record did here.
enum RowOutcome {
    Unchanged,
    Changed,
    Deleted,
    Collided,
}

/// The cursor a store has pulled up to.
pub fn cursor(book: &SyncBook<'_>) -> Result<Cursor, SyncError> {
    Ok(Cursor {
        seq: book.number("cursor_seq")?.unsigned_abs(),
        scope: book
            .get("cursor_scope")?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
    })
}

fn set_cursor(book: &SyncBook<'_>, cursor: Cursor) -> Result<(), SyncError> {
    book.set_number("cursor_seq", i64::try_from(cursor.seq).unwrap_or(i64::MAX))?;
    book.set("cursor_scope", &cursor.scope.to_string())?;
    Ok(())
}

/// Apply `page` if it answers the store's cursor (else nothing, `None`).
pub fn apply_page(
    store: &mut Store,
    actor: &str,
    page: &PullPage,
) -> Result<Option<Applied>, SyncError> {
    if cursor(&store.sync_book())? != page.from {
        return Ok(None);
    }
    if let Some(latest) = page.rows.iter().filter_map(RowState::latest_hlc).max() {
        // Later local edits must carry later clocks than any version they replace.
        store.observe_hlc(latest);
    }
    let (device, device_n) = (store.device_id(), store.device_n());
    let mut tx = store.write(actor, "sync.pull")?;
    queue_local_changes(&tx.sync_book(), device, device_n)?;
    let mut applied = Applied::default();
    for row in &page.evictions {
        let Some(spec) = synced(&row.table) else {
            continue;
        };
        let key = key(&row.id);
        tx.sync_book().forget_record(spec.code, &key)?;
        if tx.delete(spec, &key)? {
            applied.evicted += 1;
        }
    }
    for state in &page.rows {
        let Some(spec) = synced(&state.row.table) else {
            continue;
        };
        match apply_row(&mut tx, spec, state)? {
            RowOutcome::Unchanged => {}
            RowOutcome::Changed => applied.records += 1,
            RowOutcome::Deleted => applied.deleted += 1,
            RowOutcome::Collided => applied.collisions += 1,
        }
        record_conflicts(&tx.sync_book(), spec, state)?;
    }
    let book = tx.sync_book();
    for author in &page.authors {
        remember_author(&book, author)?;
    }
    set_cursor(&book, page.next_cursor)?;
    mark_queued(&book)?;
    tx.commit(serde_json::json!({
        "records": applied.records,
        "evicted": applied.evicted,
        "deleted": applied.deleted,
        "collisions": applied.collisions,
        "cursor": page.next_cursor.seq,
    }))?;
    Ok(Some(applied))
}

/// `sync_state` key prefix: who a device belongs to (`author:<device id>` → JSON).
const AUTHOR_PREFIX: &str = "author:";

fn remember_author(book: &SyncBook<'_>, author: &DeviceAuthor) -> Result<(), SyncError> {
    let json = serde_json::to_string(author).map_err(SyncError::bookkeeping)?;
    book.set(&format!("{AUTHOR_PREFIX}{}", author.device), &json)?;
    Ok(())
}

/// Who a device belongs to, as a pulled page said, if one did.
pub fn author_of(book: &SyncBook<'_>, device: DeviceId) -> Result<Option<DeviceAuthor>, SyncError> {
    match book.get(&format!("{AUTHOR_PREFIX}{device}"))? {
        Some(json) => Ok(serde_json::from_str(&json).ok()),
        None => Ok(None),
    }
}

fn synced(table: &str) -> Option<&'static TableSpec> {
    SYNCED_TABLES.iter().copied().find(|t| t.name == table)
}

/// Take every pulled field newer than the one held here, or delete the record if it was
/// deleted; a record deleted here (its tombstone not yet pushed) stays deleted.
fn apply_row(
    tx: &mut WriteTx<'_>,
    spec: &TableSpec,
    state: &RowState,
) -> Result<RowOutcome, SyncError> {
    let key = key(&state.row.id);
    if let Some(Field::Register(tombstone)) = state.fields.get(DELETED_COLUMN)
        && tombstone.value == DELETED
    {
        let book = tx.sync_book();
        book.forget_record(spec.code, &key)?;
        book.set_field_stamp(spec.code, &key, DELETED_COLUMN, from_stamp(tombstone.stamp))?;
        return Ok(if tx.delete(spec, &key)? {
            RowOutcome::Deleted
        } else {
            RowOutcome::Unchanged
        });
    }
    if tx
        .sync_book()
        .field_stamp(spec.code, &key, DELETED_COLUMN)?
        .is_some()
    {
        return Ok(RowOutcome::Unchanged);
    }
    let current = tx.read_row(spec, &key)?;
    // The newer fields, with their stamps (written once the record took them).
    let mut taken: Vec<(&'static str, Value, FieldStamp)> = Vec::new();
    {
        let book = tx.sync_book();
        for (column, field) in &state.fields {
            let Field::Register(version) = field else {
                continue;
            };
            let Some(i) = spec.column_index(column).filter(|i| *i > 0) else {
                continue;
            };
            let remote = from_stamp(version.stamp);
            let held = book.field_stamp(spec.code, &key, column)?;
            if held.is_some_and(|h| h >= remote) {
                continue;
            }
            taken.push((spec.columns[i], from_wire(&version.value), remote));
        }
    }
    let written = match current {
        None => {
            let mut values = vec![Value::Null; spec.columns.len()];
            values[0] = key.clone();
            for (column, value, _) in &taken {
                if let Some(i) = spec.column_index(column) {
                    values[i] = value.clone();
                }
            }
            tx.insert(spec, &values).map(|()| true)
        }
        Some(_) if taken.is_empty() => return Ok(RowOutcome::Unchanged),
        Some(_) => {
            let changes: Vec<(&str, Value)> =
                taken.iter().map(|(c, v, _)| (*c, v.clone())).collect();
            tx.update(spec, &key, &changes)
        }
    };
    let changed = match written {
        Ok(changed) => changed,
        // Another local record holds its name or code (two workstations created the same
        // camera under different ids): SQLite undid only this write; the local record stays,
        // this version stays on the server, and the session says so. Its stamps are not
        // taken, so a later change of it is tried again.
        Err(e) if e.is_unique_violation() => return Ok(RowOutcome::Collided),
        Err(e) => return Err(e.into()),
    };
    let book = tx.sync_book();
    for (column, _, stamp) in &taken {
        book.set_field_stamp(spec.code, &key, column, *stamp)?;
    }
    Ok(if changed {
        RowOutcome::Changed
    } else {
        RowOutcome::Unchanged
    })
}

/// Keep the page's conflicts; a conflict resolved here or there stays resolved.
fn record_conflicts(
    book: &SyncBook<'_>,
    spec: &TableSpec,
    state: &RowState,
) -> Result<(), SyncError> {
    let key = key(&state.row.id);
    for conflict in &state.conflicts {
        let id = i64::try_from(conflict.id.0).unwrap_or(i64::MAX);
        let mut merged = conflict.clone();
        if let Some(body) = book.conflict(id)? {
            let held: Conflict = serde_json::from_str(&body).map_err(SyncError::bookkeeping)?;
            merged.resolved_by = merged.resolved_by.max(held.resolved_by);
        }
        let body = serde_json::to_string(&merged).map_err(SyncError::bookkeeping)?;
        book.put_conflict(id, spec.code, &key, &merged.column, merged.is_open(), &body)?;
    }
    Ok(())
}
