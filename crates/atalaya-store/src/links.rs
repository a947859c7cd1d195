//! What cross-source linking reads: located incidents in a time window, the sources already
//! merged into an incident, the input rows that point at it, the links between two incidents,
//! the queue an analyst reviews, and which batches the link pass has finished.
//!
//! A `link` row ties an incident to a record: `target_table = 'raw_record'` for a source row
//! merged into it (confirmed = 1), `'incident'` for another incident proposed as the same
//! event (confirmed = 0 while queued, -1 once an analyst said no).

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;
use crate::imports::id16;
use crate::store::Store;
use crate::write::WriteTx;

/// A located incident read from a file, as the linker compares it. (Generated demo history
/// and hand-made records are not linked.)
#[derive(Clone, Debug, PartialEq)]
pub struct LinkableIncident {
    /// Incident id.
    pub id: [u8; 16],
    /// Its source (None for hand-made records).
    pub source_id: Option<[u8; 16]>,
    /// The batch it came in with.
    pub batch_id: Option<[u8; 16]>,
    /// When it happened, Unix seconds.
    pub at: i64,
    /// Longitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// Accuracy, metres.
    pub accuracy_m: Option<f64>,
    /// Where the point comes from.
    pub location_precision: Option<String>,
    /// Category code.
    pub category: String,
    /// Description.
    pub description: String,
}

/// A link row.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkRow {
    /// Link id.
    pub id: [u8; 16],
    /// The incident it belongs to.
    pub incident_id: [u8; 16],
    /// `raw_record` or `incident`.
    pub target_table: String,
    /// The record it points at.
    pub target_id: [u8; 16],
    /// The linker's score.
    pub score: f64,
    /// 1 merged or confirmed, 0 queued, -1 rejected.
    pub confirmed: i64,
}

/// An input row that points at an incident.
#[derive(Clone, Debug, PartialEq)]
pub struct RowOfIncident {
    /// Raw record id.
    pub id: [u8; 16],
    /// Its status (`accepted`, `duplicate`).
    pub status: String,
    /// The source of its batch.
    pub source_id: Option<[u8; 16]>,
}

fn opt_id(
    v: Option<Vec<u8>>,
    table: &'static str,
    column: &'static str,
) -> Result<Option<[u8; 16]>> {
    v.map(|v| id16(v, table, column)).transpose()
}

fn link_row(r: &rusqlite::Row<'_>) -> Result<LinkRow> {
    Ok(LinkRow {
        id: id16(r.get(0)?, "link", "id")?,
        incident_id: id16(r.get(1)?, "link", "incident_id")?,
        target_table: r.get(2)?,
        target_id: id16(r.get(3)?, "link", "target_id")?,
        score: r.get(4)?,
        confirmed: r.get(5)?,
    })
}

const LINK_COLUMNS: &str = "id, incident_id, target_table, target_id, score, confirmed";

fn located_between(conn: &Connection, from: i64, to: i64) -> Result<Vec<LinkableIncident>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, source_id, batch_id, occurred_from, lon, lat, accuracy_m, location_precision,
                category, description
         FROM incident
         WHERE occurred_from >= ?1 AND occurred_from < ?2 AND lon IS NOT NULL AND lat IS NOT NULL
           AND batch_id IN (SELECT batch_id FROM import_run)
         ORDER BY occurred_from",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(LinkableIncident {
            id: id16(r.get(0)?, "incident", "id")?,
            source_id: opt_id(r.get(1)?, "incident", "source_id")?,
            batch_id: opt_id(r.get(2)?, "incident", "batch_id")?,
            at: r.get(3)?,
            lon: r.get(4)?,
            lat: r.get(5)?,
            accuracy_m: r.get(6)?,
            location_precision: r.get(7)?,
            category: r.get(8)?,
            description: r.get(9)?,
        });
    }
    Ok(out)
}

fn rows_of_incident(conn: &Connection, incident: &[u8; 16]) -> Result<Vec<RowOfIncident>> {
    // Through `raw_record_target` (migration 0004).
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.status, b.source_id FROM raw_record r
         JOIN import_batch b ON b.id = r.batch_id
         WHERE r.target_id = ?1 ORDER BY r.audit_seq, r.row_number",
    )?;
    let mut rows = stmt.query([&incident[..]])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(RowOfIncident {
            id: id16(r.get(0)?, "raw_record", "id")?,
            status: r.get(1)?,
            source_id: opt_id(r.get(2)?, "import_batch", "source_id")?,
        });
    }
    Ok(out)
}

fn links_where(conn: &Connection, condition: &str, id: &[u8; 16]) -> Result<Vec<LinkRow>> {
    let sql = format!("SELECT {LINK_COLUMNS} FROM link WHERE {condition} ORDER BY id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([&id[..]])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(link_row(r)?);
    }
    Ok(out)
}

impl Store {
    /// The earliest and latest time of the incidents a batch created, Unix seconds.
    pub fn batch_time_range(&self, batch: &[u8; 16]) -> Result<Option<(i64, i64)>> {
        Ok(self.conn.query_row(
            "SELECT min(occurred_from), max(occurred_from) FROM incident WHERE batch_id = ?1",
            [&batch[..]],
            |r| Ok(r.get::<_, Option<i64>>(0)?.zip(r.get::<_, Option<i64>>(1)?)),
        )?)
    }

    /// The source a batch was read from, if the batch is known.
    pub fn batch_source(&self, batch: &[u8; 16]) -> Result<Option<[u8; 16]>> {
        let id: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT source_id FROM import_batch WHERE id = ?1",
                [&batch[..]],
                |r| r.get(0),
            )
            .optional()?;
        Ok(id.and_then(|v| v.try_into().ok()))
    }

    /// The local days in `from..=to` (day numbers) holding an incident of any source but
    /// `source` (hand-made incidents included), read from the rollup.
    pub fn days_with_other_sources(
        &self,
        source: &[u8; 16],
        from: i64,
        to: i64,
    ) -> Result<std::collections::BTreeSet<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT local_day FROM incident_rollup
             WHERE local_day BETWEEN ?1 AND ?2 AND source_id <> ?3",
        )?;
        let days = stmt
            .query_map(rusqlite::params![from, to, &source[..]], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(days)
    }

    /// Located incidents with `from <= occurred_from < to`, oldest first.
    pub fn located_between(&self, from: i64, to: i64) -> Result<Vec<LinkableIncident>> {
        located_between(&self.conn, from, to)
    }

    /// Links queued for an analyst, best score first.
    pub fn queued_links(&self, limit: u64) -> Result<Vec<LinkRow>> {
        let sql = format!(
            "SELECT {LINK_COLUMNS} FROM link WHERE confirmed = 0 AND target_table = 'incident'
             ORDER BY score DESC, id LIMIT ?1"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([limit as i64])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(link_row(r)?);
        }
        Ok(out)
    }

    /// How many links wait for an analyst (all of them, whatever a listing's limit).
    pub fn queued_link_count(&self) -> Result<u64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM link WHERE confirmed = 0 AND target_table = 'incident'",
            [],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }

    /// One link.
    pub fn link(&self, id: &[u8; 16]) -> Result<Option<LinkRow>> {
        Ok(links_where(&self.conn, "id = ?1", id)?.into_iter().next())
    }

    /// A source's name.
    pub fn source_name(&self, id: &[u8; 16]) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT name FROM source WHERE id = ?1", [&id[..]], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Whether the link pass has finished for `batch`.
    pub fn link_pass_done(&self, batch: &[u8; 16]) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM link_pass WHERE batch_id = ?1",
                [&batch[..]],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Complete import batches whose link pass has not finished, oldest first.
    pub fn batches_to_link(&self) -> Result<Vec<[u8; 16]>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT b.id FROM import_batch b JOIN import_run r ON r.batch_id = b.id
             WHERE r.complete = 1 AND NOT EXISTS (SELECT 1 FROM link_pass p WHERE p.batch_id = b.id)
             ORDER BY b.imported_at, b.id",
        )?;
        let ids = stmt
            .query_map([], |r| r.get::<_, Vec<u8>>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        ids.into_iter()
            .map(|v| id16(v, "import_batch", "id"))
            .collect()
    }
}

impl WriteTx<'_> {
    /// The input rows that point at `incident`, oldest first, with their sources.
    pub fn rows_of_incident(&self, incident: &[u8; 16]) -> Result<Vec<RowOfIncident>> {
        rows_of_incident(self.sql(), incident)
    }

    /// The links of an incident.
    pub fn links_of(&self, incident: &[u8; 16]) -> Result<Vec<LinkRow>> {
        links_where(self.sql(), "incident_id = ?1", incident)
    }

    /// The links pointing at a record.
    pub fn links_to(&self, target: &[u8; 16]) -> Result<Vec<LinkRow>> {
        links_where(self.sql(), "target_id = ?1", target)
    }

    /// Record that the link pass over `batch` has finished (derived bookkeeping, not traced).
    pub fn mark_link_pass(&mut self, batch: &[u8; 16], linked: u64, queued: u64) -> Result<()> {
        self.sql()
            .prepare_cached(
                "INSERT INTO link_pass (batch_id, linked, queued) VALUES (?1, ?2, ?3)
                 ON CONFLICT (batch_id) DO UPDATE SET linked = linked + ?2, queued = queued + ?3",
            )?
            .execute(params![&batch[..], linked as i64, queued as i64])?;
        Ok(())
    }
}
