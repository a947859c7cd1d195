//! The one write path: every insert, update and delete of a traced table goes through a
//! [`WriteTx`], which appends a change entry per changed record (fields bitmask, HLC, device,
//! row hash) and, at commit, exactly one hash-chained audit entry for the whole transaction.

use atalaya_model::Hlc;
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{OptionalExtension, Transaction, params};

use crate::audit::{AuditEntry, GENESIS};
use crate::rowhash::{ROW_HASH_LEN, row_hash_of};
use crate::schema::TableSpec;
use crate::store::{Store, now_ms};
use crate::{Result, StoreError};

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
}

impl Store {
    /// Begin a traced write on behalf of `actor` (a user name) doing `action` (e.g. `demo.load`).
    pub fn write(&mut self, actor: &str, action: &str) -> Result<WriteTx<'_>> {
        let hlc = self.clock.tick(now_ms());
        let device_n = self.device_n;
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let audit_seq: i64 = tx.query_row("SELECT coalesce(max(seq), 0) + 1 FROM audit", [], |r| r.get(0))?;
        Ok(WriteTx {
            tx,
            audit_seq,
            hlc,
            device_n,
            content: blake3::Hasher::new(),
            changes: 0,
            actor: actor.into(),
            action: action.into(),
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
        debug_assert_eq!(values.len(), spec.columns.len(), "{}: wrong value count", spec.name);
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            spec.name,
            spec.columns.join(", "),
            vec!["?"; spec.columns.len()].join(", ")
        );
        self.tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values.iter()))?;
        if let Some(fts) = &spec.fts {
            let rowid = self.tx.last_insert_rowid();
            self.fts_insert(spec, fts, rowid, values)?;
        }
        let hash = row_hash_of(values);
        self.record_change(spec, &values[0], spec.all_fields(), Some(&hash))
    }

    /// Update the fields named in `changes` of the record with key `key`. Only fields whose value
    /// really differs are written and traced; returns whether anything changed.
    pub fn update(&mut self, spec: &TableSpec, key: &Value, changes: &[(&str, Value)]) -> Result<bool> {
        let current = self.read_row(spec, key)?.ok_or_else(|| no_such(spec, key))?;
        let mut next = current.clone();
        let mut mask = 0i64;
        for (col, v) in changes {
            let i = spec
                .column_index(col)
                .filter(|i| *i > 0)
                .ok_or_else(|| StoreError::InvalidFilter(format!("{} has no updatable column `{col}`", spec.name)))?;
            if next[i] != *v {
                next[i] = v.clone();
                mask |= 1 << i;
            }
        }
        if mask == 0 {
            return Ok(false);
        }
        let changed = spec.field_names(mask);
        let sets: Vec<String> = changed.iter().map(|c| format!("{c} = ?")).collect();
        let sql = format!("UPDATE {} SET {} WHERE {} = ?", spec.name, sets.join(", "), spec.key());
        let mut args: Vec<&Value> = changed.iter().map(|c| &next[spec.column_index(c).unwrap_or(0)]).collect();
        args.push(key);
        self.tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(args))?;
        if let Some(fts) = &spec.fts
            && fts.columns.iter().any(|c| changed.contains(c))
        {
            let rowid = self.rowid_of(spec, fts.rowid, key)?;
            self.fts_delete(spec, fts, rowid, &current)?;
            self.fts_insert(spec, fts, rowid, &next)?;
        }
        let hash = row_hash_of(&next);
        self.record_change(spec, key, mask, Some(&hash))?;
        Ok(true)
    }

    /// Delete a record; returns whether it existed.
    pub fn delete(&mut self, spec: &TableSpec, key: &Value) -> Result<bool> {
        let Some(current) = self.read_row(spec, key)? else { return Ok(false) };
        if let Some(fts) = &spec.fts {
            let rowid = self.rowid_of(spec, fts.rowid, key)?;
            self.fts_delete(spec, fts, rowid, &current)?;
        }
        let sql = format!("DELETE FROM {} WHERE {} = ?", spec.name, spec.key());
        self.tx.prepare_cached(&sql)?.execute([key])?;
        self.record_change(spec, key, 0, None)?;
        Ok(true)
    }

    /// Read a record's current values in column order.
    pub fn read_row(&self, spec: &TableSpec, key: &Value) -> Result<Option<Vec<Value>>> {
        let sql = format!("SELECT {} FROM {} WHERE {} = ?", spec.columns.join(", "), spec.name, spec.key());
        let n = spec.columns.len();
        Ok(self
            .tx
            .prepare_cached(&sql)?
            .query_row([key], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect::<Result<Vec<_>, _>>())
            .optional()?)
    }

    /// Run a read-only query inside the transaction (for existence checks by callers).
    pub fn query_exists(&self, sql: &str, args: &[&dyn rusqlite::ToSql]) -> Result<bool> {
        Ok(self.tx.prepare_cached(sql)?.exists(args)?)
    }

    /// Commit: append the audit entry (`detail` is a JSON summary, e.g. counts) and commit.
    pub fn commit(self, detail: serde_json::Value) -> Result<AuditEntry> {
        let prev_hash: Vec<u8> = self
            .tx
            .query_row("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1", [], |r| r.get(0))
            .optional()?
            .unwrap_or_else(|| GENESIS.to_vec());
        let entry = AuditEntry {
            seq: self.audit_seq,
            at_ms: now_ms() as i64,
            actor: self.actor.clone(),
            action: self.action.clone(),
            detail: detail.to_string(),
            changes: self.changes as i64,
            content_hash: *self.content.finalize().as_bytes(),
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
        self.tx.commit()?;
        Ok(entry)
    }

    fn record_change(&mut self, spec: &TableSpec, key: &Value, fields: i64, hash: Option<&[u8; ROW_HASH_LEN]>) -> Result<()> {
        let hlc = self.hlc.as_i64();
        self.tx
            .prepare_cached(
                "INSERT INTO change (tx, tbl, row_id, fields, hlc, device, row_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![self.audit_seq, spec.code, key, fields, hlc, self.device_n, hash.map(|h| h.as_slice())])?;
        crate::audit::feed_change(&mut self.content, spec.code, key.into(), fields, hlc, self.device_n, hash.map(|h| h.as_slice()));
        self.changes += 1;
        Ok(())
    }

    fn rowid_of(&self, spec: &TableSpec, rowid_col: &str, key: &Value) -> Result<i64> {
        let sql = format!("SELECT {rowid_col} FROM {} WHERE {} = ?", spec.name, spec.key());
        Ok(self.tx.prepare_cached(&sql)?.query_row([key], |r| r.get(0))?)
    }

    fn fts_values<'v>(spec: &TableSpec, fts: &crate::schema::FtsSpec, values: &'v [Value]) -> Vec<ToSqlOutput<'v>> {
        fts.columns.iter().map(|c| ToSqlOutput::Borrowed(ValueRef::from(&values[spec.column_index(c).unwrap_or(0)]))).collect()
    }

    fn fts_insert(&self, spec: &TableSpec, fts: &crate::schema::FtsSpec, rowid: i64, values: &[Value]) -> Result<()> {
        let sql = format!(
            "INSERT INTO {} (rowid, {}) VALUES (?{})",
            fts.table,
            fts.columns.join(", "),
            ", ?".repeat(fts.columns.len())
        );
        let mut args: Vec<ToSqlOutput<'_>> = vec![ToSqlOutput::Owned(Value::Integer(rowid))];
        args.extend(Self::fts_values(spec, fts, values));
        self.tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(args))?;
        Ok(())
    }

    fn fts_delete(&self, spec: &TableSpec, fts: &crate::schema::FtsSpec, rowid: i64, old: &[Value]) -> Result<()> {
        let sql = format!(
            "INSERT INTO {t} ({t}, rowid, {}) VALUES ('delete', ?{})",
            fts.columns.join(", "),
            ", ?".repeat(fts.columns.len()),
            t = fts.table
        );
        let mut args: Vec<ToSqlOutput<'_>> = vec![ToSqlOutput::Owned(Value::Integer(rowid))];
        args.extend(Self::fts_values(spec, fts, old));
        self.tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(args))?;
        Ok(())
    }
}

fn no_such(spec: &TableSpec, key: &Value) -> StoreError {
    let id = match key {
        Value::Blob(b) if b.len() == 16 => uuid::Uuid::from_slice(b).map(|u| u.to_string()).unwrap_or_default(),
        Value::Text(t) => t.clone(),
        other => format!("{other:?}"),
    };
    StoreError::NoSuchRecord { table: spec.name, id }
}
