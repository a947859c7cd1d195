//! Where incidents happen: a mixture of hot spots and background, drawn inside the comuna.
//!
//! Five kinds of place, mixed per category: around metro stations, along commercial axes
//! (weighted towards Av. Providencia), around night-life spots, along the street network
//! (homes, parked cars) and a uniform background. Scatter is Gaussian-like in metres.

use atalaya_model::{GeoPoint, Street};
use rand::RngCore;

use crate::area_index::AreaIndex;
use crate::frame::{Metres, offset, round6, to_degrees, to_metres};
use crate::sampling::{Cdf, below, normal, unit};

/// A kind of place; the discriminant indexes a category's mixture weights.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// Within a couple of hundred metres of a metro station.
    Station = 0,
    /// On or beside a commercial axis.
    Axis = 1,
    /// Around a night-life spot.
    NightLife = 2,
    /// Along any street (residential texture).
    Street = 3,
    /// Anywhere in the comuna.
    Background = 4,
}

impl Place {
    /// In mixture-weight order.
    pub(crate) const ALL: [Place; 5] = [
        Place::Station,
        Place::Axis,
        Place::NightLife,
        Place::Street,
        Place::Background,
    ];
}

/// Commercial weight per main axis; other main axes get [`OTHER_AXIS`].
const COMMERCIAL_AXES: [(&str, f64); 9] = [
    ("Avenida Providencia", 3.0),
    ("Avenida Nueva Providencia", 1.5),
    ("Avenida Los Leones", 1.2),
    ("Avenida Pedro de Valdivia", 1.2),
    ("Avenida Manuel Montt", 0.8),
    ("Avenida Suecia", 0.8),
    ("Avenida Italia", 0.6),
    ("Avenida Andrés Bello", 0.5),
    ("Avenida Salvador", 0.5),
];
const OTHER_AXIS: f64 = 0.25;
/// Station weights, by name (busier interchanges draw more).
const STATIONS: [(&str, f64); 6] = [
    ("Baquedano", 1.0),
    ("Salvador", 0.8),
    ("Manuel Montt", 1.0),
    ("Pedro de Valdivia", 1.2),
    ("Los Leones", 1.5),
    ("Tobalaba", 1.3),
];
/// Night-life spots: Bellavista (Pío Nono side), Barrio Italia, Suecia–General Holley,
/// Manuel Montt–Providencia.
const NIGHT_LIFE: [(f64, f64); 4] = [
    (-70.6320, -33.4320),
    (-70.6235, -33.4445),
    (-70.6045, -33.4235),
    (-70.6195, -33.4300),
];

const STATION_SIGMA_M: f64 = 130.0;
const AXIS_SIGMA_M: f64 = 35.0;
const NIGHT_LIFE_SIGMA_M: f64 = 150.0;
const STREET_SIGMA_M: f64 = 20.0;

#[derive(Clone, Copy, Debug)]
struct Segment {
    from: Metres,
    along: Metres,
    /// Unit normal (to the left).
    normal: Metres,
}

/// Samplers for each kind of place.
#[derive(Clone, Debug)]
pub(crate) struct PlaceModel {
    stations: Vec<GeoPoint>,
    station_cdf: Cdf,
    axes: Vec<Segment>,
    axis_cdf: Cdf,
    streets: Vec<Segment>,
    street_cdf: Cdf,
    bounds: (GeoPoint, GeoPoint),
}

impl PlaceModel {
    /// Build from the city's stations and streets; `bounds` is the comuna's bounding box.
    pub(crate) fn new(
        stations: &[(String, GeoPoint)],
        streets: &[Street],
        bounds: (GeoPoint, GeoPoint),
    ) -> Self {
        let station_weight = |name: &str| {
            STATIONS
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(0.5, |s| s.1)
        };
        let axis_weight = |s: &Street| {
            COMMERCIAL_AXES
                .iter()
                .find(|(n, _)| *n == s.name)
                .map_or(OTHER_AXIS, |a| a.1)
        };
        let (axes, axis_weights) = segments(streets.iter().filter(|s| s.main_axis), axis_weight);
        let (street_segments, street_weights) =
            segments(streets.iter(), |s| if s.main_axis { 0.5 } else { 1.0 });
        Self {
            stations: stations.iter().map(|s| s.1).collect(),
            station_cdf: Cdf::new(stations.iter().map(|s| station_weight(&s.0))),
            axes,
            axis_cdf: Cdf::new(axis_weights),
            streets: street_segments,
            street_cdf: Cdf::new(street_weights),
            bounds,
        }
    }

    /// A point of kind `place` strictly inside the comuna, rounded to 6 decimals.
    pub(crate) fn sample(
        &self,
        place: Place,
        comuna: &AreaIndex,
        rng: &mut impl RngCore,
    ) -> GeoPoint {
        // Hot spots near the edge spill over it; redraw a few times, then fall back to the
        // background, which accepts about two draws in three.
        for _ in 0..16 {
            let p = round6(self.draw(place, rng));
            if comuna.find(p).is_some() {
                return p;
            }
        }
        loop {
            let p = round6(self.draw(Place::Background, rng));
            if comuna.find(p).is_some() {
                return p;
            }
        }
    }

    fn draw(&self, place: Place, rng: &mut impl RngCore) -> GeoPoint {
        match place {
            Place::Station => scatter(
                self.stations[self.station_cdf.sample(rng)],
                STATION_SIGMA_M,
                rng,
            ),
            Place::Axis => along(&self.axes[self.axis_cdf.sample(rng)], AXIS_SIGMA_M, rng),
            Place::NightLife => {
                let (lon, lat) = NIGHT_LIFE[below(rng, NIGHT_LIFE.len())];
                scatter(GeoPoint { lon, lat }, NIGHT_LIFE_SIGMA_M, rng)
            }
            Place::Street => along(
                &self.streets[self.street_cdf.sample(rng)],
                STREET_SIGMA_M,
                rng,
            ),
            Place::Background => {
                let (lo, hi) = self.bounds;
                GeoPoint {
                    lon: lo.lon + unit(rng) * (hi.lon - lo.lon),
                    lat: lo.lat + unit(rng) * (hi.lat - lo.lat),
                }
            }
        }
    }
}

fn scatter(centre: GeoPoint, sigma_m: f64, rng: &mut impl RngCore) -> GeoPoint {
    let (east, north) = (normal(rng) * sigma_m, normal(rng) * sigma_m);
    offset(centre, east, north)
}

/// A uniform point on the segment, pushed sideways by a normal offset.
fn along(s: &Segment, sigma_m: f64, rng: &mut impl RngCore) -> GeoPoint {
    let (t, side) = (unit(rng), normal(rng) * sigma_m);
    to_degrees([
        s.from[0] + t * s.along[0] + side * s.normal[0],
        s.from[1] + t * s.along[1] + side * s.normal[1],
    ])
}

/// Every segment of `streets`, with weight `street_weight × length`.
fn segments<'a>(
    streets: impl Iterator<Item = &'a Street>,
    weight: impl Fn(&Street) -> f64,
) -> (Vec<Segment>, Vec<f64>) {
    let mut out = (Vec::new(), Vec::new());
    for street in streets {
        let w = weight(street);
        for pair in street.line.windows(2) {
            let (a, b) = (to_metres(pair[0]), to_metres(pair[1]));
            let d = [b[0] - a[0], b[1] - a[1]];
            let len = (d[0] * d[0] + d[1] * d[1]).sqrt();
            if len > 0.0 {
                out.0.push(Segment {
                    from: a,
                    along: d,
                    normal: [-d[1] / len, d[0] / len],
                });
                out.1.push(w * len);
            }
        }
    }
    out
}
