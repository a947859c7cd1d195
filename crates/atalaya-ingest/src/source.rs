//! One interface over every reader: a [`RowSource`] yields [`RawRow`]s (line, verbatim text,
//! fields) whatever the format, and knows the header the fields are read against. The profile's
//! `format.kind` picks the reader. An enum rather than a trait object keeps each reader's
//! calls static, so the delimited path costs what it did before.

use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::Path;

use crate::IngestError;
use crate::gpx::{GPX_HEADER, GpxRows, split_track};
use crate::json::{JsonRows, fields_of, keys_of, parse_object};
use crate::profile::{FormatKind, Profile};
use crate::reader::{DelimitedReader, RawRow};
use crate::xlsx::XlsxRows;

/// The largest workbook read from a stream rather than a file (a workbook is a zip archive,
/// which needs random access: a stream is first kept in memory).
pub const MAX_STREAMED_XLSX_BYTES: u64 = 256 << 20;

/// A reader of any supported format.
// One per open file: its size does not matter, and boxing the delimited reader (the common,
// hot case) would only add an indirection to every row.
#[allow(clippy::large_enum_variant)]
pub enum RowSource<R: Read> {
    /// CSV, TSV, `;`-separated.
    Delimited(DelimitedReader<R>),
    /// An Excel sheet.
    Xlsx(XlsxRows),
    /// JSON, NDJSON or GeoJSON.
    Json(JsonRows<BufReader<R>>),
    /// GPX tracks.
    Gpx(GpxRows<R>),
}

impl<R: Read> RowSource<R> {
    /// A reader of `src` (named `file` in errors) for `profile.format.kind`.
    pub fn new(src: R, file: &str, profile: &Profile) -> Result<Self, IngestError> {
        Ok(match profile.format.kind {
            FormatKind::Csv => Self::Delimited(DelimitedReader::new(src, file, profile)),
            FormatKind::Xlsx => {
                let mut bytes = Vec::new();
                src.take(MAX_STREAMED_XLSX_BYTES + 1)
                    .read_to_end(&mut bytes)
                    .map_err(IngestError::io(file))?;
                if bytes.len() as u64 > MAX_STREAMED_XLSX_BYTES {
                    return Err(IngestError::malformed(
                        file,
                        None,
                        "xlsx",
                        format!(
                            "a workbook read from a stream may hold at most {MAX_STREAMED_XLSX_BYTES} bytes; import it from a file"
                        ),
                    ));
                }
                Self::Xlsx(XlsxRows::open(
                    Cursor::new(bytes),
                    file,
                    profile.format.sheet.clone(),
                ))
            }
            FormatKind::Geojson | FormatKind::Json => Self::Json(JsonRows::new(
                BufReader::with_capacity(64 * 1024, src),
                file,
                profile.format.kind == FormatKind::Geojson,
                profile.keyed_header(),
            )),
            FormatKind::Gpx => Self::Gpx(GpxRows::new(src, file)),
        })
    }

    /// The next record, `None` at the end of the input.
    pub fn next_row(&mut self) -> Result<Option<RawRow>, IngestError> {
        match self {
            Self::Delimited(r) => r.next_row(),
            Self::Xlsx(r) => r.next_row(),
            Self::Json(r) => r.next_row(),
            Self::Gpx(r) => r.next_row(),
        }
    }
}

/// A reader of the file at `path`; a workbook is read from the file itself (no copy in memory).
pub fn open_source(path: &Path, profile: &Profile) -> Result<RowSource<File>, IngestError> {
    let f = File::open(path).map_err(IngestError::io(path))?;
    let file = path.display().to_string();
    if profile.format.kind == FormatKind::Xlsx {
        return Ok(RowSource::Xlsx(XlsxRows::open(
            BufReader::new(f),
            &file,
            profile.format.sheet.clone(),
        )));
    }
    RowSource::new(f, &file, profile)
}

/// What comes before the first data row: the header, the line it was on (0 when the format has
/// no header row) and, for a file without a header, the first data row already read.
pub struct HeaderRead {
    /// Column names.
    pub header: Vec<String>,
    /// Line of the header row (0 when there is none).
    pub row: u64,
    /// The first data row, read while looking for a header that is not there.
    pub pending: Option<RawRow>,
}

/// Read past the header as `profile` says. Keyed formats (JSON, GeoJSON) have no header row:
/// their header is the columns the profile maps; GPX's is [`GPX_HEADER`].
pub fn read_header<R: Read>(
    reader: &mut RowSource<R>,
    file: &str,
    profile: &Profile,
) -> Result<HeaderRead, IngestError> {
    let kind = profile.format.kind;
    if kind.is_keyed() {
        return Ok(HeaderRead {
            header: profile.keyed_header(),
            row: 0,
            pending: None,
        });
    }
    if kind == FormatKind::Gpx {
        return Ok(HeaderRead {
            header: GPX_HEADER.iter().map(|h| h.to_string()).collect(),
            row: 0,
            pending: None,
        });
    }
    for _ in 0..profile.format.skip_rows {
        if reader.next_row()?.is_none() {
            return Err(IngestError::NoHeader { file: file.into() });
        }
    }
    let first = reader
        .next_row()?
        .ok_or_else(|| IngestError::NoHeader { file: file.into() })?;
    Ok(if profile.format.header {
        HeaderRead {
            header: first.fields.iter().map(|h| h.trim().to_string()).collect(),
            row: first.row,
            pending: None,
        }
    } else {
        HeaderRead {
            header: (1..=first.fields.len()).map(|i| format!("c{i}")).collect(),
            row: 0,
            pending: Some(first),
        }
    })
}

/// The columns a file offers, to match profiles against it: the header row, or for keyed
/// formats the first record's keys (with GeoJSON's virtual columns), or GPX's columns.
pub fn file_header(path: &Path, profile: &Profile) -> Result<Vec<String>, IngestError> {
    let file = path.display().to_string();
    match profile.format.kind {
        FormatKind::Geojson | FormatKind::Json => {
            let geojson = profile.format.kind == FormatKind::Geojson;
            let f = File::open(path).map_err(IngestError::io(path))?;
            let mut rows = JsonRows::new(BufReader::new(f), &file, geojson, Vec::new());
            loop {
                match rows.next_element()? {
                    Some(el) => {
                        if let Ok(obj) = el.object {
                            return Ok(keys_of(&obj, geojson));
                        }
                    }
                    None => return Err(IngestError::NoHeader { file }),
                }
            }
        }
        _ => {
            let mut reader = open_source(path, profile)?;
            Ok(read_header(&mut reader, &file, profile)?.header)
        }
    }
}

/// Split one verbatim record (as kept in lineage) back into fields, for the header the profile
/// reads such files with (the stored header for delimited text and sheets).
pub fn split_record(text: &str, profile: &Profile) -> Vec<String> {
    match profile.format.kind {
        FormatKind::Csv => {
            let mut utf8 = profile.clone();
            utf8.format.encoding = "utf-8".into();
            let mut r = DelimitedReader::new(text.as_bytes(), "", &utf8);
            match r.next_row() {
                Ok(Some(row)) => row.fields,
                _ => vec![String::new()],
            }
        }
        FormatKind::Xlsx => {
            serde_json::from_str::<Vec<String>>(text).unwrap_or_else(|_| vec![String::new()])
        }
        FormatKind::Geojson | FormatKind::Json => {
            let geojson = profile.format.kind == FormatKind::Geojson;
            match parse_object(text, geojson) {
                Ok(obj) => fields_of(&obj, &profile.keyed_header(), geojson),
                Err(_) => Vec::new(),
            }
        }
        FormatKind::Gpx => split_track(text),
    }
}

/// The reader a file needs: a zip archive is a workbook, `<gpx` a GPX file, an object naming a
/// `FeatureCollection` GeoJSON; otherwise the extension says (`.csv`, `.json`, …), and without
/// a known extension `[` or `{` is JSON and anything else delimited text.
pub fn detect_format(path: &Path, bytes: &[u8]) -> FormatKind {
    if bytes.starts_with(b"PK\x03\x04") {
        return FormatKind::Xlsx;
    }
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let head = text.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('<') && text.contains("<gpx") {
        return FormatKind::Gpx;
    }
    if head.starts_with('{') && text.contains("FeatureCollection") {
        return FormatKind::Geojson;
    }
    if let Some(kind) = FormatKind::from_extension(path) {
        return kind;
    }
    if head.starts_with('[') || head.starts_with('{') {
        return FormatKind::Json;
    }
    FormatKind::Csv
}

/// [`detect_format`] for the file at `path` (reading its first 4 KiB).
pub fn detect_file_format(path: &Path) -> Result<FormatKind, IngestError> {
    let mut head = Vec::new();
    File::open(path)
        .map_err(IngestError::io(path))?
        .take(4096)
        .read_to_end(&mut head)
        .map_err(IngestError::io(path))?;
    Ok(detect_format(path, &head))
}
