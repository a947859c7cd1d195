//! The standardized incident: one event, whatever source reported it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{BatchId, GeoPoint, IncidentId, ModelError, SourceId, UserId};

/// Where an incident is in its life cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentStatus {
    /// Recorded, not yet checked.
    Reported,
    /// Checked by an analyst.
    Verified,
    /// Found not to be an incident (kept for lineage).
    Discarded,
}

/// How sensitive a record is; access rules compare it with the user's clearance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    /// Visible to every role within jurisdiction.
    Normal,
    /// Personal data or ongoing investigation: analysts and supervisors.
    Restricted,
    /// Sexual offences, minors, VIF victims: supervisors and named analysts only.
    Confidential,
}

macro_rules! text_enum {
    ($ty:ident, $what:literal, $($variant:ident => $text:literal),+) => {
        impl $ty {
            /// The stored text.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }
        impl std::str::FromStr for $ty {
            type Err = ModelError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok(Self::$variant),)+
                    _ => Err(ModelError::InvalidValue { what: $what, value: s.into(), expected: concat!($($text, " "),+) }),
                }
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(IncidentStatus, "incident status", Reported => "reported", Verified => "verified", Discarded => "discarded");
text_enum!(Sensitivity, "sensitivity", Normal => "normal", Restricted => "restricted", Confidential => "confidential");

/// Where an incident's point comes from, and so how far to trust it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LocationPrecision {
    /// Coordinates given by the source (GPS, a map pick, a camera's position).
    Reported,
    /// Geocoded where two named streets cross.
    Exact,
    /// Geocoded by interpolating a house number along its street.
    Interpolated,
    /// Geocoded to the middle of a street: the place along it is unknown.
    StreetOnly,
}

text_enum!(LocationPrecision, "location precision", Reported => "reported", Exact => "exact", Interpolated => "interpolated", StreetOnly => "street_only");

/// A standardized incident.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// Its id.
    pub id: IncidentId,
    /// When it happened (or began), UTC.
    pub occurred_from: DateTime<Utc>,
    /// When it ended, if known as a range.
    pub occurred_to: Option<DateTime<Utc>>,
    /// When it was reported to the source.
    pub reported_at: Option<DateTime<Utc>>,
    /// Standard taxonomy code.
    pub category: String,
    /// The category text as the source wrote it.
    pub original_category: Option<String>,
    /// Free-text description.
    pub description: String,
    /// Location, WGS84.
    pub location: Option<GeoPoint>,
    /// Location accuracy in metres.
    pub accuracy_m: Option<f64>,
    /// Where the location comes from (None when there is none).
    #[serde(default)]
    pub location_precision: Option<LocationPrecision>,
    /// Street address as written.
    pub address: Option<String>,
    /// Cuadrante code the point falls in.
    pub cuadrante: Option<String>,
    /// Barrio code the point falls in.
    pub barrio: Option<String>,
    /// Life-cycle status.
    pub status: IncidentStatus,
    /// Access level.
    pub sensitivity: Sensitivity,
    /// The source that first reported it.
    pub source_id: Option<SourceId>,
    /// The import batch it came in with.
    pub batch_id: Option<BatchId>,
    /// The user who created it.
    pub created_by: Option<UserId>,
}
