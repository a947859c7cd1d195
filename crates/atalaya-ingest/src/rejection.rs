//! Why one row could not be standardized: the precise fault, kept with the row in quarantine.

use serde::{Deserialize, Serialize};

/// The class of fault that sent a row to quarantine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The row has a different number of columns than the header.
    WrongColumnCount,
    /// The date (and time) do not parse with any of the profile's formats.
    BadDate,
    /// The local time falls in the hour repeated when DST ends and the profile says to reject it.
    AmbiguousTime,
    /// The local time falls in the hour skipped when DST starts and the profile says to reject it.
    NonexistentTime,
    /// No coordinates, or coordinates that are not numbers or not a valid position.
    NoLocation,
    /// The source category is not in the profile's category map.
    UnknownCategory,
    /// The point lies outside the comuna boundary.
    OutsideComuna,
    /// A case number (RUC) of the wrong shape or with a wrong check digit.
    InvalidCaseNumber,
    /// A value the record cannot do without is empty (e.g. a track's unit).
    MissingValue,
    /// The reader could not split the record into fields (an NDJSON line that is not JSON, …).
    Malformed,
}

impl Reason {
    /// The stable code stored with the row.
    pub fn code(self) -> &'static str {
        match self {
            Self::WrongColumnCount => "wrong_column_count",
            Self::BadDate => "bad_date",
            Self::AmbiguousTime => "ambiguous_time",
            Self::NonexistentTime => "nonexistent_time",
            Self::NoLocation => "no_location",
            Self::UnknownCategory => "unknown_category",
            Self::OutsideComuna => "outside_comuna",
            Self::InvalidCaseNumber => "invalid_case_number",
            Self::MissingValue => "missing_value",
            Self::Malformed => "malformed",
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// One row that could not be standardized, with everything an analyst needs to fix it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rejection {
    /// The row: the 1-based line where it starts in the file.
    pub row: u64,
    /// The column at fault (its header name), if one column is.
    pub column: Option<String>,
    /// The offending value as read.
    pub value: Option<String>,
    /// What would have been accepted.
    pub expected: String,
    /// The fault class.
    pub reason: Reason,
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}: {}", self.row, self.reason)?;
        if let Some(c) = &self.column {
            write!(f, " in column `{c}`")?;
        }
        if let Some(v) = &self.value {
            write!(f, ": `{v}`")?;
        }
        write!(f, "; expected {}", self.expected)
    }
}
