//! Errors that stop a whole file (as opposed to a [`crate::Rejection`], which quarantines one row).

use std::path::PathBuf;

/// Something that prevents reading a file or using a profile.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be read.
    #[error("reading {file}: {source}")]
    Io {
        /// The file.
        file: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A profile is not valid TOML of the expected shape.
    #[error("profile {profile}: {reason}")]
    ProfileSyntax {
        /// The profile's name or path.
        profile: String,
        /// What the TOML parser said.
        reason: String,
    },
    /// A profile key has a value that cannot be used.
    #[error("profile {profile}: key `{key}` = `{value}` is not valid; expected {expected}")]
    ProfileValue {
        /// The profile's name or path.
        profile: String,
        /// The key, e.g. `format.delimiter`.
        key: String,
        /// The rejected value.
        value: String,
        /// What would be accepted.
        expected: String,
    },
    /// No built-in profile has this name.
    #[error("no profile named `{name}`; built-in profiles: {known}")]
    UnknownProfile {
        /// The requested name.
        name: String,
        /// The known names, comma separated.
        known: String,
    },
    /// A column the profile maps is not in the file's header.
    #[error(
        "{file}: the profile maps column `{column}` (for {field}) but the header has: {header}"
    )]
    MissingColumn {
        /// The file.
        file: String,
        /// The standard field it was mapped to.
        field: &'static str,
        /// The missing column.
        column: String,
        /// The header's columns, comma separated.
        header: String,
    },
    /// The file has no header row where the profile expects one.
    #[error("{file}: no header row (the file is empty)")]
    NoHeader {
        /// The file.
        file: String,
    },
    /// One row is larger than the reader's bound (probably an unbalanced quote or not a text file).
    #[error(
        "{file}: row {row} is longer than {limit} bytes (an unclosed quote, or not a delimited text file)"
    )]
    RowTooLong {
        /// The file.
        file: String,
        /// The row (line where it starts).
        row: u64,
        /// The limit in bytes.
        limit: usize,
    },
    /// The file is not well-formed in its format (broken JSON or XML, not a workbook, …).
    #[error("{file}{}: not valid {format}: {reason}", at(format, *.row))]
    Malformed {
        /// The file.
        file: String,
        /// Where reading stopped, when known: the line of a text file (JSON, GeoJSON, GPX), the
        /// row of a sheet.
        row: Option<u64>,
        /// The format the profile expects: `json`, `geojson`, `gpx`, `xlsx`.
        format: &'static str,
        /// What was wrong, and what was expected.
        reason: String,
    },
    /// No profile matches the file's header.
    #[error(
        "{file}: no profile matches its header ({header}); draft one with `atalaya profile infer {file}`"
    )]
    NoProfileMatches {
        /// The file.
        file: String,
        /// The header, comma separated.
        header: String,
    },
}

fn at(format: &str, row: Option<u64>) -> String {
    let unit = if format == "xlsx" { "row" } else { "line" };
    row.map(|r| format!(", {unit} {r}")).unwrap_or_default()
}

impl IngestError {
    pub(crate) fn malformed(
        file: &str,
        row: Option<u64>,
        format: &'static str,
        reason: impl Into<String>,
    ) -> Self {
        Self::Malformed {
            file: file.into(),
            row,
            format,
            reason: reason.into(),
        }
    }

    pub(crate) fn io(file: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let file = file.into();
        move |source| Self::Io { file, source }
    }

    pub(crate) fn value(
        profile: &str,
        key: &str,
        value: impl Into<String>,
        expected: impl Into<String>,
    ) -> Self {
        Self::ProfileValue {
            profile: profile.into(),
            key: key.into(),
            value: value.into(),
            expected: expected.into(),
        }
    }
}
