//! Lineage rows (raw records, import runs): written without change entries, covered instead by
//! the transaction's audit content hash through a sorted digest of (table, key, row hash).

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params};

use super::{WriteTx, display_key, no_such};
use crate::schema::TableSpec;
use crate::{Result, StoreError};

impl WriteTx<'_> {
    /// How many lineage rows this transaction has written so far.
    pub fn lineage_count(&self) -> u64 {
        self.lineage.len() as u64
    }

    /// The audit seq this transaction will commit as (what its lineage rows record).
    pub fn audit_seq(&self) -> i64 {
        self.audit_seq
    }

    /// Insert a lineage row (a table of [`crate::schema::LINEAGE_TABLES`]; `values` in
    /// `spec.columns` order, key a BLOB). No change entry is written: the row's hash goes into
    /// this transaction's audit content hash instead, so it is covered but never synced.
    pub fn insert_lineage(&mut self, spec: &TableSpec, values: &[Value]) -> Result<()> {
        debug_assert_eq!(
            values.len(),
            spec.columns.len(),
            "{}: wrong value count",
            spec.name
        );
        let key = lineage_key(spec, &values[0])?;
        let hash = spec.row_hash_of(values);
        let sql = format!(
            "INSERT INTO {} ({}, audit_seq, lineage_hash) VALUES ({}, ?, ?)",
            spec.name,
            spec.columns.join(", "),
            vec!["?"; spec.columns.len()].join(", ")
        );
        let sealed = [Value::Integer(self.audit_seq), Value::Blob(hash.to_vec())];
        self.tx
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(values.iter().chain(&sealed)))?;
        self.lineage.push((spec.code, key, hash));
        Ok(())
    }

    /// Rewrite fields of a lineage row; returns whether anything changed. The version it replaces
    /// stays in the digest of the transaction that wrote it (via `lineage_history`).
    pub fn update_lineage(
        &mut self,
        spec: &TableSpec,
        key: &Value,
        changes: &[(&str, Value)],
    ) -> Result<bool> {
        let key_bytes = lineage_key(spec, key)?;
        let sql = format!(
            "SELECT {}, audit_seq, lineage_hash FROM {} WHERE {} = ?",
            spec.columns.join(", "),
            spec.name,
            spec.key()
        );
        let n = spec.columns.len();
        let found = self
            .tx
            .prepare_cached(&sql)?
            .query_row([key], |r| {
                let values = (0..n)
                    .map(|i| r.get::<_, Value>(i))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((
                    values,
                    r.get::<_, Option<i64>>(n)?,
                    r.get::<_, Option<Vec<u8>>>(n + 1)?,
                ))
            })
            .optional()?;
        let (current, Some(old_seq), Some(old_hash)) = found.ok_or_else(|| no_such(spec, key))?
        else {
            return Err(StoreError::InvalidFilter(format!(
                "{} {} is not a lineage row",
                spec.name,
                display_key(key)
            )));
        };
        let mut next = current.clone();
        for (col, v) in changes {
            let i = spec.column_index(col).filter(|i| *i > 0).ok_or_else(|| {
                StoreError::InvalidFilter(format!("{} has no updatable column `{col}`", spec.name))
            })?;
            next[i] = v.clone();
        }
        if next == current {
            return Ok(false);
        }
        self.tx
            .prepare_cached(
                "INSERT INTO lineage_history (tx, tbl, row_id, hash) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![old_seq, spec.code, key, old_hash])?;
        let hash = spec.row_hash_of(&next);
        let sets: Vec<String> = spec.columns[1..]
            .iter()
            .map(|c| format!("{c} = ?"))
            .collect();
        let sql = format!(
            "UPDATE {} SET {}, audit_seq = ?, lineage_hash = ? WHERE {} = ?",
            spec.name,
            sets.join(", "),
            spec.key()
        );
        let mut args: Vec<Value> = next[1..].to_vec();
        args.push(Value::Integer(self.audit_seq));
        args.push(Value::Blob(hash.to_vec()));
        args.push(key.clone());
        self.tx
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(args.iter()))?;
        self.lineage.push((spec.code, key_bytes, hash));
        Ok(true)
    }

    /// Sort this transaction's lineage entries, record their digest and return it.
    pub(super) fn seal_lineage(&mut self) -> Result<Option<(i64, [u8; 32])>> {
        if self.lineage.is_empty() {
            return Ok(None);
        }
        self.lineage.sort_unstable();
        let rows = self.lineage.len() as i64;
        let digest = crate::audit::lineage_digest(
            self.lineage
                .iter()
                .map(|(t, k, h)| (*t, k.as_slice(), h.as_slice())),
        );
        self.tx
            .prepare_cached("INSERT INTO audit_lineage (seq, rows, digest) VALUES (?1, ?2, ?3)")?
            .execute(params![self.audit_seq, rows, digest.as_slice()])?;
        Ok(Some((rows, digest)))
    }
}

fn lineage_key(spec: &TableSpec, key: &Value) -> Result<Vec<u8>> {
    match key {
        Value::Blob(b) => Ok(b.clone()),
        other => Err(StoreError::InvalidFilter(format!(
            "{} lineage key must be a BLOB, not {other:?}",
            spec.name
        ))),
    }
}
