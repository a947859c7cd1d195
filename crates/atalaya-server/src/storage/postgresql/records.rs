//! The sync rules' view of the PostgreSQL database ([`ServerStore`]) for one transaction; the
//! same statements as the SQLite backend's, in PostgreSQL's dialect.

use crate::ServerError;
use crate::storage::codec::{device_blob, from_json, int, row_key, row_ref, to_json, uint};
use atalaya_model::DeviceId;
use atalaya_sync::merge::{FieldPolicy, Row};
use atalaya_sync::server_state::{ServerStore, StoredRecord};
use atalaya_sync::wire::{Conflict, ConflictId, Field, Refusal, RowRef};
use postgres::Transaction;
use postgres::types::ToSql;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// One transaction's records. The trait reads through `&self`, and the client needs `&mut`
/// for every statement: hence the cell.
pub struct Records<'t, 'c> {
    tx: RefCell<&'t mut Transaction<'c>>,
    policy: &'t FieldPolicy,
}

type Params<'a> = [&'a (dyn ToSql + Sync)];

impl<'t, 'c> Records<'t, 'c> {
    /// The records seen through `tx`.
    pub fn new(tx: &'t mut Transaction<'c>, policy: &'t FieldPolicy) -> Self {
        Self {
            tx: RefCell::new(tx),
            policy,
        }
    }

    fn query(&self, sql: &str, params: &Params<'_>) -> Result<Vec<postgres::Row>, ServerError> {
        Ok(self.tx.borrow_mut().query(sql, params)?)
    }

    fn execute(&self, sql: &str, params: &Params<'_>) -> Result<(), ServerError> {
        self.tx.borrow_mut().execute(sql, params)?;
        Ok(())
    }

    fn bump(&self, key: &str) -> Result<u64, ServerError> {
        let rows = self.query(
            "UPDATE meta SET value = value + 1 WHERE key = $1 RETURNING value",
            &[&key],
        )?;
        uint("counter", rows.first().map_or(0, |r| r.get(0)))
    }

    fn stored(
        &self,
        table: &str,
        key: &str,
        seq: i64,
        fields: &str,
    ) -> Result<StoredRecord, ServerError> {
        let fields: BTreeMap<String, Field> = from_json("record fields", fields)?;
        let conflicts = self
            .query(
                "SELECT body FROM conflict WHERE row_table = $1 AND row_key = $2 ORDER BY id",
                &[&table, &key],
            )?
            .iter()
            .map(|r| from_json::<Conflict>("conflict", r.get(0)))
            .collect::<Result<_, _>>()?;
        Ok(StoredRecord {
            fields: Row { fields },
            conflicts,
            seq: uint("record seq", seq)?,
        })
    }
}

impl ServerStore for Records<'_, '_> {
    type Error = ServerError;

    fn policy(&self) -> &FieldPolicy {
        self.policy
    }

    fn head(&self) -> Result<u64, ServerError> {
        let rows = self.query("SELECT value FROM meta WHERE key = 'seq'", &[])?;
        uint("counter", rows.first().map_or(0, |r| r.get(0)))
    }

    fn next_seq(&mut self) -> Result<u64, ServerError> {
        self.bump("seq")
    }

    fn next_conflict_id(&mut self) -> Result<ConflictId, ServerError> {
        self.bump("conflict").map(ConflictId)
    }

    fn record(&self, row: &RowRef) -> Result<Option<StoredRecord>, ServerError> {
        let (table, key) = row_key(row)?;
        let rows = self.query(
            "SELECT seq, fields FROM record WHERE row_table = $1 AND row_key = $2",
            &[&table, &key],
        )?;
        rows.first()
            .map(|r| self.stored(&table, &key, r.get(0), r.get(1)))
            .transpose()
    }

    fn put_record(&mut self, row: &RowRef, record: &StoredRecord) -> Result<(), ServerError> {
        let (table, key) = row_key(row)?;
        let cuadrante = record.fields.value("cuadrante").and_then(|v| v.as_text());
        self.execute(
            "INSERT INTO record (row_table, row_key, seq, cuadrante, fields)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (row_table, row_key) DO UPDATE
             SET seq = excluded.seq, cuadrante = excluded.cuadrante, fields = excluded.fields",
            &[
                &table,
                &key,
                &int("record seq", record.seq)?,
                &cuadrante,
                &to_json("record fields", &record.fields.fields)?,
            ],
        )?;
        for conflict in &record.conflicts {
            self.execute(
                "INSERT INTO conflict (id, row_table, row_key, open, body) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (id) DO UPDATE SET open = excluded.open, body = excluded.body",
                &[
                    &int("conflict id", conflict.id.0)?,
                    &table,
                    &key,
                    &conflict.is_open(),
                    &to_json("conflict", conflict)?,
                ],
            )?;
        }
        Ok(())
    }

    fn records_after(
        &self,
        seq: u64,
        limit: usize,
    ) -> Result<Vec<(RowRef, StoredRecord)>, ServerError> {
        let Ok(seq) = i64::try_from(seq) else {
            return Ok(Vec::new());
        };
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.query(
            "SELECT row_table, row_key, seq, fields FROM record WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[&seq, &limit],
        )?;
        rows.iter()
            .map(|r| {
                let (table, key): (String, String) = (r.get(0), r.get(1));
                let stored = self.stored(&table, &key, r.get(2), r.get(3))?;
                Ok((row_ref(table, &key)?, stored))
            })
            .collect()
    }

    fn applied_up_to(&self, device: DeviceId) -> Result<u64, ServerError> {
        let rows = self.query(
            "SELECT applied_up_to FROM device_ledger WHERE device = $1",
            &[&&device_blob(device)[..]],
        )?;
        uint("applied_up_to", rows.first().map_or(0, |r| r.get(0)))
    }

    fn settle(
        &mut self,
        device: DeviceId,
        applied_up_to: u64,
        refusals: &[Refusal],
    ) -> Result<(), ServerError> {
        let blob = &device_blob(device)[..];
        self.execute(
            "INSERT INTO device_ledger (device, applied_up_to) VALUES ($1, $2)
             ON CONFLICT (device) DO UPDATE
             SET applied_up_to = greatest(device_ledger.applied_up_to, excluded.applied_up_to)",
            &[&blob, &int("change number", applied_up_to)?],
        )?;
        for refusal in refusals {
            self.execute(
                "INSERT INTO refusal (device, change_no, body) VALUES ($1, $2, $3)
                 ON CONFLICT (device, change_no) DO UPDATE SET body = excluded.body",
                &[
                    &blob,
                    &int("change number", refusal.change_no)?,
                    &to_json("refusal", refusal)?,
                ],
            )?;
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
        self.query(
            "SELECT body FROM refusal WHERE device = $1 AND change_no BETWEEN $2 AND $3
             ORDER BY change_no",
            &[&&device_blob(device)[..], &clamp(first), &clamp(last)],
        )?
        .iter()
        .map(|r| from_json("refusal", r.get(0)))
        .collect()
    }

    fn held(&self, device: DeviceId, row: &RowRef) -> Result<bool, ServerError> {
        let (table, key) = row_key(row)?;
        let rows = self.query(
            "SELECT 1 FROM held WHERE device = $1 AND row_table = $2 AND row_key = $3",
            &[&&device_blob(device)[..], &table, &key],
        )?;
        Ok(!rows.is_empty())
    }

    fn hold(&mut self, device: DeviceId, rows: &[RowRef]) -> Result<(), ServerError> {
        let blob = &device_blob(device)[..];
        for row in rows {
            let (table, key) = row_key(row)?;
            self.execute(
                "INSERT INTO held (device, row_table, row_key) VALUES ($1, $2, $3)
                 ON CONFLICT DO NOTHING",
                &[&blob, &table, &key],
            )?;
        }
        Ok(())
    }
}
