//! The central sync server as the `atalaya serve` and `atalaya server …` commands use it: a
//! configuration that serves this program's store schema, running it until a stop signal,
//! and the administrator's functions over its data. The server itself is `atalaya-server`;
//! this module only fixes what the command line leaves implicit (the schema, where data lives
//! by default) and re-exports the types the commands print.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

pub use atalaya_model::{DeviceId, Role};
pub use atalaya_server::{
    Admin, Database, DeviceInfo, Fingerprint, Jurisdiction, RunningServer, ServerConfig,
    ServerError, StorageConfig, Tls, UserInfo, pinned_client_config,
};

/// Where a server keeps its data by default: `<platform data dir>/atalaya/server`
/// (`~/.local/share/atalaya/server` on Linux).
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("atalaya")
        .join("server")
}

/// Where the state lives: SQLite in `data_dir`, or the PostgreSQL database at `database`.
pub fn storage(data_dir: &Path, database: Option<&str>) -> StorageConfig {
    StorageConfig {
        data_dir: data_dir.to_owned(),
        database: Database::from_url(database),
    }
}

/// A server for this program's store schema, with the default request limits.
pub fn config(listen: SocketAddr, storage: StorageConfig, tls: Tls) -> ServerConfig {
    let schema = atalaya_server::SchemaVersion(
        // Cannot fail: schema versions are small positive numbers (one per migration).
        u32::try_from(atalaya_store::migrations::CURRENT).expect("a small schema version"),
    );
    let mut config = ServerConfig::new(listen, storage.data_dir.clone(), schema);
    config.storage = storage;
    config.tls = tls;
    config
}

/// Serve until SIGINT or SIGTERM; `on_ready` gets the running server first (its URL and
/// certificate fingerprint).
pub fn run(config: ServerConfig, on_ready: impl FnOnce(&RunningServer)) -> Result<(), ServerError> {
    atalaya_server::run(config, on_ready)
}

/// Administer the server whose state `storage` names (it may be running).
pub fn admin(storage: &StorageConfig) -> Result<Admin, ServerError> {
    Admin::open(storage)
}

/// Add a user with a role, a password and, if given, a jurisdiction (without one they see
/// nothing). A jurisdiction the role may not have is refused before the user is added.
pub fn add_user(
    admin: &Admin,
    name: &str,
    role: Role,
    password: &str,
    jurisdiction: Option<&Jurisdiction>,
) -> Result<UserInfo, ServerError> {
    if let Some(jurisdiction) = jurisdiction {
        atalaya_server::access::check_jurisdiction(name, role, jurisdiction)?;
    }
    let user = admin.user_add(name, role, password)?;
    match jurisdiction {
        Some(jurisdiction) => admin.user_jurisdiction(name, jurisdiction),
        None => Ok(user),
    }
}

/// True when the error is about what the caller asked (a CLI exits 2 for these).
pub fn is_usage(error: &ServerError) -> bool {
    error.status() == 400
}
