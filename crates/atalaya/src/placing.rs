//! Where a person says an incident happened — a point (a GPS fix, a pick on the map) or an
//! address the store's streets can place — as the incident columns that say it: the point, how
//! it was found, and the cuadrante and barrio around it. Field capture and hand corrections
//! both place through here, so a typed place is checked the same way wherever it is typed.

use atalaya_model::{GeoPoint, LocationPrecision};

use crate::areas::Placement;
use crate::{Error, Result, Workspace};

/// A place given by hand, placed.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Placed {
    pub point: GeoPoint,
    /// How far off a geocoded point may be (none for a point given).
    pub accuracy_m: Option<f64>,
    pub precision: LocationPrecision,
    pub cuadrante: Option<String>,
    pub barrio: Option<String>,
}

impl Workspace {
    /// Place `point` (which wins when both are given) or else `address`. Refused, saying what
    /// was expected, when neither is given, the point is not a number pair, the streets cannot
    /// place the address, or the place is outside the comuna.
    pub(crate) fn place_by_hand(
        &self,
        point: Option<(f64, f64)>,
        address: Option<&str>,
    ) -> Result<Placed> {
        let (point, accuracy_m, precision) = match (point, address) {
            (Some((lon, lat)), _) => {
                if !(lon.is_finite() && lat.is_finite()) {
                    return Err(Error::invalid(
                        "location",
                        format!("{lon}, {lat}"),
                        "a longitude and a latitude in WGS84 degrees",
                    ));
                }
                (GeoPoint { lon, lat }, None, LocationPrecision::Reported)
            }
            (None, Some(address)) => {
                let placed = self.gazetteer()?.geocode(address).map_err(|why| {
                    Error::invalid(
                        "address",
                        address,
                        format!("an address the street gazetteer can place ({why}), or a point"),
                    )
                })?;
                (placed.point, Some(placed.accuracy_m), placed.precision)
            }
            (None, None) => {
                return Err(Error::invalid(
                    "location",
                    "",
                    "a point (longitude and latitude) or an address",
                ));
            }
        };
        let areas = self.area_index()?;
        let (cuadrante, barrio) = match areas.place(point) {
            Placement::Inside { cuadrante, barrio } => (cuadrante, barrio),
            Placement::Outside => {
                return Err(Error::invalid(
                    "location",
                    format!("{:.6}, {:.6}", point.lon, point.lat),
                    format!("a point inside the comuna boundary ({})", areas.comuna_name),
                ));
            }
            Placement::Unknown => (None, None),
        };
        Ok(Placed {
            point,
            accuracy_m,
            precision,
            cuadrante,
            barrio,
        })
    }
}
