//! WGS84 → UTM zone 19 south (EPSG:32719), the projection Chilean agencies export in. The
//! standard series (Snyder, "Map Projections — A Working Manual", 1987, pp. 61–64); sub-millimetre
//! within the zone. The ingest crate has the inverse, and a test checks the round trip.

use atalaya_model::GeoPoint;

const A: f64 = 6_378_137.0;
const F: f64 = 1.0 / 298.257_223_563;
const K0: f64 = 0.9996;
const FALSE_EASTING: f64 = 500_000.0;
const FALSE_NORTHING: f64 = 10_000_000.0;
/// Central meridian of zone 19: 69° W.
const LON0_DEG: f64 = -69.0;

/// `(easting, northing)` in metres.
pub(crate) fn to_utm19s(p: GeoPoint) -> (f64, f64) {
    let e2 = F * (2.0 - F);
    let ep2 = e2 / (1.0 - e2);
    let (lat, dlon) = (p.lat.to_radians(), (p.lon - LON0_DEG).to_radians());
    let (s, c) = lat.sin_cos();
    let n = A / (1.0 - e2 * s * s).sqrt();
    let t = (s / c).powi(2);
    let cc = ep2 * c * c;
    let a = c * dlon;
    let m = A
        * ((1.0 - e2 / 4.0 - 3.0 * e2 * e2 / 64.0 - 5.0 * e2.powi(3) / 256.0) * lat
            - (3.0 * e2 / 8.0 + 3.0 * e2 * e2 / 32.0 + 45.0 * e2.powi(3) / 1024.0)
                * (2.0 * lat).sin()
            + (15.0 * e2 * e2 / 256.0 + 45.0 * e2.powi(3) / 1024.0) * (4.0 * lat).sin()
            - (35.0 * e2.powi(3) / 3072.0) * (6.0 * lat).sin());
    let x = K0
        * n
        * (a + (1.0 - t + cc) * a.powi(3) / 6.0
            + (5.0 - 18.0 * t + t * t + 72.0 * cc - 58.0 * ep2) * a.powi(5) / 120.0);
    let y = K0
        * (m + n
            * (s / c)
            * (a * a / 2.0
                + (5.0 - t + 9.0 * cc + 4.0 * cc * cc) * a.powi(4) / 24.0
                + (61.0 - 58.0 * t + t * t + 600.0 * cc - 330.0 * ep2) * a.powi(6) / 720.0));
    (FALSE_EASTING + x, FALSE_NORTHING + y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_central_meridian_and_plaza_italia_land_where_they_should() {
        // On the zone's central meridian the easting is the false easting, exactly.
        let (e, n) = to_utm19s(GeoPoint {
            lon: -69.0,
            lat: -33.4,
        });
        assert!((e - 500_000.0).abs() < 1e-6, "{e}");
        assert!((6_290_000.0..6_310_000.0).contains(&n), "{n}");
        // Plaza Italia, 1.634° west of it: about 152 km west at this latitude (a sphere gives
        // 348.2 km E, 6 293 km N). The import test of the demo camera log checks the round trip
        // through the ingest crate's inverse: its points land inside the comuna.
        let (e, n) = to_utm19s(GeoPoint {
            lon: -70.6344,
            lat: -33.4372,
        });
        assert!((e - 348_200.0).abs() < 500.0, "{e}");
        assert!((n - 6_299_000.0).abs() < 8_000.0, "{n}");
    }
}
