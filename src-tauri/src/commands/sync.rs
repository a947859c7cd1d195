//! Sync from the window: the store's sync state for the header, a session now (the same
//! single-flight runner the background loop uses, see `crate::sync_runner`), and the conflict
//! inbox with its resolution, and dismissing refused changes once read. A resolution is an
//! ordinary audited edit, so it goes through `Session::with_workspace_mut` and reaches the
//! server with the next session.

use atalaya::sync::{ConflictOut, Keep, SyncReport, SyncStatus};
use serde::Deserialize;
use tauri::State;

use super::blocking;
use crate::error::CommandError;
use crate::session::Session;
use crate::sync_runner::SyncRunner;

/// Which value a resolution keeps, as the UI names it.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KeepArg {
    /// This workstation's side.
    Mine,
    /// The other workstation's side.
    Theirs,
    /// A value typed by the person resolving.
    Value {
        /// The value (for a category, its taxonomy code).
        value: String,
    },
}

impl From<KeepArg> for Keep {
    fn from(arg: KeepArg) -> Self {
        match arg {
            KeepArg::Mine => Self::Mine,
            KeepArg::Theirs => Self::Theirs,
            KeepArg::Value { value } => Self::Value(value),
        }
    }
}

#[tauri::command]
pub async fn sync_status(session: State<'_, Session>) -> Result<SyncStatus, CommandError> {
    let session = session.inner().clone();
    blocking(move || session.with_workspace(atalaya::Workspace::sync_status)).await
}

#[tauri::command]
pub async fn sync_now(
    session: State<'_, Session>,
    runner: State<'_, SyncRunner>,
) -> Result<SyncReport, CommandError> {
    let session = session.inner().clone();
    let runner = runner.inner().clone();
    blocking(move || runner.run(&session)).await
}

#[tauri::command]
pub async fn conflicts_list(
    session: State<'_, Session>,
    open_only: bool,
) -> Result<Vec<ConflictOut>, CommandError> {
    let session = session.inner().clone();
    blocking(move || session.with_workspace(|ws| ws.conflicts(open_only))).await
}

#[tauri::command]
pub async fn conflict_resolve(
    session: State<'_, Session>,
    id: u64,
    keep: KeepArg,
) -> Result<ConflictOut, CommandError> {
    let session = session.inner().clone();
    let keep = Keep::from(keep);
    blocking(move || {
        session.with_workspace_mut("conflict_resolve", |ws| ws.resolve_conflict(id, &keep))
    })
    .await
}

/// Dismiss refused changes once read: these change numbers, or every one when `None`.
/// Answers how many were dismissed.
#[tauri::command]
pub async fn refusals_dismiss(
    session: State<'_, Session>,
    change_nos: Option<Vec<i64>>,
) -> Result<u64, CommandError> {
    let session = session.inner().clone();
    blocking(move || {
        session.with_workspace_mut("refusals_dismiss", |ws| {
            ws.dismiss_refusals(change_nos.as_deref())
        })
    })
    .await
}
