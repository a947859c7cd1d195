//! The client side of sync as stored state (migration 0007): the field stamps, the outbox of
//! queued change entries, refusals, conflicts, resolutions and small named values. Local
//! bookkeeping, like the view snapshot: never synced, never audited.
//!
//! This module only stores and reads; what the entries mean (wire types, merge rules) is the
//! `atalaya` crate's business, which keeps this crate free of the sync protocol. Bodies are
//! opaque text (JSON written by that crate).

use atalaya_model::{DeviceId, Hlc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::schema::TableSpec;
use crate::{Result, Store, StoreError, WriteTx};

/// Which version of a field a replica holds: the clock of the edit and its author device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldStamp {
    /// When.
    pub hlc: Hlc,
    /// Who.
    pub device: DeviceId,
}

/// A local change entry not yet queued for the server.
#[derive(Clone, Debug, PartialEq)]
pub struct LoggedChange {
    /// The `change` entry's sequence number.
    pub seq: i64,
    /// Its table's code.
    pub tbl: i64,
    /// The record's key.
    pub key: Value,
    /// Changed fields (bit i = column i); 0 = deleted.
    pub fields: i64,
    /// The transaction's clock.
    pub hlc: Hlc,
}

/// One queued, refused or recorded entry: its number and its opaque body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookEntry {
    /// Change number (outbox, refusals) or conflict id.
    pub number: i64,
    /// The body as the `atalaya` crate wrote it.
    pub body: String,
}

/// The sync bookkeeping over one connection or transaction.
pub struct SyncBook<'c> {
    conn: &'c Connection,
}

/// A transaction over the sync bookkeeping alone (no traced table is written, so no audit
/// entry): settling acks, saving the cursor or a token.
pub struct SyncBookTx<'s> {
    tx: Transaction<'s>,
}

impl SyncBookTx<'_> {
    /// The bookkeeping inside this transaction.
    pub fn book(&self) -> SyncBook<'_> {
        SyncBook { conn: &self.tx }
    }

    /// Commit.
    pub fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}

impl Store {
    /// Read the sync bookkeeping.
    pub fn sync_book(&self) -> SyncBook<'_> {
        SyncBook { conn: &self.conn }
    }

    /// Change the sync bookkeeping alone, in one transaction.
    pub fn sync_book_tx(&mut self) -> Result<SyncBookTx<'_>> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        Ok(SyncBookTx { tx })
    }

    /// This store's number for its own device in `change.device`.
    pub fn device_n(&self) -> i64 {
        self.device_n
    }

    /// Let the clock see a version from elsewhere, so later local edits carry later clocks
    /// than any version they replace.
    pub fn observe_hlc(&mut self, remote: Hlc) {
        self.clock.observe(remote, crate::store::now_ms());
    }
}

impl WriteTx<'_> {
    /// The sync bookkeeping inside this write transaction (pulled records and their stamps
    /// land together).
    pub fn sync_book(&self) -> SyncBook<'_> {
        SyncBook { conn: self.sql() }
    }
}

impl SyncBook<'_> {
    /// A named value.
    pub fn get(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM sync_state WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    /// Set a named value.
    pub fn set(&self, key: &str, value: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO sync_state (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute(params![key, value])?;
        Ok(())
    }

    /// A named number (0 when unset).
    pub fn number(&self, key: &str) -> Result<i64> {
        let Some(text) = self.get(key)? else {
            return Ok(0);
        };
        text.parse().map_err(|_| StoreError::Corrupt {
            table: "sync_state",
            column: "value",
            reason: format!("{key} is not a number: {text:?}"),
        })
    }

    /// Set a named number.
    pub fn set_number(&self, key: &str, value: i64) -> Result<()> {
        self.set(key, &value.to_string())
    }

    /// Change entries of `device_n` after `after_seq` in the given tables, oldest first.
    pub fn changes_after(
        &self,
        after_seq: i64,
        device_n: i64,
        tables: &[&TableSpec],
    ) -> Result<Vec<LoggedChange>> {
        let codes: Vec<String> = tables.iter().map(|t| t.code.to_string()).collect();
        let sql = format!(
            "SELECT seq, tbl, row_id, fields, hlc FROM change
             WHERE seq > ?1 AND device = ?2 AND tbl IN ({}) ORDER BY seq",
            codes.join(", ")
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params![after_seq, device_n], |r| {
            Ok(LoggedChange {
                seq: r.get(0)?,
                tbl: r.get(1)?,
                key: r.get(2)?,
                fields: r.get(3)?,
                hlc: Hlc::from_i64(r.get(4)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many change entries of `device_n` after `after_seq` in the given tables write
    /// fields (deletions, which carry none, are not counted).
    pub fn count_changes_after(
        &self,
        after_seq: i64,
        device_n: i64,
        tables: &[&TableSpec],
    ) -> Result<u64> {
        let codes: Vec<String> = tables.iter().map(|t| t.code.to_string()).collect();
        let sql = format!(
            "SELECT count(*) FROM change
             WHERE seq > ?1 AND device = ?2 AND fields != 0 AND tbl IN ({})",
            codes.join(", ")
        );
        let n: i64 = self
            .conn
            .query_row(&sql, params![after_seq, device_n], |r| r.get(0))?;
        Ok(n.unsigned_abs())
    }

    /// The newest change entry's sequence number (0 for an empty log).
    pub fn last_change_seq(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(seq), 0) FROM change", [], |r| r.get(0))?)
    }

    /// A record's current values in column order.
    pub fn read_record(&self, spec: &TableSpec, key: &Value) -> Result<Option<Vec<Value>>> {
        crate::write::read_record(self.conn, spec, key)
    }

    /// The stamp of the value a field holds here, if it was ever queued or pulled.
    pub fn field_stamp(&self, tbl: i64, key: &Value, col: &str) -> Result<Option<FieldStamp>> {
        self.conn
            .prepare_cached(
                "SELECT hlc, device FROM sync_field WHERE tbl = ?1 AND row_id = ?2 AND col = ?3",
            )?
            .query_row(params![tbl, key, col], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
            })
            .optional()?
            .map(|(hlc, device)| stamp(hlc, &device))
            .transpose()
    }

    /// Record the stamp of the value a field now holds.
    pub fn set_field_stamp(&self, tbl: i64, key: &Value, col: &str, s: FieldStamp) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO sync_field (tbl, row_id, col, hlc, device) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (tbl, row_id, col) DO UPDATE SET hlc = excluded.hlc, device = excluded.device",
            )?
            .execute(params![tbl, key, col, s.hlc.as_i64(), s.device.as_bytes().as_slice()])?;
        Ok(())
    }

    /// Whether any field of a record has a stamp here (it was queued or pulled).
    pub fn has_stamps(&self, tbl: i64, key: &Value) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM sync_field WHERE tbl = ?1 AND row_id = ?2 LIMIT 1")?
            .query_row(params![tbl, key], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Forget every field stamp of a record (it was evicted).
    pub fn forget_record(&self, tbl: i64, key: &Value) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM sync_field WHERE tbl = ?1 AND row_id = ?2")?
            .execute(params![tbl, key])?;
        Ok(())
    }

    /// The newest clock among the stamps held (0 when none).
    pub fn newest_stamp_hlc(&self) -> Result<Hlc> {
        let v: i64 =
            self.conn
                .query_row("SELECT coalesce(max(hlc), 0) FROM sync_field", [], |r| {
                    r.get(0)
                })?;
        Ok(Hlc::from_i64(v))
    }

    /// Queue a change entry under device change number `change_no`.
    pub fn queue(&self, change_no: i64, change_seq: i64, body: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO sync_outbox (change_no, change_seq, body) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![change_no, change_seq, body])?;
        Ok(())
    }

    /// The first `limit` queued entries, by change number.
    pub fn outbox_head(&self, limit: usize) -> Result<Vec<BookEntry>> {
        self.entries(
            "SELECT change_no, body FROM sync_outbox ORDER BY change_no LIMIT ?1",
            i64::try_from(limit).unwrap_or(i64::MAX),
        )
    }

    /// How many entries wait in the outbox.
    pub fn outbox_len(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sync_outbox", [], |r| r.get(0))?;
        Ok(n.unsigned_abs())
    }

    /// Remove and return the queued entries numbered up to `up_to`.
    pub fn settle(&self, up_to: i64) -> Result<Vec<BookEntry>> {
        let settled = self.entries(
            "SELECT change_no, body FROM sync_outbox WHERE change_no <= ?1 ORDER BY change_no",
            up_to,
        )?;
        self.conn
            .prepare_cached("DELETE FROM sync_outbox WHERE change_no <= ?1")?
            .execute([up_to])?;
        Ok(settled)
    }

    /// Keep a refused entry with the server's reason.
    pub fn refuse(&self, change_no: i64, body: &str, reason: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO sync_refusal (change_no, body, reason) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![change_no, body, reason])?;
        Ok(())
    }

    /// Every refused entry (body) with its reason, oldest first.
    pub fn refusals(&self) -> Result<Vec<(BookEntry, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT change_no, body, reason FROM sync_refusal ORDER BY change_no")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                BookEntry {
                    number: r.get(0)?,
                    body: r.get(1)?,
                },
                r.get(2)?,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Forget refused entries a person has read: those numbered `change_nos`, or every one
    /// when `None`. Returns the numbers forgotten (a number that is not a refusal is skipped).
    pub fn dismiss_refusals(&self, change_nos: Option<&[i64]>) -> Result<Vec<i64>> {
        let held: Vec<i64> = self
            .refusals()?
            .into_iter()
            .map(|(entry, _)| entry.number)
            .filter(|n| change_nos.is_none_or(|wanted| wanted.contains(n)))
            .collect();
        let mut delete = self
            .conn
            .prepare_cached("DELETE FROM sync_refusal WHERE change_no = ?1")?;
        for n in &held {
            delete.execute([n])?;
        }
        Ok(held)
    }

    /// Record a conflict (or its newer state) as the server reported it.
    pub fn put_conflict(
        &self,
        id: i64,
        tbl: i64,
        key: &Value,
        col: &str,
        open: bool,
        body: &str,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO sync_conflict (id, tbl, row_id, col, open, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET open = excluded.open, body = excluded.body",
            )?
            .execute(params![id, tbl, key, col, open, body])?;
        Ok(())
    }

    /// One conflict's body.
    pub fn conflict(&self, id: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT body FROM sync_conflict WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    /// Conflicts (all, or only open ones), by id.
    pub fn conflicts(&self, open_only: bool) -> Result<Vec<BookEntry>> {
        let sql = if open_only {
            "SELECT id, body FROM sync_conflict WHERE open = 1 AND ?1 >= 0 ORDER BY id"
        } else {
            "SELECT id, body FROM sync_conflict WHERE ?1 >= 0 ORDER BY id"
        };
        self.entries(sql, 0)
    }

    /// Note that the change entry `change_seq` resolves these conflicts (JSON ids).
    pub fn note_resolution(&self, change_seq: i64, conflicts: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO sync_resolution (change_seq, conflicts) VALUES (?1, ?2)",
            )?
            .execute(params![change_seq, conflicts])?;
        Ok(())
    }

    /// The conflicts a change entry resolves (JSON ids), if any.
    pub fn resolution(&self, change_seq: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT conflicts FROM sync_resolution WHERE change_seq = ?1")?
            .query_row([change_seq], |r| r.get(0))
            .optional()?)
    }

    fn entries(&self, sql: &str, arg: impl rusqlite::ToSql) -> Result<Vec<BookEntry>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([arg], |r| {
            Ok(BookEntry {
                number: r.get(0)?,
                body: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn stamp(hlc: i64, device: &[u8]) -> Result<FieldStamp> {
    let bytes: [u8; 16] = device.try_into().map_err(|_| StoreError::Corrupt {
        table: "sync_field",
        column: "device",
        reason: format!("a device id is 16 bytes, not {}", device.len()),
    })?;
    Ok(FieldStamp {
        hlc: Hlc::from_i64(hlc),
        device: DeviceId::from_bytes(bytes),
    })
}
