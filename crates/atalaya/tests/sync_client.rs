//! The sync client over HTTP against a real server in this process (plain HTTP on loopback;
//! TLS pinning is covered by the CLI's end-to-end test): version negotiation that changes
//! nothing locally, the device token in the keyring, back-off against a server that is gone,
//! a deletion that reaches the other workstation.

use atalaya::sync::Backoff;

#[path = "support/sync_server.rs"]
mod sync_server;

use sync_server::{Server, delete_incident, demo_store, empty_store, incidents, options};

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
    assert_eq!(server.devices(), 0, "told before registering");
    assert_eq!(ws.store().sync_book().get("device_token").unwrap(), None);
    let book = ws.store().sync_book();
    assert_eq!(book.outbox_len().unwrap(), 0, "nothing was queued");
    assert_eq!(book.number("queued_up_to").unwrap(), 0);
    assert_eq!(book.get("server_url").unwrap(), None);
    assert_eq!(ws.verify_audit().unwrap().entries, audit_before);
}

#[test]
fn given_a_keyring_when_registering_then_the_token_lives_there_and_later_syncs_use_it() {
    keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap());
    let server = Server::current();
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

#[test]
fn given_a_session_cut_after_the_push_when_synced_again_then_nothing_is_lost_or_doubled() {
    let server = Server::current();
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

#[test]
fn given_an_incident_deleted_on_a_then_b_s_session_deletes_it_and_says_so() {
    let server = Server::current();
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_store(&dir);
    a.sync(&options(&server.url, Some("ana"))).unwrap();
    let mut b = empty_store(&dir, "b.db");
    b.sync(&options(&server.url, Some("ana"))).unwrap();
    let (gone, _) = incidents(&a)[0].clone();

    delete_incident(&mut a, &gone);
    let pushed = a.sync(&options(&server.url, None)).unwrap();
    let pulled = b.sync(&options(&server.url, None)).unwrap();

    assert_eq!(pushed.pushed, 1, "one tombstone: {pushed:?}");
    assert_eq!(pulled.deleted, 1, "{pulled:?}");
    assert_eq!(incidents(&a), incidents(&b));
    assert!(!incidents(&b).iter().any(|(id, _)| *id == gone));
    assert!(b.verify_audit().unwrap().problems.is_empty());
}
