//! A source file read through a profile: header resolved, then one [`ReadRow`] per record —
//! standardized or rejected — streaming, so any file size reads in bounded memory.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use atalaya_model::Taxonomy;

use crate::profile::{FormatKind, Profile};
use crate::reader::RawRow;
use crate::source::{RowSource, open_source, read_header};
use crate::standardize::{StandardRecord, Standardizer, find_column};
use crate::{IngestError, Rejection};

pub use crate::source::file_header;

/// One record of a source file and what became of it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadRow {
    /// The 1-based line (spreadsheet row) the record starts on.
    pub row: u64,
    /// The record's verbatim text (lineage).
    pub raw: String,
    /// Its fields.
    pub fields: Vec<String>,
    /// The standardized record, or why it goes to quarantine.
    pub outcome: Result<StandardRecord, Rejection>,
}

/// The rows of one source file.
pub struct SourceRows<R: Read> {
    reader: RowSource<R>,
    standardizer: Standardizer,
    pending: Option<RawRow>,
    header_row: u64,
    /// Sheets leave empty trailing cells out: their rows are padded to the header's width.
    pad_to: Option<usize>,
}

/// Read `src` (named `file` in messages) through `profile`: skips `skip_rows`, reads the header
/// and binds the profile's columns to it.
pub fn open_rows<R: Read>(
    src: R,
    file: &str,
    profile: &Profile,
    taxonomy: &Taxonomy,
) -> Result<SourceRows<R>, IngestError> {
    bind(RowSource::new(src, file, profile)?, file, profile, taxonomy)
}

/// Open a file on disk through `profile`.
pub fn open_file(
    path: &Path,
    profile: &Profile,
    taxonomy: &Taxonomy,
) -> Result<SourceRows<File>, IngestError> {
    let reader = open_source(path, profile)?;
    bind(reader, &path.display().to_string(), profile, taxonomy)
}

fn bind<R: Read>(
    mut reader: RowSource<R>,
    file: &str,
    profile: &Profile,
    taxonomy: &Taxonomy,
) -> Result<SourceRows<R>, IngestError> {
    let head = read_header(&mut reader, file, profile)?;
    let standardizer = Standardizer::new(profile, taxonomy, &head.header, file)?;
    Ok(SourceRows {
        reader,
        standardizer,
        pending: head.pending,
        header_row: head.row,
        pad_to: (profile.format.kind == FormatKind::Xlsx).then_some(head.header.len()),
    })
}

/// How well a profile fits a header: `Some(number of mapped columns)` when every column the
/// profile maps is present, `None` otherwise.
pub fn header_fit(profile: &Profile, header: &[String]) -> Option<usize> {
    let cols = profile.mapped_columns();
    cols.iter()
        .all(|(_, c)| find_column(header, c).is_some())
        .then_some(cols.len())
}

impl<R: Read> SourceRows<R> {
    /// The file's header.
    pub fn header(&self) -> &[String] {
        self.standardizer.header()
    }

    /// The line of the header row (0 when the file has none).
    pub fn header_row(&self) -> u64 {
        self.header_row
    }

    /// The standardizer bound to this file (to re-standardize edited rows).
    pub fn standardizer(&self) -> &Standardizer {
        &self.standardizer
    }

    /// Place rows that give an address instead of coordinates with `gazetteer`.
    pub fn set_geocoder(&mut self, gazetteer: std::sync::Arc<crate::geocode::Gazetteer>) {
        self.standardizer.set_geocoder(gazetteer);
    }

    /// The next record as read, without standardizing it (to skip rows already imported).
    pub fn next_raw(&mut self) -> Result<Option<RawRow>, IngestError> {
        let mut raw = match self.pending.take() {
            Some(r) => r,
            None => match self.reader.next_row()? {
                Some(r) => r,
                None => return Ok(None),
            },
        };
        if let Some(n) = self.pad_to
            && raw.fields.len() < n
        {
            raw.fields.resize(n, String::new());
        }
        Ok(Some(raw))
    }
}

impl<R: Read> Iterator for SourceRows<R> {
    type Item = Result<ReadRow, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        let raw = match self.next_raw() {
            Ok(Some(raw)) => raw,
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        };
        let outcome = self.standardizer.standardize_raw(&raw);
        Some(Ok(ReadRow {
            row: raw.row,
            raw: raw.text,
            fields: raw.fields,
            outcome,
        }))
    }
}
