//! The administrator's functions, for `atalaya server user|device …` and the admin endpoints:
//! users, their roles and jurisdictions, devices and their revocation. They work on the
//! storage directly, so they also work while a server runs on the same data (SQLite's WAL lets
//! both in; the server reads users and devices on every request, so a change applies at once).

use crate::access::{DeviceInfo, Jurisdiction, UserInfo, check_username, hash_password};
use crate::storage::{Census, SyncStorage};
use crate::{ServerError, StorageConfig, open_storage};
use atalaya_model::{DeviceId, Role};
use std::sync::Arc;

/// Administration of one server's users and devices.
#[derive(Clone)]
pub struct Admin {
    storage: Arc<dyn SyncStorage>,
}

impl std::fmt::Debug for Admin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Admin")
    }
}

impl Admin {
    /// Administer the server whose state `config` names.
    pub fn open(config: &StorageConfig) -> Result<Self, ServerError> {
        Ok(Self::new(open_storage(config)?))
    }

    /// Administer this storage.
    pub fn new(storage: Arc<dyn SyncStorage>) -> Self {
        Self { storage }
    }

    /// Add a user with a role and a password; they see nothing until given a jurisdiction.
    pub fn user_add(
        &self,
        name: &str,
        role: Role,
        password: &str,
    ) -> Result<UserInfo, ServerError> {
        check_username(name)?;
        let hash = hash_password(password)?;
        self.storage.add_user(name, role, &hash)
    }

    /// Change a user's role.
    pub fn user_role(&self, name: &str, role: Role) -> Result<UserInfo, ServerError> {
        self.storage.set_role(name, role)
    }

    /// Change a user's jurisdiction: all (not for field users) or a set of cuadrantes. Their
    /// devices' next pull starts over: evictions of what they lost, backfill of what they
    /// gained.
    pub fn user_jurisdiction(
        &self,
        name: &str,
        jurisdiction: &Jurisdiction,
    ) -> Result<UserInfo, ServerError> {
        self.storage.set_jurisdiction(name, jurisdiction)
    }

    /// Every user, by name.
    pub fn user_list(&self) -> Result<Vec<UserInfo>, ServerError> {
        self.storage.users()
    }

    /// Every device, oldest registration first.
    pub fn device_list(&self) -> Result<Vec<DeviceInfo>, ServerError> {
        self.storage.devices()
    }

    /// Revoke a device: every later request with its token is refused (`device_revoked`).
    pub fn device_revoke(&self, device: DeviceId) -> Result<DeviceInfo, ServerError> {
        self.storage.revoke_device(device)
    }

    /// Counts and a digest of the server's state.
    pub fn census(&self) -> Result<Census, ServerError> {
        self.storage.census()
    }
}
