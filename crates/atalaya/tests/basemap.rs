//! The offline base map: the demo store's streets and areas become a PMTiles file the app can
//! serve, and a bad file chosen in the app is refused with the previous choice kept.

mod support;

use atalaya::basemap::base_map_setting_path;
use atalaya::{StoreBaseMap, TilesFile, TilesFormat};

/// The XYZ tile of zoom `z` that contains `lon`/`lat`.
fn tile_at(lon: f64, lat: f64, z: u8) -> (u32, u32) {
    let n = f64::from(1u32 << z);
    let lat = lat.to_radians();
    let x = (lon + 180.0) / 360.0 * n;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * n;
    (x as u32, y as u32)
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn given_the_demo_store_when_its_base_map_is_built_then_streets_and_areas_are_in_the_tiles() {
    let dir = tempfile::tempdir().unwrap();
    let ws = support::reference_store(&dir);
    let out = dir.path().join("base.pmtiles");

    let summary = ws.build_base_map(&out).unwrap();
    assert_eq!((summary.min_zoom, summary.max_zoom), (11, 16));
    assert_eq!(
        summary.streets, 59,
        "every street of assets/geo/streets.geojson"
    );
    assert!(
        summary.areas > 20,
        "comuna, cuadrantes and barrios: {}",
        summary.areas
    );
    assert!(
        summary.bytes < 3_000_000,
        "a few MB at most: {}",
        summary.bytes
    );

    let file = TilesFile::open(&out).unwrap();
    assert_eq!(file.info().format, TilesFormat::PmTiles);
    assert_eq!(file.info().tile_count, summary.tiles);
    // Avenida Providencia near Pedro de Valdivia.
    let (x, y) = tile_at(-70.6142, -33.4253, 16);
    let tile = file
        .tile(16, x, y)
        .unwrap()
        .expect("a tile on Avenida Providencia");
    assert!(contains(&tile, "Avenida Providencia"));
    assert!(contains(&tile, "cuadrante"));
}

#[test]
fn given_a_base_map_in_use_when_a_foreign_file_is_chosen_then_it_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let ws = support::reference_store(&dir);
    let good = dir.path().join("base.pmtiles");
    ws.build_base_map(&good).unwrap();
    let csv = dir.path().join("incidentes.pmtiles");
    std::fs::write(&csv, "fecha;categoria\n2024-01-01;hurto\n").unwrap();

    let base_map = StoreBaseMap::load(ws.path(), None);
    assert_eq!(base_map.state().path, None);
    let chosen = base_map.choose(&good).unwrap();
    assert_eq!(chosen.path.as_deref(), Some(good.as_path()));
    let setting = std::fs::read_to_string(base_map_setting_path(ws.path())).unwrap();

    let error = base_map.choose(&csv).unwrap_err();
    assert_eq!(error.code(), "basemap_not_tiles");
    assert_eq!(base_map.state(), chosen, "the previous base map stays");
    assert_eq!(
        std::fs::read_to_string(base_map_setting_path(ws.path())).unwrap(),
        setting,
        "and so does the saved choice"
    );
    let (x, y) = tile_at(-70.6142, -33.4253, 15);
    assert!(base_map.tile(15, x, y).unwrap().is_some());

    // A new session on the same store finds the saved file, whatever ATALAYA_TILES says.
    let again = StoreBaseMap::load(ws.path(), Some(csv.clone()));
    assert_eq!(again.state().path.as_deref(), Some(good.as_path()));

    let cleared = base_map.clear().unwrap();
    assert_eq!(cleared.path, None);
    assert!(cleared.version > chosen.version);
    assert_eq!(base_map.tile(15, x, y).unwrap(), None);
    assert_eq!(StoreBaseMap::load(ws.path(), Some(good)).state().path, None);
}

#[test]
fn given_a_saved_file_that_was_damaged_then_the_session_starts_without_it_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("atalaya.db");
    let broken = dir.path().join("roto.pmtiles");
    std::fs::write(&broken, b"PMTiles\x03 cut short").unwrap();

    let state = StoreBaseMap::load(&store, Some(broken.clone())).state();
    assert_eq!(state.path, None);
    let problem = state.problem.expect("the problem is reported");
    assert_eq!(problem.path, broken);
    assert_eq!(problem.code, "basemap_truncated");
}
