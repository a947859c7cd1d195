//! Coordinates: UTM zone 19 south (EPSG:32719) to WGS84 and back, by the Krüger series of
//! the transverse Mercator projection (Karney 2011, "Transverse Mercator with an accuracy of a
//! few nanometers", eqs. 35–36, to third order in n: sub-millimetre within a UTM zone).

use atalaya_model::GeoPoint;

const A: f64 = 6_378_137.0;
const F: f64 = 1.0 / 298.257_223_563;
const K0: f64 = 0.9996;
const FALSE_EASTING: f64 = 500_000.0;
const FALSE_NORTHING_SOUTH: f64 = 10_000_000.0;
/// Central meridian of UTM zone 19: 69° W.
const LON0_ZONE_19: f64 = -69.0;

struct Series {
    big_a: f64,
    n: f64,
    alpha: [f64; 3],
    beta: [f64; 3],
    delta: [f64; 3],
}

fn series() -> Series {
    let n = F / (2.0 - F);
    let (n2, n3) = (n * n, n * n * n);
    Series {
        big_a: A / (1.0 + n) * (1.0 + n2 / 4.0 + n2 * n2 / 64.0),
        n,
        alpha: [
            n / 2.0 - 2.0 / 3.0 * n2 + 5.0 / 16.0 * n3,
            13.0 / 48.0 * n2 - 3.0 / 5.0 * n3,
            61.0 / 240.0 * n3,
        ],
        beta: [
            n / 2.0 - 2.0 / 3.0 * n2 + 37.0 / 96.0 * n3,
            n2 / 48.0 + n3 / 15.0,
            17.0 / 480.0 * n3,
        ],
        delta: [
            2.0 * n - 2.0 / 3.0 * n2 - 2.0 * n3,
            7.0 / 3.0 * n2 - 8.0 / 5.0 * n3,
            56.0 / 15.0 * n3,
        ],
    }
}

/// UTM 19S easting/northing (metres) to WGS84 lon/lat (degrees).
pub fn utm19s_to_wgs84(easting: f64, northing: f64) -> GeoPoint {
    let s = series();
    let xi = (northing - FALSE_NORTHING_SOUTH) / (K0 * s.big_a);
    let eta = (easting - FALSE_EASTING) / (K0 * s.big_a);
    let (mut xi1, mut eta1) = (xi, eta);
    for (j, b) in s.beta.iter().enumerate() {
        let k = 2.0 * (j as f64 + 1.0);
        xi1 -= b * (k * xi).sin() * (k * eta).cosh();
        eta1 -= b * (k * xi).cos() * (k * eta).sinh();
    }
    let chi = (xi1.sin() / eta1.cosh()).asin();
    let mut phi = chi;
    for (j, d) in s.delta.iter().enumerate() {
        phi += d * (2.0 * (j as f64 + 1.0) * chi).sin();
    }
    let lon = LON0_ZONE_19 + eta1.sinh().atan2(xi1.cos()).to_degrees();
    GeoPoint {
        lon,
        lat: phi.to_degrees(),
    }
}

/// WGS84 lon/lat (degrees) to UTM 19S easting/northing (metres); the inverse of
/// [`utm19s_to_wgs84`], used by tests and by fixture builders.
pub fn wgs84_to_utm19s(p: GeoPoint) -> (f64, f64) {
    let s = series();
    let phi = p.lat.to_radians();
    let dlon = (p.lon - LON0_ZONE_19).to_radians();
    let c = 2.0 * s.n.sqrt() / (1.0 + s.n);
    let t = (phi.sin().atanh() - c * (c * phi.sin()).atanh()).sinh();
    let xi1 = t.atan2(dlon.cos());
    let eta1 = (dlon.sin() / (1.0 + t * t).sqrt()).atanh();
    let (mut xi, mut eta) = (xi1, eta1);
    for (j, a) in s.alpha.iter().enumerate() {
        let k = 2.0 * (j as f64 + 1.0);
        xi += a * (k * xi1).sin() * (k * eta1).cosh();
        eta += a * (k * xi1).cos() * (k * eta1).sinh();
    }
    (
        FALSE_EASTING + K0 * s.big_a * eta,
        FALSE_NORTHING_SOUTH + K0 * s.big_a * xi,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Meridian arc length by Snyder's series (USGS PP 1395, eq. 3-21): an independent check of
    /// the northing on the central meridian.
    fn meridian_arc(lat_deg: f64) -> f64 {
        let e2 = F * (2.0 - F);
        let (e4, e6) = (e2 * e2, e2 * e2 * e2);
        let p = lat_deg.to_radians();
        A * ((1.0 - e2 / 4.0 - 3.0 * e4 / 64.0 - 5.0 * e6 / 256.0) * p
            - (3.0 * e2 / 8.0 + 3.0 * e4 / 32.0 + 45.0 * e6 / 1024.0) * (2.0 * p).sin()
            + (15.0 * e4 / 256.0 + 45.0 * e6 / 1024.0) * (4.0 * p).sin()
            - (35.0 * e6 / 3072.0) * (6.0 * p).sin())
    }

    #[test]
    fn on_the_central_meridian_northing_is_the_scaled_meridian_arc() {
        for lat in [-33.0, -33.4262, -18.5, -55.0] {
            let (e, n) = wgs84_to_utm19s(GeoPoint { lon: -69.0, lat });
            assert!((e - 500_000.0).abs() < 1e-6, "{e}");
            let expected = FALSE_NORTHING_SOUTH + K0 * meridian_arc(lat);
            assert!((n - expected).abs() < 0.01, "lat {lat}: {n} vs {expected}");
            let back = utm19s_to_wgs84(e, n);
            assert!(
                (back.lat - lat).abs() < 1e-8 && (back.lon + 69.0).abs() < 1e-9,
                "{back:?}"
            );
        }
    }

    #[test]
    fn providencia_round_trips_to_the_millimetre() {
        for (lon, lat) in [
            (-70.6127, -33.4262),
            (-70.5850, -33.4410),
            (-70.6320, -33.4300),
        ] {
            let (e, n) = wgs84_to_utm19s(GeoPoint { lon, lat });
            assert!((340_000.0..360_000.0).contains(&e), "easting {e}");
            assert!((6_290_000.0..6_310_000.0).contains(&n), "northing {n}");
            let back = utm19s_to_wgs84(e, n);
            // 1e-8 degrees is about a millimetre.
            assert!(
                (back.lon - lon).abs() < 1e-8 && (back.lat - lat).abs() < 1e-8,
                "{back:?}"
            );
        }
    }
}
