//! Shared fixtures: one city and one incident sample per test binary.

#![allow(dead_code)] // each test binary uses a different subset

use std::sync::OnceLock;

use atalaya_demo::{DemoCity, DemoConfig};
use atalaya_model::{GeoPoint, Incident};
use geo::{Contains, Point};

/// The seed-1 city.
pub fn city() -> &'static DemoCity {
    static CITY: OnceLock<DemoCity> = OnceLock::new();
    CITY.get_or_init(|| atalaya_demo::city(1))
}

/// 30,000 incidents from the default config.
pub fn sample() -> &'static [Incident] {
    static SAMPLE: OnceLock<Vec<Incident>> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let config = DemoConfig {
            incidents: 30_000,
            ..DemoConfig::default()
        };
        atalaya_demo::incidents(&config, city()).collect()
    })
}

/// The point of an incident (the generator always sets one).
pub fn point(incident: &Incident) -> GeoPoint {
    incident
        .location
        .expect("generated incidents have a location")
}

/// Whether the interior of `area` holds `p`.
pub fn inside(area: &atalaya_model::Area, p: GeoPoint) -> bool {
    area.geometry.contains(&Point::new(p.lon, p.lat))
}

/// Metres between two points (equirectangular at 33.43 S, as the generator).
pub fn metres(a: GeoPoint, b: GeoPoint) -> f64 {
    let dx = (a.lon - b.lon) * 92_994.0;
    let dy = (a.lat - b.lat) * 110_912.0;
    (dx * dx + dy * dy).sqrt()
}
