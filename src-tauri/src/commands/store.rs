//! Opening the store: where it is, unlocking it, whole-store counts.

use atalaya::Stats;
use tauri::State;

use super::blocking;
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
