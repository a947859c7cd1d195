//! Keys in the OS keyring: the mock store in-process, and the real Secret Service when the test
//! harness provides one (`ATALAYA_TEST_SECRET_SERVICE=1` under `dbus-run-session` with
//! gnome-keyring, as `make test` runs it).

mod support;

use atalaya_store::{KeyInfo, Protection, Store, StoreError, Unlock};
use support::*;

fn keyring_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut store = Store::create(
        &path,
        &Protection {
            passphrase: None,
            keyring: true,
        },
    )
    .unwrap();
    insert_incidents(&mut store, 0..4);
    let id = store.store_id().to_string();
    drop(store);
    let info = KeyInfo::load(&path).unwrap();
    assert!(info.keyring && info.passphrase.is_none());
    let store = Store::open(&path, &Unlock::default()).unwrap();
    assert_eq!(store.table_count("incident").unwrap(), 4);
    drop(store);
    // Without the keyring entry the store cannot be opened, and the error says why.
    atalaya_store::keyring::delete(&id).unwrap();
    let err = Store::open(&path, &Unlock::default()).unwrap_err();
    assert!(matches!(err, StoreError::KeyNotInKeyring { .. }), "{err:?}");
}

#[test]
fn given_real_secret_service_when_creating_store_then_key_is_kept_and_found() {
    if std::env::var("ATALAYA_TEST_SECRET_SERVICE").as_deref() != Ok("1") {
        eprintln!("skipped here: run by `make test` inside dbus-run-session with gnome-keyring");
        return;
    }
    keyring_round_trip();
}

#[test]
fn given_mock_keyring_when_creating_store_then_key_is_kept_and_found() {
    if std::env::var("ATALAYA_TEST_SECRET_SERVICE").as_deref() == Ok("1") {
        return; // the process-wide default store is the real one in that run
    }
    keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap());
    keyring_round_trip();
}
