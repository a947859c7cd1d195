//! Offline base maps for Atalaya.
//!
//! - [`TilesFile`] opens a user's tiles file, decides from its content (never its name) whether
//!   it is PMTiles v3 or MBTiles, validates it, and reads vector tiles by `z/x/y`. A file that is
//!   anything else (a PNG, a CSV, an empty or cut file, raster tiles, another PMTiles version) is
//!   a [`TilesError`] that says what was found and what was expected — never a panic.
//! - [`write_base_map`] writes a small PMTiles v3 file of vector tiles (MVT) from streets and
//!   area polygons, which is how the demo city gets its base map.
//!
//! This crate knows files and tiles only: no store, no IPC, no styling. The `atalaya` crate
//! feeds it the store's geometry; the desktop shell serves its tiles to the map.
#![deny(missing_docs)]

mod basemap;
mod detect;
mod error;
mod read;

pub use basemap::{
    AreaShape, BaseMapLayers, BuildOptions, BuildSummary, StreetLine, write_base_map,
};
pub use detect::TilesFormat;
pub use error::{Result, TilesError};
pub use read::{TilesFile, TilesInfo};

/// The MIME type of the (decompressed) tiles [`TilesFile::tile`] returns.
pub const MVT_CONTENT_TYPE: &str = "application/vnd.mapbox-vector-tile";
