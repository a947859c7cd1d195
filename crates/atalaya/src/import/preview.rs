//! What importing a file would do, before it is done: the profile that reads it (picked or
//! chosen), its first rows as they would be standardized, every problem among the rows scanned
//! (row, column, value, expected — the quarantine an import would make, points outside the
//! comuna included) and whether the store already holds the file. Nothing is written.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use atalaya_ingest::{IngestError, Profile, Reason, Record, Rejection};
use atalaya_model::BatchId;
use atalaya_model::time::{format_local, from_unix};
use serde::Serialize;

use super::file_hash;
use crate::areas::Placement;
use crate::{ProfileChoice, Result, Workspace};

/// At most this many problems are listed (all are counted in `by_reason`).
pub const MAX_LISTED_PROBLEMS: usize = 500;

/// One standardized value of a previewed row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PreviewValue {
    /// The standard field: `occurred_from`, `category`, `original_category`, `location`,
    /// `address`, `description`, `cuadrante`, `barrio`, `unit`, `points`, `first_point`,
    /// `last_point`, `institution`, `case_number`, `recorded_at`, `category_text`.
    pub field: &'static str,
    /// The value as text (instants in ISO-8601 with the America/Santiago offset).
    pub value: String,
}

/// One of the first rows of the file, as an import would standardize it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PreviewRow {
    /// The line (sheet row, element) it starts on.
    pub row: u64,
    /// `ok`, or the reason code it would be quarantined for.
    pub status: String,
    /// The source's own record id.
    pub record_id: Option<String>,
    /// The standardized values (empty when quarantined).
    pub values: Vec<PreviewValue>,
}

/// A row an import would put in quarantine, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PreviewProblem {
    /// The line (sheet row, element) it starts on.
    pub row: u64,
    /// Reason code (`bad_date`, `no_location`, …).
    pub reason: String,
    /// The column at fault.
    pub column: Option<String>,
    /// The value at fault.
    pub value: Option<String>,
    /// What would be accepted.
    pub expected: String,
}

/// An earlier import of the same file (same source, same bytes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PreviousImport {
    /// Its batch.
    pub batch_id: String,
    /// When it started (ISO-8601, America/Santiago).
    pub imported_at: String,
    /// Rows it read.
    pub rows_read: u64,
    /// Whether the whole file is in; if not, importing again goes on after `last_row`.
    pub complete: bool,
    /// The last row committed.
    pub last_row: u64,
}

/// What importing a file would do (see the module docs).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImportPreview {
    /// The file.
    pub file: String,
    /// Its size in bytes.
    pub file_bytes: u64,
    /// The profile that reads it.
    pub profile: String,
    /// Whether it was picked from the file's header.
    pub profile_auto: bool,
    /// The reader: `csv`, `xlsx`, `geojson`, `gpx`, `json`.
    pub format: String,
    /// The source the rows are attributed to.
    pub source: String,
    /// What each row becomes: `incident`, `patrol_track`, `registry_record`.
    pub record: String,
    /// The file's columns.
    pub header: Vec<String>,
    /// The first rows.
    pub rows: Vec<PreviewRow>,
    /// Rows read to look for problems.
    pub scanned: u64,
    /// Whether the file has rows after those scanned.
    pub more: bool,
    /// Scanned rows that would be accepted.
    pub ok: u64,
    /// Scanned rows that would go to quarantine.
    pub rejected: u64,
    /// Rejected scanned rows by reason code.
    pub by_reason: BTreeMap<String, u64>,
    /// The problems, in file order (at most [`MAX_LISTED_PROBLEMS`]).
    pub problems: Vec<PreviewProblem>,
    /// The store already holds this file (complete or interrupted).
    pub previous: Option<PreviousImport>,
}

impl Workspace {
    /// Preview importing `path` through `choice`: the first `show` rows standardized and the
    /// problems among the first `scan` rows. An empty file is `IngestError::NoHeader`.
    pub fn import_preview(
        &self,
        path: &Path,
        choice: &ProfileChoice,
        show: usize,
        scan: u64,
    ) -> Result<ImportPreview> {
        ensure_not_empty(path)?;
        let (profile_name, profile, auto) = self
            .resolve_profile(path, choice)
            .map_err(|e| self.with_columns_found(path, e))?;
        let file_bytes = std::fs::metadata(path)
            .map_err(|source| IngestError::Io {
                file: path.into(),
                source,
            })?
            .len();
        let mut rows = atalaya_ingest::open_file(path, &profile, &self.taxonomy)?;
        // As the import does: rows that give an address instead of coordinates are placed.
        if rows.standardizer().wants_geocoder() {
            rows.set_geocoder(self.gazetteer()?);
        }
        let areas = self.area_index()?;
        let mut preview = ImportPreview {
            file: path.display().to_string(),
            file_bytes,
            profile: profile_name,
            profile_auto: auto,
            format: profile.format.kind.as_str().into(),
            source: profile.source.name.clone(),
            record: profile.source.record.table().into(),
            header: rows.header().to_vec(),
            rows: Vec::new(),
            scanned: 0,
            more: false,
            ok: 0,
            rejected: 0,
            by_reason: BTreeMap::new(),
            problems: Vec::new(),
            previous: self.previous_import(path, &profile.source.name)?,
        };
        while let Some(read) = rows.next() {
            if preview.scanned == scan {
                preview.more = true;
                break;
            }
            let read = read?;
            preview.scanned += 1;
            let location = rows.standardizer().location_columns();
            let outcome = read.outcome.and_then(|rec| match &rec.record {
                Record::Incident(i) => match i.location.map(|p| (p, areas.place(p))) {
                    Some((p, Placement::Outside)) => Err(Rejection {
                        row: read.row,
                        column: location.map(|(x, y)| format!("{x} + {y}")),
                        value: Some(format!("{:.6}, {:.6}", p.lon, p.lat)),
                        expected: format!(
                            "a point inside the comuna boundary ({})",
                            areas.comuna_name
                        ),
                        reason: Reason::OutsideComuna,
                    }),
                    _ => Ok(rec),
                },
                _ => Ok(rec),
            });
            let shown = preview.rows.len() < show;
            match outcome {
                Ok(rec) => {
                    preview.ok += 1;
                    if shown {
                        let values = match &rec.record {
                            Record::Incident(i) => {
                                let mut v = incident_values(i);
                                if let Some(p) = i.location
                                    && let Placement::Inside { cuadrante, barrio } = areas.place(p)
                                {
                                    push(&mut v, "cuadrante", cuadrante);
                                    push(&mut v, "barrio", barrio);
                                }
                                v
                            }
                            other => record_values(other),
                        };
                        preview.rows.push(PreviewRow {
                            row: read.row,
                            status: "ok".into(),
                            record_id: Some(rec.record_id),
                            values,
                        });
                    }
                }
                Err(rej) => {
                    preview.rejected += 1;
                    let code = rej.reason.code();
                    *preview.by_reason.entry(code.into()).or_default() += 1;
                    if shown {
                        preview.rows.push(PreviewRow {
                            row: read.row,
                            status: code.into(),
                            record_id: None,
                            values: Vec::new(),
                        });
                    }
                    if preview.problems.len() < MAX_LISTED_PROBLEMS {
                        preview.problems.push(PreviewProblem {
                            row: rej.row,
                            reason: code.into(),
                            column: rej.column,
                            value: rej.value,
                            expected: rej.expected,
                        });
                    }
                }
            }
        }
        Ok(preview)
    }

    /// The batch of this exact file from `source`, if the store has one.
    fn previous_import(&self, path: &Path, source: &str) -> Result<Option<PreviousImport>> {
        let Some(source_id) = self.store.source_id_by_name(source)? else {
            return Ok(None);
        };
        let Some(batch) = self.store.batch_by_hash(&source_id, &file_hash(path)?)? else {
            return Ok(None);
        };
        Ok(Some(PreviousImport {
            batch_id: BatchId::from_bytes(batch.id).to_string(),
            imported_at: format_local(from_unix(batch.imported_at)),
            rows_read: batch.counts[0],
            complete: batch.run.as_ref().is_none_or(|r| r.complete),
            last_row: batch.run.as_ref().map_or(0, |r| r.last_row),
        }))
    }
}

impl Workspace {
    /// A "no profile matches" error names the header as the first built-in profile of the
    /// file's format split it, which for a file with another delimiter is one long column:
    /// name the columns as `profile infer` reads them instead.
    fn with_columns_found(&self, path: &Path, error: crate::Error) -> crate::Error {
        let crate::Error::Ingest(IngestError::NoProfileMatches { file, header }) = error else {
            return error;
        };
        let found = atalaya_ingest::infer_profile(path)
            .ok()
            .and_then(|draft| Profile::parse("draft", &draft.toml, &self.taxonomy).ok())
            .and_then(|draft| atalaya_ingest::file_header(path, &draft).ok())
            .map_or(header, |columns| columns.join(", "));
        IngestError::NoProfileMatches {
            file,
            header: found,
        }
        .into()
    }
}

/// `IngestError::NoHeader` when the file has nothing but blanks (and maybe a byte-order mark):
/// said plainly, rather than as "no profile matches an empty header".
pub(crate) fn ensure_not_empty(path: &Path) -> Result<()> {
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
        .map_err(|source| IngestError::Io {
            file: path.into(),
            source,
        })?;
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
    if text.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::NoHeader {
            file: path.display().to_string(),
        }
        .into());
    }
    Ok(())
}

fn push(values: &mut Vec<PreviewValue>, field: &'static str, value: Option<String>) {
    if let Some(value) = value.filter(|v| !v.is_empty()) {
        values.push(PreviewValue { field, value });
    }
}

fn incident_values(i: &atalaya_model::Incident) -> Vec<PreviewValue> {
    let mut v = Vec::new();
    push(&mut v, "occurred_from", Some(format_local(i.occurred_from)));
    push(&mut v, "category", Some(i.category.clone()));
    push(&mut v, "original_category", i.original_category.clone());
    push(
        &mut v,
        "location",
        i.location.map(|p| format!("{:.6}, {:.6}", p.lon, p.lat)),
    );
    push(&mut v, "address", i.address.clone());
    push(&mut v, "description", Some(i.description.clone()));
    v
}

fn record_values(record: &Record) -> Vec<PreviewValue> {
    let mut v = Vec::new();
    match record {
        Record::Incident(i) => v = incident_values(i),
        Record::PatrolTrack(t) => {
            push(&mut v, "unit", Some(t.unit.clone()));
            push(&mut v, "points", Some(t.points.len().to_string()));
            let times = || t.points.iter().map(|p| p.at);
            push(&mut v, "first_point", times().min().map(format_local));
            push(&mut v, "last_point", times().max().map(format_local));
        }
        Record::RegistryRecord(r) => {
            push(&mut v, "institution", Some(r.institution.clone()));
            push(&mut v, "case_number", Some(r.case_number.clone()));
            push(&mut v, "recorded_at", Some(format_local(r.recorded_at)));
            push(&mut v, "category_text", Some(r.category_text.clone()));
        }
    }
    v
}
