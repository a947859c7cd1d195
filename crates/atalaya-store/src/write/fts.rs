//! Keeping the full-text index right when an already indexed record changes or goes (new rows
//! are indexed lazily, in one pass before the next text query: see `search.rs`).

use rusqlite::types::{ToSqlOutput, Value, ValueRef};

use super::WriteTx;
use crate::Result;
use crate::schema::{FtsSpec, TableSpec};

impl WriteTx<'_> {
    /// The record's rowid if the search index already holds it (at or below the high-water mark).
    pub(super) fn indexed_rowid(
        &self,
        spec: &TableSpec,
        fts: &FtsSpec,
        key: &Value,
    ) -> Result<Option<i64>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE {} = ?",
            fts.rowid,
            spec.name,
            spec.key()
        );
        let rowid: i64 = self
            .tx
            .prepare_cached(&sql)?
            .query_row([key], |r| r.get(0))?;
        Ok((rowid <= crate::search::indexed_up_to(&self.tx, fts)?).then_some(rowid))
    }

    pub(super) fn fts_values<'v>(
        spec: &TableSpec,
        fts: &FtsSpec,
        values: &'v [Value],
    ) -> Vec<ToSqlOutput<'v>> {
        fts.columns
            .iter()
            .map(|c| {
                ToSqlOutput::Borrowed(ValueRef::from(&values[spec.column_index(c).unwrap_or(0)]))
            })
            .collect()
    }

    pub(super) fn fts_insert(
        &self,
        spec: &TableSpec,
        fts: &FtsSpec,
        rowid: i64,
        values: &[Value],
    ) -> Result<()> {
        let sql = format!(
            "INSERT INTO {} (rowid, {}) VALUES (?{})",
            fts.table,
            fts.columns.join(", "),
            ", ?".repeat(fts.columns.len())
        );
        let mut args: Vec<ToSqlOutput<'_>> = vec![ToSqlOutput::Owned(Value::Integer(rowid))];
        args.extend(Self::fts_values(spec, fts, values));
        self.tx
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(args))?;
        Ok(())
    }

    pub(super) fn fts_delete(
        &self,
        spec: &TableSpec,
        fts: &FtsSpec,
        rowid: i64,
        old: &[Value],
    ) -> Result<()> {
        let sql = format!(
            "INSERT INTO {t} ({t}, rowid, {}) VALUES ('delete', ?{})",
            fts.columns.join(", "),
            ", ?".repeat(fts.columns.len()),
            t = fts.table
        );
        let mut args: Vec<ToSqlOutput<'_>> = vec![ToSqlOutput::Owned(Value::Integer(rowid))];
        args.extend(Self::fts_values(spec, fts, old));
        self.tx
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(args))?;
        Ok(())
    }
}
