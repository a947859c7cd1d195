//! What the analyst's main screen reads beyond listing and counting: one scan of every incident
//! for the in-memory view index, full-text matches as a rid list, rows by rid for table pages,
//! one incident's full record with its lineage and change history, and the area shapes.

use rusqlite::OptionalExtension;
use rusqlite::types::ValueRef;

use crate::Result;
use crate::query::{IncidentRow, incident_row};
use crate::schema::INCIDENT;
use crate::store::Store;

/// One incident as the view index keeps it, borrowed from the row being scanned.
#[derive(Debug, Clone, Copy)]
pub struct IndexScanRow<'a> {
    /// Local row number.
    pub rid: i64,
    /// The incident's id (16 bytes).
    pub id: &'a [u8],
    /// Occurred, Unix seconds UTC.
    pub occurred_from: i64,
    /// America/Santiago day of occurrence, days since 1970-01-01.
    pub local_day: i32,
    /// Category code.
    pub category: &'a str,
    /// Source name, if any.
    pub source: Option<&'a str>,
    /// Cuadrante code.
    pub cuadrante: Option<&'a str>,
    /// Barrio code.
    pub barrio: Option<&'a str>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Latitude.
    pub lat: Option<f64>,
}

/// One incident as a table row shows it: the listing's row and its local row number.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewRow {
    /// Local row number.
    pub rid: i64,
    /// The incident as listed.
    pub incident: IncidentRow,
}

/// Every stored field of one incident, with its source and batch resolved to names.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentRecord {
    /// The row, as listed.
    pub row: ViewRow,
    /// Occurred until, Unix seconds.
    pub occurred_to: Option<i64>,
    /// Reported, Unix seconds.
    pub reported_at: Option<i64>,
    /// The category as the source wrote it.
    pub original_category: Option<String>,
    /// Location accuracy in metres.
    pub accuracy_m: Option<f64>,
    /// Where the point comes from (`reported`, `exact`, `interpolated`, `street_only`).
    pub location_precision: Option<String>,
    /// Record status.
    pub status: String,
    /// Sensitivity.
    pub sensitivity: String,
    /// The import batch's origin (file name or demo batch).
    pub batch_origin: Option<String>,
}

/// An input row an incident came from.
#[derive(Debug, Clone, PartialEq)]
pub struct LineageRow {
    /// The file (or batch origin) it was read from.
    pub origin: String,
    /// Its line in that file.
    pub row_number: u64,
    /// Verbatim text.
    pub content: String,
    /// `accepted`, `quarantined` or `duplicate`.
    pub status: String,
    /// The source's own record id.
    pub source_key: Option<String>,
    /// The profile that read it.
    pub profile_name: Option<String>,
    /// The source its file came from (an incident merged across sources has several).
    pub source: String,
    /// The file's header (JSON array of column names), when known.
    pub header: Option<String>,
    /// When the batch was imported, Unix seconds.
    pub imported_at: i64,
}

/// One audited write that touched an incident.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    /// The audit entry.
    pub audit_seq: i64,
    /// When, Unix milliseconds.
    pub at_ms: i64,
    /// Who.
    pub actor: String,
    /// What kind of write (`demo.incidents`, `import`, …).
    pub action: String,
    /// The fields it set (empty: the record was deleted).
    pub fields: Vec<&'static str>,
}

/// One area with its GeoJSON geometry text.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaShapeRow {
    /// Code.
    pub code: String,
    /// `comuna`, `cuadrante` or `barrio`.
    pub kind: String,
    /// Display name.
    pub name: String,
    /// GeoJSON geometry (WGS84).
    pub geometry: String,
}

const ROW_SELECT: &str =
    "SELECT i.rid, i.id, i.occurred_from, i.category, i.lon, i.lat, i.cuadrante,
    i.barrio, i.address, i.description, s.name
    FROM incident i LEFT JOIN source s ON s.id = i.source_id";

fn view_row(r: &rusqlite::Row<'_>) -> Result<ViewRow> {
    Ok(ViewRow {
        rid: r.get(0)?,
        incident: incident_row(r, 1)?,
    })
}

const INDEX_SCAN: &str =
    "SELECT i.rid, i.id, i.occurred_from, i.local_day, i.category, s.name, i.cuadrante, i.barrio,
            i.lon, i.lat
     FROM incident i LEFT JOIN source s ON s.id = i.source_id";

fn scan_rows(
    mut rows: rusqlite::Rows<'_>,
    mut each: impl FnMut(IndexScanRow<'_>) -> Result<()>,
) -> Result<u64> {
    let mut n = 0;
    while let Some(r) = rows.next()? {
        each(IndexScanRow {
            rid: r.get(0)?,
            id: r.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?,
            occurred_from: r.get(2)?,
            local_day: r.get(3)?,
            category: r.get_ref(4)?.as_str().map_err(rusqlite::Error::from)?,
            source: opt_str(r.get_ref(5)?)?,
            cuadrante: opt_str(r.get_ref(6)?)?,
            barrio: opt_str(r.get_ref(7)?)?,
            lon: r.get(8)?,
            lat: r.get(9)?,
        })?;
        n += 1;
    }
    Ok(n)
}

fn opt_str<'a>(v: ValueRef<'a>) -> Result<Option<&'a str>> {
    match v {
        ValueRef::Null => Ok(None),
        other => Ok(Some(other.as_str().map_err(rusqlite::Error::from)?)),
    }
}

/// Quote every word so user text can never be read as FTS5 syntax; all words must match.
fn fts_words(text: &str) -> String {
    text.split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

impl Store {
    /// The newest audit entry's seq: every write to a traced table makes a new one, so a view
    /// built at one value is current while this still returns it.
    pub fn last_audit_seq(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(seq), 0) FROM audit", [], |r| r.get(0))?)
    }

    /// Stream every incident's indexed columns to `each`, in no particular order.
    pub fn scan_incidents_for_index(
        &self,
        each: impl FnMut(IndexScanRow<'_>) -> Result<()>,
    ) -> Result<u64> {
        let mut stmt = self.conn.prepare(INDEX_SCAN)?;
        scan_rows(stmt.query([])?, each)
    }

    /// Stream the indexed columns of the incidents with these ids to `each`; returns the ids
    /// that are no longer stored (deleted).
    pub fn scan_incidents_by_id(
        &self,
        ids: &[[u8; 16]],
        mut each: impl FnMut(IndexScanRow<'_>) -> Result<()>,
    ) -> Result<Vec<[u8; 16]>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{INDEX_SCAN} WHERE i.id = ?1"))?;
        let mut missing = Vec::new();
        for id in ids {
            if scan_rows(stmt.query([id.as_slice()])?, &mut each)? == 0 {
                missing.push(*id);
            }
        }
        Ok(missing)
    }

    /// The rids of incidents whose description or address holds every word of `text`
    /// (accents ignored), ascending. Catches up the search index first.
    pub fn search_incident_rids(&self, text: &str) -> Result<Vec<i64>> {
        let words = fts_words(text);
        if words.is_empty() {
            return Ok(Vec::new());
        }
        self.ensure_search_index()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT rowid FROM incident_fts WHERE incident_fts MATCH ?1 ORDER BY rowid",
        )?;
        let rows = stmt.query_map([words], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The incidents with these rids, in the order given (missing rids are skipped).
    pub fn incident_rows_by_rid(&self, rids: &[i64]) -> Result<Vec<ViewRow>> {
        let mut out = Vec::with_capacity(rids.len());
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{ROW_SELECT} WHERE i.rid = ?1"))?;
        for rid in rids {
            let mut rows = stmt.query([rid])?;
            if let Some(r) = rows.next()? {
                out.push(view_row(r)?);
            }
        }
        Ok(out)
    }

    /// The rid of the incident with this id.
    pub fn incident_rid(&self, id: &[u8; 16]) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT rid FROM incident WHERE id = ?1", [&id[..]], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Every stored field of one incident.
    pub fn incident_record(&self, id: &[u8; 16]) -> Result<Option<IncidentRecord>> {
        let sql = "SELECT i.rid, i.id, i.occurred_from, i.category, i.lon, i.lat, i.cuadrante,
            i.barrio, i.address, i.description, s.name, i.occurred_to, i.reported_at,
            i.original_category, i.accuracy_m, i.status, i.sensitivity, b.origin,
            i.location_precision
            FROM incident i LEFT JOIN source s ON s.id = i.source_id
            LEFT JOIN import_batch b ON b.id = i.batch_id WHERE i.id = ?1";
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query([&id[..]])?;
        let Some(r) = rows.next()? else {
            return Ok(None);
        };
        Ok(Some(IncidentRecord {
            row: view_row(r)?,
            occurred_to: r.get(11)?,
            reported_at: r.get(12)?,
            original_category: r.get(13)?,
            accuracy_m: r.get(14)?,
            status: r.get(15)?,
            sensitivity: r.get(16)?,
            batch_origin: r.get(17)?,
            location_precision: r.get(18)?,
        }))
    }

    /// The input rows that became (or updated) this incident, oldest import first.
    pub fn incident_lineage(&self, id: &[u8; 16]) -> Result<Vec<LineageRow>> {
        // A lookup through `raw_record_target` (migration 0004).
        let mut stmt = self.conn.prepare_cached(
            "SELECT b.origin, r.row_number, r.content, r.status, r.source_key, ir.profile_name,
                    ir.header, b.imported_at, s.name
             FROM raw_record r JOIN import_batch b ON b.id = r.batch_id
             JOIN source s ON s.id = b.source_id
             LEFT JOIN import_run ir ON ir.batch_id = r.batch_id
             WHERE r.target_table = 'incident' AND r.target_id = ?1
             ORDER BY b.imported_at, r.row_number",
        )?;
        let rows = stmt.query_map([&id[..]], |r| {
            Ok(LineageRow {
                origin: r.get(0)?,
                row_number: r.get::<_, i64>(1)? as u64,
                content: r.get(2)?,
                status: r.get(3)?,
                source_key: r.get(4)?,
                profile_name: r.get(5)?,
                header: r.get(6)?,
                imported_at: r.get(7)?,
                source: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every audited write of this incident, oldest first.
    pub fn incident_history(&self, id: &[u8; 16]) -> Result<Vec<HistoryRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.seq, a.at_ms, a.actor, a.action, c.fields
             FROM change c JOIN audit a ON a.seq = c.tx
             WHERE c.tbl = ?1 AND c.row_id = ?2 ORDER BY c.seq",
        )?;
        let rows = stmt.query_map(rusqlite::params![INCIDENT.code, &id[..]], |r| {
            Ok(HistoryRow {
                audit_seq: r.get(0)?,
                at_ms: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                fields: INCIDENT.field_names(r.get(4)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every area with its geometry as stored, by kind then code.
    pub fn area_geometries(&self) -> Result<Vec<AreaShapeRow>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT code, kind, name, geometry FROM area ORDER BY kind, code")?;
        let rows = stmt.query_map([], |r| {
            Ok(AreaShapeRow {
                code: r.get(0)?,
                kind: r.get(1)?,
                name: r.get(2)?,
                geometry: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_are_quoted() {
        assert_eq!(fts_words(" robo  \"x\" "), r#""robo" """x""""#);
        assert_eq!(fts_words("   "), "");
    }
}
