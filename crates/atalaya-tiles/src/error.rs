//! The crate's one error: what was wrong with which file, and what was expected instead.

use std::path::PathBuf;

/// Anything reading or writing a tiles file can refuse or fail at.
#[derive(Debug, thiserror::Error)]
pub enum TilesError {
    /// The file could not be opened, read or written.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done (`opening`, `reading`, `writing`).
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file has no bytes at all.
    #[error("{path} is empty: expected a PMTiles or MBTiles file")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The content is neither PMTiles nor SQLite (whatever the extension says).
    #[error("{path} is not a PMTiles or MBTiles file (its content looks like {looks_like})")]
    NotTiles {
        /// The file.
        path: PathBuf,
        /// What the first bytes suggest instead: `a PNG image`, `text (CSV, JSON…)`, ….
        looks_like: &'static str,
    },
    /// A PMTiles magic number followed by fewer bytes than a header.
    #[error("{path}: truncated PMTiles header ({len} of 127 bytes)")]
    TruncatedHeader {
        /// The file.
        path: PathBuf,
        /// Bytes in the file.
        len: u64,
    },
    /// A PMTiles file of another spec version (only v3 is read).
    #[error("{path}: unsupported PMTiles version {version} (expected version 3)")]
    UnsupportedPmTilesVersion {
        /// The file.
        path: PathBuf,
        /// The version found.
        version: u8,
    },
    /// The header points past the end of the file: it was cut short.
    #[error("{path}: truncated file ({section} ends at byte {needed}, the file has {len} bytes)")]
    Truncated {
        /// The file.
        path: PathBuf,
        /// Which section is cut (`tile data`, `leaf directories`, …).
        section: &'static str,
        /// Where that section ends.
        needed: u64,
        /// Bytes in the file.
        len: u64,
    },
    /// The structure inside is damaged (a directory, the SQLite pages, a compressed block).
    #[error("{path}: damaged {format} file: {reason}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// `PMTiles` or `MBTiles`.
        format: &'static str,
        /// What failed.
        reason: String,
    },
    /// A SQLite database that is not an MBTiles tileset.
    #[error("{path} is a SQLite database but not an MBTiles file: {reason}")]
    NotMbTiles {
        /// The file.
        path: PathBuf,
        /// What is missing.
        reason: String,
    },
    /// Raster tiles: Atalaya's base map draws vector tiles.
    #[error("{path} holds raster tiles ({tile_type}); Atalaya needs vector tiles (MVT)")]
    RasterTiles {
        /// The file.
        path: PathBuf,
        /// `png`, `jpeg`, `webp`, `avif`.
        tile_type: String,
    },
    /// Tiles of a type that is neither raster nor MVT.
    #[error("{path}: unsupported tile type {tile_type} (expected vector tiles, MVT)")]
    UnsupportedTileType {
        /// The file.
        path: PathBuf,
        /// What the file declares.
        tile_type: String,
    },
    /// Tiles compressed with something this reader does not decode.
    #[error("{path}: unsupported tile compression {compression} (expected gzip or none)")]
    UnsupportedCompression {
        /// The file.
        path: PathBuf,
        /// What the file declares.
        compression: String,
    },
    /// A tile address outside the pyramid (`x` or `y` ≥ 2^z, or z > 31).
    #[error("no tile {z}/{x}/{y}: x and y must be below 2^z")]
    InvalidTile {
        /// Zoom.
        z: u8,
        /// Column.
        x: u32,
        /// Row (XYZ, top to bottom).
        y: u32,
    },
    /// Building a base map failed.
    #[error("writing the base map {path}: {reason}")]
    Write {
        /// The output file.
        path: PathBuf,
        /// What failed.
        reason: String,
    },
}

/// Result alias for this crate.
pub type Result<T, E = TilesError> = std::result::Result<T, E>;

impl TilesError {
    pub(crate) fn io(action: &'static str, path: &std::path::Path, source: std::io::Error) -> Self {
        Self::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}
