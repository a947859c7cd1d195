//! Every file that is not a usable vector tiles file is refused with an error that names the
//! problem — never a panic.

mod support;

use std::path::Path;

use atalaya_tiles::{TilesError, TilesFile};
use proptest::prelude::*;
use support::{base_map, gzip, mbtiles};

/// Opens `bytes` written to a file and returns the error's message; panics if it opened.
fn refused(bytes: &[u8]) -> (TilesError, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mapa.pmtiles");
    std::fs::write(&path, bytes).unwrap();
    open_refused(&path)
}

fn open_refused(path: &Path) -> (TilesError, String) {
    let error = TilesFile::open(path).expect_err("the file must be refused");
    let message = error.to_string();
    (error, message)
}

fn valid() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::read(base_map(dir.path())).unwrap()
}

#[test]
fn an_empty_file_is_refused_as_empty() {
    let (error, message) = refused(b"");
    assert!(matches!(error, TilesError::Empty { .. }), "{message}");
    assert!(
        message.ends_with("is empty: expected a PMTiles or MBTiles file"),
        "{message}"
    );
}

#[test]
fn a_png_is_not_a_tiles_file_and_the_message_says_it_looks_like_an_image() {
    let (error, message) = refused(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01");
    assert!(matches!(
        error,
        TilesError::NotTiles {
            looks_like: "a PNG image",
            ..
        }
    ));
    assert!(
        message.contains("is not a PMTiles or MBTiles file (its content looks like a PNG image)")
    );
}

#[test]
fn a_csv_named_pmtiles_is_not_a_tiles_file() {
    let (error, _) = refused("fecha;categoría;lat;lon\n2024-01-01;hurto;-33.4;-70.6\n".as_bytes());
    assert!(matches!(
        error,
        TilesError::NotTiles {
            looks_like: "text (CSV, JSON or similar)",
            ..
        }
    ));
}

#[test]
fn a_pmtiles_magic_without_a_whole_header_is_a_truncated_header() {
    let (error, message) = refused(&valid()[..60]);
    assert!(
        matches!(error, TilesError::TruncatedHeader { len: 60, .. }),
        "{message}"
    );
    assert!(message.contains("truncated PMTiles header (60 of 127 bytes)"));
}

#[test]
fn a_file_cut_after_its_header_is_truncated() {
    let (error, message) = refused(&valid()[..400]);
    assert!(
        matches!(error, TilesError::Truncated { len: 400, .. }),
        "{message}"
    );
    assert!(message.contains("truncated file"), "{message}");
}

#[test]
fn other_pmtiles_versions_are_unsupported() {
    let mut bytes = valid();
    bytes[7] = 4;
    let (error, message) = refused(&bytes);
    assert!(matches!(
        error,
        TilesError::UnsupportedPmTilesVersion { version: 4, .. }
    ));
    assert!(message.contains("unsupported PMTiles version 4 (expected version 3)"));
    let (error, _) = refused(b"PM\x02\x00\x10\x00\x00\x00 a version 2 archive");
    assert!(matches!(
        error,
        TilesError::UnsupportedPmTilesVersion { version: 2, .. }
    ));
}

#[test]
fn a_damaged_root_directory_is_corrupt() {
    let mut bytes = valid();
    for b in &mut bytes[127..200] {
        *b = 0xA5;
    }
    let (error, message) = refused(&bytes);
    assert!(
        matches!(
            error,
            TilesError::Corrupt {
                format: "PMTiles",
                ..
            }
        ),
        "{message}"
    );
}

#[test]
fn raster_pmtiles_are_refused_as_raster() {
    let mut bytes = valid();
    bytes[99] = 2; // tile type: PNG
    let (error, message) = refused(&bytes);
    assert!(matches!(&error, TilesError::RasterTiles { tile_type, .. } if tile_type == "png"));
    assert!(message.contains("holds raster tiles (png); Atalaya needs vector tiles (MVT)"));
}

#[test]
fn brotli_tiles_are_an_unsupported_compression() {
    let mut bytes = valid();
    bytes[98] = 3; // tile compression: brotli
    let (error, _) = refused(&bytes);
    assert!(
        matches!(&error, TilesError::UnsupportedCompression { compression, .. } if compression == "brotli")
    );
}

#[test]
fn a_raster_mbtiles_is_refused_as_raster() {
    let dir = tempfile::tempdir().unwrap();
    let png = b"\x89PNG\r\n\x1a\n....".to_vec();
    let declared = dir.path().join("declared.mbtiles");
    mbtiles(&declared, &[("format", "png")], &[(1, 0, 0, png.clone())]);
    let (error, _) = open_refused(&declared);
    assert!(matches!(&error, TilesError::RasterTiles { tile_type, .. } if tile_type == "png"));

    let sniffed = dir.path().join("sniffed.mbtiles");
    mbtiles(&sniffed, &[], &[(1, 0, 0, png)]);
    let (error, _) = open_refused(&sniffed);
    assert!(matches!(error, TilesError::RasterTiles { .. }));
}

#[test]
fn a_sqlite_database_without_tiles_is_not_mbtiles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("otra.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE incident (id INTEGER); INSERT INTO incident VALUES (1);")
        .unwrap();
    drop(conn);
    let (error, message) = open_refused(&path);
    assert!(matches!(error, TilesError::NotMbTiles { .. }), "{message}");
    assert!(
        message.contains("is a SQLite database but not an MBTiles file: it has no `tiles` table")
    );

    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE tiles (a INTEGER);")
        .unwrap();
    drop(conn);
    let (error, _) = open_refused(&path);
    assert!(matches!(error, TilesError::NotMbTiles { .. }));
}

#[test]
fn a_sqlite_header_over_garbage_is_corrupt() {
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(std::iter::repeat_n(0x5Au8, 4096));
    let (error, message) = refused(&bytes);
    assert!(
        matches!(
            error,
            TilesError::Corrupt {
                format: "MBTiles",
                ..
            }
        ),
        "{message}"
    );
}

#[test]
fn a_mbtiles_tile_that_does_not_decompress_is_corrupt_when_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rota.mbtiles");
    let mut broken = gzip(b"some vector tile bytes");
    broken.truncate(12);
    mbtiles(&path, &[("format", "pbf")], &[(3, 1, 2, broken)]);
    let file = TilesFile::open(&path).unwrap();
    assert!(matches!(
        file.tile(3, 1, 2),
        Err(TilesError::Corrupt { .. })
    ));
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let (error, message) = open_refused(Path::new("/nonexistent/mapa.pmtiles"));
    assert!(matches!(error, TilesError::Io { .. }));
    assert!(
        message.starts_with("opening /nonexistent/mapa.pmtiles:"),
        "{message}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_are_refused_or_read_never_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.pmtiles");
        std::fs::write(&path, &bytes).unwrap();
        if let Ok(file) = TilesFile::open(&path) {
            let _ = file.tile(0, 0, 0);
        }
    }

    #[test]
    fn a_valid_file_with_bytes_flipped_is_refused_or_read_never_a_panic(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..16),
        magic in any::<bool>(),
    ) {
        let mut bytes = VALID.with(Clone::clone);
        for (at, value) in flips {
            let i = at.index(bytes.len());
            // Keep the magic half the time, so the damage reaches the PMTiles parser.
            if magic || i >= 8 {
                bytes[i] = value;
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.pmtiles");
        std::fs::write(&path, &bytes).unwrap();
        if let Ok(file) = TilesFile::open(&path) {
            for z in 11..=16 {
                let (x, y) = support::tile_at(-70.610, -33.425, z);
                let _ = file.tile(z, x, y);
            }
        }
    }
}

thread_local! {
    static VALID: Vec<u8> = valid();
}
