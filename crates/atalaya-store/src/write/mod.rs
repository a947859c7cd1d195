//! The one write path: every insert, update and delete of a traced table goes through a
//! [`WriteTx`], which appends a change entry per changed record (fields bitmask, HLC, device,
//! row hash) and, at commit, exactly one hash-chained audit entry for the whole transaction.

use atalaya_model::Hlc;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params};

use crate::audit::{AuditEntry, GENESIS};
use crate::rollup::deltas::RollupDeltas;
use crate::rowhash::ROW_HASH_LEN;
use crate::schema::TableSpec;
use crate::store::{Store, now_ms};
use crate::{Result, StoreError};

mod fts;
mod lineage;

/// An open write transaction. Dropping it without [`WriteTx::commit`] rolls everything back.
pub struct WriteTx<'s> {
    tx: Transaction<'s>,
    audit_seq: i64,
    hlc: Hlc,
    device_n: i64,
    content: blake3::Hasher,
    changes: u64,
    actor: String,
    action: String,
    /// (table code, key, row hash) of every lineage row written, for the audit's lineage digest.
    lineage: Vec<LineageEntry>,
    /// Incident count changes for `incident_rollup`, applied at commit.
    rollup: RollupDeltas,
}

/// One lineage write as the audit digest sees it: table code, key bytes, row hash.
pub(crate) type LineageEntry = (i64, Vec<u8>, [u8; ROW_HASH_LEN]);

impl Store {
    /// Begin a traced write on behalf of `actor` (a user name) doing `action` (e.g. `demo.load`).
    pub fn write(&mut self, actor: &str, action: &str) -> Result<WriteTx<'_>> {
        let hlc = self.clock.tick(now_ms());
        let device_n = self.device_n;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let audit_seq: i64 =
            tx.query_row("SELECT coalesce(max(seq), 0) + 1 FROM audit", [], |r| {
                r.get(0)
            })?;
        Ok(WriteTx {
            tx,
            audit_seq,
            hlc,
            device_n,
            content: blake3::Hasher::new(),
            changes: 0,
            actor: actor.into(),
            action: action.into(),
            lineage: Vec::new(),
            rollup: RollupDeltas::default(),
        })
    }
}

impl WriteTx<'_> {
    /// The HLC every change in this transaction carries.
    pub fn hlc(&self) -> Hlc {
        self.hlc
    }

    /// How many change entries this transaction has recorded so far.
    pub fn change_count(&self) -> u64 {
        self.changes
    }

    /// Insert a record; `values` in `spec.columns` order.
    pub fn insert(&mut self, spec: &TableSpec, values: &[Value]) -> Result<()> {
        debug_assert_eq!(
            values.len(),
            spec.columns.len(),
            "{}: wrong value count",
            spec.name
        );
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            spec.name,
            spec.columns.join(", "),
            vec!["?"; spec.columns.len()].join(", ")
        );
        // No search-index work here: new rows sit above the index's high-water mark and are
        // indexed in one pass before the next text query (search.rs).
        self.tx
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(values.iter()))?;
        self.rollup.add(spec, values, 1);
        let hash = spec.row_hash_of(values);
        self.record_change(spec, &values[0], spec.all_fields(), Some(&hash))
    }

    /// Update the fields named in `changes` of the record with key `key`. Only fields whose value
    /// really differs are written and traced; returns whether anything changed.
    pub fn update(
        &mut self,
        spec: &TableSpec,
        key: &Value,
        changes: &[(&str, Value)],
    ) -> Result<bool> {
        self.update_fields(spec, key, changes, false)
    }

    /// Write the fields named in `changes` and trace them all, even those whose value does not
    /// change: a person re-asserting a value (resolving a sync conflict by keeping the value
    /// the field already holds) is an edit that must travel.
    pub fn rewrite(
        &mut self,
        spec: &TableSpec,
        key: &Value,
        changes: &[(&str, Value)],
    ) -> Result<()> {
        self.update_fields(spec, key, changes, true).map(|_| ())
    }

    fn update_fields(
        &mut self,
        spec: &TableSpec,
        key: &Value,
        changes: &[(&str, Value)],
        force: bool,
    ) -> Result<bool> {
        let current = self
            .read_row(spec, key)?
            .ok_or_else(|| no_such(spec, key))?;
        let mut next = current.clone();
        let mut mask = 0i64;
        for (col, v) in changes {
            let i = spec.column_index(col).filter(|i| *i > 0).ok_or_else(|| {
                StoreError::InvalidFilter(format!("{} has no updatable column `{col}`", spec.name))
            })?;
            if force || next[i] != *v {
                next[i] = v.clone();
                mask |= 1 << i;
            }
        }
        if mask == 0 {
            return Ok(false);
        }
        let changed = spec.field_names(mask);
        let sets: Vec<String> = changed.iter().map(|c| format!("{c} = ?")).collect();
        let sql = format!(
            "UPDATE {} SET {} WHERE {} = ?",
            spec.name,
            sets.join(", "),
            spec.key()
        );
        let mut args: Vec<&Value> = changed
            .iter()
            .map(|c| &next[spec.column_index(c).unwrap_or(0)])
            .collect();
        args.push(key);
        self.tx
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(args))?;
        if let Some(fts) = &spec.fts
            && fts.columns.iter().any(|c| changed.contains(c))
            && let Some(rowid) = self.indexed_rowid(spec, fts, key)?
        {
            self.fts_delete(spec, fts, rowid, &current)?;
            self.fts_insert(spec, fts, rowid, &next)?;
        }
        if self.rollup.moves(spec, &current, &next) {
            self.rollup.add(spec, &current, -1);
            self.rollup.add(spec, &next, 1);
        }
        let hash = spec.row_hash_of(&next);
        self.record_change(spec, key, mask, Some(&hash))?;
        Ok(true)
    }

    /// Delete a record; returns whether it existed.
    pub fn delete(&mut self, spec: &TableSpec, key: &Value) -> Result<bool> {
        let Some(current) = self.read_row(spec, key)? else {
            return Ok(false);
        };
        if let Some(fts) = &spec.fts
            && let Some(rowid) = self.indexed_rowid(spec, fts, key)?
        {
            self.fts_delete(spec, fts, rowid, &current)?;
        }
        let sql = format!("DELETE FROM {} WHERE {} = ?", spec.name, spec.key());
        self.tx.prepare_cached(&sql)?.execute([key])?;
        self.rollup.add(spec, &current, -1);
        self.record_change(spec, key, 0, None)?;
        Ok(true)
    }

    /// Read a record's current values in column order.
    pub fn read_row(&self, spec: &TableSpec, key: &Value) -> Result<Option<Vec<Value>>> {
        read_record(&self.tx, spec, key)
    }

    /// Commit: append the audit entry (`detail` is a JSON summary, e.g. counts) and commit.
    pub fn commit(mut self, detail: serde_json::Value) -> Result<AuditEntry> {
        self.rollup.flush(&self.tx)?;
        let lineage = self.seal_lineage()?;
        let prev_hash: Vec<u8> = self
            .tx
            .query_row(
                "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_else(|| GENESIS.to_vec());
        let entry = AuditEntry {
            seq: self.audit_seq,
            at_ms: now_ms() as i64,
            actor: self.actor.clone(),
            action: self.action.clone(),
            detail: detail.to_string(),
            changes: self.changes as i64,
            content_hash: crate::audit::content_hash(self.content.finalize(), lineage),
            prev_hash: prev_hash.try_into().map_err(|_| StoreError::Corrupt {
                table: "audit",
                column: "hash",
                reason: "stored hash is not 32 bytes".into(),
            })?,
        };
        let hash = entry.hash();
        self.tx.execute(
            "INSERT INTO audit (seq, at_ms, actor, action, detail, changes, content_hash, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                entry.seq,
                entry.at_ms,
                entry.actor,
                entry.action,
                entry.detail,
                entry.changes,
                entry.content_hash.as_slice(),
                entry.prev_hash.as_slice(),
                hash.as_slice()
            ],
        )?;
        // The newest clock committed, so the next open starts after it without a scan.
        crate::store::keep_clock(&self.tx, self.hlc)?;
        self.tx.commit()?;
        Ok(entry)
    }
    /// The open SQLite transaction, for this crate's read helpers.
    pub(crate) fn sql(&self) -> &Transaction<'_> {
        &self.tx
    }
    fn record_change(
        &mut self,
        spec: &TableSpec,
        key: &Value,
        fields: i64,
        hash: Option<&[u8; ROW_HASH_LEN]>,
    ) -> Result<()> {
        let hlc = self.hlc.as_i64();
        self.tx
            .prepare_cached(
                "INSERT INTO change (tx, tbl, row_id, fields, hlc, device, row_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![self.audit_seq, spec.code, key, fields, hlc, self.device_n, hash.map(|h| h.as_slice())])?;
        crate::audit::feed_change(
            &mut self.content,
            spec.code,
            key.into(),
            fields,
            hlc,
            self.device_n,
            hash.map(|h| h.as_slice()),
        );
        self.changes += 1;
        Ok(())
    }
}

fn display_key(key: &Value) -> String {
    match key {
        Value::Blob(b) if b.len() == 16 => uuid::Uuid::from_slice(b)
            .map(|u| u.to_string())
            .unwrap_or_default(),
        other => format!("{other:?}"),
    }
}

fn no_such(spec: &TableSpec, key: &Value) -> StoreError {
    let id = match key {
        Value::Blob(b) if b.len() == 16 => uuid::Uuid::from_slice(b)
            .map(|u| u.to_string())
            .unwrap_or_default(),
        Value::Text(t) => t.clone(),
        other => format!("{other:?}"),
    };
    StoreError::NoSuchRecord {
        table: spec.name,
        id,
    }
}

/// Record `key` of `spec` as `conn` sees it, its values in column order.
pub(crate) fn read_record(
    conn: &rusqlite::Connection,
    spec: &TableSpec,
    key: &Value,
) -> Result<Option<Vec<Value>>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE {} = ?",
        spec.columns.join(", "),
        spec.name,
        spec.key()
    );
    let n = spec.columns.len();
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([key], |r| {
            (0..n)
                .map(|i| r.get::<_, Value>(i))
                .collect::<Result<Vec<_>, _>>()
        })
        .optional()?)
}
