//! The local metric plane the analyses run in: an equirectangular projection on the WGS84
//! ellipsoid, centred on the comuna.
//!
//! `x = N(φ₀)·cos φ₀ · (λ − λ₀)`, `y = M(φ₀) · (φ − φ₀)` (radians), with `N` and `M` the
//! ellipsoid's prime-vertical and meridional radii of curvature at the centre latitude `φ₀`.
//! Distances are exact along the centre's parallel and meridian; elsewhere the east–west scale
//! is off by about `tan φ₀ · Δφ` (Δφ the latitude offset in radians from the centre). For
//! Providencia (φ₀ ≈ −33.43°, ±3 km north–south) that is under 0.04 %: under 3 m across the
//! whole comuna, far below a 50 m cell or a 100 m near-repeat band, and checked against
//! geodesic distances in the tests. UTM 19S would do as well here but carries a scale factor
//! (0.9996 plus its own variation) and a zone; this plane has none and works for any comuna.

use serde::{Deserialize, Serialize};

/// WGS84 semi-major axis, metres.
const A: f64 = 6_378_137.0;
/// WGS84 first eccentricity squared.
const E2: f64 = 0.006_694_379_990_141_317;

/// An equirectangular plane centred on `(lon0, lat0)`, in metres east and north of it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LocalPlane {
    /// Centre longitude, degrees.
    pub lon0: f64,
    /// Centre latitude, degrees.
    pub lat0: f64,
    /// Metres per degree of longitude at the centre.
    pub metres_per_lon: f64,
    /// Metres per degree of latitude at the centre.
    pub metres_per_lat: f64,
}

impl LocalPlane {
    /// The plane centred on `(lon0, lat0)` degrees.
    pub fn centred_on(lon0: f64, lat0: f64) -> Self {
        let phi = lat0.to_radians();
        let w = 1.0 - E2 * phi.sin().powi(2);
        let n = A / w.sqrt();
        let m = A * (1.0 - E2) / w.powf(1.5);
        Self {
            lon0,
            lat0,
            metres_per_lon: n * phi.cos() * std::f64::consts::PI / 180.0,
            metres_per_lat: m * std::f64::consts::PI / 180.0,
        }
    }

    /// `(x, y)` metres of `(lon, lat)` degrees.
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            (lon - self.lon0) * self.metres_per_lon,
            (lat - self.lat0) * self.metres_per_lat,
        )
    }

    /// `(lon, lat)` degrees of `(x, y)` metres.
    pub fn unproject(&self, x: f64, y: f64) -> (f64, f64) {
        (
            self.lon0 + x / self.metres_per_lon,
            self.lat0 + y / self.metres_per_lat,
        )
    }
}
