//! Where a device token lives: the OS keyring when one is reachable (service `atalaya`, name
//! `sync-token:<store id>`), else inside the encrypted store's sync state — a headless box has
//! no keyring, and the store is the one place there already protected by the store key.

use atalaya_store::{Store, StoreError, keyring};

use super::SyncError;

const STATE_KEY: &str = "device_token";

fn name(store: &Store) -> String {
    format!("sync-token:{}", store.store_id())
}

/// Keep `token` for this store; returns where (`keyring` or `store`).
pub fn save(store: &mut Store, token: &str) -> Result<&'static str, SyncError> {
    match keyring::put_secret(&name(store), token) {
        Ok(()) => {
            // A token kept in the keyring must not linger in the store from an earlier run.
            let tx = store.sync_book_tx()?;
            tx.book().set(STATE_KEY, "")?;
            tx.commit()?;
            Ok("keyring")
        }
        Err(StoreError::KeyringUnavailable { .. }) => {
            let tx = store.sync_book_tx()?;
            tx.book().set(STATE_KEY, token)?;
            tx.commit()?;
            Ok("store")
        }
        Err(e) => Err(e.into()),
    }
}

/// The token kept for this store, if any.
pub fn load(store: &Store) -> Result<Option<String>, SyncError> {
    match keyring::get_secret(&name(store)) {
        Ok(Some(token)) => return Ok(Some(token)),
        Ok(None) | Err(StoreError::KeyringUnavailable { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(store.sync_book().get(STATE_KEY)?.filter(|t| !t.is_empty()))
}
