//! How sync values map to SQL columns (both backends): record keys as JSON text, devices as
//! 16-byte blobs, counters as 64-bit integers (client numbers beyond i64 are refused before
//! they get here).

use crate::ServerError;
use atalaya_model::DeviceId;
use atalaya_sync::wire::{RowId, RowRef};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A record reference as its two key columns.
pub fn row_key(row: &RowRef) -> Result<(String, String), ServerError> {
    Ok((row.table.clone(), to_json("record key", &row.id)?))
}

/// A record reference from its two key columns.
pub fn row_ref(table: String, key: &str) -> Result<RowRef, ServerError> {
    Ok(RowRef::new(table, from_json::<RowId>("record key", key)?))
}

/// A device id as a blob.
pub fn device_blob(device: DeviceId) -> [u8; 16] {
    *device.as_bytes()
}

/// A device id from a blob.
pub fn device_from_blob(blob: &[u8]) -> Result<DeviceId, ServerError> {
    let bytes: [u8; 16] = blob.try_into().map_err(|_| ServerError::StorageCorrupt {
        what: "device id",
        detail: format!("{} bytes, not 16", blob.len()),
    })?;
    Ok(DeviceId::from_bytes(bytes))
}

/// A counter as an INTEGER.
pub fn int(what: &'static str, value: u64) -> Result<i64, ServerError> {
    i64::try_from(value).map_err(|_| ServerError::OutOfRange {
        what,
        value,
        max: i64::MAX as u64,
    })
}

/// An INTEGER counter back.
pub fn uint(what: &'static str, value: i64) -> Result<u64, ServerError> {
    u64::try_from(value).map_err(|_| ServerError::StorageCorrupt {
        what,
        detail: format!("negative {value}"),
    })
}

/// JSON text of a stored value.
pub fn to_json<T: Serialize + ?Sized>(
    what: &'static str,
    value: &T,
) -> Result<String, ServerError> {
    serde_json::to_string(value).map_err(|e| ServerError::StorageCorrupt {
        what,
        detail: e.to_string(),
    })
}

/// A stored value from its JSON text.
pub fn from_json<T: DeserializeOwned>(what: &'static str, text: &str) -> Result<T, ServerError> {
    serde_json::from_str(text).map_err(|e| ServerError::StorageCorrupt {
        what,
        detail: e.to_string(),
    })
}
