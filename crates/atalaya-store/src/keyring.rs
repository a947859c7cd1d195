//! The OS keyring as a home for store keys (service `atalaya`, user = store id).
//!
//! Uses the keyring family directly (`keyring-core` + the platform store) so tests can install
//! the mock store. On Linux that is the Secret Service over D-Bus; where none is reachable
//! (a headless box), the call fails at once with a clear error instead of hanging.

use std::sync::Mutex;

use keyring_core::Entry;

use crate::keys::DbKey;
use crate::{Result, StoreError};

const SERVICE: &str = "atalaya";
static INIT: Mutex<bool> = Mutex::new(false);

/// Install the platform credential store as the default, once, unless one is already set
/// (tests set `keyring_core::mock::Store` first).
pub fn ensure_default_store() -> Result<()> {
    let mut done = INIT.lock().unwrap_or_else(|p| p.into_inner());
    if *done || keyring_core::get_default_store().is_some() {
        *done = true;
        return Ok(());
    }
    platform_store()?;
    *done = true;
    Ok(())
}

#[cfg(target_os = "linux")]
fn platform_store() -> Result<()> {
    let store = zbus_secret_service_keyring_store::Store::new().map_err(|e| {
        StoreError::KeyringUnavailable {
            reason: e.to_string(),
        }
    })?;
    keyring_core::set_default_store(store);
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn platform_store() -> Result<()> {
    Err(StoreError::KeyringUnavailable {
        reason: "no keyring store is wired for this platform yet".into(),
    })
}

fn entry(store_id: &str) -> Result<Entry> {
    ensure_default_store()?;
    Entry::new(SERVICE, store_id).map_err(|e| StoreError::KeyringUnavailable {
        reason: e.to_string(),
    })
}

/// Keep `key` in the keyring for `store_id`.
pub fn put(store_id: &str, key: &DbKey) -> Result<()> {
    entry(store_id)?
        .set_password(&key.to_hex())
        .map_err(|e| StoreError::KeyringUnavailable {
            reason: e.to_string(),
        })
}

/// Fetch the key for `store_id`; `Ok(None)` when the keyring has no such entry.
pub fn get(store_id: &str) -> Result<Option<DbKey>> {
    match entry(store_id)?.get_password() {
        Ok(text) => DbKey::from_hex(&text).map(Some).ok_or_else(|| {
            StoreError::Keyring(format!(
                "the keyring entry for store {store_id} is not a key"
            ))
        }),
        Err(keyring_core::Error::NoEntry) => Ok(None),
        Err(e) => Err(StoreError::KeyringUnavailable {
            reason: e.to_string(),
        }),
    }
}

/// Remove the key for `store_id` (missing is fine).
pub fn delete(store_id: &str) -> Result<()> {
    match entry(store_id)?.delete_credential() {
        Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
        Err(e) => Err(StoreError::Keyring(e.to_string())),
    }
}

/// Keep another secret of a store (e.g. its sync device token) under `name`.
pub fn put_secret(name: &str, secret: &str) -> Result<()> {
    entry(name)?
        .set_password(secret)
        .map_err(|e| StoreError::KeyringUnavailable {
            reason: e.to_string(),
        })
}

/// Fetch the secret kept under `name`; `Ok(None)` when there is none.
pub fn get_secret(name: &str) -> Result<Option<String>> {
    match entry(name)?.get_password() {
        Ok(text) => Ok(Some(text)),
        Err(keyring_core::Error::NoEntry) => Ok(None),
        Err(e) => Err(StoreError::KeyringUnavailable {
            reason: e.to_string(),
        }),
    }
}
