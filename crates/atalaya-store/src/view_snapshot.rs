//! The saved copy of the main screen's index and what it takes to bring one up to date: the
//! incidents the change log says changed since it was saved.
//!
//! The store does not know the index's encoding (the `atalaya` crate owns it and its format
//! number); it keeps the bytes with the audit and change positions they reflect.

use rusqlite::{OptionalExtension, params};

use crate::Result;
use crate::imports::id16;
use crate::schema::{INCIDENT, SOURCE};
use crate::store::Store;

/// An encoded index and how far into the store's history it reflects.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewSnapshot {
    /// The encoding's version (the reader's to check).
    pub format: i64,
    /// The last audit entry reflected.
    pub audit_seq: i64,
    /// The last change entry reflected.
    pub change_seq: i64,
    /// The encoded index.
    pub data: Vec<u8>,
}

/// The incidents changed after some point in the change log.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IncidentChanges {
    /// Each changed incident's id, once.
    pub ids: Vec<[u8; 16]>,
    /// The last change entry seen.
    pub change_seq: i64,
    /// The last audit entry.
    pub audit_seq: i64,
    /// Whether a source was changed too (the index shows source names).
    pub sources_changed: bool,
}

impl Store {
    /// The saved index, if one was saved.
    pub fn view_snapshot(&self) -> Result<Option<ViewSnapshot>> {
        Ok(self
            .conn
            .query_row(
                "SELECT format, audit_seq, change_seq, data FROM view_snapshot WHERE id = 1",
                [],
                |r| {
                    Ok(ViewSnapshot {
                        format: r.get(0)?,
                        audit_seq: r.get(1)?,
                        change_seq: r.get(2)?,
                        data: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    /// Save `snapshot` in place of any earlier one. Derived data: no audit entry.
    pub fn save_view_snapshot(&self, snapshot: &ViewSnapshot) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO view_snapshot (id, format, audit_seq, change_seq, data)
             VALUES (1, ?1, ?2, ?3, ?4)",
            params![
                snapshot.format,
                snapshot.audit_seq,
                snapshot.change_seq,
                snapshot.data
            ],
        )?;
        Ok(())
    }

    /// The last change entry's number (0 when there is none).
    pub fn last_change_seq(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(seq), 0) FROM change", [], |r| r.get(0))?)
    }

    /// The incidents changed (created, updated or deleted) after change entry `after`, or
    /// `None` when the log no longer reaches back that far (entries were compacted away), so
    /// only a full scan can tell.
    pub fn incident_changes_since(&self, after: i64) -> Result<Option<IncidentChanges>> {
        let tx = self.conn.unchecked_transaction()?;
        // Two queries: SQLite answers a lone min() or max() from the key's ends, but both in
        // one query scan the table.
        let first: Option<i64> = tx.query_row("SELECT min(seq) FROM change", [], |r| r.get(0))?;
        let last: i64 =
            tx.query_row("SELECT coalesce(max(seq), 0) FROM change", [], |r| r.get(0))?;
        if first.is_some_and(|f| f > after + 1) || last < after {
            return Ok(None);
        }
        let audit_seq: i64 =
            tx.query_row("SELECT coalesce(max(seq), 0) FROM audit", [], |r| r.get(0))?;
        let mut stmt = tx.prepare(
            "SELECT DISTINCT row_id FROM change WHERE seq > ?1 AND seq <= ?2 AND tbl = ?3",
        )?;
        let ids = stmt
            .query_map(params![after, last, INCIDENT.code], |r| {
                r.get::<_, Vec<u8>>(0)
            })?
            .map(|v| id16(v?, "change", "row_id"))
            .collect::<Result<Vec<_>>>()?;
        let sources_changed: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM change WHERE seq > ?1 AND seq <= ?2 AND tbl = ?3)",
            params![after, last, SOURCE.code],
            |r| r.get(0),
        )?;
        Ok(Some(IncidentChanges {
            ids,
            sources_changed,
            change_seq: last,
            audit_seq,
        }))
    }

    /// How many incidents the store holds, from the rollup's weekly counts (kept exact by
    /// the write path) rather than a scan of the table.
    pub fn incident_total(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row(
            "SELECT coalesce(sum(n), 0) FROM incident_rollup_week",
            [],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }
}
