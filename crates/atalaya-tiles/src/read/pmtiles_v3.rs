//! PMTiles v3 through the `pmtiles` crate's reader, over a plain file.
//!
//! The crate's reader is async; its backend here reads the file synchronously, so every future
//! it builds is ready the first time it is polled and [`now`] runs it to completion without a
//! runtime (callers such as the desktop shell already read tiles on a blocking thread).

use std::fs::File;
use std::future::Future;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::task::{Context, Poll, Waker};

use pmtiles::{AsyncBackend, AsyncPmTilesReader, BackendResponse, Compression, PmtError, TileType};

use super::TilesInfo;
use crate::detect::TilesFormat;
use crate::error::{Result, TilesError};

/// Bytes in a v3 header.
const HEADER_LEN: u64 = 127;
const FORMAT: &str = "PMTiles";

/// A positioned reader over the file; reads past the end return what is there.
struct FileBackend {
    file: Mutex<File>,
    len: u64,
}

impl FileBackend {
    fn read_now(&self, offset: u64, length: usize) -> pmtiles::PmtResult<BackendResponse> {
        // Never allocate more than the file holds, whatever a damaged header asks for.
        let end = offset.saturating_add(length as u64).min(self.len);
        let take =
            usize::try_from(end.saturating_sub(offset)).map_err(|_| PmtError::InvalidHeader)?;
        let mut bytes = vec![0u8; take];
        if take > 0 {
            let mut file = self.file.lock().unwrap_or_else(PoisonError::into_inner);
            file.seek(SeekFrom::Start(offset))?;
            file.read_exact(&mut bytes)?;
        }
        Ok(BackendResponse::new(bytes.into()))
    }
}

impl AsyncBackend for FileBackend {
    fn read(
        &self,
        offset: u64,
        length: usize,
    ) -> impl Future<Output = pmtiles::PmtResult<BackendResponse>> + Send {
        std::future::ready(self.read_now(offset, length))
    }
}

/// Runs a future whose every step is ready at once (see the module comment).
fn now<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
        // Not reached with `FileBackend`; yielding keeps a surprise from pinning a core.
        std::thread::yield_now();
    }
}

/// An open PMTiles v3 file of vector tiles.
pub(crate) struct PmTilesReader {
    path: PathBuf,
    reader: AsyncPmTilesReader<FileBackend>,
}

impl PmTilesReader {
    /// Opens and validates `path` (`len` bytes, already sniffed as PMTiles v3).
    pub(crate) fn open(path: &Path, mut file: File, len: u64) -> Result<(Self, TilesInfo)> {
        if len < HEADER_LEN {
            return Err(TilesError::TruncatedHeader {
                path: path.to_path_buf(),
                len,
            });
        }
        let mut head = [0u8; HEADER_LEN as usize];
        file.read_exact(&mut head)
            .map_err(|e| TilesError::io("reading", path, e))?;
        if head[7] != 3 {
            return Err(TilesError::UnsupportedPmTilesVersion {
                path: path.to_path_buf(),
                version: head[7],
            });
        }
        check_sections(path, &head, len)?;
        let backend = FileBackend {
            file: Mutex::new(file),
            len,
        };
        let reader =
            now(AsyncPmTilesReader::try_from_source(backend)).map_err(|e| pmt_error(path, e))?;
        let header = reader.get_header();
        check_tile_type(path, header.tile_type)?;
        let compression = match header.tile_compression {
            Compression::Gzip => "gzip",
            Compression::None => "none",
            other => {
                return Err(TilesError::UnsupportedCompression {
                    path: path.to_path_buf(),
                    compression: format!("{other:?}").to_lowercase(),
                });
            }
        };
        let metadata = match now(reader.get_metadata()) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| TilesError::Corrupt {
                path: path.to_path_buf(),
                format: FORMAT,
                reason: format!("metadata is not JSON: {e}"),
            })?,
            // An archive may carry no metadata at all; that is allowed.
            Err(PmtError::InvalidMetadata) => serde_json::Value::Null,
            Err(e) => return Err(pmt_error(path, e)),
        };
        let info = TilesInfo {
            format: TilesFormat::PmTiles,
            min_zoom: header.min_zoom,
            max_zoom: header.max_zoom,
            bounds: Some([
                header.min_longitude,
                header.min_latitude,
                header.max_longitude,
                header.max_latitude,
            ]),
            center: Some([header.center_longitude, header.center_latitude]),
            tile_count: header.n_addressed_tiles().map_or(0, u64::from),
            compression,
            layers: super::vector_layer_ids(&metadata),
            name: metadata["name"].as_str().map(str::to_owned),
            bytes: len,
        };
        let opened = Self {
            path: path.to_path_buf(),
            reader,
        };
        Ok((opened, info))
    }

    /// The tile's MVT bytes, decompressed; `None` where the file has no tile.
    pub(crate) fn tile(&self, z: u8, x: u32, y: u32) -> Result<Option<Vec<u8>>> {
        let coord =
            pmtiles::TileCoord::new(z, x, y).map_err(|_| TilesError::InvalidTile { z, x, y })?;
        let tile =
            now(self.reader.get_tile_decompressed(coord)).map_err(|e| pmt_error(&self.path, e))?;
        Ok(tile.map(|bytes| bytes.to_vec()))
    }
}

/// Every section the header names must lie inside the file; a cut file says so here rather
/// than as an odd error at the first tile.
fn check_sections(path: &Path, head: &[u8; HEADER_LEN as usize], len: u64) -> Result<()> {
    let u64_at = |at: usize| {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&head[at..at + 8]);
        u64::from_le_bytes(bytes)
    };
    for (section, at) in [
        ("the root directory", 8),
        ("the metadata", 24),
        ("the leaf directories", 40),
        ("the tile data", 56),
    ] {
        let (offset, length) = (u64_at(at), u64_at(at + 8));
        let Some(end) = offset.checked_add(length) else {
            return Err(TilesError::Corrupt {
                path: path.to_path_buf(),
                format: FORMAT,
                reason: format!("{section} has an impossible size"),
            });
        };
        if length > 0 && end > len {
            return Err(TilesError::Truncated {
                path: path.to_path_buf(),
                section,
                needed: end,
                len,
            });
        }
    }
    Ok(())
}

fn check_tile_type(path: &Path, tile_type: TileType) -> Result<()> {
    let raster = |name: &str| TilesError::RasterTiles {
        path: path.to_path_buf(),
        tile_type: name.to_owned(),
    };
    match tile_type {
        TileType::Mvt => Ok(()),
        TileType::Png => Err(raster("png")),
        TileType::Jpeg => Err(raster("jpeg")),
        TileType::Webp => Err(raster("webp")),
        TileType::Avif => Err(raster("avif")),
        TileType::Mlt => Err(TilesError::UnsupportedTileType {
            path: path.to_path_buf(),
            tile_type: "MapLibre Tile (MLT)".into(),
        }),
        TileType::Unknown => Err(TilesError::UnsupportedTileType {
            path: path.to_path_buf(),
            tile_type: "unknown".into(),
        }),
    }
}

/// The `pmtiles` crate's error, said with the file and in this crate's terms.
fn pmt_error(path: &Path, error: PmtError) -> TilesError {
    let corrupt = |reason: String| TilesError::Corrupt {
        path: path.to_path_buf(),
        format: FORMAT,
        reason,
    };
    match error {
        PmtError::UnsupportedPmTilesVersion => TilesError::UnsupportedPmTilesVersion {
            path: path.to_path_buf(),
            version: 0,
        },
        PmtError::UnsupportedCompression(c) => TilesError::UnsupportedCompression {
            path: path.to_path_buf(),
            compression: format!("{c:?}").to_lowercase(),
        },
        PmtError::InvalidTileType => TilesError::UnsupportedTileType {
            path: path.to_path_buf(),
            tile_type: "an unknown type code".into(),
        },
        PmtError::InvalidCoordinate(z, x, y) => TilesError::InvalidTile { z, x, y },
        PmtError::Reading(e)
            if !matches!(
                e.kind(),
                std::io::ErrorKind::InvalidData
                    | std::io::ErrorKind::UnexpectedEof
                    | std::io::ErrorKind::InvalidInput
            ) =>
        {
            TilesError::io("reading", path, e)
        }
        PmtError::Reading(e) => corrupt(format!("a compressed block does not decode: {e}")),
        PmtError::UnexpectedNumberOfBytesReturned(..) => {
            corrupt("a directory entry points past the end of the file".into())
        }
        PmtError::InvalidEntry => corrupt("a directory entry is invalid".into()),
        PmtError::InvalidHeader => corrupt("the header is invalid".into()),
        PmtError::InvalidCompression => corrupt("the header names an unknown compression".into()),
        other => corrupt(other.to_string()),
    }
}
