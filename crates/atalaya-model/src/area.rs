//! Areas (comuna boundary, cuadrantes, barrios) and points, in WGS84 longitude/latitude.

use geo::MultiPolygon;
use serde::{Deserialize, Serialize};

use crate::ModelError;

/// A WGS84 point.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    /// Longitude in degrees east.
    pub lon: f64,
    /// Latitude in degrees north.
    pub lat: f64,
}

/// What an area is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum AreaKind {
    /// The comuna boundary.
    Comuna,
    /// A police patrol quadrant.
    Cuadrante,
    /// A neighbourhood.
    Barrio,
}

impl AreaKind {
    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Comuna => "comuna",
            Self::Cuadrante => "cuadrante",
            Self::Barrio => "barrio",
        }
    }
}

impl std::str::FromStr for AreaKind {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "comuna" => Ok(Self::Comuna),
            "cuadrante" => Ok(Self::Cuadrante),
            "barrio" => Ok(Self::Barrio),
            _ => Err(ModelError::InvalidValue {
                what: "area kind",
                value: s.into(),
                expected: "comuna, cuadrante, barrio",
            }),
        }
    }
}

/// A named polygon used for point-in-polygon and aggregation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Area {
    /// Stable code, e.g. `C07` for a cuadrante or `13123` for the comuna.
    pub code: String,
    /// What it is.
    pub kind: AreaKind,
    /// Display name.
    pub name: String,
    /// Its shape in WGS84.
    pub geometry: MultiPolygon<f64>,
}
