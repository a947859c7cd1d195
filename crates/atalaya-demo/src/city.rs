//! The demo city: the comuna's areas, streets and stations from the assets, plus cameras and
//! patrol units placed from a seed, and the indexes that make lookups fast.

use atalaya_model::{Area, Camera, CameraId, GeoPoint, Street};
use geo::BoundingRect;
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::address::AddressIndex;
use crate::area_index::AreaIndex;
use crate::frame::{round6, to_degrees, to_metres};
use crate::sampling::{Cdf, chance, unit};

const CAMERAS: usize = 60;
const PATROL_UNITS: usize = 12;
/// 2023-01-01T00:00:00Z: the cameras' id timestamp, so ids do not depend on the clock.
const CAMERA_ID_MS: u64 = 1_672_531_200_000;

/// The synthetic comuna: areas, street gazetteer, cameras, patrol units and metro stations.
///
/// Built by [`crate::city`]; the indexes inside are computed from these fields once, so treat
/// the fields as read-only.
#[derive(Clone, Debug)]
pub struct DemoCity {
    /// The comuna boundary (code `13123`).
    pub comuna: Area,
    /// The 20 cuadrantes `C01`..`C20`, tiling the comuna.
    pub cuadrantes: Vec<Area>,
    /// The barrios `B01`.., tiling the comuna.
    pub barrios: Vec<Area>,
    /// Main axes first, then local streets.
    pub streets: Vec<Street>,
    /// CCTV cameras `CAM-001`.., along the main axes.
    pub cameras: Vec<Camera>,
    /// Patrol unit codes `M-01`..
    pub patrol_units: Vec<String>,
    /// Metro Line 1 stations, west to east.
    pub metro_stations: Vec<(String, GeoPoint)>,
    pub(crate) index: CityIndex,
}

/// Lookup structures derived from the city's geometry.
#[derive(Clone, Debug)]
pub(crate) struct CityIndex {
    pub comuna: AreaIndex,
    pub cuadrantes: AreaIndex,
    pub barrios: AreaIndex,
    pub addresses: AddressIndex,
    /// South-west and north-east corners of the comuna's bounding box.
    pub bounds: (GeoPoint, GeoPoint),
}

/// Build the city; only the cameras depend on `seed`.
pub(crate) fn build(seed: u64) -> DemoCity {
    // The assets are compiled in and parsed by this crate's tests: failure here is a build bug.
    let assets =
        crate::assets::load().expect("embedded assets/geo files are valid (checked by tests)");
    let shapes = |areas: &[Area]| areas.iter().map(|a| a.geometry.clone()).collect::<Vec<_>>();
    let rect = assets
        .comuna
        .geometry
        .bounding_rect()
        .expect("the comuna has a shape");
    let index = CityIndex {
        comuna: AreaIndex::new(vec![assets.comuna.geometry.clone()]),
        cuadrantes: AreaIndex::new(shapes(&assets.cuadrantes)),
        barrios: AreaIndex::new(shapes(&assets.barrios)),
        addresses: AddressIndex::new(&assets.streets),
        bounds: (
            GeoPoint {
                lon: rect.min().x,
                lat: rect.min().y,
            },
            GeoPoint {
                lon: rect.max().x,
                lat: rect.max().y,
            },
        ),
    };
    let mut city = DemoCity {
        comuna: assets.comuna,
        cuadrantes: assets.cuadrantes,
        barrios: assets.barrios,
        streets: assets.streets,
        cameras: Vec::new(),
        patrol_units: (1..=PATROL_UNITS).map(|i| format!("M-{i:02}")).collect(),
        metro_stations: assets.metro_stations,
        index,
    };
    city.cameras = cameras(&city, seed);
    city
}

/// Cameras spread along the main axes (Av. Providencia weighted double), facing across the
/// street, each tagged with its cuadrante as monitoring zone.
fn cameras(city: &DemoCity, seed: u64) -> Vec<Camera> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xCA3E_7A5E);
    let segments: Vec<([f64; 2], [f64; 2], f64)> = city
        .streets
        .iter()
        .filter(|s| s.main_axis)
        .flat_map(|s| {
            let weight = if s.name == "Avenida Providencia" {
                2.0
            } else {
                1.0
            };
            s.line
                .windows(2)
                .map(move |w| (to_metres(w[0]), to_metres(w[1]), weight))
        })
        .collect();
    let cdf = Cdf::new(segments.iter().map(|(a, b, w)| {
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        w * (dx * dx + dy * dy).sqrt()
    }));
    let mut out = Vec::with_capacity(CAMERAS);
    while out.len() < CAMERAS {
        let (a, b, _) = segments[cdf.sample(&mut rng)];
        let t = unit(&mut rng);
        let location = round6(to_degrees([
            a[0] + t * (b[0] - a[0]),
            a[1] + t * (b[1] - a[1]),
        ]));
        let Some(zone) = city.index.cuadrantes.find_or_touching(location) else {
            continue;
        };
        // Heading across the street, rounded to whole degrees (atan2 may differ in its last
        // bit between platforms; the rounded value does not).
        let street_bearing = (b[0] - a[0]).atan2(b[1] - a[1]).to_degrees();
        let across = if chance(&mut rng, 0.5) { 90.0 } else { -90.0 };
        let heading = (street_bearing + across).rem_euclid(360.0).round() % 360.0;
        let mut random = [0u8; 10];
        rng.fill_bytes(&mut random);
        out.push(Camera {
            id: CameraId::from_parts(CAMERA_ID_MS, random),
            code: format!("CAM-{:03}", out.len() + 1),
            location,
            heading_deg: Some(heading),
            zone: Some(city.cuadrantes[zone].code.clone()),
        });
    }
    out
}
