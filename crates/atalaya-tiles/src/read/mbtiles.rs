//! MBTiles: a plain (unencrypted) SQLite file with `metadata(name, value)` and
//! `tiles(zoom_level, tile_column, tile_row, tile_data)`, rows in TMS order (y counted from the
//! south). Opened read-only; the workspace's SQLCipher build reads plain SQLite when no key is set.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::TilesInfo;
use crate::detect::TilesFormat;
use crate::error::{Result, TilesError};

const FORMAT: &str = "MBTiles";

/// An open MBTiles file of vector tiles.
pub(crate) struct MbTilesReader {
    path: PathBuf,
    conn: Mutex<Connection>,
}

impl MbTilesReader {
    /// Opens and validates `path` (`len` bytes, already sniffed as SQLite).
    pub(crate) fn open(path: &Path, len: u64) -> Result<(Self, TilesInfo)> {
        let sql = |e: rusqlite::Error| corrupt(path, e);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(sql)?;
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .map_err(sql)?;
        if !tables.iter().any(|t| t == "tiles") {
            return Err(TilesError::NotMbTiles {
                path: path.to_path_buf(),
                reason: "it has no `tiles` table".into(),
            });
        }
        let metadata = if tables.iter().any(|t| t == "metadata") {
            read_metadata(&conn).map_err(sql)?
        } else {
            HashMap::new()
        };
        let (count, min_z, max_z): (i64, Option<i64>, Option<i64>) = conn
            .query_row(
                "SELECT count(*), min(zoom_level), max(zoom_level) FROM tiles",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(|e| not_mbtiles(path, e))?;
        let first: Option<Vec<u8>> = conn
            .query_row("SELECT tile_data FROM tiles LIMIT 1", [], |r| r.get(0))
            .optional()
            .map_err(|e| not_mbtiles(path, e))?;
        check_tile_format(
            path,
            metadata.get("format").map(String::as_str),
            first.as_deref(),
        )?;

        let zoom = |key: &str, found: Option<i64>| {
            metadata
                .get(key)
                .and_then(|v| v.trim().parse::<u8>().ok())
                .or_else(|| found.and_then(|z| u8::try_from(z).ok()))
                .unwrap_or(0)
        };
        let json: serde_json::Value = metadata
            .get("json")
            .and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default();
        let info = TilesInfo {
            format: TilesFormat::MbTiles,
            min_zoom: zoom("minzoom", min_z),
            max_zoom: zoom("maxzoom", max_z),
            bounds: metadata.get("bounds").and_then(|b| numbers::<4>(b)),
            center: metadata
                .get("center")
                .and_then(|c| numbers::<3>(c))
                .map(|[lon, lat, _]| [lon, lat]),
            tile_count: u64::try_from(count).unwrap_or(0),
            compression: if first.as_deref().is_some_and(is_gzip) {
                "gzip"
            } else {
                "none"
            },
            layers: super::vector_layer_ids(&json),
            name: metadata.get("name").cloned(),
            bytes: len,
        };
        let opened = Self {
            path: path.to_path_buf(),
            conn: Mutex::new(conn),
        };
        Ok((opened, info))
    }

    /// The tile's MVT bytes, decompressed; `None` where the file has no tile.
    pub(crate) fn tile(&self, z: u8, x: u32, y: u32) -> Result<Option<Vec<u8>>> {
        if z > 30 || x >= 1 << z || y >= 1 << z {
            return Err(TilesError::InvalidTile { z, x, y });
        }
        let tms_row = (1u32 << z) - 1 - y;
        let conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        let data: Option<Vec<u8>> = conn
            .prepare_cached(
                "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
            )
            .and_then(|mut s| s.query_row((z, x, tms_row), |r| r.get(0)).optional())
            .map_err(|e| corrupt(&self.path, e))?;
        match data {
            Some(bytes) if is_gzip(&bytes) => {
                super::gunzip(&bytes)
                    .map(Some)
                    .map_err(|e| TilesError::Corrupt {
                        path: self.path.clone(),
                        format: FORMAT,
                        reason: format!("tile {z}/{x}/{y} does not decompress: {e}"),
                    })
            }
            other => Ok(other),
        }
    }
}

fn read_metadata(conn: &Connection) -> rusqlite::Result<HashMap<String, String>> {
    let mut stmt = conn.prepare("SELECT name, value FROM metadata")?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (name, value) = row?;
        out.insert(name, value.unwrap_or_default());
    }
    Ok(out)
}

/// `pbf` (or no declared format and tiles that are not images) is vector; images are raster.
fn check_tile_format(path: &Path, declared: Option<&str>, first: Option<&[u8]>) -> Result<()> {
    let declared = declared.map(|f| f.trim().to_ascii_lowercase());
    let raster = |tile_type: &str| TilesError::RasterTiles {
        path: path.to_path_buf(),
        tile_type: tile_type.to_owned(),
    };
    match declared.as_deref() {
        Some("pbf" | "mvt") => Ok(()),
        Some(image @ ("png" | "jpg" | "jpeg" | "webp" | "avif")) => Err(raster(image)),
        Some(other) => Err(TilesError::UnsupportedTileType {
            path: path.to_path_buf(),
            tile_type: other.to_owned(),
        }),
        None => match first {
            Some(bytes) if bytes.starts_with(b"\x89PNG") => Err(raster("png")),
            Some(bytes) if bytes.starts_with(b"\xff\xd8\xff") => Err(raster("jpeg")),
            _ => Ok(()),
        },
    }
}

fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// `N` comma-separated numbers, as MBTiles writes `bounds` and `center`.
fn numbers<const N: usize>(text: &str) -> Option<[f64; N]> {
    let parsed: Vec<f64> = text
        .split(',')
        .map(|n| n.trim().parse().ok())
        .collect::<Option<_>>()?;
    parsed.try_into().ok()
}

fn corrupt(path: &Path, error: rusqlite::Error) -> TilesError {
    TilesError::Corrupt {
        path: path.to_path_buf(),
        format: FORMAT,
        reason: error.to_string(),
    }
}

fn not_mbtiles(path: &Path, error: rusqlite::Error) -> TilesError {
    TilesError::NotMbTiles {
        path: path.to_path_buf(),
        reason: format!("its `tiles` table is not the MBTiles one ({error})"),
    }
}
