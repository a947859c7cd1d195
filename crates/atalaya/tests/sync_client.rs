//! The sync client over HTTP against a real server in this process (plain HTTP on loopback;
//! TLS pinning is covered by the CLI's end-to-end test): version negotiation that changes
//! nothing locally, the device token in the keyring, back-off against a server that is gone.

use std::time::Duration;

use atalaya::server::{Role, ServerConfig, StorageConfig};
use atalaya::sync::{Backoff, SyncOptions};
use atalaya::{OpenOptions, Workspace};
use atalaya_server::{Database, RunningServer, SchemaVersion};

struct Server {
    running: Option<RunningServer>,
    runtime: tokio::runtime::Runtime,
    url: String,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start(schema: u32) -> Self {
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
        let admin = atalaya::server::admin(&config.storage).unwrap();
        let all = "all".parse().unwrap();
        atalaya::server::add_user(
            &admin,
            "ana",
            Role::Analyst,
            "contraseña de ana",
            Some(&all),
        )
        .unwrap();
        let running = runtime.block_on(atalaya_server::serve(config)).unwrap();
        Self {
            url: running.url(),
            running: Some(running),
            runtime,
            _dir: dir,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(running) = self.running.take() {
            let _ = self.runtime.block_on(running.shutdown());
        }
    }
}

fn demo_store(dir: &tempfile::TempDir) -> Workspace {
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

fn options(url: &str, user: Option<&str>) -> SyncOptions {
    SyncOptions {
        server: Some(url.to_owned()),
        user: user.map(str::to_owned),
        password: user.map(|_| "contraseña de ana".to_owned()),
        backoff: Backoff {
            attempts: 3,
            first_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(50),
        },
        ..SyncOptions::default()
    }
}

#[test]
fn given_a_server_of_a_newer_schema_when_syncing_then_please_update_and_nothing_changes() {
    let current = u32::try_from(atalaya_store::migrations::CURRENT).unwrap();
    let server = Server::start(current + 1);
    let dir = tempfile::tempdir().unwrap();
    let mut ws = demo_store(&dir);
    let audit_before = ws.verify_audit().unwrap().entries;

    let err = ws.sync(&options(&server.url, Some("ana"))).unwrap_err();

    assert_eq!(err.code(), "please_update", "{err}");
    assert!(err.to_string().contains("please update Atalaya"), "{err}");
    let book = ws.store().sync_book();
    assert_eq!(book.outbox_len().unwrap(), 0, "nothing was queued");
    assert_eq!(book.number("queued_up_to").unwrap(), 0);
    assert_eq!(book.get("server_url").unwrap(), None);
    assert_eq!(ws.verify_audit().unwrap().entries, audit_before);
}

#[test]
fn given_a_keyring_when_registering_then_the_token_lives_there_and_later_syncs_use_it() {
    keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap());
    let server = Server::start(u32::try_from(atalaya_store::migrations::CURRENT).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let mut ws = demo_store(&dir);

    let first = ws.sync(&options(&server.url, Some("ana"))).unwrap();
    let second = ws.sync(&options(&server.url, None)).unwrap();

    assert_eq!(first.registered.as_deref(), Some("keyring"));
    assert_eq!(
        ws.store()
            .sync_book()
            .get("device_token")
            .unwrap()
            .as_deref(),
        Some("")
    );
    assert!(first.pushed >= 4, "{first:?}");
    assert_eq!((second.pushed, second.pending), (0, 0), "{second:?}");
    assert_eq!(second.registered, None);
}

#[test]
fn given_no_server_when_syncing_then_it_retries_and_says_it_cannot_reach_it() {
    // A port nobody listens on: bind one, then free it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let mut ws = demo_store(&dir);

    let err = ws
        .sync(&options(&format!("http://127.0.0.1:{port}"), Some("ana")))
        .unwrap_err();

    assert_eq!(err.code(), "unreachable", "{err}");
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
    assert_eq!(ws.store().sync_book().outbox_len().unwrap(), 0);
}

fn empty_store(dir: &tempfile::TempDir, name: &str) -> Workspace {
    let opts =
        OpenOptions::new(dir.path().join(name)).with_passphrase(Some("clave de prueba".into()));
    Workspace::create(&opts).unwrap()
}

fn incidents(ws: &Workspace) -> Vec<(String, String)> {
    let mut out = Vec::new();
    ws.for_each_incident(&Default::default(), Default::default(), |i| {
        out.push((i.id, i.category));
        Ok(())
    })
    .unwrap();
    out.sort();
    out
}

#[test]
fn given_a_session_cut_after_the_push_when_synced_again_then_nothing_is_lost_or_doubled() {
    let server = Server::start(u32::try_from(atalaya_store::migrations::CURRENT).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_store(&dir);
    a.sync(&options(&server.url, Some("ana"))).unwrap();
    let id = incidents(&a)
        .into_iter()
        .find(|i| i.1 != "ley.armas")
        .unwrap()
        .0;
    a.edit_incident(&id, &[("category".into(), "ley.armas".into())])
        .unwrap();

    // A session that queued and pushed the edit, then died before it heard the ack.
    let device = a.store().device_id();
    let device_n = a.store().device_n();
    let tx = a.store_mut().sync_book_tx().unwrap();
    atalaya::sync::outbox::queue_local_changes(&tx.book(), device, device_n).unwrap();
    let batch = atalaya::sync::outbox::next_batch(&tx.book(), device, 10)
        .unwrap()
        .unwrap();
    tx.commit().unwrap();
    let mut client = atalaya::sync::SyncClient::new(&server.url, None, Backoff::default()).unwrap();
    client.set_token(atalaya::sync::token::load(a.store()).unwrap().unwrap());
    let _lost: atalaya_sync::wire::PushAck = client.exchange("push", "/v1/push", &batch).unwrap();

    let again = a.sync(&options(&server.url, None)).unwrap();
    let mut b = empty_store(&dir, "b.db");
    b.sync(&options(&server.url, Some("ana"))).unwrap();

    assert_eq!(again.pushed, 1, "the resent entry is settled: {again:?}");
    assert_eq!(again.pending, 0);
    assert!(
        again.open_conflicts.is_empty(),
        "a replay is no conflict: {again:?}"
    );
    assert_eq!(incidents(&a), incidents(&b));
    assert!(incidents(&b).contains(&(id, "ley.armas".to_owned())));
    assert!(b.conflicts(false).unwrap().is_empty());
}
