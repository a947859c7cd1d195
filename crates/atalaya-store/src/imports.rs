//! What imports need from the store beyond the write path: looking up sources, batches and the
//! runs that read them, finding the incident a source record became, listing and reading raw
//! records (quarantine), and loading area shapes for point-in-polygon.

use atalaya_model::{Area, AreaKind};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params};

use crate::store::Store;
use crate::write::WriteTx;
use crate::{Result, StoreError};

/// An import batch as stored, with the run that read it (if it was read by `import`).
#[derive(Clone, Debug, PartialEq)]
pub struct BatchRow {
    /// Batch id.
    pub id: [u8; 16],
    /// File name.
    pub origin: String,
    /// Unix seconds.
    pub imported_at: i64,
    /// Rows read, accepted, quarantined, duplicate.
    pub counts: [u64; 4],
    /// The run, when the batch came from a file import.
    pub run: Option<ImportRunRow>,
}

/// How far an import of a batch got.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportRunRow {
    /// Profile name.
    pub profile_name: String,
    /// Last input row committed.
    pub last_row: u64,
    /// Rows that created incidents.
    pub rows_created: u64,
    /// Rows that updated incidents.
    pub rows_updated: u64,
    /// Whether the whole file is in.
    pub complete: bool,
}

/// A raw record with what is needed to show and re-standardize it.
#[derive(Clone, Debug, PartialEq)]
pub struct RawRecordRow {
    /// Its id.
    pub id: [u8; 16],
    /// Its batch.
    pub batch_id: [u8; 16],
    /// The file it came from.
    pub origin: String,
    /// The line it starts on.
    pub row_number: u64,
    /// Verbatim text.
    pub content: String,
    /// `accepted`, `quarantined`, `duplicate`.
    pub status: String,
    /// Why it is quarantined (JSON), or what it duplicates.
    pub reason: Option<String>,
    /// The incident it became.
    pub target_id: Option<[u8; 16]>,
    /// The source's own record id.
    pub source_key: Option<String>,
    /// Field edits made by an analyst (JSON object).
    pub edits: Option<String>,
    /// The source.
    pub source_id: [u8; 16],
    /// The profile name and TOML, and the header (JSON array), of the run that read it.
    pub profile: Option<(String, String, String)>,
}

pub(crate) fn id16(v: Vec<u8>, table: &'static str, column: &'static str) -> Result<[u8; 16]> {
    v.try_into().map_err(|_| StoreError::Corrupt {
        table,
        column,
        reason: "not a 16-byte id".into(),
    })
}

/// `raw_record` lineage columns, in [`crate::schema::RAW_RECORD_LINEAGE`] order.
#[allow(clippy::too_many_arguments)]
pub fn raw_record_values(
    id: &[u8; 16],
    batch_id: &[u8; 16],
    row_number: u64,
    content: &str,
    status: &str,
    reason: Option<&str>,
    target_id: Option<&[u8; 16]>,
    source_key: Option<&str>,
) -> Vec<Value> {
    vec![
        Value::Blob(id.to_vec()),
        Value::Blob(batch_id.to_vec()),
        Value::Integer(row_number as i64),
        Value::Text(content.into()),
        Value::Text(status.into()),
        reason.map_or(Value::Null, |r| Value::Text(r.into())),
        target_id.map_or(Value::Null, |_| Value::Text("incident".into())),
        target_id.map_or(Value::Null, |t| Value::Blob(t.to_vec())),
        source_key.map_or(Value::Null, |k| Value::Text(k.into())),
        Value::Null,
    ]
}

/// `import_run` lineage columns, in [`crate::schema::IMPORT_RUN`] order.
pub fn import_run_values(
    batch_id: &[u8; 16],
    profile_name: &str,
    profile: &str,
    header: &str,
    run: &ImportRunRow,
) -> Vec<Value> {
    vec![
        Value::Blob(batch_id.to_vec()),
        Value::Text(profile_name.into()),
        Value::Text(profile.into()),
        Value::Text(header.into()),
        Value::Integer(run.last_row as i64),
        Value::Integer(run.rows_created as i64),
        Value::Integer(run.rows_updated as i64),
        Value::Integer(run.complete.into()),
    ]
}

impl Store {
    /// The id of the source with this name.
    pub fn source_id_by_name(&self, name: &str) -> Result<Option<[u8; 16]>> {
        let v: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT id FROM source WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?;
        v.map(|v| id16(v, "source", "id")).transpose()
    }

    /// The batch of `source_id` that read a file with this content hash.
    pub fn batch_by_hash(
        &self,
        source_id: &[u8; 16],
        content_hash: &str,
    ) -> Result<Option<BatchRow>> {
        let row = self
            .conn
            .query_row(
                "SELECT b.id, b.origin, b.imported_at, b.rows_read, b.rows_accepted, b.rows_quarantined, b.rows_duplicate,
                        r.profile_name, r.last_row, r.rows_created, r.rows_updated, r.complete
                 FROM import_batch b LEFT JOIN import_run r ON r.batch_id = b.id
                 WHERE b.source_id = ?1 AND b.content_hash = ?2",
                params![source_id.as_slice(), content_hash],
                |r| {
                    let n = |i: usize| r.get::<_, i64>(i).map(|v| v as u64);
                    let run = match r.get::<_, Option<String>>(7)? {
                        Some(profile_name) => Some(ImportRunRow {
                            profile_name,
                            last_row: n(8)?,
                            rows_created: n(9)?,
                            rows_updated: n(10)?,
                            complete: r.get::<_, i64>(11)? != 0,
                        }),
                        None => None,
                    };
                    Ok((r.get::<_, Vec<u8>>(0)?, r.get(1)?, r.get(2)?, [n(3)?, n(4)?, n(5)?, n(6)?], run))
                },
            )
            .optional()?;
        row.map(|(id, origin, imported_at, counts, run)| {
            Ok(BatchRow {
                id: id16(id, "import_batch", "id")?,
                origin,
                imported_at,
                counts,
                run,
            })
        })
        .transpose()
    }

    /// Every area with its shape.
    pub fn area_shapes(&self) -> Result<Vec<Area>> {
        let mut stmt = self
            .conn
            .prepare("SELECT code, kind, name, geometry FROM area ORDER BY kind, code")?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let kind: String = r.get(1)?;
            let geometry: String = r.get(3)?;
            let corrupt = |reason: String| StoreError::Corrupt {
                table: "area",
                column: "geometry",
                reason,
            };
            out.push(Area {
                code: r.get(0)?,
                kind: kind
                    .parse::<AreaKind>()
                    .map_err(|e| corrupt(e.to_string()))?,
                name: r.get(2)?,
                geometry: multipolygon_from_geojson(&geometry)
                    .ok_or_else(|| corrupt("not a GeoJSON multipolygon".into()))?,
            });
        }
        Ok(out)
    }

    /// Raw records in quarantine, oldest batch first, optionally of one batch.
    pub fn quarantined(&self, batch: Option<&[u8; 16]>, limit: u64) -> Result<Vec<RawRecordRow>> {
        let clause = if batch.is_some() {
            "AND r.batch_id = ?1"
        } else {
            "AND ?1 IS NULL"
        };
        let sql = format!(
            "{RAW_SELECT} WHERE r.status = 'quarantined' {clause} ORDER BY b.imported_at, r.batch_id, r.row_number LIMIT ?2"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(
            params![batch.map(|b| b.to_vec()), limit as i64],
            raw_from_row,
        )?;
        rows.map(|r| r?.into_row()).collect()
    }

    /// One raw record by id.
    pub fn raw_record(&self, id: &[u8; 16]) -> Result<Option<RawRecordRow>> {
        let sql = format!("{RAW_SELECT} WHERE r.id = ?1");
        self.conn
            .query_row(&sql, [id.as_slice()], raw_from_row)
            .optional()?
            .map(RawParts::into_row)
            .transpose()
    }

    /// Raw records of a batch by status: `(accepted, quarantined, duplicate)`.
    pub fn raw_record_counts(&self, batch: &[u8; 16]) -> Result<[u64; 3]> {
        let mut out = [0u64; 3];
        let mut stmt = self.conn.prepare(
            "SELECT status, count(*) FROM raw_record WHERE batch_id = ?1 GROUP BY status",
        )?;
        let mut rows = stmt.query([batch.as_slice()])?;
        while let Some(r) = rows.next()? {
            let status: String = r.get(0)?;
            let i = ["accepted", "quarantined", "duplicate"]
                .iter()
                .position(|s| *s == status)
                .unwrap_or(0);
            out[i] += r.get::<_, i64>(1)? as u64;
        }
        Ok(out)
    }
}

pub(crate) const RAW_SELECT: &str = "SELECT r.id, r.batch_id, b.origin, r.row_number, r.content, r.status, r.reason, r.target_id,
        r.source_key, r.edits, b.source_id, ir.profile_name, ir.profile, ir.header
    FROM raw_record r JOIN import_batch b ON b.id = r.batch_id LEFT JOIN import_run ir ON ir.batch_id = r.batch_id";

pub(crate) struct RawParts(
    Vec<u8>,
    Vec<u8>,
    String,
    i64,
    String,
    String,
    Option<String>,
    Option<Vec<u8>>,
    Option<String>,
    Option<String>,
    Vec<u8>,
    Option<(String, String, String)>,
);

pub(crate) fn raw_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawParts> {
    let profile = match (
        r.get::<_, Option<String>>(11)?,
        r.get::<_, Option<String>>(12)?,
        r.get::<_, Option<String>>(13)?,
    ) {
        (Some(a), Some(b), Some(c)) => Some((a, b, c)),
        _ => None,
    };
    Ok(RawParts(
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        profile,
    ))
}

impl RawParts {
    pub(crate) fn into_row(self) -> Result<RawRecordRow> {
        Ok(RawRecordRow {
            id: id16(self.0, "raw_record", "id")?,
            batch_id: id16(self.1, "raw_record", "batch_id")?,
            origin: self.2,
            row_number: self.3 as u64,
            content: self.4,
            status: self.5,
            reason: self.6,
            target_id: self
                .7
                .map(|t| id16(t, "raw_record", "target_id"))
                .transpose()?,
            source_key: self.8,
            edits: self.9,
            source_id: id16(self.10, "import_batch", "source_id")?,
            profile: self.11,
        })
    }
}

impl WriteTx<'_> {
    /// The registry record an institution's case number already is, whichever source
    /// brought it (a case is one record even when two exports list it).
    pub fn registry_record_of_case(
        &self,
        institution: &str,
        case_number: &str,
    ) -> Result<Option<[u8; 16]>> {
        let v: Option<Vec<u8>> = self
            .sql()
            .prepare_cached(
                "SELECT id FROM registry_record WHERE institution = ?1 AND case_number = ?2",
            )?
            .query_row(params![institution, case_number], |r| r.get(0))
            .optional()?;
        v.map(|v| id16(v, "registry_record", "id")).transpose()
    }

    /// The incident that the source record `source_key` of `source_id` became, if any (the most
    /// recent raw record that points at one).
    pub fn incident_of_source_record(
        &self,
        source_id: &[u8; 16],
        source_key: &str,
    ) -> Result<Option<[u8; 16]>> {
        let v: Option<Vec<u8>> = self
            .sql()
            .prepare_cached(
                "SELECT r.target_id FROM raw_record r JOIN import_batch b ON b.id = r.batch_id
                 WHERE r.source_key = ?1 AND b.source_id = ?2 AND r.target_id IS NOT NULL
                 ORDER BY r.audit_seq DESC LIMIT 1",
            )?
            .query_row(params![source_key, source_id.as_slice()], |r| r.get(0))
            .optional()?;
        v.map(|v| id16(v, "raw_record", "target_id")).transpose()
    }
}

/// Parse the GeoJSON geometry the codec writes (a MultiPolygon, or a Polygon).
pub fn multipolygon_from_geojson(text: &str) -> Option<geo::MultiPolygon<f64>> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let ring = |r: &serde_json::Value| -> Option<geo::LineString<f64>> {
        let pts: Option<Vec<geo::Coord<f64>>> = r
            .as_array()?
            .iter()
            .map(|p| {
                Some(geo::Coord {
                    x: p.get(0)?.as_f64()?,
                    y: p.get(1)?.as_f64()?,
                })
            })
            .collect();
        Some(geo::LineString::new(pts?))
    };
    let polygon = |p: &serde_json::Value| -> Option<geo::Polygon<f64>> {
        let rings: Option<Vec<geo::LineString<f64>>> = p.as_array()?.iter().map(ring).collect();
        let mut rings = rings?.into_iter();
        Some(geo::Polygon::new(rings.next()?, rings.collect()))
    };
    let coords = v.get("coordinates")?;
    match v.get("type")?.as_str()? {
        "MultiPolygon" => coords
            .as_array()?
            .iter()
            .map(polygon)
            .collect::<Option<Vec<_>>>()
            .map(geo::MultiPolygon),
        "Polygon" => polygon(coords).map(|p| geo::MultiPolygon(vec![p])),
        _ => None,
    }
}
