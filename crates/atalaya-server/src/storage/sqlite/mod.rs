//! The SQLite backend: one plain database file under the data directory, WAL, one connection
//! behind a mutex (SQLite serializes writers anyway, and a pull writes too: what each device
//! holds). Every operation is one `BEGIN IMMEDIATE` transaction.

mod accounts;
mod census;
mod records;

use super::{Census, Credentials, NewDevice, PushOutcome, SyncStorage, TokenOwner};
use crate::ServerError;
use crate::access::{DeviceInfo, Jurisdiction, PasswordHash, UserInfo};
use atalaya_model::{DeviceId, Role};
use atalaya_sync::merge::FieldPolicy;
use atalaya_sync::server_state::{Scope, ServerStore, pull, push};
use atalaya_sync::wire::{PullPage, PullRequest, PushBatch};
use records::Records;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "atalaya-server.sqlite3";

const MIGRATIONS: &[&str] = &[include_str!("schema.sql")];

/// The SQLite storage.
#[derive(Debug)]
pub struct SqliteStorage {
    conn: Mutex<Connection>,
    policy: FieldPolicy,
    path: PathBuf,
}

impl SqliteStorage {
    /// Open (creating if needed) the database in `data_dir`, with Atalaya's field policy.
    pub fn open(data_dir: &Path) -> Result<Self, ServerError> {
        Self::open_with(data_dir, FieldPolicy::atalaya())
    }

    /// Open with another field policy (tests).
    pub fn open_with(data_dir: &Path, policy: FieldPolicy) -> Result<Self, ServerError> {
        std::fs::create_dir_all(data_dir).map_err(|source| ServerError::Io {
            action: "create data directory",
            path: data_dir.to_owned(),
            source,
        })?;
        let path = data_dir.join(DB_FILE);
        let mut conn = Connection::open(&path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
            policy,
            path,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic mid-transaction dropped (so rolled back) its transaction: the connection is
        // still sound.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, ServerError>,
    ) -> Result<T, ServerError> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

fn migrate(conn: &mut Connection) -> Result<(), ServerError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (version, sql) in (1i64..).zip(MIGRATIONS).skip_while(|(v, _)| *v <= version) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

impl SyncStorage for SqliteStorage {
    fn push(&self, batch: &PushBatch, scope: &dyn Scope) -> Result<PushOutcome, ServerError> {
        self.write(|tx| {
            let mut records = Records::new(tx, &self.policy);
            let settled = records.applied_up_to(batch.device)?;
            let replay = !batch.changes.is_empty() && batch.last_change_no() <= settled;
            let ack = push(&mut records, batch, scope)?;
            Ok(PushOutcome { ack, replay })
        })
    }

    fn pull(&self, request: &PullRequest, scope: &dyn Scope) -> Result<PullPage, ServerError> {
        self.write(|tx| pull(&mut Records::new(tx, &self.policy), request, scope))
    }

    fn add_user(
        &self,
        username: &str,
        role: Role,
        password: &PasswordHash,
    ) -> Result<UserInfo, ServerError> {
        self.write(|tx| accounts::add_user(tx, username, role, password))
    }

    fn set_role(&self, username: &str, role: Role) -> Result<UserInfo, ServerError> {
        self.write(|tx| accounts::set_role(tx, username, role))
    }

    fn set_jurisdiction(
        &self,
        username: &str,
        jurisdiction: &Jurisdiction,
    ) -> Result<UserInfo, ServerError> {
        self.write(|tx| accounts::set_jurisdiction(tx, username, jurisdiction))
    }

    fn credentials(&self, username: &str) -> Result<Option<Credentials>, ServerError> {
        accounts::credentials(&self.lock(), username)
    }

    fn users(&self) -> Result<Vec<UserInfo>, ServerError> {
        accounts::users(&self.lock())
    }

    fn register_device(&self, device: &NewDevice<'_>) -> Result<DeviceInfo, ServerError> {
        self.write(|tx| accounts::register_device(tx, device))
    }

    fn token_owner(&self, token_hash: &[u8; 32]) -> Result<Option<TokenOwner>, ServerError> {
        accounts::token_owner(&self.lock(), token_hash)
    }

    fn devices(&self) -> Result<Vec<DeviceInfo>, ServerError> {
        accounts::devices(&self.lock())
    }

    fn revoke_device(&self, device: DeviceId) -> Result<DeviceInfo, ServerError> {
        self.write(|tx| accounts::revoke_device(tx, device))
    }

    fn census(&self) -> Result<Census, ServerError> {
        census::census(&self.lock())
    }
}
