//! The store this window works on: where it is, how it is unlocked, and the open `Workspace`.
//!
//! Every method here does file I/O or key derivation: call them off the UI thread.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use atalaya::{IncidentView, OpenOptions, Stats, Workspace};
use serde::Serialize;

use crate::error::CommandError;

/// Whether the store exists and what the UI must do before reading it (`store_status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoreStatus {
    /// The database file, for display.
    pub path: String,
    /// Whether there is a file at `path`.
    pub exists: bool,
    /// The UI must ask for a passphrase: no keyring copy of the key and none in the environment.
    pub needs_passphrase: bool,
    /// Whether this session already holds the open store.
    pub unlocked: bool,
}

/// Tauri managed state; cheap to clone into a blocking task.
#[derive(Clone)]
pub struct Session(Arc<Inner>);

struct Inner {
    path: PathBuf,
    env_passphrase: Option<String>,
    workspace: Mutex<Option<Open>>,
    /// The newest request generation the UI sent per channel (`map`, `table`, …).
    latest: Mutex<HashMap<&'static str, u64>>,
    log_timings: bool,
}

/// The open store and its in-memory view (caught up when a write made it stale).
struct Open {
    workspace: Workspace,
    view: IncidentView,
}

impl Session {
    /// A locked session on the store at `path`; `env_passphrase` is used when the UI gives none.
    pub fn new(path: PathBuf, env_passphrase: Option<String>) -> Self {
        Self(Arc::new(Inner {
            path,
            env_passphrase: env_passphrase.filter(|p| !p.is_empty()),
            workspace: Mutex::new(None),
            latest: Mutex::new(HashMap::new()),
            log_timings: std::env::var_os("ATALAYA_TIMINGS").is_some_and(|v| v != "0"),
        }))
    }

    /// `ATALAYA_DB` (else the default store path) and `ATALAYA_PASSPHRASE`.
    pub fn from_env() -> Self {
        let path = std::env::var_os("ATALAYA_DB")
            .filter(|value| !value.is_empty())
            .map_or_else(atalaya::default_store_path, PathBuf::from);
        Self::new(path, std::env::var("ATALAYA_PASSPHRASE").ok())
    }

    /// The store's database file.
    pub fn path(&self) -> &Path {
        &self.0.path
    }

    /// Where the store is and what the UI must do before reading it.
    pub fn status(&self) -> Result<StoreStatus, CommandError> {
        let path = self.path();
        let exists = path.exists();
        let unlocked = self.slot().is_some();
        let needs_passphrase = exists
            && !unlocked
            && self.0.env_passphrase.is_none()
            && atalaya::store_needs_passphrase(path)?;
        Ok(StoreStatus {
            path: path.display().to_string(),
            exists,
            needs_passphrase,
            unlocked,
        })
    }

    /// Opens the store with `passphrase`, else `ATALAYA_PASSPHRASE`, else the keyring.
    pub fn unlock(&self, passphrase: Option<String>) -> Result<(), CommandError> {
        let passphrase = passphrase
            .filter(|p| !p.is_empty())
            .or_else(|| self.0.env_passphrase.clone());
        let options = OpenOptions::new(self.path()).with_passphrase(passphrase);
        let started = Instant::now();
        let workspace = Workspace::open(&options)?;
        let opened = started.elapsed();
        let view = workspace.incident_view()?;
        self.log(|| {
            format!(
                "unlock: open {} ms, view of {} incidents ({} MB) {} ms",
                opened.as_millis(),
                view.len(),
                view.heap_bytes() / 1_000_000,
                (started.elapsed() - opened).as_millis()
            )
        });
        *self.slot() = Some(Open { workspace, view });
        Ok(())
    }

    /// Counts over the whole store; `store_locked` until [`Session::unlock`] succeeded.
    pub fn stats(&self) -> Result<Stats, CommandError> {
        let slot = self.slot();
        let open = slot.as_ref().ok_or_else(CommandError::store_locked)?;
        let started = Instant::now();
        let stats = open.workspace.stats()?;
        self.log(|| format!("stats: {:.1} ms", started.elapsed().as_secs_f64() * 1000.0));
        Ok(stats)
    }

    /// Runs `work` on the open store and a current view (caught up first if a write made it
    /// stale); `store_locked` until [`Session::unlock`] succeeded.
    pub fn with_view<T>(
        &self,
        what: &str,
        work: impl FnOnce(&Workspace, &IncidentView) -> atalaya::Result<T>,
    ) -> Result<T, CommandError> {
        let mut slot = self.slot();
        let open = slot.as_mut().ok_or_else(CommandError::store_locked)?;
        let started = Instant::now();
        open.workspace.refresh_view(&mut open.view)?;
        let out = work(&open.workspace, &open.view)?;
        self.log(|| format!("{what}: {:.1} ms", started.elapsed().as_secs_f64() * 1000.0));
        Ok(out)
    }

    /// Runs `work` on the open store without its view (imports' previews and the quarantine
    /// list); `store_locked` until [`Session::unlock`] succeeded.
    pub fn with_workspace<T>(
        &self,
        work: impl FnOnce(&Workspace) -> atalaya::Result<T>,
    ) -> Result<T, CommandError> {
        let slot = self.slot();
        let open = slot.as_ref().ok_or_else(CommandError::store_locked)?;
        Ok(work(&open.workspace)?)
    }

    /// Runs `work` on the open store, if it is open (`None` while locked). The view is caught
    /// up lazily by the next query (sync sessions write in many small steps).
    pub fn with_open_workspace<T>(&self, work: impl FnOnce(&mut Workspace) -> T) -> Option<T> {
        let mut slot = self.slot();
        slot.as_mut().map(|open| work(&mut open.workspace))
    }

    /// Runs a write (`work`) on the open store, then catches the view up if the write made it
    /// stale — also when the write failed or was cancelled part way, since committed chunks
    /// stay — so the main screen's next query is answered at once and sees the new rows.
    pub fn with_workspace_mut<T>(
        &self,
        what: &str,
        work: impl FnOnce(&mut Workspace) -> atalaya::Result<T>,
    ) -> Result<T, CommandError> {
        let mut slot = self.slot();
        let open = slot.as_mut().ok_or_else(CommandError::store_locked)?;
        let started = Instant::now();
        let out = work(&mut open.workspace);
        open.workspace.refresh_view(&mut open.view)?;
        self.log(|| format!("{what}: {:.1} ms", started.elapsed().as_secs_f64() * 1000.0));
        Ok(out?)
    }

    /// Records that the UI sent request `generation` on `channel`.
    pub fn announce(&self, channel: &'static str, generation: u64) {
        let mut latest = self.0.latest.lock().unwrap_or_else(PoisonError::into_inner);
        let newest = latest.entry(channel).or_insert(generation);
        *newest = (*newest).max(generation);
    }

    /// `superseded` when the UI has sent a newer request on `channel` since `generation`: the
    /// answer would be thrown away, so the work is not done.
    pub fn still_wanted(&self, channel: &'static str, generation: u64) -> Result<(), CommandError> {
        let latest = self.0.latest.lock().unwrap_or_else(PoisonError::into_inner);
        match latest.get(channel) {
            Some(newest) if *newest > generation => Err(CommandError::superseded(channel)),
            _ => Ok(()),
        }
    }

    fn log(&self, line: impl FnOnce() -> String) {
        if self.0.log_timings {
            eprintln!("atalaya-desktop: {}", line());
        }
    }

    fn slot(&self) -> MutexGuard<'_, Option<Open>> {
        // A panic in another command cannot leave a half-written `Option`: keep serving.
        self.0
            .workspace
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}
