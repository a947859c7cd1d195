//! A source file read through a profile: header resolved, then one [`ReadRow`] per record —
//! standardized or rejected — streaming, so any file size reads in bounded memory.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use atalaya_model::Taxonomy;

use crate::profile::Profile;
use crate::reader::{DelimitedReader, RawRow};
use crate::standardize::{StandardRecord, Standardizer, find_column};
use crate::{IngestError, Rejection};

/// One record of a source file and what became of it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadRow {
    /// The 1-based line the record starts on.
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
    reader: DelimitedReader<R>,
    standardizer: Standardizer,
    pending: Option<RawRow>,
    header_row: u64,
}

/// Read `src` (named `file` in messages) through `profile`: skips `skip_rows`, reads the header
/// and binds the profile's columns to it.
pub fn open_rows<R: Read>(
    src: R,
    file: &str,
    profile: &Profile,
    taxonomy: &Taxonomy,
) -> Result<SourceRows<R>, IngestError> {
    let mut reader = DelimitedReader::new(src, file, profile);
    let (header, header_row, pending) = read_header(&mut reader, file, profile)?;
    let standardizer = Standardizer::new(profile, taxonomy, &header, file)?;
    Ok(SourceRows {
        reader,
        standardizer,
        pending,
        header_row,
    })
}

/// Open a file on disk through `profile`.
pub fn open_file(
    path: &Path,
    profile: &Profile,
    taxonomy: &Taxonomy,
) -> Result<SourceRows<BufReader<File>>, IngestError> {
    let f = File::open(path).map_err(IngestError::io(path))?;
    open_rows(
        BufReader::new(f),
        &path.display().to_string(),
        profile,
        taxonomy,
    )
}

/// The header of a file as `profile` would read it.
pub fn file_header(path: &Path, profile: &Profile) -> Result<Vec<String>, IngestError> {
    let f = File::open(path).map_err(IngestError::io(path))?;
    let file = path.display().to_string();
    let mut reader = DelimitedReader::new(BufReader::new(f), &file, profile);
    Ok(read_header(&mut reader, &file, profile)?.0)
}

fn read_header<R: Read>(
    reader: &mut DelimitedReader<R>,
    file: &str,
    profile: &Profile,
) -> Result<(Vec<String>, u64, Option<RawRow>), IngestError> {
    for _ in 0..profile.format.skip_rows {
        if reader.next_row()?.is_none() {
            return Err(IngestError::NoHeader { file: file.into() });
        }
    }
    let first = reader
        .next_row()?
        .ok_or_else(|| IngestError::NoHeader { file: file.into() })?;
    if profile.format.header {
        let header = first.fields.iter().map(|h| h.trim().to_string()).collect();
        Ok((header, first.row, None))
    } else {
        let header = (1..=first.fields.len()).map(|i| format!("c{i}")).collect();
        Ok((header, 0, Some(first)))
    }
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

    /// The next record as read, without standardizing it (to skip rows already imported).
    pub fn next_raw(&mut self) -> Result<Option<RawRow>, IngestError> {
        match self.pending.take() {
            Some(r) => Ok(Some(r)),
            None => self.reader.next_row(),
        }
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
        let outcome = self.standardizer.standardize(&raw.fields, raw.row);
        Some(Ok(ReadRow {
            row: raw.row,
            raw: raw.text,
            fields: raw.fields,
            outcome,
        }))
    }
}
