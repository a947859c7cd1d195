//! Where the server keeps its state, behind one trait: [`SyncStorage`]. Each backend runs the
//! sync rules of `atalaya-sync` (`server_state::push` / `pull`) over its own
//! [`ServerStore`](atalaya_sync::server_state::ServerStore) inside one transaction, and keeps
//! users and devices. SQLite is the embedded default; PostgreSQL serves several server processes
//! sharing one database.

mod codec;
mod postgresql;
mod sqlite;

pub use postgresql::PostgresStorage;
pub use sqlite::SqliteStorage;

use crate::ServerError;
use crate::access::{Caller, DeviceInfo, Jurisdiction, PasswordHash, UserInfo};
use atalaya_model::{DeviceId, Role};
use atalaya_sync::server_state::Scope;
use atalaya_sync::wire::{PullPage, PullRequest, PushAck, PushBatch};
use serde::Serialize;

/// What a push did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushOutcome {
    /// The answer for the device.
    pub ack: PushAck,
    /// Every change of the batch was settled before it arrived: nothing was applied.
    pub replay: bool,
}

/// A summary of everything stored, with a digest that changes whenever anything does (tests
/// compare it before and after a refused request; admins can read it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Census {
    /// Last server sequence number.
    pub head: u64,
    /// Records stored.
    pub records: u64,
    /// Conflicts, open and resolved.
    pub conflicts: u64,
    /// Open conflicts.
    pub open_conflicts: u64,
    /// Users.
    pub users: u64,
    /// Devices, revoked included.
    pub devices: u64,
    /// BLAKE3 (hex) over every stored row of every table.
    pub digest: String,
}

/// A user's stored credentials.
#[derive(Clone, Debug)]
pub struct Credentials {
    /// The user.
    pub user: UserInfo,
    /// Their password hash.
    pub password: PasswordHash,
}

/// A device the token names, and whether it was revoked.
#[derive(Clone, Debug)]
pub struct TokenOwner {
    /// The device and its user.
    pub caller: Caller,
    /// Revoked devices are refused.
    pub revoked: bool,
}

/// A new device to register.
#[derive(Clone, Debug)]
pub struct NewDevice<'a> {
    /// Its id.
    pub device: DeviceId,
    /// The user registering it.
    pub username: &'a str,
    /// Its label.
    pub name: &'a str,
    /// Hash of its token.
    pub token_hash: [u8; 32],
    /// Now, Unix milliseconds.
    pub now_ms: i64,
}

/// The server's storage. Every method is blocking and runs in one transaction; the HTTP layer
/// calls them from blocking threads.
pub trait SyncStorage: Send + Sync {
    /// Apply a push batch atomically under the caller's scope (`atalaya-sync`'s rules).
    fn push(&self, batch: &PushBatch, scope: &dyn Scope) -> Result<PushOutcome, ServerError>;

    /// Serve one pull page under the caller's scope (`atalaya-sync`'s rules).
    fn pull(&self, request: &PullRequest, scope: &dyn Scope) -> Result<PullPage, ServerError>;

    /// Add a user with no jurisdiction yet.
    fn add_user(
        &self,
        username: &str,
        role: Role,
        password: &PasswordHash,
    ) -> Result<UserInfo, ServerError>;

    /// Change a user's role (a field user must already hold cuadrantes).
    fn set_role(&self, username: &str, role: Role) -> Result<UserInfo, ServerError>;

    /// Change a user's jurisdiction (never `All` for a field user).
    fn set_jurisdiction(
        &self,
        username: &str,
        jurisdiction: &Jurisdiction,
    ) -> Result<UserInfo, ServerError>;

    /// A user with their password hash.
    fn credentials(&self, username: &str) -> Result<Option<Credentials>, ServerError>;

    /// Every user, by name.
    fn users(&self) -> Result<Vec<UserInfo>, ServerError>;

    /// Register a device (or give a device of the same user a new token).
    fn register_device(&self, device: &NewDevice<'_>) -> Result<DeviceInfo, ServerError>;

    /// The device a token hash belongs to.
    fn token_owner(&self, token_hash: &[u8; 32]) -> Result<Option<TokenOwner>, ServerError>;

    /// Every device, by registration.
    fn devices(&self) -> Result<Vec<DeviceInfo>, ServerError>;

    /// Revoke a device: its token is refused from now on.
    fn revoke_device(&self, device: DeviceId) -> Result<DeviceInfo, ServerError>;

    /// Counts and a digest of everything stored.
    fn census(&self) -> Result<Census, ServerError>;
}
