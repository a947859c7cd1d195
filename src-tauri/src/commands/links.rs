//! The link review: the pairs the linker could not decide, and an analyst's confirm (merge) or
//! reject (keep apart). Decisions go through `Session::with_workspace_mut`, which brings the
//! main screen's view up to date before answering, so a merged incident is gone from the map
//! and the table the next time they ask.

use atalaya::links::{LinkDecision, LinkQueue};
use tauri::State;

use super::blocking;
use crate::error::CommandError;
use crate::session::Session;

#[tauri::command]
pub async fn links_queue(
    session: State<'_, Session>,
    limit: u64,
) -> Result<LinkQueue, CommandError> {
    let session = session.inner().clone();
    blocking(move || session.with_workspace(|ws| ws.link_queue(limit))).await
}

#[tauri::command]
pub async fn link_confirm(
    session: State<'_, Session>,
    id: String,
) -> Result<LinkDecision, CommandError> {
    let session = session.inner().clone();
    blocking(move || session.with_workspace_mut("link_confirm", |ws| ws.link_confirm(&id))).await
}

#[tauri::command]
pub async fn link_reject(
    session: State<'_, Session>,
    id: String,
) -> Result<LinkDecision, CommandError> {
    let session = session.inner().clone();
    blocking(move || session.with_workspace_mut("link_reject", |ws| ws.link_reject(&id))).await
}
