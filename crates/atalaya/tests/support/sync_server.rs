//! A real sync server in the test's process (plain HTTP on loopback, SQLite storage in a temp
//! folder) with the user `ana`, shut down when dropped. Included by the sync tests with
//! `#[path]`, so the other test crates do not compile it.
#![allow(dead_code)]

use std::time::Duration;

use atalaya::server::{Role, ServerConfig, StorageConfig};
use atalaya::sync::{Backoff, SyncOptions};
use atalaya::{OpenOptions, Workspace};
use atalaya_server::{Database, RunningServer, SchemaVersion};

/// `ana`'s password.
pub const PASSWORD: &str = "contraseña de ana";

pub struct Server {
    running: Option<RunningServer>,
    runtime: tokio::runtime::Runtime,
    pub url: String,
    storage: StorageConfig,
    _dir: tempfile::TempDir,
}

impl Server {
    /// A server of the store schema this program speaks.
    pub fn current() -> Self {
        Self::start(u32::try_from(atalaya_store::migrations::CURRENT).unwrap())
    }

    /// A server of store schema `schema`.
    pub fn start(schema: u32) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let mut config = ServerConfig::new(
            "127.0.0.1:0".parse().unwrap(),
            dir.path(),
            SchemaVersion(schema),
        );
        config.storage = StorageConfig {
            data_dir: dir.path().to_owned(),
            database: Database::from_url(None),
        };
        let config_storage = config.storage.clone();
        let admin = atalaya::server::admin(&config.storage).unwrap();
        let all = "all".parse().unwrap();
        atalaya::server::add_user(&admin, "ana", Role::Analyst, PASSWORD, Some(&all)).unwrap();
        let running = runtime.block_on(atalaya_server::serve(config)).unwrap();
        Self {
            url: running.url(),
            running: Some(running),
            runtime,
            storage: config_storage,
            _dir: dir,
        }
    }

    /// Add user `name` (password [`PASSWORD`]) with `role` over `jurisdiction` (`all` or
    /// cuadrante codes separated by commas).
    pub fn add_user(&self, name: &str, role: Role, jurisdiction: &str) {
        let admin = atalaya::server::admin(&self.storage).unwrap();
        let jurisdiction = jurisdiction.parse().unwrap();
        atalaya::server::add_user(&admin, name, role, PASSWORD, Some(&jurisdiction)).unwrap();
    }

    /// How many devices are registered.
    pub fn devices(&self) -> usize {
        atalaya::server::admin(&self.storage)
            .unwrap()
            .device_list()
            .unwrap()
            .len()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(running) = self.running.take() {
            let _ = self.runtime.block_on(running.shutdown());
        }
    }
}

/// A new store `a.db` in `dir` with four demo incidents.
/// The change entries a fresh [`demo_store`] pushes: its source, the city's 29 areas,
/// 59 streets and 60 cameras, and its 4 incidents.
pub const DEMO_SYNCED: u64 = 1 + 29 + 59 + 60 + 4;

pub fn demo_store(dir: &tempfile::TempDir) -> Workspace {
    let opts =
        OpenOptions::new(dir.path().join("a.db")).with_passphrase(Some("clave de prueba".into()));
    let mut ws = Workspace::create(&opts).unwrap();
    let config = atalaya::DemoConfig {
        seed: 5,
        incidents: 4,
        start: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        days: 10,
    };
    ws.load_demo(&config, &mut |_, _| {}).unwrap();
    ws
}

/// Options for a session with `url`, registering as `user` when given; quick retries.
pub fn options(url: &str, user: Option<&str>) -> SyncOptions {
    SyncOptions {
        server: Some(url.to_owned()),
        user: user.map(str::to_owned),
        password: user.map(|_| PASSWORD.to_owned()),
        backoff: Backoff {
            attempts: 3,
            first_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(50),
        },
        ..SyncOptions::default()
    }
}

/// A new empty store `name` in `dir`.
pub fn empty_store(dir: &tempfile::TempDir, name: &str) -> Workspace {
    let opts =
        OpenOptions::new(dir.path().join(name)).with_passphrase(Some("clave de prueba".into()));
    Workspace::create(&opts).unwrap()
}

/// The codes of the store's cuadrantes, in order.
pub fn cuadrante_codes(ws: &Workspace) -> Vec<String> {
    ws.store()
        .areas("cuadrante")
        .unwrap()
        .into_iter()
        .map(|(code, _)| code)
        .collect()
}

/// Every incident's (id, category), by id.
pub fn incidents(ws: &Workspace) -> Vec<(String, String)> {
    let mut out = Vec::new();
    ws.for_each_incident(&Default::default(), Default::default(), |i| {
        out.push((i.id, i.category));
        Ok(())
    })
    .unwrap();
    out.sort();
    out
}

/// Delete an incident through the audited write path (as a link merge deletes the absorbed one).
pub fn delete_incident(ws: &mut Workspace, id: &str) {
    let key = atalaya_store::Value::Blob(uuid::Uuid::parse_str(id).unwrap().as_bytes().to_vec());
    let mut tx = ws.store_mut().write("test", "test.delete").unwrap();
    assert!(tx.delete(&atalaya_store::schema::INCIDENT, &key).unwrap());
    tx.commit(serde_json::json!({ "deleted": id })).unwrap();
}
