//! Opening a tiles file whatever its name says: the content picks PMTiles v3 or MBTiles, the
//! file is validated once, then tiles are read by `z/x/y` (XYZ scheme, as MapLibre asks).

mod mbtiles;
mod pmtiles_v3;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::detect::{Sniffed, TilesFormat, sniff};
use crate::error::{Result, TilesError};

/// The largest tile this reader decompresses (a real vector tile is well under 1 MiB).
const MAX_TILE_BYTES: u64 = 32 << 20;

/// What a tiles file holds, read from its header or metadata.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TilesInfo {
    /// The container.
    pub format: TilesFormat,
    /// The lowest zoom with tiles.
    pub min_zoom: u8,
    /// The highest zoom with tiles (the map over-zooms beyond it).
    pub max_zoom: u8,
    /// `[west, south, east, north]` in degrees, when the file says.
    pub bounds: Option<[f64; 4]>,
    /// `[lon, lat]` to open the map at, when the file says.
    pub center: Option<[f64; 2]>,
    /// Tiles addressed (PMTiles) or stored (MBTiles).
    pub tile_count: u64,
    /// How the tiles are stored: `gzip` or `none` (they are always served decompressed).
    pub compression: &'static str,
    /// The vector layers the metadata lists (what a style can draw).
    pub layers: Vec<String>,
    /// The tileset's name, when the metadata has one.
    pub name: Option<String>,
    /// File size.
    pub bytes: u64,
}

enum Source {
    PmTiles(pmtiles_v3::PmTilesReader),
    MbTiles(mbtiles::MbTilesReader),
}

/// An open, validated file of vector tiles. Shareable between threads.
pub struct TilesFile {
    path: PathBuf,
    info: TilesInfo,
    source: Source,
}

impl std::fmt::Debug for TilesFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TilesFile")
            .field("path", &self.path)
            .field("info", &self.info)
            .finish()
    }
}

impl TilesFile {
    /// Opens `path`, decides PMTiles or MBTiles from its content and checks it can serve vector
    /// tiles: any other file is a [`TilesError`] naming what was wrong, never a panic.
    pub fn open(path: &Path) -> Result<Self> {
        let mut file = File::open(path).map_err(|e| TilesError::io("opening", path, e))?;
        let len = file
            .metadata()
            .map_err(|e| TilesError::io("reading", path, e))?
            .len();
        let mut head = Vec::with_capacity(16);
        (&mut file)
            .take(16)
            .read_to_end(&mut head)
            .map_err(|e| TilesError::io("reading", path, e))?;
        let (source, info) = match sniff(&head) {
            Sniffed::Empty => {
                return Err(TilesError::Empty {
                    path: path.to_path_buf(),
                });
            }
            Sniffed::OldPmTiles(version) => {
                return Err(TilesError::UnsupportedPmTilesVersion {
                    path: path.to_path_buf(),
                    version,
                });
            }
            Sniffed::Other(looks_like) => {
                return Err(TilesError::NotTiles {
                    path: path.to_path_buf(),
                    looks_like,
                });
            }
            Sniffed::PmTiles(_) => {
                let file = File::open(path).map_err(|e| TilesError::io("opening", path, e))?;
                let (reader, info) = pmtiles_v3::PmTilesReader::open(path, file, len)?;
                (Source::PmTiles(reader), info)
            }
            Sniffed::Sqlite => {
                drop(file);
                let (reader, info) = mbtiles::MbTilesReader::open(path, len)?;
                (Source::MbTiles(reader), info)
            }
        };
        Ok(Self {
            path: path.to_path_buf(),
            info,
            source,
        })
    }

    /// The file this was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the file holds.
    pub fn info(&self) -> &TilesInfo {
        &self.info
    }

    /// The MVT bytes of tile `z/x/y` (XYZ: `y` counted from the north), decompressed; `None`
    /// where the file has no tile (an empty area, or outside its zooms).
    pub fn tile(&self, z: u8, x: u32, y: u32) -> Result<Option<Vec<u8>>> {
        match &self.source {
            Source::PmTiles(reader) => reader.tile(z, x, y),
            Source::MbTiles(reader) => reader.tile(z, x, y),
        }
    }
}

/// The `id`s of a TileJSON-style `vector_layers` list.
fn vector_layer_ids(metadata: &serde_json::Value) -> Vec<String> {
    metadata["vector_layers"]
        .as_array()
        .map(|layers| {
            layers
                .iter()
                .filter_map(|l| l["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Decompresses a gzip block of at most [`MAX_TILE_BYTES`].
fn gunzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .take(MAX_TILE_BYTES + 1)
        .read_to_end(&mut out)?;
    if out.len() as u64 > MAX_TILE_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "a tile larger than 32 MiB",
        ));
    }
    Ok(out)
}
