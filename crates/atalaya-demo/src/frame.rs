//! The local metric frame: metres east and north of Plaza Baquedano.
//!
//! An equirectangular projection at 33.43° S is accurate to well under 1 % across a comuna a
//! few kilometres wide, and it needs only multiplication, so every machine computes the same
//! bits (no `cos` from the platform's libm). `tools/geo/make_assets.py` uses the same constants.

use atalaya_model::GeoPoint;

/// Metres per degree of longitude at 33.43° S.
pub(crate) const M_PER_DEG_LON: f64 = 92_994.0;
/// Metres per degree of latitude at 33.43° S.
pub(crate) const M_PER_DEG_LAT: f64 = 110_912.0;
/// Plaza Baquedano, the frame's origin.
const ORIGIN: GeoPoint = GeoPoint {
    lon: -70.6343,
    lat: -33.4372,
};

/// A point in metres east (`[0]`) and north (`[1]`) of the origin.
pub(crate) type Metres = [f64; 2];

/// Project a WGS84 point into the frame.
pub(crate) fn to_metres(p: GeoPoint) -> Metres {
    [
        (p.lon - ORIGIN.lon) * M_PER_DEG_LON,
        (p.lat - ORIGIN.lat) * M_PER_DEG_LAT,
    ]
}

/// Back from the frame to WGS84.
pub(crate) fn to_degrees(m: Metres) -> GeoPoint {
    GeoPoint {
        lon: ORIGIN.lon + m[0] / M_PER_DEG_LON,
        lat: ORIGIN.lat + m[1] / M_PER_DEG_LAT,
    }
}

/// `p` moved `east` and `north` metres.
pub(crate) fn offset(p: GeoPoint, east: f64, north: f64) -> GeoPoint {
    GeoPoint {
        lon: p.lon + east / M_PER_DEG_LON,
        lat: p.lat + north / M_PER_DEG_LAT,
    }
}

/// Ground distance in metres between two points.
pub(crate) fn distance_m(a: GeoPoint, b: GeoPoint) -> f64 {
    let (pa, pb) = (to_metres(a), to_metres(b));
    let (dx, dy) = (pa[0] - pb[0], pa[1] - pb[1]);
    (dx * dx + dy * dy).sqrt()
}

/// Round to 6 decimals (about 0.1 m), the precision the assets and the store keep.
pub(crate) fn round6(p: GeoPoint) -> GeoPoint {
    GeoPoint {
        lon: (p.lon * 1e6).round() / 1e6,
        lat: (p.lat * 1e6).round() / 1e6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_a_point_when_projected_and_back_then_it_is_unchanged() {
        let p = GeoPoint {
            lon: -70.6078,
            lat: -33.4218,
        };
        let back = to_degrees(to_metres(p));
        assert!((back.lon - p.lon).abs() < 1e-12 && (back.lat - p.lat).abs() < 1e-12);
    }

    #[test]
    fn given_baquedano_and_los_leones_when_measured_then_distance_is_about_3_km() {
        let baquedano = GeoPoint {
            lon: -70.6343,
            lat: -33.4372,
        };
        let los_leones = GeoPoint {
            lon: -70.6078,
            lat: -33.4218,
        };
        let d = distance_m(baquedano, los_leones);
        assert!((2_950.0..3_050.0).contains(&d), "{d}");
    }
}
