//! Field values as they travel, and the identity of the record a field belongs to.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use uuid::Uuid;

/// One field's value: the SQLite storage classes. A real is finite (SQLite stores NaN as
/// NULL) and travels as its shortest exact decimal text, so it round-trips bit for bit.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WireValue {
    /// SQL NULL.
    Null,
    /// INTEGER.
    Int(i64),
    /// REAL (finite).
    Real(#[serde(with = "real_text")] f64),
    /// TEXT.
    Text(String),
    /// BLOB, as lowercase hex on the wire.
    Blob(#[serde(with = "hex_text")] Vec<u8>),
}

impl WireValue {
    fn rank(&self) -> u8 {
        match self {
            Self::Null => 0,
            Self::Int(_) => 1,
            Self::Real(_) => 2,
            Self::Text(_) => 3,
            Self::Blob(_) => 4,
        }
    }

    /// The text, if this is a TEXT value.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Self::Text(s) => Some(s),
            _ => None,
        }
    }
}

// A total order (reals by `total_cmp`, so equality is bit equality) lets values live in sets
// and replicas be compared exactly.
impl Ord for WireValue {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Self::Int(a), Self::Int(b)) => a.cmp(b),
            (Self::Real(a), Self::Real(b)) => a.total_cmp(b),
            (Self::Text(a), Self::Text(b)) => a.cmp(b),
            (Self::Blob(a), Self::Blob(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

impl PartialOrd for WireValue {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for WireValue {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for WireValue {}

/// A record's key: the UUIDv7 of model records, or the stable text code of reference data
/// (areas, streets, categories).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowId {
    /// A UUID key (16-byte BLOB in the store).
    Id(Uuid),
    /// A text key.
    Code(String),
}

/// Which record: its table's SQL name and its key.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RowRef {
    /// SQL table name (`incident`, `case_file`, …).
    pub table: String,
    /// The record's key.
    pub id: RowId,
}

impl RowRef {
    /// A reference from a table name and a key.
    pub fn new(table: impl Into<String>, id: RowId) -> Self {
        Self {
            table: table.into(),
            id,
        }
    }
}

mod real_text {
    use serde::{Deserialize, Deserializer, Serializer, de, ser};

    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if !v.is_finite() {
            return Err(ser::Error::custom(format!("non-finite real {v}")));
        }
        // `{:?}` is the shortest text that parses back to the same bits.
        s.serialize_str(&format!("{v:?}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        let text = String::deserialize(d)?;
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(de::Error::custom(format!("not a finite real: {text:?}"))),
        }
    }
}

mod hex_text {
    use serde::{Deserialize, Deserializer, Serializer, de};

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        hex::decode(&text).map_err(|e| de::Error::custom(format!("bad hex blob: {e}")))
    }
}
