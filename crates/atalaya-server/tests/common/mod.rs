//! The test harness: a real server on `127.0.0.1:0` over a backend chosen by a factory, torn
//! down by a guard, and a small blocking HTTP client that speaks the sync frames.
#![allow(dead_code)] // each test crate uses a different part

mod client;
pub mod pg_cluster;

pub use client::Device;

use atalaya_model::{DeviceId, Hlc, Role};
use atalaya_server::{
    Admin, Census, Jurisdiction, RequestLimits, RunningServer, ServerConfig, StorageConfig,
};
use atalaya_sync::wire::{FieldChange, PushBatch, RowId, RowRef, SchemaVersion, Stamp, WireValue};
use std::path::Path;
use uuid::Uuid;

/// The store schema the test servers serve.
pub const SCHEMA: SchemaVersion = SchemaVersion(6);

/// Makes the storage part of a server's configuration: one per backend.
pub trait Backend {
    /// The storage of a fresh server whose data directory is `dir`.
    fn storage(&self, dir: &Path) -> StorageConfig;
}

/// The embedded SQLite backend.
pub struct Sqlite;

impl Backend for Sqlite {
    fn storage(&self, dir: &Path) -> StorageConfig {
        StorageConfig::sqlite(dir)
    }
}

/// A running server; dropping it shuts the server down and removes its data.
pub struct TestServer {
    server: Option<RunningServer>,
    runtime: tokio::runtime::Runtime,
    pub admin: Admin,
    pub url: String,
    pub http: reqwest::blocking::Client,
    _dir: tempfile::TempDir,
}

impl TestServer {
    /// A server with the default limits.
    pub fn start(backend: &dyn Backend) -> Self {
        Self::start_with(backend, RequestLimits::default())
    }

    /// A server with these limits.
    pub fn start_with(backend: &dyn Backend, limits: RequestLimits) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let mut config = ServerConfig::new("127.0.0.1:0".parse().unwrap(), dir.path(), SCHEMA);
        config.storage = backend.storage(dir.path());
        config.limits = limits;
        let admin = Admin::open(&config.storage).expect("admin opens the storage");
        let server = runtime
            .block_on(atalaya_server::serve(config))
            .expect("server starts");
        Self {
            url: server.url(),
            server: Some(server),
            runtime,
            admin,
            http: plain_http_client(),
            _dir: dir,
        }
    }

    /// Everything stored, summarized.
    pub fn census(&self) -> Census {
        self.admin.census().expect("census")
    }

    /// Add a user with this role and jurisdiction; the password is `password-of-<name>`.
    pub fn user(&self, name: &str, role: Role, jurisdiction: Jurisdiction) {
        self.admin
            .user_add(name, role, &password(name))
            .expect("user added");
        self.admin
            .user_jurisdiction(name, &jurisdiction)
            .expect("jurisdiction set");
    }

    /// Register a new device for `user` (see [`TestServer::user`]).
    pub fn device(&self, user: &str) -> Device {
        let id = DeviceId::new();
        let reply = self.register(user, &password(user), id);
        assert_eq!(reply.status, 201, "registration: {reply:?}");
        let token = reply.json()["token"].as_str().expect("a token").to_owned();
        Device { id, token }
    }
}

impl TestServer {
    /// Stop gracefully, with the server's own verdict (dropping stops it too, silently).
    pub fn stop(mut self) -> Result<(), atalaya_server::ServerError> {
        let server = self
            .server
            .take()
            .expect("running until stopped or dropped");
        self.runtime.block_on(server.shutdown())
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            let _ = self.runtime.block_on(server.shutdown());
        }
    }
}

/// A client for the plain-HTTP test servers. reqwest is built with rustls but no crypto
/// provider of its own (the server's TLS uses ring), so ring is installed as the default first.
fn plain_http_client() -> reqwest::blocking::Client {
    // Err means another test installed it already.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::new()
}

/// Test users' passwords.
pub fn password(user: &str) -> String {
    format!("password-of-{user}")
}

/// Cuadrantes.
pub fn cuadrantes(codes: &[&str]) -> Jurisdiction {
    Jurisdiction::cuadrantes(codes.iter().copied())
}

/// Incident number `n`.
pub fn incident(n: u64) -> RowRef {
    RowRef::new("incident", RowId::Id(Uuid::from_u128(u128::from(n))))
}

/// A text value.
pub fn text(s: &str) -> WireValue {
    WireValue::Text(s.to_owned())
}

/// A changed field of `row`, at `ms`, replacing `base`.
pub fn change(
    change_no: u64,
    row: &RowRef,
    column: &str,
    value: WireValue,
    ms: u64,
    base: Option<Stamp>,
) -> FieldChange {
    FieldChange {
        change_no,
        table: row.table.clone(),
        row: row.id.clone(),
        column: column.to_owned(),
        value,
        hlc: Hlc::new(ms, 0),
        base,
        resolves: Vec::new(),
    }
}

/// A batch of `changes` from `device`.
pub fn batch(device: &Device, changes: Vec<FieldChange>) -> PushBatch {
    PushBatch {
        device: device.id,
        batch_id: 1,
        first_change_no: changes.first().map_or(1, |c| c.change_no),
        changes,
    }
}

/// A new incident in `cuadrante` as change `change_no`.
pub fn create(change_no: u64, row: &RowRef, cuadrante: &str, category: &str) -> Vec<FieldChange> {
    vec![
        change(change_no, row, "cuadrante", text(cuadrante), 1_000, None),
        change(change_no, row, "category", text(category), 1_000, None),
    ]
}
