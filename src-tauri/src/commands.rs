//! The Tauri commands, mirrored one to one by `ui/src/lib/api.ts`.
//!
//! Each is a thin async adapter: it moves the call onto a blocking thread (store calls do file
//! I/O and key derivation), calls one `Session` method and returns its result or error.

use atalaya::Stats;
use tauri::State;

use crate::error::CommandError;
use crate::session::{Session, StoreStatus};

#[tauri::command]
pub async fn store_status(session: State<'_, Session>) -> Result<StoreStatus, CommandError> {
    let session = session.inner().clone();
    blocking(move || session.status()).await
}

#[tauri::command]
pub async fn unlock(
    session: State<'_, Session>,
    passphrase: Option<String>,
) -> Result<(), CommandError> {
    let session = session.inner().clone();
    blocking(move || session.unlock(passphrase)).await
}

#[tauri::command]
pub async fn stats(session: State<'_, Session>) -> Result<Stats, CommandError> {
    let session = session.inner().clone();
    blocking(move || session.stats()).await
}

async fn blocking<T, F>(work: F) -> Result<T, CommandError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, CommandError> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(CommandError::internal)?
}
