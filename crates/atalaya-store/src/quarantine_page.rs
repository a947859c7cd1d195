//! The quarantine as a review screen reads it: one page at a time, of every batch or of one,
//! and the batches that still have rows in quarantine (to pick from).

use rusqlite::params;

use crate::Result;
use crate::imports::{RAW_SELECT, RawRecordRow, raw_from_row};
use crate::store::Store;

/// An import batch with rows still in quarantine.
#[derive(Clone, Debug, PartialEq)]
pub struct QuarantineBatchRow {
    /// Batch id.
    pub id: [u8; 16],
    /// File name.
    pub origin: String,
    /// The source's name.
    pub source: String,
    /// Unix seconds.
    pub imported_at: i64,
    /// Rows of it in quarantine now.
    pub quarantined: u64,
}

impl Store {
    /// Quarantined rows `offset..offset + limit` in the order of [`Store::quarantined`]
    /// (oldest batch first, then by row), optionally of one batch, and how many there are.
    pub fn quarantined_page(
        &self,
        batch: Option<&[u8; 16]>,
        offset: u64,
        limit: u64,
    ) -> Result<(u64, Vec<RawRecordRow>)> {
        let batch = batch.map(|b| b.to_vec());
        let total: i64 = self.conn.query_row(
            "SELECT count(*) FROM raw_record r
             WHERE r.status = 'quarantined' AND (?1 IS NULL OR r.batch_id = ?1)",
            [&batch],
            |r| r.get(0),
        )?;
        let sql = format!(
            "{RAW_SELECT} WHERE r.status = 'quarantined' AND (?1 IS NULL OR r.batch_id = ?1)
             ORDER BY b.imported_at, r.batch_id, r.row_number LIMIT ?2 OFFSET ?3"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt
            .query_map(params![batch, limit as i64, offset as i64], raw_from_row)?
            .map(|r| r?.into_row())
            .collect::<Result<Vec<_>>>()?;
        Ok((total as u64, rows))
    }

    /// Batches with rows in quarantine, newest first.
    pub fn quarantine_batches(&self) -> Result<Vec<QuarantineBatchRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT b.id, b.origin, s.name, b.imported_at, b.rows_quarantined
             FROM import_batch b JOIN source s ON s.id = b.source_id
             WHERE b.rows_quarantined > 0 ORDER BY b.imported_at DESC, b.origin",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, Vec<u8>>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        rows.map(|r| {
            let (id, origin, source, imported_at, quarantined) = r?;
            Ok(QuarantineBatchRow {
                id: crate::imports::id16(id, "import_batch", "id")?,
                origin,
                source,
                imported_at,
                quarantined: quarantined as u64,
            })
        })
        .collect()
    }
}
