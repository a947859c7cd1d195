//! The sync rules' view of the database ([`ServerStore`]), for the length of one transaction:
//! records with their field versions, the server sequence, conflicts and device ledgers.

use crate::ServerError;
use crate::storage::codec::{device_blob, from_json, int, row_key, row_ref, to_json, uint};
use atalaya_model::DeviceId;
use atalaya_sync::merge::{FieldPolicy, Row};
use atalaya_sync::server_state::{ServerStore, StoredRecord};
use atalaya_sync::wire::{Conflict, ConflictId, Field, Refusal, RowRef};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;

/// One transaction's records. The caller owns the transaction and commits it.
pub struct Records<'a> {
    conn: &'a Connection,
    policy: &'a FieldPolicy,
}

impl<'a> Records<'a> {
    /// The records seen through `conn`, which must be inside a transaction.
    pub fn new(conn: &'a Connection, policy: &'a FieldPolicy) -> Self {
        Self { conn, policy }
    }

    fn counter(&self, key: &str) -> Result<u64, ServerError> {
        let v: i64 = self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
            .query_row([key], |r| r.get(0))?;
        uint("counter", v)
    }

    fn bump(&self, key: &str) -> Result<u64, ServerError> {
        let v: i64 = self
            .conn
            .prepare_cached("UPDATE meta SET value = value + 1 WHERE key = ?1 RETURNING value")?
            .query_row([key], |r| r.get(0))?;
        uint("counter", v)
    }

    fn conflicts_of(&self, table: &str, key: &str) -> Result<Vec<Conflict>, ServerError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT body FROM conflict WHERE row_table = ?1 AND row_key = ?2 ORDER BY id",
        )?;
        let bodies = stmt
            .query_map([table, key], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        bodies.iter().map(|b| from_json("conflict", b)).collect()
    }

    fn stored(
        &self,
        table: &str,
        key: &str,
        seq: i64,
        fields: &str,
    ) -> Result<StoredRecord, ServerError> {
        let fields: BTreeMap<String, Field> = from_json("record fields", fields)?;
        Ok(StoredRecord {
            fields: Row { fields },
            conflicts: self.conflicts_of(table, key)?,
            seq: uint("record seq", seq)?,
        })
    }
}

impl ServerStore for Records<'_> {
    type Error = ServerError;

    fn policy(&self) -> &FieldPolicy {
        self.policy
    }

    fn head(&self) -> Result<u64, ServerError> {
        self.counter("seq")
    }

    fn next_seq(&mut self) -> Result<u64, ServerError> {
        self.bump("seq")
    }

    fn next_conflict_id(&mut self) -> Result<ConflictId, ServerError> {
        self.bump("conflict").map(ConflictId)
    }

    fn record(&self, row: &RowRef) -> Result<Option<StoredRecord>, ServerError> {
        let (table, key) = row_key(row)?;
        let found: Option<(i64, String)> = self
            .conn
            .prepare_cached("SELECT seq, fields FROM record WHERE row_table = ?1 AND row_key = ?2")?
            .query_row([&table, &key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        found
            .map(|(seq, fields)| self.stored(&table, &key, seq, &fields))
            .transpose()
    }

    fn put_record(&mut self, row: &RowRef, record: &StoredRecord) -> Result<(), ServerError> {
        let (table, key) = row_key(row)?;
        let cuadrante = record.fields.value("cuadrante").and_then(|v| v.as_text());
        self.conn
            .prepare_cached(
                "INSERT INTO record (row_table, row_key, seq, cuadrante, fields)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (row_table, row_key) DO UPDATE
                 SET seq = excluded.seq, cuadrante = excluded.cuadrante, fields = excluded.fields",
            )?
            .execute(params![
                table,
                key,
                int("record seq", record.seq)?,
                cuadrante,
                to_json("record fields", &record.fields.fields)?
            ])?;
        let mut upsert = self.conn.prepare_cached(
            "INSERT INTO conflict (id, row_table, row_key, open, body) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (id) DO UPDATE SET open = excluded.open, body = excluded.body",
        )?;
        for conflict in &record.conflicts {
            upsert.execute(params![
                int("conflict id", conflict.id.0)?,
                table,
                key,
                conflict.is_open(),
                to_json("conflict", conflict)?
            ])?;
        }
        Ok(())
    }

    fn records_after(
        &self,
        seq: u64,
        limit: usize,
    ) -> Result<Vec<(RowRef, StoredRecord)>, ServerError> {
        // A cursor beyond any INTEGER has nothing after it.
        let Ok(seq) = i64::try_from(seq) else {
            return Ok(Vec::new());
        };
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT row_table, row_key, seq, fields FROM record WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![seq, limit], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(table, key, seq, fields)| {
                let stored = self.stored(&table, &key, seq, &fields)?;
                Ok((row_ref(table, &key)?, stored))
            })
            .collect()
    }

    fn applied_up_to(&self, device: DeviceId) -> Result<u64, ServerError> {
        let v: Option<i64> = self
            .conn
            .prepare_cached("SELECT applied_up_to FROM device_ledger WHERE device = ?1")?
            .query_row([device_blob(device)], |r| r.get(0))
            .optional()?;
        uint("applied_up_to", v.unwrap_or(0))
    }

    fn settle(
        &mut self,
        device: DeviceId,
        applied_up_to: u64,
        refusals: &[Refusal],
    ) -> Result<(), ServerError> {
        let blob = device_blob(device);
        self.conn
            .prepare_cached(
                "INSERT INTO device_ledger (device, applied_up_to) VALUES (?1, ?2)
                 ON CONFLICT (device) DO UPDATE
                 SET applied_up_to = max(applied_up_to, excluded.applied_up_to)",
            )?
            .execute(params![blob, int("change number", applied_up_to)?])?;
        let mut insert = self.conn.prepare_cached(
            "INSERT OR REPLACE INTO refusal (device, change_no, body) VALUES (?1, ?2, ?3)",
        )?;
        for refusal in refusals {
            insert.execute(params![
                blob,
                int("change number", refusal.change_no)?,
                to_json("refusal", refusal)?
            ])?;
        }
        Ok(())
    }

    fn refusals_in(
        &self,
        device: DeviceId,
        first: u64,
        last: u64,
    ) -> Result<Vec<Refusal>, ServerError> {
        let clamp = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT body FROM refusal WHERE device = ?1 AND change_no BETWEEN ?2 AND ?3
             ORDER BY change_no",
        )?;
        let bodies = stmt
            .query_map(
                params![device_blob(device), clamp(first), clamp(last)],
                |r| r.get::<_, String>(0),
            )?
            .collect::<Result<Vec<_>, _>>()?;
        bodies.iter().map(|b| from_json("refusal", b)).collect()
    }

    fn held(&self, device: DeviceId, row: &RowRef) -> Result<bool, ServerError> {
        let (table, key) = row_key(row)?;
        Ok(self
            .conn
            .prepare_cached(
                "SELECT 1 FROM held WHERE device = ?1 AND row_table = ?2 AND row_key = ?3",
            )?
            .query_row(params![device_blob(device), table, key], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn hold(&mut self, device: DeviceId, rows: &[RowRef]) -> Result<(), ServerError> {
        let mut insert = self.conn.prepare_cached(
            "INSERT OR IGNORE INTO held (device, row_table, row_key) VALUES (?1, ?2, ?3)",
        )?;
        for row in rows {
            let (table, key) = row_key(row)?;
            insert.execute(params![device_blob(device), table, key])?;
        }
        Ok(())
    }
}
