//! The street gazetteer in a form fast to search: streets by normalized name (exact, then
//! fuzzy), each centre line in metres with its cumulative length and house numbering.

use std::collections::HashMap;

use atalaya_model::{GeoPoint, Street};

use super::normalize::{street_key, words};

/// House numbers per metre for a street without a numbering (about Santiago's 100 per block,
/// the same rule the demo generator addresses with).
pub const NUMBERS_PER_M: f64 = 0.73;
/// Fuzzy name matches below this Jaro-Winkler similarity are not trusted.
pub const MIN_SIMILARITY: f64 = 0.92;

/// Metres east and north of a fixed origin near the comuna (an equirectangular frame, exact
/// enough within a few kilometres).
pub(crate) type Metres = [f64; 2];

const ORIGIN: GeoPoint = GeoPoint {
    lon: -70.61,
    lat: -33.43,
};
const M_PER_DEG_LAT: f64 = 110_946.0;

fn m_per_deg_lon() -> f64 {
    111_320.0 * ORIGIN.lat.to_radians().cos()
}

pub(crate) fn to_metres(p: GeoPoint) -> Metres {
    [
        (p.lon - ORIGIN.lon) * m_per_deg_lon(),
        (p.lat - ORIGIN.lat) * M_PER_DEG_LAT,
    ]
}

pub(crate) fn to_degrees(m: Metres) -> GeoPoint {
    GeoPoint {
        lon: ORIGIN.lon + m[0] / m_per_deg_lon(),
        lat: ORIGIN.lat + m[1] / M_PER_DEG_LAT,
    }
}

/// One street as searched.
#[derive(Clone, Debug)]
pub(crate) struct IndexedStreet {
    /// Official name.
    pub name: String,
    /// Centre line, metres.
    pub line: Vec<Metres>,
    /// Distance along the line to each point, metres.
    pub along: Vec<f64>,
    /// House number at the first and last point.
    pub from: f64,
    /// See `from`.
    pub to: f64,
}

impl IndexedStreet {
    fn new(street: &Street) -> Self {
        let line: Vec<Metres> = street.line.iter().map(|p| to_metres(*p)).collect();
        let mut along = Vec::with_capacity(line.len());
        let mut total = 0.0;
        for (i, p) in line.iter().enumerate() {
            if i > 0 {
                total += dist(line[i - 1], *p);
            }
            along.push(total);
        }
        let from = f64::from(street.number_from.unwrap_or(1));
        let to = street
            .number_to
            .map_or(from + total * NUMBERS_PER_M, f64::from);
        Self {
            name: street.name.clone(),
            line,
            along,
            from,
            to,
        }
    }

    /// Length in metres.
    pub fn length(&self) -> f64 {
        self.along.last().copied().unwrap_or(0.0)
    }

    /// Whether `number` falls within the street's numbering.
    pub fn numbers(&self, number: f64) -> bool {
        let (lo, hi) = (self.from.min(self.to), self.from.max(self.to));
        // Numbering is interpolated, so allow one block's slack at either end.
        (lo - 100.0..=hi + 100.0).contains(&number)
    }

    /// The point `d` metres along the line and the unit direction of travel there.
    pub fn at(&self, d: f64) -> (Metres, Metres) {
        let d = d.clamp(0.0, self.length());
        let i = self
            .along
            .partition_point(|&a| a <= d)
            .clamp(1, self.line.len().max(2) - 1);
        let (a, b) = (self.line[i - 1], self.line[i.min(self.line.len() - 1)]);
        let seg = dist(a, b);
        if seg == 0.0 {
            return (a, [1.0, 0.0]);
        }
        let t = (d - self.along[i - 1]) / seg;
        let dir = [(b[0] - a[0]) / seg, (b[1] - a[1]) / seg];
        ([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])], dir)
    }
}

pub(crate) fn dist(a: Metres, b: Metres) -> f64 {
    ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt()
}

/// The streets of the comuna, searchable by name.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    pub(crate) streets: Vec<IndexedStreet>,
    /// Street key (name words without street-type words) → streets with that key.
    by_key: HashMap<String, Vec<usize>>,
    keys: Vec<String>,
}

impl Gazetteer {
    /// Index `streets` (a street may appear as several pieces under one name).
    pub fn new(streets: &[Street]) -> Self {
        let mut g = Self::default();
        for s in streets.iter().filter(|s| s.line.len() >= 2) {
            let key = street_key(&words(&s.name));
            let i = g.streets.len();
            g.streets.push(IndexedStreet::new(s));
            let entry = g.by_key.entry(key.clone()).or_default();
            if entry.is_empty() {
                g.keys.push(key);
            }
            entry.push(i);
        }
        g
    }

    /// How many street pieces are indexed.
    pub fn len(&self) -> usize {
        self.streets.len()
    }

    /// Whether the gazetteer is empty.
    pub fn is_empty(&self) -> bool {
        self.streets.is_empty()
    }

    /// The streets whose name matches `street` (exactly, else the most similar name above
    /// [`MIN_SIMILARITY`]), with the similarity.
    pub(crate) fn find(&self, street: &[String]) -> Option<(&[usize], f64)> {
        let key = street_key(street);
        if let Some(ids) = self.by_key.get(&key) {
            return Some((ids, 1.0));
        }
        let (best, score) = self
            .keys
            .iter()
            .map(|k| (k, strsim::jaro_winkler(k, &key)))
            .max_by(|a, b| a.1.total_cmp(&b.1))?;
        (score >= MIN_SIMILARITY).then(|| (self.by_key[best].as_slice(), score))
    }
}
