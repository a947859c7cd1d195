//! Offline geocoding measured on the demo city: every demo incident carries the address of the
//! street it happened on, so geocoding that address must land near the true point and in the
//! same cuadrante.

use atalaya_demo::{DemoConfig, city, incidents, locate};
use atalaya_ingest::geocode::{Gazetteer, Precision};
use atalaya_model::GeoPoint;

fn metres(a: GeoPoint, b: GeoPoint) -> f64 {
    let dy = (a.lat - b.lat) * 110_946.0;
    let dx = (a.lon - b.lon) * 111_320.0 * a.lat.to_radians().cos();
    (dx * dx + dy * dy).sqrt()
}

/// The address as people write it: abbreviated, shouted, unaccented, with a `#` or a flat and
/// the comuna after it — a different mess for each `k`.
fn messy(address: &str, k: usize) -> String {
    let a = match k % 5 {
        0 => address.to_string(),
        1 => address.replace("Avenida ", "Av. ").to_uppercase(),
        2 => address
            .replace("Avenida ", "Avda ")
            .replace(['á', 'é', 'í', 'ó', 'ú'], "")
            .to_lowercase(),
        3 => format!("{address}, depto 41, Providencia"),
        _ => {
            let (street, number) = address.rsplit_once(' ').unwrap_or((address, ""));
            format!("{street} #{number}")
        }
    };
    a.replace("Presidente ", "Pdte. ")
}

#[test]
fn demo_addresses_geocode_back_to_their_incidents() {
    let city = city(1);
    let gazetteer = Gazetteer::new(&city.streets);
    let config = DemoConfig {
        incidents: 20_000,
        ..DemoConfig::default()
    };
    let mut errors = Vec::new();
    let (mut interpolated, mut same_cuadrante, mut failed) = (0, 0, 0);
    for incident in incidents(&config, &city) {
        let (Some(address), Some(truth)) = (incident.address.as_deref(), incident.location) else {
            continue;
        };
        let address = messy(address, errors.len() + failed);
        match gazetteer.geocode(&address) {
            Ok(found) => {
                interpolated += usize::from(found.precision == Precision::Interpolated);
                errors.push(metres(found.point, truth));
                same_cuadrante += usize::from(locate(&city, found.point).0 == incident.cuadrante);
            }
            Err(_) => failed += 1,
        }
    }
    let n = errors.len() + failed;
    errors.sort_by(f64::total_cmp);
    let median = errors[errors.len() / 2];
    let p95 = errors[errors.len() * 95 / 100];
    let share = |k: usize| k as f64 / n as f64;
    println!(
        "geocoded {n} demo addresses: failed {failed}, interpolated {:.3}, same cuadrante {:.3}, error median {median:.1} m, p95 {p95:.1} m",
        share(interpolated),
        share(same_cuadrante)
    );
    assert_eq!(failed, 0, "every demo address names a gazetteer street");
    assert!(share(interpolated) > 0.99);
    assert!(share(same_cuadrante) > 0.95);
    assert!(median < 40.0 && p95 < 120.0, "median {median} p95 {p95}");
}
