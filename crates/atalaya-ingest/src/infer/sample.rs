//! Sampling files that are not delimited text, for drafting: which reader a file needs, and
//! the first rows of a workbook or a JSON/GeoJSON file as a header plus rows.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use super::{DraftProfile, Sample};
use crate::IngestError;
use crate::json::{JsonRows, fields_of, keys_of};
use crate::profile::{FormatKind, FormatSection};
use crate::xlsx::XlsxRows;

/// The first rows of a workbook's first sheet.
pub(crate) fn sample_xlsx(path: &Path, max_rows: usize) -> Result<Sample, IngestError> {
    let file = path.display().to_string();
    let f = File::open(path).map_err(IngestError::io(path))?;
    let mut rows = XlsxRows::open(BufReader::new(f), &file, None);
    let header: Vec<String> = match rows.next_row()? {
        Some(r) => r.fields.iter().map(|h| h.trim().to_string()).collect(),
        None => return Err(IngestError::NoHeader { file }),
    };
    let mut out = Vec::new();
    while out.len() < max_rows {
        match rows.next_row() {
            Ok(Some(mut r)) => {
                r.fields.resize(header.len(), String::new());
                out.push(r.fields);
            }
            Ok(None) | Err(_) => break,
        }
    }
    Ok(Sample {
        format: FormatSection {
            kind: FormatKind::Xlsx,
            ..FormatSection::default()
        },
        header,
        rows: out,
    })
}

/// The first records of a JSON or GeoJSON file; the header is every key they use, in the
/// order first seen.
pub(crate) fn sample_keyed(
    path: &Path,
    kind: FormatKind,
    max_rows: usize,
) -> Result<Sample, IngestError> {
    let file = path.display().to_string();
    let geojson = kind == FormatKind::Geojson;
    let f = File::open(path).map_err(IngestError::io(path))?;
    let mut rows = JsonRows::new(BufReader::new(f), &file, geojson, Vec::new());
    let mut objects = Vec::new();
    while objects.len() < max_rows {
        match rows.next_element() {
            Ok(Some(el)) => objects.extend(el.object.ok()),
            Ok(None) => break,
            Err(e) if objects.is_empty() => return Err(e),
            Err(_) => break,
        }
    }
    let mut header: Vec<String> = Vec::new();
    for o in &objects {
        for k in keys_of(o, geojson) {
            if !header.contains(&k) {
                header.push(k);
            }
        }
    }
    if header.is_empty() {
        return Err(IngestError::NoHeader { file });
    }
    let rows = objects
        .iter()
        .map(|o| fields_of(o, &header, geojson))
        .collect();
    Ok(Sample {
        format: FormatSection {
            kind,
            ..FormatSection::default()
        },
        header,
        rows,
    })
}

/// GPX files all have the same columns: the draft is a patrol-track profile.
pub(crate) fn gpx_draft(name: &str, file: &str) -> DraftProfile {
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    let toml = format!(
        "# Profile drafted by `atalaya profile infer` for {file}.\n\
         # Each <trk> becomes a patrol track: its <name> is the unit, its points keep their times.\n\
         \n[source]\nkind = \"patrol\"\nname = {}\ndescription = {}\nrecord = \"patrol_track\"\n\
         \n[format]\nkind = \"gpx\"\n\
         \n[track]\nunit = \"name\"\npoints = \"points\"\n",
        q(name),
        q(&format!("Drafted from {file}")),
    );
    DraftProfile {
        toml,
        notes: Vec::new(),
    }
}
