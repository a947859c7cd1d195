//! Framing: `ATSY`, the protocol version (u16, big-endian), then the message as JSON
//! compressed with zstd. Decoding checks every layer and the size limits, and never panics.

use super::ProtocolVersion;
use crate::SyncError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::Read;

/// The first four bytes of every sync frame.
pub const FRAME_MAGIC: [u8; 4] = *b"ATSY";
const HEADER_LEN: usize = FRAME_MAGIC.len() + 2;
const ZSTD_LEVEL: i32 = 3;

/// Size limits for frames, so a hostile or broken peer cannot make a replica allocate without
/// bound (a zstd bomb is cut at `max_body`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest frame, header included.
    pub max_frame: usize,
    /// Largest decompressed JSON body.
    pub max_body: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_frame: 16 << 20,
            max_body: 64 << 20,
        }
    }
}

/// Encode a message as a frame of the current protocol.
pub fn encode<T: Serialize>(message: &T, limits: &Limits) -> Result<Vec<u8>, SyncError> {
    let json = serde_json::to_vec(message).map_err(|e| SyncError::Encode {
        detail: e.to_string(),
    })?;
    check_size("body", json.len(), limits.max_body)?;
    let body = zstd::bulk::compress(&json, ZSTD_LEVEL).map_err(|e| SyncError::Encode {
        detail: e.to_string(),
    })?;
    let mut frame = Vec::with_capacity(HEADER_LEN + body.len());
    frame.extend_from_slice(&FRAME_MAGIC);
    frame.extend_from_slice(&ProtocolVersion::CURRENT.0.to_be_bytes());
    frame.extend_from_slice(&body);
    check_size("frame", frame.len(), limits.max_frame)?;
    Ok(frame)
}

/// The protocol version a frame was written with, read from its header alone, so a server can
/// answer a newer client in terms it understands.
pub fn frame_protocol(frame: &[u8]) -> Result<ProtocolVersion, SyncError> {
    if frame.len() < HEADER_LEN {
        // A prefix of the magic is a cut frame; anything else is not ours.
        return if FRAME_MAGIC.starts_with(frame) {
            Err(SyncError::Truncated {
                detail: format!("{} of {HEADER_LEN} header bytes", frame.len()),
            })
        } else {
            Err(SyncError::NotAFrame)
        };
    }
    if frame[..FRAME_MAGIC.len()] != FRAME_MAGIC {
        return Err(SyncError::NotAFrame);
    }
    Ok(ProtocolVersion(u16::from_be_bytes([frame[4], frame[5]])))
}

/// Decode a frame into a message of type `T`.
pub fn decode<T: DeserializeOwned>(frame: &[u8], limits: &Limits) -> Result<T, SyncError> {
    check_size("frame", frame.len(), limits.max_frame)?;
    let version = frame_protocol(frame)?;
    if version < ProtocolVersion::OLDEST || version > ProtocolVersion::CURRENT {
        return Err(SyncError::UnsupportedProtocol {
            got: version.0,
            min: ProtocolVersion::OLDEST.0,
            max: ProtocolVersion::CURRENT.0,
        });
    }
    let json = decompress(&frame[HEADER_LEN..], limits.max_body)?;
    serde_json::from_slice(&json).map_err(|e| {
        if e.is_eof() {
            SyncError::Truncated {
                detail: format!("JSON body ends early: {e}"),
            }
        } else {
            SyncError::Malformed {
                detail: e.to_string(),
            }
        }
    })
}

fn decompress(body: &[u8], max_body: usize) -> Result<Vec<u8>, SyncError> {
    if body.is_empty() {
        return Err(SyncError::Truncated {
            detail: "no compressed body".into(),
        });
    }
    let decoder = zstd::stream::read::Decoder::with_buffer(body).map_err(corrupt)?;
    let mut json = Vec::new();
    // One byte past the limit tells "too large" from "exactly the limit".
    let cap = u64::try_from(max_body)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    decoder
        .take(cap)
        .read_to_end(&mut json)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => SyncError::Truncated {
                detail: format!("compressed body ends early: {e}"),
            },
            _ => corrupt(e),
        })?;
    check_size("body", json.len(), max_body)?;
    Ok(json)
}

fn corrupt(e: std::io::Error) -> SyncError {
    SyncError::Corrupt {
        detail: e.to_string(),
    }
}

fn check_size(what: &'static str, size: usize, limit: usize) -> Result<(), SyncError> {
    if size > limit {
        return Err(SyncError::Oversized { what, size, limit });
    }
    Ok(())
}
