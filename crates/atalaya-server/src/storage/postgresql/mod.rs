//! The PostgreSQL backend, for a city-wide deployment: the same tables as SQLite. Every
//! operation is one transaction that first takes a transaction-scoped advisory lock, so
//! pushes and pulls are serialized across every server process sharing the database (the
//! server sequence must be assigned in commit order, or a pull could pass over a number that
//! commits later). One connection per process, behind a mutex; a pool is a later step.

mod accounts;
mod records;

use super::{Census, Credentials, NewDevice, PushOutcome, SyncStorage, TokenOwner};
use crate::ServerError;
use crate::access::{DeviceInfo, Jurisdiction, PasswordHash, UserInfo};
use atalaya_model::{DeviceId, Role};
use atalaya_sync::merge::FieldPolicy;
use atalaya_sync::server_state::{Scope, ServerStore, pull, push};
use atalaya_sync::wire::{PullPage, PullRequest, PushBatch};
use postgres::{Client, NoTls, Transaction};
use records::Records;
use std::sync::{Mutex, MutexGuard};

const MIGRATIONS: &[&str] = &[include_str!("schema.sql")];
/// The advisory lock every write transaction takes (any constant shared by all processes).
const WRITE_LOCK: i64 = 0x4154_5359; // "ATSY"

/// The PostgreSQL storage.
pub struct PostgresStorage {
    /// `None` only while being dropped (see the `Drop` impl).
    client: Mutex<Option<Client>>,
    policy: FieldPolicy,
}

impl std::fmt::Debug for PostgresStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PostgresStorage")
    }
}

impl PostgresStorage {
    /// Connect (`postgres://…` or `host=… dbname=…`) and bring the schema up to date.
    pub fn open(url: &str) -> Result<Self, ServerError> {
        let mut client = Client::connect(url, NoTls)?;
        migrate(&mut client)?;
        Ok(Self {
            client: Mutex::new(Some(client)),
            policy: FieldPolicy::atalaya(),
        })
    }

    fn lock(&self) -> Connection<'_> {
        // A panic mid-transaction dropped (so rolled back) its transaction.
        Connection(self.client.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn write<T>(
        &self,
        f: impl FnOnce(&mut Transaction<'_>) -> Result<T, ServerError>,
    ) -> Result<T, ServerError> {
        let mut client = self.lock();
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
        let out = f(&mut tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// The `postgres` client closes its connection on a tokio runtime of its own, which cannot
/// start on a thread already driving tokio, and the server drops its storage there when it
/// stops. So the client is closed on a thread of its own.
impl Drop for PostgresStorage {
    fn drop(&mut self) {
        let client = self
            .client
            .get_mut()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(client) = client {
            // A panic while closing has nothing left to corrupt: the connection is going away.
            let _ = std::thread::spawn(move || drop(client)).join();
        }
    }
}

/// The locked client.
struct Connection<'a>(MutexGuard<'a, Option<Client>>);

impl std::ops::Deref for Connection<'_> {
    type Target = Client;

    fn deref(&self) -> &Client {
        self.0.as_ref().expect("the client is taken only by drop")
    }
}

impl std::ops::DerefMut for Connection<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        self.0.as_mut().expect("the client is taken only by drop")
    }
}

fn migrate(client: &mut Client) -> Result<(), ServerError> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL)")?;
    let version: i32 = tx
        .query_opt("SELECT version FROM schema_version", &[])?
        .map_or(0, |r| r.get(0));
    for (v, sql) in (1i32..).zip(MIGRATIONS).skip_while(|(v, _)| *v <= version) {
        tx.batch_execute(sql)?;
        tx.execute("DELETE FROM schema_version", &[])?;
        tx.execute("INSERT INTO schema_version (version) VALUES ($1)", &[&v])?;
    }
    tx.commit()?;
    Ok(())
}

impl SyncStorage for PostgresStorage {
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
        self.write(|tx| accounts::credentials(tx, username))
    }

    fn users(&self) -> Result<Vec<UserInfo>, ServerError> {
        self.write(accounts::users)
    }

    fn register_device(&self, device: &NewDevice<'_>) -> Result<DeviceInfo, ServerError> {
        self.write(|tx| accounts::register_device(tx, device))
    }

    fn token_owner(&self, token_hash: &[u8; 32]) -> Result<Option<TokenOwner>, ServerError> {
        // A read: no need to wait for the write lock.
        let mut client = self.lock();
        let mut tx = client.transaction()?;
        let owner = accounts::token_owner(&mut tx, token_hash)?;
        tx.commit()?;
        Ok(owner)
    }

    fn devices(&self) -> Result<Vec<DeviceInfo>, ServerError> {
        self.write(accounts::devices)
    }

    fn revoke_device(&self, device: DeviceId) -> Result<DeviceInfo, ServerError> {
        self.write(|tx| accounts::revoke_device(tx, device))
    }

    fn census(&self) -> Result<Census, ServerError> {
        self.write(census)
    }
}

const TABLES: &[&str] = &[
    "meta",
    "record",
    "conflict",
    "device_ledger",
    "refusal",
    "held",
    "account",
    "device",
];

fn census(tx: &mut Transaction<'_>) -> Result<Census, ServerError> {
    let mut count = |sql: &str| -> Result<u64, ServerError> {
        let n: i64 = tx.query_one(sql, &[])?.get(0);
        Ok(u64::try_from(n).unwrap_or(0))
    };
    let (head, records) = (
        count("SELECT value FROM meta WHERE key = 'seq'")?,
        count("SELECT count(*) FROM record")?,
    );
    let (conflicts, open_conflicts) = (
        count("SELECT count(*) FROM conflict")?,
        count("SELECT count(*) FROM conflict WHERE open")?,
    );
    let (users, devices) = (
        count("SELECT count(*) FROM account")?,
        count("SELECT count(*) FROM device")?,
    );
    let mut hasher = blake3::Hasher::new();
    for table in TABLES {
        // A row's text form covers every column; row order is not part of the state.
        let mut lines: Vec<String> = tx
            .query(&format!("SELECT t::text FROM {table} t"), &[])?
            .iter()
            .map(|r| r.get(0))
            .collect();
        lines.sort();
        hasher.update(table.as_bytes());
        for line in lines {
            hasher.update(line.as_bytes());
            hasher.update(b"\n");
        }
    }
    Ok(Census {
        head,
        records,
        conflicts,
        open_conflicts,
        users,
        devices,
        digest: hasher.finalize().to_hex().to_string(),
    })
}
