//! Where a read row goes: its record written through `WriteTx` into the table of its kind
//! (created, updated by the source's own record id, or found identical), and its raw record
//! (lineage) naming that table and id — or the row's rejection, in quarantine.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use atalaya_ingest::{Reason, Record, Rejection, StandardRecord, Standardizer};
use atalaya_model::{BatchId, Incident, IncidentId, PatrolTrack, RegistryRecord, SourceId};
use atalaya_store::schema::{
    IMPORT_BATCH, IMPORT_RUN, INCIDENT, PATROL_TRACK, RAW_RECORD_LINEAGE, REGISTRY_RECORD,
    TableSpec,
};
use atalaya_store::{Value, WriteTx, codec};

use crate::Result;
use crate::areas::{AreaIndex, Placement};

/// The record a row became: its table and id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Target {
    /// The table (`incident`, `patrol_track`, `registry_record`).
    pub table: &'static str,
    id: [u8; 16],
}

impl Target {
    fn new(table: &'static str, id: [u8; 16]) -> Self {
        Self { table, id }
    }

    /// The record's id bytes.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.id
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Every record id is a UUID: any of the model's id types prints it.
        IncidentId::from_bytes(self.id).fmt(f)
    }
}

/// The outcome of writing one standardized (or rejected) row.
pub(crate) enum Applied {
    Created(Target),
    Updated(Target),
    Duplicate(Target),
    Quarantined(Rejection),
}

/// The incident columns a source row determines (the rest — status, source, batch, author — is
/// the store's and is kept on update).
const STANDARD_COLUMNS: &[&str] = &[
    "occurred_from",
    "occurred_to",
    "reported_at",
    "local_day",
    "local_hour",
    "category",
    "original_category",
    "description",
    "lon",
    "lat",
    "accuracy_m",
    "location_precision",
    "address",
    "cuadrante",
    "barrio",
    "sensitivity",
];

/// Where rows of one batch go.
pub(crate) struct RowSink<'a> {
    pub source_id: [u8; 16],
    pub batch_id: [u8; 16],
    pub areas: &'a AreaIndex,
    pub created_by: Option<atalaya_model::UserId>,
    /// The profile's location columns as a rejection names them (`x + y`).
    pub location_columns: Option<String>,
    /// When the source was new to the store as this import began, every record of it is one
    /// this import wrote: the hashes of the record ids it has seen then tell, without a lookup,
    /// that a record id is new (a hash already seen is looked up as usual).
    pub new_source_keys: Option<HashSet<u64>>,
}

/// The location columns of `standardizer`'s profile as a rejection names them.
pub(crate) fn location_columns(standardizer: &Standardizer) -> Option<String> {
    standardizer
        .location_columns()
        .map(|(x, y)| format!("{x} + {y}"))
}

impl RowSink<'_> {
    /// Place, deduplicate and write one row's record; returns what happened.
    pub fn apply(
        &mut self,
        tx: &mut WriteTx<'_>,
        outcome: Result<StandardRecord, Rejection>,
        row: u64,
        allow_outside: bool,
    ) -> Result<Applied> {
        let StandardRecord { record_id, record } = match outcome {
            Ok(rec) => rec,
            Err(rejection) => return Ok(Applied::Quarantined(rejection)),
        };
        match record {
            Record::Incident(incident) => {
                self.apply_incident(tx, &record_id, incident, row, allow_outside)
            }
            Record::PatrolTrack(track) => {
                let values = self.track_values(&track);
                self.apply_record(tx, &PATROL_TRACK, &record_id, values)
            }
            Record::RegistryRecord(rec) => {
                let values = self.registry_values(&rec);
                // The same case from another export (or under another row id) is that record.
                let case = match self.existing(tx, &REGISTRY_RECORD, &record_id)? {
                    Some(_) => None,
                    None => tx.registry_record_of_case(&rec.institution, &rec.case_number)?,
                };
                match case {
                    Some(id) => self.update_record(tx, &REGISTRY_RECORD, id, values),
                    None => self.apply_record(tx, &REGISTRY_RECORD, &record_id, values),
                }
            }
        }
    }

    fn apply_incident(
        &mut self,
        tx: &mut WriteTx<'_>,
        record_id: &str,
        mut incident: Incident,
        row: u64,
        allow_outside: bool,
    ) -> Result<Applied> {
        if let Some(p) = incident.location {
            match self.areas.place(p) {
                Placement::Inside { cuadrante, barrio } => {
                    incident.cuadrante = cuadrante;
                    incident.barrio = barrio;
                }
                Placement::Outside if !allow_outside => {
                    return Ok(Applied::Quarantined(Rejection {
                        row,
                        column: self.location_columns.clone(),
                        value: Some(format!("{:.6}, {:.6}", p.lon, p.lat)),
                        expected: format!(
                            "a point inside the comuna boundary ({})",
                            self.areas.comuna_name
                        ),
                        reason: Reason::OutsideComuna,
                    }));
                }
                Placement::Outside | Placement::Unknown => {}
            }
        }
        let target = |id: IncidentId| Target::new(INCIDENT.name, *id.as_bytes());
        match self.existing(tx, &INCIDENT, record_id)? {
            None => {
                incident.source_id = Some(SourceId::from_bytes(self.source_id));
                incident.batch_id = Some(BatchId::from_bytes(self.batch_id));
                incident.created_by = self.created_by;
                tx.insert(&INCIDENT, &codec::incident(&incident))?;
                Ok(Applied::Created(target(incident.id)))
            }
            Some(existing) => {
                incident.id = IncidentId::from_bytes(existing);
                let values = codec::incident(&incident);
                let changes: Vec<(&str, Value)> = STANDARD_COLUMNS
                    .iter()
                    .filter_map(|c| INCIDENT.column_index(c).map(|i| (*c, values[i].clone())))
                    .collect();
                let id = incident.id;
                if tx.update(&INCIDENT, &codec::key(id.as_bytes()), &changes)? {
                    Ok(Applied::Updated(target(id)))
                } else {
                    Ok(Applied::Duplicate(target(id)))
                }
            }
        }
    }

    /// The record of `spec` this source's `record_id` became before, if it still exists.
    fn existing(
        &mut self,
        tx: &WriteTx<'_>,
        spec: &TableSpec,
        record_id: &str,
    ) -> Result<Option<[u8; 16]>> {
        if let Some(seen) = &mut self.new_source_keys
            && seen.insert(key_hash(record_id))
        {
            return Ok(None);
        }
        // The lookup finds the last record this source id became, whatever its table: check
        // it is one of `spec`'s (a profile's record kind may have changed since).
        let Some(id) = tx.incident_of_source_record(&self.source_id, record_id)? else {
            return Ok(None);
        };
        Ok(tx.read_row(spec, &codec::key(&id))?.map(|_| id))
    }

    /// Insert a record, or update the one this source id became before (every column but the
    /// key and the source).
    fn apply_record(
        &mut self,
        tx: &mut WriteTx<'_>,
        spec: &'static TableSpec,
        record_id: &str,
        values: Vec<Value>,
    ) -> Result<Applied> {
        let Some(existing) = self.existing(tx, spec, record_id)? else {
            let id: [u8; 16] = match &values[0] {
                Value::Blob(b) => b.as_slice().try_into().unwrap_or([0; 16]),
                _ => [0; 16],
            };
            tx.insert(spec, &values)?;
            return Ok(Applied::Created(Target::new(spec.name, id)));
        };
        self.update_record(tx, spec, existing, values)
    }

    /// Update record `existing` of `spec` to `values` (every column but the key and the
    /// source): `Updated` when something changed, else `Duplicate`.
    fn update_record(
        &self,
        tx: &mut WriteTx<'_>,
        spec: &'static TableSpec,
        existing: [u8; 16],
        values: Vec<Value>,
    ) -> Result<Applied> {
        let changes: Vec<(&str, Value)> = spec
            .columns
            .iter()
            .zip(values)
            .skip(1)
            .filter(|(c, _)| **c != "source_id")
            .map(|(c, v)| (*c, v))
            .collect();
        let target = Target::new(spec.name, existing);
        if tx.update(spec, &codec::key(&existing), &changes)? {
            Ok(Applied::Updated(target))
        } else {
            Ok(Applied::Duplicate(target))
        }
    }

    /// `patrol_track` columns: the points as `[[lon, lat, unix_s], …]`, the span from the
    /// earliest to the latest point.
    fn track_values(&self, t: &PatrolTrack) -> Vec<Value> {
        let times = t.points.iter().map(|p| p.at.timestamp());
        let started = times.clone().min().unwrap_or(0);
        let ended = times.max().unwrap_or(0);
        let points: Vec<(f64, f64, i64)> = t
            .points
            .iter()
            .map(|p| (p.point.lon, p.point.lat, p.at.timestamp()))
            .collect();
        vec![
            codec::key(t.id.as_bytes()),
            Value::Text(t.unit.clone()),
            Value::Integer(started),
            Value::Integer(ended),
            Value::Text(serde_json::to_string(&points).unwrap_or_default()),
            codec::key(&self.source_id),
        ]
    }

    /// `registry_record` columns.
    fn registry_values(&self, r: &RegistryRecord) -> Vec<Value> {
        vec![
            codec::key(r.id.as_bytes()),
            Value::Text(r.institution.clone()),
            Value::Text(r.case_number.clone()),
            Value::Integer(r.recorded_at.timestamp()),
            Value::Text(r.category_text.clone()),
            codec::key(&self.source_id),
        ]
    }
}

/// Running counts of a batch.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Counts {
    pub read: u64,
    pub created: u64,
    pub updated: u64,
    pub quarantined: u64,
    pub duplicate: u64,
}

impl Counts {
    pub fn accepted(&self) -> u64 {
        self.created + self.updated
    }

    /// Write the batch's counts and its run's progress in `tx`.
    pub fn store(
        &self,
        tx: &mut WriteTx<'_>,
        batch_id: &[u8; 16],
        last_row: u64,
        complete: bool,
    ) -> Result<()> {
        let n = |v: u64| Value::Integer(v as i64);
        tx.update(
            &IMPORT_BATCH,
            &codec::key(batch_id),
            &[
                ("rows_read", n(self.read)),
                ("rows_accepted", n(self.accepted())),
                ("rows_quarantined", n(self.quarantined)),
                ("rows_duplicate", n(self.duplicate)),
            ],
        )?;
        tx.update_lineage(
            &IMPORT_RUN,
            &codec::key(batch_id),
            &[
                ("last_row", n(last_row)),
                ("rows_created", n(self.created)),
                ("rows_updated", n(self.updated)),
                ("complete", n(u64::from(complete))),
            ],
        )?;
        Ok(())
    }
}

/// A rejection as stored in `raw_record.reason`.
fn key_hash(record_id: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    record_id.hash(&mut h);
    h.finish()
}

pub(crate) fn reason_json(r: &Rejection) -> String {
    serde_json::to_string(r).unwrap_or_default()
}

/// Write one row's raw record and count it; returns the reason code when quarantined.
pub(crate) fn record_row(
    tx: &mut WriteTx<'_>,
    batch_id: &[u8; 16],
    row: u64,
    raw: String,
    source_key: &str,
    applied: &Applied,
    counts: &mut Counts,
) -> Result<Option<&'static str>> {
    let (status, reason, target, code) = match applied {
        Applied::Created(t) => {
            counts.created += 1;
            ("accepted", None, Some(*t), None)
        }
        Applied::Updated(t) => {
            counts.updated += 1;
            ("accepted", None, Some(*t), None)
        }
        Applied::Duplicate(t) => {
            counts.duplicate += 1;
            let why = serde_json::json!({ "reason": "duplicate", "record_id": source_key });
            ("duplicate", Some(why.to_string()), Some(*t), None)
        }
        Applied::Quarantined(r) => {
            counts.quarantined += 1;
            let code = r.reason.code();
            ("quarantined", Some(reason_json(r)), None, Some(code))
        }
    };
    counts.read += 1;
    let text = |s: &str| Value::Text(s.into());
    // In `RAW_RECORD_LINEAGE` column order.
    let values = vec![
        codec::key(IncidentId::new().as_bytes()),
        codec::key(batch_id),
        Value::Integer(row as i64),
        Value::Text(raw),
        text(status),
        reason.map_or(Value::Null, Value::Text),
        target.map_or(Value::Null, |t| text(t.table)),
        target.map_or(Value::Null, |t| codec::key(t.as_bytes())),
        text(source_key),
        Value::Null,
    ];
    tx.insert_lineage(&RAW_RECORD_LINEAGE, &values)?;
    Ok(code)
}
