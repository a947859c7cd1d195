//! The store this window works on: where it is, how it is unlocked, and the open `Workspace`.
//!
//! Every method here does file I/O or key derivation: call them off the UI thread.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use atalaya::{OpenOptions, Stats, Workspace};
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
    workspace: Mutex<Option<Workspace>>,
}

impl Session {
    /// A locked session on the store at `path`; `env_passphrase` is used when the UI gives none.
    pub fn new(path: PathBuf, env_passphrase: Option<String>) -> Self {
        Self(Arc::new(Inner {
            path,
            env_passphrase: env_passphrase.filter(|p| !p.is_empty()),
            workspace: Mutex::new(None),
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
        let workspace = Workspace::open(&options)?;
        *self.slot() = Some(workspace);
        Ok(())
    }

    /// Counts over the whole store; `store_locked` until [`Session::unlock`] succeeded.
    pub fn stats(&self) -> Result<Stats, CommandError> {
        let slot = self.slot();
        let workspace = slot.as_ref().ok_or_else(CommandError::store_locked)?;
        Ok(workspace.stats()?)
    }

    fn slot(&self) -> MutexGuard<'_, Option<Workspace>> {
        // A panic in another command cannot leave a half-written `Option`: keep serving.
        self.0
            .workspace
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}
