//! A base map written and read back, through PMTiles and through MBTiles.

mod support;

use atalaya_tiles::{BuildOptions, TilesFile, TilesFormat, write_base_map};
use support::{CROSS, STREET, base_map, contains, gzip, layers, mbtiles, tile_at};

#[test]
fn given_streets_and_areas_when_written_then_every_zoom_reads_back_with_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = base_map(dir.path());

    let file = TilesFile::open(&path).unwrap();
    let info = file.info();
    assert_eq!(info.format, TilesFormat::PmTiles);
    assert_eq!((info.min_zoom, info.max_zoom), (11, 16));
    assert_eq!(info.compression, "gzip");
    assert_eq!(info.layers, ["areas", "area_labels", "streets"]);
    let [w, s, e, n] = info.bounds.unwrap();
    assert!(
        (w + 70.620).abs() < 1e-6 && (e + 70.600).abs() < 1e-6,
        "{:?}",
        info.bounds
    );
    assert!(
        (s + 33.435).abs() < 1e-6 && (n + 33.415).abs() < 1e-6,
        "{:?}",
        info.bounds
    );
    assert!(
        info.tile_count >= 6,
        "at least one tile per zoom: {}",
        info.tile_count
    );
    assert!(info.bytes < 100_000, "small: {} bytes", info.bytes);

    for z in 11..=16 {
        let (x, y) = tile_at(-70.610, -33.425, z);
        let tile = file
            .tile(z, x, y)
            .unwrap()
            .unwrap_or_else(|| panic!("tile {z}/{x}/{y}"));
        for name in ["streets", "areas", STREET, "Barrio de prueba", "main"] {
            assert!(contains(&tile, name.as_bytes()), "{z}/{x}/{y} lacks {name}");
        }
    }
    let (x, y) = tile_at(-70.608, -33.416, 16);
    assert!(contains(
        &file.tile(16, x, y).unwrap().unwrap(),
        CROSS.as_bytes()
    ));
}

#[test]
fn given_a_tile_outside_the_map_then_it_is_absent_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = TilesFile::open(&base_map(dir.path())).unwrap();
    assert_eq!(file.tile(14, 0, 0).unwrap(), None);
    assert_eq!(file.tile(3, 1, 1).unwrap(), None);
    assert!(
        file.tile(2, 4, 0).is_err(),
        "x beyond 2^z is an invalid address"
    );
}

#[test]
fn given_zooms_out_of_order_then_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.pmtiles");
    let options = BuildOptions {
        min_zoom: 15,
        max_zoom: 12,
    };
    assert!(write_base_map(&path, &layers(), &options).is_err());
    assert!(!path.exists());
}

#[test]
fn given_a_vector_mbtiles_then_tiles_come_back_decompressed_in_xyz_order() {
    let dir = tempfile::tempdir().unwrap();
    let pmtiles = TilesFile::open(&base_map(dir.path())).unwrap();
    let (x, y) = tile_at(-70.610, -33.425, 14);
    let raw = pmtiles.tile(14, x, y).unwrap().unwrap();
    let path = dir.path().join("ciudad.mbtiles");
    mbtiles(
        &path,
        &[
            ("name", "Ciudad"),
            ("format", "pbf"),
            ("minzoom", "14"),
            ("maxzoom", "14"),
            ("bounds", "-70.62,-33.44,-70.60,-33.41"),
            ("json", r#"{"vector_layers":[{"id":"streets"}]}"#),
        ],
        &[(14, x, y, gzip(&raw))],
    );

    let file = TilesFile::open(&path).unwrap();
    let info = file.info();
    assert_eq!(info.format, TilesFormat::MbTiles);
    assert_eq!((info.min_zoom, info.max_zoom, info.tile_count), (14, 14, 1));
    assert_eq!(info.bounds, Some([-70.62, -33.44, -70.60, -33.41]));
    assert_eq!(info.layers, ["streets"]);
    assert_eq!(info.name.as_deref(), Some("Ciudad"));
    assert_eq!(file.tile(14, x, y).unwrap(), Some(raw));
    assert_eq!(file.tile(14, x, y + 1).unwrap(), None);
}

#[test]
fn given_a_pmtiles_file_with_another_extension_then_it_is_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("mapa.dat");
    std::fs::rename(base_map(dir.path()), &renamed).unwrap();
    assert_eq!(
        TilesFile::open(&renamed).unwrap().info().format,
        TilesFormat::PmTiles
    );
}
