//! Offline geocoding of street addresses against the store's gazetteer.
//!
//! [`parse`](parse::parse) reads what an address asks for (street + number, `X con Y`, street
//! alone), [`normalize`] folds accents and writes out abbreviations, and [`Gazetteer`] finds
//! the street — by exact name, else by the most similar name — and places the point:
//! - an intersection where the two centre lines cross: [`Precision::Exact`];
//! - a house number within the street's numbering, interpolated along it and set a few metres
//!   to its side (odd numbers on the left, even on the right, as in Santiago):
//!   [`Precision::Interpolated`];
//! - a street without a usable number, at the middle of the street: [`Precision::StreetOnly`];
//! - anything else fails with the reason, for quarantine.
//!
//! Nothing is fetched: the gazetteer is data in the store.

pub mod gazetteer;
pub mod normalize;
pub mod parse;

use atalaya_model::GeoPoint;
use serde::Serialize;

pub use gazetteer::Gazetteer;
use gazetteer::{Metres, dist, to_degrees};
pub use parse::{AddressQuery, parse};

/// How far from the centre line a numbered address is placed, metres (the building line).
pub const SIDE_OFFSET_M: f64 = 8.0;
/// Two streets that come this close count as meeting, metres.
pub const CROSSING_SLACK_M: f64 = 30.0;

/// How precise a geocoded point is: [`Precision::Exact`] (a crossing),
/// [`Precision::Interpolated`] (a house number) or [`Precision::StreetOnly`] — the model's
/// [`LocationPrecision`](atalaya_model::LocationPrecision), whose `Reported` the geocoder never
/// gives.
pub use atalaya_model::LocationPrecision as Precision;

/// How far a crossing may be from the true place, metres (both centre lines' widths).
pub const EXACT_ACCURACY_M: f64 = 25.0;
/// How far an interpolated house number may be from the true place, metres (the 95th
/// percentile measured on the demo city's messy addresses, `tests/geocode.rs`, rounded up).
pub const INTERPOLATED_ACCURACY_M: f64 = 60.0;

/// A geocoded address.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Geocoded {
    /// The point.
    pub point: GeoPoint,
    /// How precise it is.
    pub precision: Precision,
    /// The gazetteer's name of the street (the first street of an intersection).
    pub street: String,
    /// Name similarity of the street match, 1.0 when exact.
    pub similarity: f64,
    /// How far the true place may be, metres: fixed for a crossing or a house number, half the
    /// street's length for a street alone.
    pub accuracy_m: f64,
}

/// Why an address could not be placed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GeocodeError {
    /// The text names no street.
    #[error("no street name in the address")]
    NoStreet,
    /// No street of the gazetteer has this name or one close to it.
    #[error("no street named '{0}' in the gazetteer")]
    UnknownStreet(String),
    /// Both streets exist but do not meet.
    #[error("'{0}' and '{1}' do not cross")]
    NoCrossing(String, String),
}

impl Gazetteer {
    /// Place `address`.
    pub fn geocode(&self, address: &str) -> Result<Geocoded, GeocodeError> {
        let query = parse(address).ok_or(GeocodeError::NoStreet)?;
        match self.place(&query) {
            // `Avenida 11 de Septiembre`: a number that belongs to the name.
            Err(GeocodeError::UnknownStreet(_))
                if !matches!(query, AddressQuery::Street { .. }) =>
            {
                let whole = normalize::words(address);
                self.place(&AddressQuery::Street { street: whole })
                    .map_err(|_| GeocodeError::UnknownStreet(address.trim().to_string()))
            }
            other => other,
        }
    }

    fn place(&self, query: &AddressQuery) -> Result<Geocoded, GeocodeError> {
        let unknown = |w: &[String]| GeocodeError::UnknownStreet(w.join(" "));
        match query {
            AddressQuery::Number { street, number } => {
                let (ids, similarity) = self.find(street).ok_or_else(|| unknown(street))?;
                let n = f64::from(*number);
                match ids.iter().map(|&i| &self.streets[i]).find(|s| s.numbers(n)) {
                    Some(s) => {
                        let span = s.to - s.from;
                        let fraction = if span == 0.0 {
                            0.5
                        } else {
                            ((n - s.from) / span).clamp(0.0, 1.0)
                        };
                        let (p, dir) = s.at(fraction * s.length());
                        // Odd numbers on the left of the line (walking from its first point), even on
                        // the right, as the demo generator and Santiago number them.
                        let left = [-dir[1], dir[0]];
                        let side = if number % 2 == 1 { 1.0 } else { -1.0 } * SIDE_OFFSET_M;
                        Ok(Geocoded {
                            point: to_degrees([p[0] + side * left[0], p[1] + side * left[1]]),
                            precision: Precision::Interpolated,
                            street: s.name.clone(),
                            similarity,
                            accuracy_m: INTERPOLATED_ACCURACY_M,
                        })
                    }
                    None => Ok(self.middle(ids[0], similarity)),
                }
            }
            AddressQuery::Street { street } => {
                let (ids, similarity) = self.find(street).ok_or_else(|| unknown(street))?;
                Ok(self.middle(ids[0], similarity))
            }
            AddressQuery::Intersection { a, b } => {
                let (ia, sa) = self.find(a).ok_or_else(|| unknown(a))?;
                let (ib, sb) = self.find(b).ok_or_else(|| unknown(b))?;
                let best = ia
                    .iter()
                    .flat_map(|&x| ib.iter().map(move |&y| (x, y)))
                    .filter_map(|(x, y)| {
                        closest(&self.streets[x].line, &self.streets[y].line).map(|c| (x, c))
                    })
                    .min_by(|p, q| p.1.1.total_cmp(&q.1.1));
                match best {
                    Some((x, (p, d))) if d <= CROSSING_SLACK_M => Ok(Geocoded {
                        point: to_degrees(p),
                        precision: Precision::Exact,
                        street: self.streets[x].name.clone(),
                        similarity: sa.min(sb),
                        accuracy_m: EXACT_ACCURACY_M,
                    }),
                    _ => Err(GeocodeError::NoCrossing(
                        self.streets[ia[0]].name.clone(),
                        self.streets[ib[0]].name.clone(),
                    )),
                }
            }
        }
    }

    fn middle(&self, i: usize, similarity: f64) -> Geocoded {
        let s = &self.streets[i];
        Geocoded {
            point: to_degrees(s.at(s.length() / 2.0).0),
            precision: Precision::StreetOnly,
            street: s.name.clone(),
            similarity,
            accuracy_m: (s.length() / 2.0).round().max(EXACT_ACCURACY_M),
        }
    }
}

/// Where two polylines come closest: the crossing point if they cross, else the midpoint of the
/// closest pair of points between their segments; with that distance.
fn closest(a: &[Metres], b: &[Metres]) -> Option<(Metres, f64)> {
    let mut best: Option<(Metres, f64)> = None;
    for s in a.windows(2) {
        for t in b.windows(2) {
            let found = crossing(s[0], s[1], t[0], t[1])
                .map(|p| (p, 0.0))
                .unwrap_or_else(|| {
                    [
                        (s[0], foot(s[0], t[0], t[1])),
                        (s[1], foot(s[1], t[0], t[1])),
                        (t[0], foot(t[0], s[0], s[1])),
                        (t[1], foot(t[1], s[0], s[1])),
                    ]
                    .into_iter()
                    .map(|(p, q)| ([(p[0] + q[0]) / 2.0, (p[1] + q[1]) / 2.0], dist(p, q)))
                    .min_by(|x, y| x.1.total_cmp(&y.1))
                    .unwrap_or(([0.0, 0.0], f64::INFINITY))
                });
            if best.is_none_or(|b| found.1 < b.1) {
                best = Some(found);
            }
        }
    }
    best
}

/// The point where segments `p1-p2` and `q1-q2` cross, if they do.
fn crossing(p1: Metres, p2: Metres, q1: Metres, q2: Metres) -> Option<Metres> {
    let r = [p2[0] - p1[0], p2[1] - p1[1]];
    let s = [q2[0] - q1[0], q2[1] - q1[1]];
    let den = r[0] * s[1] - r[1] * s[0];
    if den.abs() < 1e-9 {
        return None;
    }
    let qp = [q1[0] - p1[0], q1[1] - p1[1]];
    let t = (qp[0] * s[1] - qp[1] * s[0]) / den;
    let u = (qp[0] * r[1] - qp[1] * r[0]) / den;
    ((0.0..=1.0).contains(&t) && (0.0..=1.0).contains(&u))
        .then(|| [p1[0] + t * r[0], p1[1] + t * r[1]])
}

/// The point of segment `a-b` nearest to `p`.
fn foot(p: Metres, a: Metres, b: Metres) -> Metres {
    let d = [b[0] - a[0], b[1] - a[1]];
    let len2 = d[0] * d[0] + d[1] * d[1];
    if len2 == 0.0 {
        return a;
    }
    let t = (((p[0] - a[0]) * d[0] + (p[1] - a[1]) * d[1]) / len2).clamp(0.0, 1.0);
    [a[0] + t * d[0], a[1] + t * d[1]]
}

#[cfg(test)]
mod tests;
