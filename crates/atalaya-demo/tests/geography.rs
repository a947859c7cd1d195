//! The demo geography: areas tile the comuna, everything lies inside it, lookups agree with
//! exact point-in-polygon.

mod common;

use atalaya_model::{Area, GeoPoint};
use common::{city, inside, point, sample};
use geo::{Area as _, BooleanOps, Intersects, Point};

fn check_tiling(parts: &[Area], comuna: &Area) {
    let total: f64 = parts.iter().map(|a| a.geometry.unsigned_area()).sum();
    let whole = comuna.geometry.unsigned_area();
    assert!(
        (total - whole).abs() < 0.005 * whole,
        "parts {total} vs comuna {whole}"
    );
    for (i, a) in parts.iter().enumerate() {
        for b in &parts[i + 1..] {
            let overlap = a.geometry.intersection(&b.geometry).unsigned_area();
            assert!(
                overlap < 1e-9 * whole,
                "{} and {} overlap by {overlap}",
                a.code,
                b.code
            );
        }
    }
}

#[test]
fn given_the_cuadrantes_then_there_are_twenty_and_they_tile_the_comuna() {
    let c = city();
    let codes: Vec<&str> = c.cuadrantes.iter().map(|a| a.code.as_str()).collect();
    let expected: Vec<String> = (1..=20).map(|i| format!("C{i:02}")).collect();
    assert_eq!(codes, expected);
    assert_eq!(c.cuadrantes[6].name, "Cuadrante 7");
    check_tiling(&c.cuadrantes, &c.comuna);
}

#[test]
fn given_the_barrios_then_they_carry_real_names_and_tile_the_comuna() {
    let c = city();
    assert!((6..=9).contains(&c.barrios.len()));
    for name in [
        "Bellavista",
        "Barrio Italia",
        "Los Leones",
        "Manuel Montt",
        "Pedro de Valdivia Norte",
    ] {
        assert!(c.barrios.iter().any(|b| b.name == name), "{name}");
    }
    check_tiling(&c.barrios, &c.comuna);
}

fn check_locate(lon: f64, lat: f64, expected: (Option<&str>, Option<&str>)) {
    let (cuadrante, barrio) = atalaya_demo::locate(city(), GeoPoint { lon, lat });
    assert_eq!(
        (cuadrante.as_deref(), barrio.as_deref()),
        expected,
        "at ({lon}, {lat})"
    );
}

#[test]
fn given_known_places_when_located_then_cuadrante_and_barrio_codes_match() {
    // Expected codes computed independently with shapely from the same GeoJSON files.
    check_locate(-70.6078, -33.4225, (Some("C04"), Some("B03"))); // Metro Los Leones, Barrio Los Leones
    check_locate(-70.6142, -33.4253, (Some("C07"), Some("B03"))); // Metro Pedro de Valdivia
    check_locate(-70.6235, -33.4445, (Some("C17"), Some("B07"))); // Barrio Italia
    check_locate(-70.6300, -33.4310, (Some("C05"), Some("B02"))); // Bellavista
    check_locate(-70.5950, -33.4380, (Some("C14"), Some("B05"))); // Tobalaba
    check_locate(-70.6500, -33.4400, (None, None)); // Santiago centro, outside the comuna
    check_locate(-70.5800, -33.4200, (None, None)); // Las Condes
}

#[test]
fn given_generated_incidents_then_each_lies_inside_the_comuna_and_in_exactly_one_cuadrante_and_barrio()
 {
    let c = city();
    for incident in sample() {
        let p = point(incident);
        assert!(inside(&c.comuna, p), "{p:?} outside the comuna");
        let cuadrantes: Vec<&Area> = c.cuadrantes.iter().filter(|a| inside(a, p)).collect();
        let barrios: Vec<&Area> = c.barrios.iter().filter(|a| inside(a, p)).collect();
        assert_eq!(cuadrantes.len(), 1, "{p:?}");
        assert_eq!(barrios.len(), 1, "{p:?}");
        assert_eq!(
            incident.cuadrante.as_deref(),
            Some(cuadrantes[0].code.as_str())
        );
        assert_eq!(incident.barrio.as_deref(), Some(barrios[0].code.as_str()));
    }
}

#[test]
fn given_streets_stations_and_cameras_then_all_lie_within_the_comuna() {
    let c = city();
    let on_or_inside = |p: GeoPoint| c.comuna.geometry.intersects(&Point::new(p.lon, p.lat));
    for street in &c.streets {
        assert!(
            street.line.len() >= 2 && street.line.iter().all(|&p| on_or_inside(p)),
            "{}",
            street.name
        );
        assert!(
            street.number_from.unwrap() < street.number_to.unwrap(),
            "{}",
            street.name
        );
    }
    let stations: Vec<&str> = c.metro_stations.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(
        stations,
        [
            "Baquedano",
            "Salvador",
            "Manuel Montt",
            "Pedro de Valdivia",
            "Los Leones",
            "Tobalaba"
        ]
    );
    assert!(c.metro_stations.iter().all(|s| inside(&c.comuna, s.1)));
    assert_eq!(c.cameras.len(), 60);
    assert_eq!(
        (c.cameras[0].code.as_str(), c.cameras[59].code.as_str()),
        ("CAM-001", "CAM-060")
    );
    for camera in &c.cameras {
        assert!(on_or_inside(camera.location), "{}", camera.code);
        assert!(
            camera
                .heading_deg
                .is_some_and(|h| (0.0..360.0).contains(&h))
        );
        assert!(
            camera
                .zone
                .as_deref()
                .is_some_and(|z| c.cuadrantes.iter().any(|a| a.code == z))
        );
    }
    assert_eq!(c.patrol_units.len(), 12);
    assert_eq!(
        (c.patrol_units[0].as_str(), c.patrol_units[11].as_str()),
        ("M-01", "M-12")
    );
}

#[test]
fn given_main_axes_then_the_named_avenues_are_in_the_gazetteer() {
    let c = city();
    for name in [
        "Avenida Providencia",
        "Avenida Nueva Providencia",
        "Avenida Andrés Bello",
        "Avenida Pedro de Valdivia",
        "Avenida Los Leones",
        "Avenida Tobalaba",
        "Avenida Manuel Montt",
        "Avenida Ricardo Lyon",
        "Avenida Salvador",
        "Avenida Eliodoro Yáñez",
        "Avenida Francisco Bilbao",
        "Avenida Irarrázaval",
        "Avenida Santa María",
        "Avenida Suecia",
        "General Holley",
        "Antonio Varas",
        "Avenida Holanda",
    ] {
        assert!(
            c.streets.iter().any(|s| s.name == name && s.main_axis),
            "{name}"
        );
    }
    assert!(c.streets.iter().filter(|s| !s.main_axis).count() >= 20);
}

#[test]
fn given_generated_incidents_then_addresses_name_a_gazetteer_street_and_a_number() {
    let c = city();
    for incident in sample().iter().take(2_000) {
        let address = incident
            .address
            .as_deref()
            .expect("every incident has an address");
        let (street, number) = address.rsplit_once(' ').expect("street and number");
        assert!(c.streets.iter().any(|s| s.name == street), "{address}");
        assert!(number.parse::<u32>().is_ok_and(|n| n >= 1), "{address}");
    }
}
