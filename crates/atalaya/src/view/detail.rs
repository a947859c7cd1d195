//! One incident in full for the detail panel: its standardized fields, the raw input rows it
//! came from (lineage) and every audited write that touched it.

use atalaya_model::time::{format_local, from_unix};
use atalaya_store::StoreError;
use atalaya_store::view_query::IncidentRecord;
use serde::Serialize;

use crate::{Error, Result, Workspace};

/// An input row the incident came from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LineageOut {
    /// File (or batch origin).
    pub origin: String,
    /// Line in that file.
    pub row_number: u64,
    /// The row verbatim.
    pub content: String,
    /// `accepted`, `quarantined` or `duplicate`.
    pub status: String,
    /// The source's own record id.
    pub source_key: Option<String>,
    /// Profile that read it.
    pub profile: Option<String>,
    /// The file's column names, when known.
    pub header: Vec<String>,
    /// When the file was imported, America/Santiago ISO-8601.
    pub imported_at: String,
    /// The source the file came from.
    pub source: String,
}

/// One audited write of the incident.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HistoryOut {
    /// Audit entry.
    pub audit_seq: i64,
    /// When, America/Santiago ISO-8601.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What kind of write.
    pub action: String,
    /// Fields set (empty: deleted).
    pub fields: Vec<String>,
}

/// Everything about one incident.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IncidentDetail {
    /// Local row number.
    pub rid: i64,
    /// Id (UUIDv7).
    pub id: String,
    /// Occurred (from), America/Santiago ISO-8601.
    pub occurred_at: String,
    /// Occurred until.
    pub occurred_to: Option<String>,
    /// Reported.
    pub reported_at: Option<String>,
    /// Category code.
    pub category: String,
    /// The category as the source wrote it.
    pub original_category: Option<String>,
    /// Description.
    pub description: String,
    /// Address.
    pub address: Option<String>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Accuracy in metres.
    pub accuracy_m: Option<f64>,
    /// Where the point comes from: `reported` by the source, or geocoded (`exact`,
    /// `interpolated`, `street_only`).
    pub location_precision: Option<String>,
    /// Cuadrante code.
    pub cuadrante: Option<String>,
    /// Barrio code.
    pub barrio: Option<String>,
    /// Status.
    pub status: String,
    /// Sensitivity.
    pub sensitivity: String,
    /// Source name.
    pub source: Option<String>,
    /// Import batch origin.
    pub batch: Option<String>,
    /// The sources its input rows came from, first import first: more than one once the
    /// linker (or an analyst) merged the same event reported by several sources.
    pub sources: Vec<String>,
    /// Raw input rows.
    pub lineage: Vec<LineageOut>,
    /// Audited writes, oldest first.
    pub history: Vec<HistoryOut>,
    /// The cuadrantes of the user this workstation syncs as, when the server limits them to
    /// some and this incident is not in one of them: the server will refuse this incident and
    /// any change to it (a capture or correction placed outside them stays on this workstation).
    pub outside_jurisdiction: Option<Vec<String>>,
}

/// The 16 bytes of a UUID written as text (hyphens optional).
fn uuid_bytes(text: &str) -> Option<[u8; 16]> {
    let hex_digits: String = text.chars().filter(|c| *c != '-').collect();
    hex::decode(hex_digits).ok()?.try_into().ok()
}

fn local(secs: i64) -> String {
    format_local(from_unix(secs))
}

impl Workspace {
    /// Incident `id` (UUID text) as stored, with its key; refused when `id` is not a UUID or
    /// names no incident of this store.
    pub(crate) fn incident_by_id(&self, id: &str) -> Result<([u8; 16], IncidentRecord)> {
        let key = uuid_bytes(id.trim())
            .ok_or_else(|| Error::invalid("incident id", id, "a UUID like 0190…-…"))?;
        let record = self
            .store
            .incident_record(&key)?
            .ok_or_else(|| StoreError::NoSuchRecord {
                table: "incident",
                id: id.to_owned(),
            })?;
        Ok((key, record))
    }

    /// The incident `id` (UUID text) in full.
    pub fn incident_detail(&self, id: &str) -> Result<IncidentDetail> {
        let (key, record) = self.incident_by_id(id)?;
        let lineage: Vec<LineageOut> = self
            .store
            .incident_lineage(&key)?
            .into_iter()
            .map(|l| LineageOut {
                header: l
                    .header
                    .and_then(|h| serde_json::from_str(&h).ok())
                    .unwrap_or_default(),
                origin: l.origin,
                row_number: l.row_number,
                content: l.content,
                status: l.status,
                source_key: l.source_key,
                profile: l.profile_name,
                imported_at: local(l.imported_at),
                source: l.source,
            })
            .collect();
        let mut sources: Vec<String> = Vec::new();
        for l in &lineage {
            if !sources.contains(&l.source) {
                sources.push(l.source.clone());
            }
        }
        let history = self
            .store
            .incident_history(&key)?
            .into_iter()
            .map(|h| HistoryOut {
                audit_seq: h.audit_seq,
                at: local(h.at_ms.div_euclid(1000)),
                actor: h.actor,
                action: h.action,
                fields: h.fields.into_iter().map(str::to_owned).collect(),
            })
            .collect();
        let rid = record.row.rid;
        let r = record.row.incident;
        let outside_jurisdiction = self
            .sync_cuadrantes()?
            .filter(|codes| !r.cuadrante.as_ref().is_some_and(|c| codes.contains(c)));
        Ok(IncidentDetail {
            rid,
            id: r.id,
            occurred_at: local(r.occurred_from),
            occurred_to: record.occurred_to.map(local),
            reported_at: record.reported_at.map(local),
            category: r.category,
            original_category: record.original_category,
            description: r.description,
            address: r.address,
            lon: r.lon,
            lat: r.lat,
            accuracy_m: record.accuracy_m,
            location_precision: record.location_precision,
            cuadrante: r.cuadrante,
            barrio: r.barrio,
            status: record.status,
            sensitivity: record.sensitivity,
            source: r.source,
            batch: record.batch_origin,
            sources,
            lineage,
            history,
            outside_jurisdiction,
        })
    }
}
