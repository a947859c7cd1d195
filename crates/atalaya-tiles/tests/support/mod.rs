//! Fixtures: a small base map (two streets crossing inside a square barrio) and MBTiles files
//! written with plain SQL, the way other tools write them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use atalaya_tiles::{AreaShape, BaseMapLayers, BuildOptions, StreetLine, write_base_map};
use geo::{LineString, MultiPolygon, polygon};

pub const STREET: &str = "Avenida Providencia";
pub const CROSS: &str = "Avenida Pedro de Valdivia";

/// Two streets crossing near Plaza Italia-ish, inside one square barrio.
pub fn layers() -> BaseMapLayers {
    let square = polygon![
        (x: -70.620, y: -33.435),
        (x: -70.600, y: -33.435),
        (x: -70.600, y: -33.415),
        (x: -70.620, y: -33.415),
        (x: -70.620, y: -33.435),
    ];
    BaseMapLayers {
        streets: vec![
            StreetLine {
                name: STREET.into(),
                main: true,
                line: LineString::from(vec![
                    (-70.618, -33.432),
                    (-70.610, -33.425),
                    (-70.602, -33.418),
                ]),
            },
            StreetLine {
                name: CROSS.into(),
                main: false,
                line: LineString::from(vec![(-70.612, -33.434), (-70.608, -33.416)]),
            },
        ],
        areas: vec![AreaShape {
            kind: "barrio".into(),
            code: "B01".into(),
            name: "Barrio de prueba".into(),
            shape: MultiPolygon(vec![square]),
        }],
    }
}

/// The fixture base map written into `dir`.
pub fn base_map(dir: &Path) -> PathBuf {
    let path = dir.join("base.pmtiles");
    write_base_map(&path, &layers(), &BuildOptions::default())
        .expect("the fixture base map is written");
    path
}

/// The XYZ tile of zoom `z` that contains `lon`/`lat`.
pub fn tile_at(lon: f64, lat: f64, z: u8) -> (u32, u32) {
    let n = f64::from(1u32 << z);
    let lat = lat.to_radians();
    let x = (lon + 180.0) / 360.0 * n;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * n;
    (x as u32, y as u32)
}

/// An MBTiles file with `metadata` rows and `tiles` given as `(z, x, y_xyz, data)`.
pub fn mbtiles(path: &Path, metadata: &[(&str, &str)], tiles: &[(u8, u32, u32, Vec<u8>)]) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE TABLE metadata (name TEXT, value TEXT);
         CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);",
    )
    .unwrap();
    for (name, value) in metadata {
        conn.execute("INSERT INTO metadata VALUES (?1, ?2)", (name, value))
            .unwrap();
    }
    for (z, x, y, data) in tiles {
        let tms = (1u32 << z) - 1 - y;
        conn.execute(
            "INSERT INTO tiles VALUES (?1, ?2, ?3, ?4)",
            (z, x, tms, data),
        )
        .unwrap();
    }
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
