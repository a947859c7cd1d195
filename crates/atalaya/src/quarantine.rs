//! Quarantine: rows that could not be standardized, listed with their precise fault, fixed by
//! editing a field (then re-standardized), or accepted by an analyst's decision — each change
//! one audited transaction that also keeps the batch's row accounting exact.

use std::collections::BTreeMap;

use atalaya_ingest::{Leniency, Profile, Rejection, Standardizer};
use atalaya_model::BatchId;
use atalaya_store::imports::RawRecordRow;
use atalaya_store::schema::{IMPORT_BATCH, IMPORT_RUN, RAW_RECORD_LINEAGE};
use atalaya_store::{Value, codec};
use serde::Serialize;

use crate::import::{Applied, RowSink, reason_json};
use crate::{Error, Result, Workspace};

/// A quarantined row as shown to the analyst.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct QuarantinedRow {
    /// The raw record's id (to pass to `fix` and `accept`).
    pub id: String,
    /// The file it came from.
    pub file: String,
    /// The line it starts on.
    pub row: u64,
    /// Reason code (`bad_date`, `no_location`, …).
    pub reason: String,
    /// The column at fault.
    pub column: Option<String>,
    /// The value at fault.
    pub value: Option<String>,
    /// What would be accepted.
    pub expected: String,
    /// The verbatim row.
    pub content: String,
}

/// What a fix or accept did.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct QuarantineOutcome {
    /// The raw record.
    pub id: String,
    /// `accepted`, `duplicate`, or still `quarantined`.
    pub status: String,
    /// The incident it now feeds.
    pub incident_id: Option<String>,
    /// Why it is still quarantined.
    pub reason: Option<String>,
}

pub(crate) fn parse_id(id: &str) -> Result<[u8; 16]> {
    id.parse::<BatchId>()
        .map(|b| *b.as_bytes())
        .map_err(|_| Error::invalid("raw record id", id, "a UUID from `atalaya quarantine list`"))
}

pub(crate) fn to_row(r: RawRecordRow) -> QuarantinedRow {
    let rej: Option<Rejection> = r
        .reason
        .as_deref()
        .and_then(|t| serde_json::from_str(t).ok());
    QuarantinedRow {
        id: BatchId::from_bytes(r.id).to_string(),
        file: r.origin,
        row: r.row_number,
        reason: rej
            .as_ref()
            .map_or_else(|| "unknown".into(), |j| j.reason.code().into()),
        column: rej.as_ref().and_then(|j| j.column.clone()),
        value: rej.as_ref().and_then(|j| j.value.clone()),
        expected: rej.map(|j| j.expected).unwrap_or_default(),
        content: r.content,
    }
}

impl Workspace {
    /// Quarantined rows (of one batch, if given), at most `limit`.
    pub fn quarantine_list(&self, batch: Option<&str>, limit: u64) -> Result<Vec<QuarantinedRow>> {
        let batch = batch.map(parse_id).transpose()?;
        Ok(self
            .store
            .quarantined(batch.as_ref(), limit)?
            .into_iter()
            .map(to_row)
            .collect())
    }

    /// Edit fields of a quarantined row (`FIELD=VALUE`: a column of the file, or a standard
    /// field such as `date`, `category`, `lon`) and re-standardize it; accepted if it now passes.
    pub fn quarantine_fix(
        &mut self,
        id: &str,
        sets: &[(String, String)],
    ) -> Result<QuarantineOutcome> {
        if sets.is_empty() {
            return Err(Error::invalid("--set", "", "at least one FIELD=VALUE"));
        }
        self.resolve_quarantined(id, sets, Leniency::default(), false, "quarantine.fix")
    }

    /// Accept a quarantined row as the analyst judges it: an unknown category becomes
    /// `otr.otros`, a missing location or a point outside the comuna is kept as is. Rows whose
    /// date or shape is wrong must be fixed instead.
    pub fn quarantine_accept(&mut self, id: &str) -> Result<QuarantineOutcome> {
        self.resolve_quarantined(id, &[], Leniency::accept(), true, "quarantine.accept")
    }

    fn resolve_quarantined(
        &mut self,
        id: &str,
        sets: &[(String, String)],
        leniency: Leniency,
        allow_outside: bool,
        action: &str,
    ) -> Result<QuarantineOutcome> {
        let key = parse_id(id)?;
        let raw = self.store.raw_record(&key)?.ok_or_else(|| {
            Error::invalid(
                "raw record id",
                id,
                "an id listed by `atalaya quarantine list`",
            )
        })?;
        if raw.status != "quarantined" {
            return Err(Error::invalid(
                "raw record id",
                id,
                format!("a quarantined row (this one is {})", raw.status),
            ));
        }
        let Some((_, profile_text, header)) = raw.profile.clone() else {
            return Err(Error::invalid(
                "raw record id",
                id,
                "a row read by `atalaya import`",
            ));
        };
        let profile = Profile::parse("stored profile", &profile_text, &self.taxonomy)?;
        let header: Vec<String> = serde_json::from_str(&header).unwrap_or_default();
        let mut standardizer = Standardizer::new(&profile, &self.taxonomy, &header, &raw.origin)?;
        if standardizer.wants_geocoder() {
            standardizer.set_geocoder(self.gazetteer()?);
        }
        let mut edits: BTreeMap<String, String> = raw
            .edits
            .as_deref()
            .and_then(|e| serde_json::from_str(e).ok())
            .unwrap_or_default();
        for (field, value) in sets {
            let i = standardizer.field_index(field).ok_or_else(|| {
                Error::invalid(
                    "field",
                    field,
                    format!(
                        "a column of the file ({}) or a standard field",
                        header.join(", ")
                    ),
                )
            })?;
            edits.insert(header[i].clone(), value.clone());
        }
        let mut fields = atalaya_ingest::reader::split_record(&raw.content, &profile);
        if !edits.is_empty() && fields.len() < header.len() {
            fields.resize(header.len(), String::new());
        }
        for (col, value) in &edits {
            if let Some(i) = header.iter().position(|h| h == col) {
                fields[i] = value.clone();
            }
        }
        let outcome = standardizer.standardize_with(&fields, raw.row_number, leniency);
        if let Err(rej) = &outcome
            && action == "quarantine.accept"
        {
            return Err(Error::CannotAccept {
                id: id.into(),
                reason: rej.to_string(),
            });
        }
        let key_text = standardizer.key_of(&outcome, &fields);
        let areas = self.area_index()?;
        let mut sink = RowSink {
            source_id: raw.source_id,
            batch_id: raw.batch_id,
            areas: &areas,
            created_by: None,
            location_columns: crate::import::location_columns(&standardizer),
            new_source_keys: None,
        };
        let actor = self.actor.clone();
        let mut tx = self.store.write(&actor, action)?;
        let applied = sink.apply(&mut tx, outcome, raw.row_number, allow_outside)?;
        let edits_json =
            (!edits.is_empty()).then(|| serde_json::to_string(&edits).unwrap_or_default());
        let text = |s: &str| Value::Text(s.into());
        let opt = |s: Option<String>| s.map_or(Value::Null, Value::Text);
        let (status, reason, target) = match &applied {
            Applied::Created(i) | Applied::Updated(i) => ("accepted", None, Some(*i)),
            Applied::Duplicate(i) => ("duplicate", None, Some(*i)),
            Applied::Quarantined(r) => ("quarantined", Some(reason_json(r)), None),
        };
        tx.update_lineage(
            &RAW_RECORD_LINEAGE,
            &codec::key(&key),
            &[
                ("status", text(status)),
                ("reason", opt(reason.clone())),
                (
                    "target_table",
                    target.map_or(Value::Null, |_| text("incident")),
                ),
                (
                    "target_id",
                    target.map_or(Value::Null, |t| Value::Blob(t.as_bytes().to_vec())),
                ),
                ("source_key", text(&key_text)),
                ("edits", opt(edits_json)),
            ],
        )?;
        if status != "quarantined" {
            let batch = tx
                .read_row(&IMPORT_BATCH, &codec::key(&raw.batch_id))?
                .unwrap_or_default();
            let get = |c: &str| {
                IMPORT_BATCH
                    .column_index(c)
                    .and_then(|i| batch.get(i))
                    .and_then(int)
                    .unwrap_or(0)
            };
            let moved = if status == "accepted" {
                "rows_accepted"
            } else {
                "rows_duplicate"
            };
            tx.update(
                &IMPORT_BATCH,
                &codec::key(&raw.batch_id),
                &[
                    (
                        "rows_quarantined",
                        Value::Integer(get("rows_quarantined") - 1),
                    ),
                    (moved, Value::Integer(get(moved) + 1)),
                ],
            )?;
            if let Some(run) = tx.read_row(&IMPORT_RUN, &codec::key(&raw.batch_id))? {
                let counter = if matches!(applied, Applied::Updated(_)) {
                    "rows_updated"
                } else {
                    "rows_created"
                };
                let current = IMPORT_RUN
                    .column_index(counter)
                    .and_then(|i| run.get(i))
                    .and_then(int)
                    .unwrap_or(0);
                if status == "accepted" {
                    tx.update_lineage(
                        &IMPORT_RUN,
                        &codec::key(&raw.batch_id),
                        &[(counter, Value::Integer(current + 1))],
                    )?;
                }
            }
        }
        tx.commit(serde_json::json!({ "raw_record": id, "status": status, "edits": edits }))?;
        Ok(QuarantineOutcome {
            id: id.into(),
            status: status.into(),
            incident_id: target.map(|t| t.to_string()),
            reason: match applied {
                Applied::Quarantined(r) => Some(r.to_string()),
                _ => None,
            },
        })
    }
}

fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Integer(i) => Some(*i),
        _ => None,
    }
}
