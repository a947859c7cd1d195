//! Profiles as the analyst sees them: the built-in list, a check that previews how a file
//! would be standardized, a drafted profile for an unknown file, and the automatic pick.

use std::path::Path;

use atalaya_ingest::source::detect_file_format;
use atalaya_ingest::{BUILTIN, IngestError, Profile, Record, file_header, header_fit};
use atalaya_model::Taxonomy;
use serde::Serialize;

use crate::{ProfileChoice, Result, Workspace};

/// A built-in profile.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ProfileInfo {
    /// Name to pass to `--profile`.
    pub name: String,
    /// Source kind.
    pub kind: String,
    /// Source name.
    pub source: String,
    /// The reader: `csv`, `xlsx`, `geojson`, `gpx`, `json`.
    pub format: String,
    /// What each row becomes: `incident`, `patrol_track`, `registry_record`.
    pub record: String,
    /// What it reads.
    pub description: String,
}

/// The built-in profiles.
pub fn profile_list() -> Result<Vec<ProfileInfo>> {
    let tax = Taxonomy::standard();
    BUILTIN
        .iter()
        .map(|b| {
            let p = Profile::builtin(b.name, &tax)?;
            Ok(ProfileInfo {
                name: b.name.into(),
                kind: p.source.kind.as_str().into(),
                source: p.source.name,
                format: p.format.kind.as_str().into(),
                record: p.source.record.table().into(),
                description: p.source.description,
            })
        })
        .collect()
}

/// The built-in profile for the file's format (by content and extension) whose mapped columns
/// all appear in the file's header — for JSON and GeoJSON, its first record's keys (the one
/// mapping most columns wins).
pub fn pick_profile(path: &Path, taxonomy: &Taxonomy) -> Result<(String, Profile)> {
    let mut best: Option<(usize, &str, Profile)> = None;
    let mut seen_header = Vec::new();
    let format = detect_file_format(path)?;
    for b in BUILTIN {
        let profile = Profile::builtin(b.name, taxonomy)?;
        if profile.format.kind != format {
            continue;
        }
        let header = match file_header(path, &profile) {
            Ok(h) => h,
            Err(IngestError::Io { file, source }) => {
                return Err(IngestError::Io { file, source }.into());
            }
            Err(_) => continue,
        };
        if let Some(score) = header_fit(&profile, &header)
            && best.as_ref().is_none_or(|(s, _, _)| score > *s)
        {
            best = Some((score, b.name, profile));
        }
        if seen_header.is_empty() {
            seen_header = header;
        }
    }
    best.map(|(_, name, p)| (name.to_string(), p))
        .ok_or_else(|| {
            IngestError::NoProfileMatches {
                file: path.display().to_string(),
                header: seen_header.join(", "),
            }
            .into()
        })
}

/// Draft a profile (TOML) for a file no profile was written for.
pub fn profile_infer(path: &Path) -> Result<String> {
    Ok(atalaya_ingest::infer_profile(path)?.toml)
}

/// One previewed row.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CheckedRow {
    /// The line it starts on.
    pub row: u64,
    /// `ok` or the fault's reason code.
    pub status: String,
    /// The standardized values, or the fault (column, value, expected).
    pub detail: String,
}

/// A preview of how a file reads through a profile (no store needed; areas are not checked).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CheckReport {
    /// The profile used.
    pub profile: String,
    /// The file's header.
    pub header: Vec<String>,
    /// The first rows.
    pub rows: Vec<CheckedRow>,
    /// Rows that standardized / were rejected among those previewed.
    pub ok: u64,
    /// Rows rejected.
    pub rejected: u64,
}

/// Preview the first `limit` rows of `path` read through `choice`.
pub fn profile_check(path: &Path, choice: &ProfileChoice, limit: usize) -> Result<CheckReport> {
    let taxonomy = Taxonomy::standard();
    let (name, profile) = match choice {
        ProfileChoice::Auto => pick_profile(path, &taxonomy)?,
        ProfileChoice::Named(n) => (n.clone(), Profile::builtin(n, &taxonomy)?),
        ProfileChoice::File(p) => (p.display().to_string(), Profile::load(p, &taxonomy)?),
    };
    let rows = atalaya_ingest::open_file(path, &profile, &taxonomy)?;
    let mut report = CheckReport {
        profile: name,
        header: rows.header().to_vec(),
        rows: vec![],
        ok: 0,
        rejected: 0,
    };
    for r in rows.take(limit) {
        let r = r?;
        let checked = match &r.outcome {
            Ok(rec) => {
                report.ok += 1;
                CheckedRow {
                    row: r.row,
                    status: "ok".into(),
                    detail: format!("{} · {}", rec.record_id, describe(&rec.record)),
                }
            }
            Err(rej) => {
                report.rejected += 1;
                CheckedRow {
                    row: r.row,
                    status: rej.reason.code().into(),
                    detail: rej.to_string(),
                }
            }
        };
        report.rows.push(checked);
    }
    Ok(report)
}

/// One line saying what a standardized record is.
fn describe(record: &Record) -> String {
    let local = atalaya_model::time::format_local;
    match record {
        Record::Incident(i) => {
            let place = i.location.map_or_else(
                || "sin ubicación".to_string(),
                |p| format!("{:.6}, {:.6}", p.lon, p.lat),
            );
            format!("{} · {} · {place}", local(i.occurred_from), i.category)
        }
        Record::PatrolTrack(t) => {
            let first = t.points.iter().map(|p| p.at).min();
            let last = t.points.iter().map(|p| p.at).max();
            let span = match (first, last) {
                (Some(a), Some(b)) => format!("{} → {}", local(a), local(b)),
                _ => String::new(),
            };
            format!("{} · {} puntos · {span}", t.unit, t.points.len())
        }
        Record::RegistryRecord(r) => format!(
            "{} {} · {} · {}",
            r.institution,
            r.case_number,
            local(r.recorded_at),
            r.category_text
        ),
    }
}

impl Workspace {
    /// [`profile_check`] (kept on the workspace for callers that hold one).
    pub fn profile_check(
        &self,
        path: &Path,
        choice: &ProfileChoice,
        limit: usize,
    ) -> Result<CheckReport> {
        profile_check(path, choice, limit)
    }
}
