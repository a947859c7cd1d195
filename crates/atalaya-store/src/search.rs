//! The full-text search index as a lazily caught-up, derived structure.
//!
//! Inserts do not touch the FTS5 index; a high-water mark (`meta.fts_indexed_rid:<fts table>`)
//! says up to which `rid` rows are indexed. [`Store::ensure_search_index`] indexes everything
//! above it in one statement before a text query (and after bulk loads). Updates and deletes of
//! rows at or below the mark fix the index in place (see `write.rs`), so it is never stale.

use rusqlite::{Connection, OptionalExtension};

use crate::Result;
use crate::schema::{FtsSpec, TABLES, TableSpec};
use crate::store::Store;

fn mark_key(fts: &FtsSpec) -> String {
    format!("fts_indexed_rid:{}", fts.table)
}

/// The highest rid indexed in `fts` (0 when none).
pub(crate) fn indexed_up_to(conn: &Connection, fts: &FtsSpec) -> Result<i64> {
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [mark_key(fts)],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v.and_then(|s| s.parse().ok()).unwrap_or(0))
}

fn catch_up(conn: &Connection, spec: &TableSpec, fts: &FtsSpec) -> Result<u64> {
    let mark = indexed_up_to(conn, fts)?;
    let max: Option<i64> = conn.query_row(
        &format!("SELECT max({}) FROM {}", fts.rowid, spec.name),
        [],
        |r| r.get(0),
    )?;
    let Some(max) = max.filter(|m| *m > mark) else {
        return Ok(0);
    };
    let cols = fts.columns.join(", ");
    let n = conn.execute(
        &format!(
            "INSERT INTO {t} (rowid, {cols}) SELECT {rid}, {cols} FROM {s} WHERE {rid} > ?1 AND {rid} <= ?2",
            t = fts.table,
            rid = fts.rowid,
            s = spec.name
        ),
        [mark, max],
    )?;
    conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
        rusqlite::params![mark_key(fts), max.to_string()],
    )?;
    Ok(n as u64)
}

impl Store {
    /// Index every row not yet in its table's search index; returns how many rows were indexed.
    /// Cheap when there is nothing to do (one indexed lookup per indexed table).
    pub fn ensure_search_index(&self) -> Result<u64> {
        let tx = self.conn.unchecked_transaction()?;
        let mut n = 0;
        for spec in TABLES {
            if let Some(fts) = &spec.fts {
                n += catch_up(&tx, spec, fts)?;
            }
        }
        tx.commit()?;
        Ok(n)
    }
}
