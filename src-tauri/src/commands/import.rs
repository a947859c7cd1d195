//! The import wizard and the quarantine review: profiles, a preview of a file, an import that
//! reports progress on a channel and can be cancelled, and the quarantine's pages, fixes and
//! accepts. Writes go through `Session::with_workspace_mut`, which brings the main screen's view
//! up to date before answering.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use atalaya::{
    CancelToken, ImportOptions, ImportPreview, ImportProgress, ImportSummary, ProfileChoice,
    QuarantineBatch, QuarantineOutcome, QuarantinePage,
};
use serde::Deserialize;
use tauri::State;
use tauri::ipc::Channel;

use super::blocking;
use crate::error::CommandError;
use crate::session::Session;

/// Least time between two progress messages (the last one is always sent).
const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);

/// How the UI names a profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProfileArg {
    /// Picked from the file's header.
    Auto,
    /// A built-in profile.
    Named {
        /// Its name (`import_profiles`).
        name: String,
    },
    /// A profile TOML file.
    File {
        /// Its path.
        path: String,
    },
}

impl From<ProfileArg> for ProfileChoice {
    fn from(arg: ProfileArg) -> Self {
        match arg {
            ProfileArg::Auto => Self::Auto,
            ProfileArg::Named { name } => Self::Named(name),
            ProfileArg::File { path } => Self::File(path.into()),
        }
    }
}

/// One field edit of a quarantined row.
#[derive(Debug, Clone, Deserialize)]
pub struct FieldEdit {
    /// A column of the file, or a standard field (`date`, `category`, `lon`, …).
    pub field: String,
    /// Its new value.
    pub value: String,
}

/// The import running in this window, if any, by its cancel token (managed state).
#[derive(Clone, Default)]
pub struct RunningImport(Arc<Mutex<Option<CancelToken>>>);

impl RunningImport {
    /// Registers a new import; `import_running` while another one runs.
    fn begin(&self) -> Result<RunningGuard, CommandError> {
        let mut slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if slot.is_some() {
            return Err(CommandError::import_running());
        }
        let token = CancelToken::new();
        *slot = Some(token.clone());
        Ok(RunningGuard {
            running: self.clone(),
            token,
        })
    }

    /// Raises the running import's cancel token; whether there was one.
    fn cancel(&self) -> bool {
        let slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        slot.as_ref().inspect(|t| t.cancel()).is_some()
    }
}

/// Clears the running import when it ends, however it ends.
struct RunningGuard {
    running: RunningImport,
    token: CancelToken,
}

impl Drop for RunningGuard {
    fn drop(&mut self) {
        *self
            .running
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = None;
    }
}

#[tauri::command]
pub async fn import_profiles() -> Result<Vec<atalaya::ProfileInfo>, CommandError> {
    blocking(|| Ok(atalaya::profile_list()?)).await
}

#[tauri::command]
pub async fn import_preview(
    session: State<'_, Session>,
    path: String,
    profile: ProfileArg,
    rows: usize,
    scan: u64,
) -> Result<ImportPreview, CommandError> {
    let session = session.inner().clone();
    let choice = ProfileChoice::from(profile);
    blocking(move || {
        session.with_workspace(|ws| ws.import_preview(&PathBuf::from(path), &choice, rows, scan))
    })
    .await
}

#[tauri::command]
pub async fn import_start(
    session: State<'_, Session>,
    running: State<'_, RunningImport>,
    path: String,
    profile: ProfileArg,
    on_progress: Channel<ImportProgress>,
) -> Result<ImportSummary, CommandError> {
    let guard = running.begin()?;
    let session = session.inner().clone();
    let choice = ProfileChoice::from(profile);
    blocking(move || {
        let mut last_sent: Option<Instant> = None;
        let mut report = |p: &ImportProgress| {
            if p.done || last_sent.is_none_or(|t| t.elapsed() >= PROGRESS_INTERVAL) {
                // A closed window drops the channel: the import goes on regardless.
                let _ = on_progress.send(p.clone());
                last_sent = Some(Instant::now());
            }
        };
        let options = ImportOptions::default();
        session.with_workspace_mut("import", |ws| {
            ws.import_watched(
                &PathBuf::from(path),
                &choice,
                &options,
                &guard.token,
                &mut report,
            )
        })
    })
    .await
}

#[tauri::command]
pub async fn import_cancel(running: State<'_, RunningImport>) -> Result<bool, CommandError> {
    Ok(running.cancel())
}

#[tauri::command]
pub async fn quarantine_page(
    session: State<'_, Session>,
    batch: Option<String>,
    offset: u64,
    limit: u64,
) -> Result<QuarantinePage, CommandError> {
    let session = session.inner().clone();
    blocking(move || {
        session.with_workspace(|ws| ws.quarantine_page(batch.as_deref(), offset, limit))
    })
    .await
}

#[tauri::command]
pub async fn quarantine_batches(
    session: State<'_, Session>,
) -> Result<Vec<QuarantineBatch>, CommandError> {
    let session = session.inner().clone();
    blocking(move || session.with_workspace(|ws| ws.quarantine_batches())).await
}

#[tauri::command]
pub async fn quarantine_fix(
    session: State<'_, Session>,
    id: String,
    edits: Vec<FieldEdit>,
) -> Result<QuarantineOutcome, CommandError> {
    let session = session.inner().clone();
    let sets: Vec<(String, String)> = edits.into_iter().map(|e| (e.field, e.value)).collect();
    blocking(move || {
        session.with_workspace_mut("quarantine_fix", |ws| ws.quarantine_fix(&id, &sets))
    })
    .await
}

#[tauri::command]
pub async fn quarantine_accept(
    session: State<'_, Session>,
    id: String,
) -> Result<QuarantineOutcome, CommandError> {
    let session = session.inner().clone();
    blocking(move || {
        session.with_workspace_mut("quarantine_accept", |ws| ws.quarantine_accept(&id))
    })
    .await
}
