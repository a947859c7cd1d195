//! The file is unreadable without the key; wrong keys fail clearly and touch nothing.

mod support;

use atalaya_store::{Store, StoreError};
use support::*;

#[test]
fn given_new_store_when_reading_its_header_then_it_is_not_plain_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut store = new_store(&path);
    insert_incidents(&mut store, 0..10);
    drop(store);
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() >= 4096);
    assert_ne!(&bytes[..16], b"SQLite format 3\0");
    // Nothing of the content leaks in clear text.
    let needle = b"Avenida Providencia";
    assert!(!bytes.windows(needle.len()).any(|w| w == needle));
}

#[test]
fn given_store_when_sqlite3_opens_it_without_key_then_it_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    drop(new_store(&path));
    let Ok(out) = std::process::Command::new("sqlite3")
        .arg(&path)
        .arg("SELECT count(*) FROM sqlite_master;")
        .output()
    else {
        panic!("the sqlite3 command is required for this test (make test installs it)");
    };
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not a database"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn given_wrong_passphrase_when_opening_then_clear_error_and_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut store = new_store(&path);
    insert_incidents(&mut store, 0..5);
    drop(store);
    let before = file_digest(&path);
    let err = Store::open(&path, &unlock("otra cosa")).unwrap_err();
    assert!(matches!(err, StoreError::WrongPassphrase { .. }), "{err:?}");
    assert!(err.to_string().starts_with("wrong passphrase for"), "{err}");
    assert_eq!(file_digest(&path), before);
    // The right passphrase still works afterwards.
    let store = Store::open(&path, &unlock(PASS)).unwrap();
    assert_eq!(store.table_count("incident").unwrap(), 5);
}

#[test]
fn given_passphrase_store_when_no_passphrase_given_then_it_says_how_to_give_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    drop(new_store(&path));
    let err = Store::open(&path, &Default::default()).unwrap_err();
    assert!(matches!(err, StoreError::PassphraseRequired { .. }));
    assert!(err.to_string().contains("ATALAYA_PASSPHRASE"));
}

#[test]
fn given_raw_wrong_key_when_connecting_then_wrong_key_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    drop(new_store(&path));
    let err = atalaya_store::backup::raw_connection(&path, &"11".repeat(32)).unwrap_err();
    assert!(matches!(err, StoreError::WrongKey { .. }), "{err:?}");
}

#[test]
fn given_missing_store_when_opening_then_not_found_names_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(&db_path(&dir), &unlock(PASS)).unwrap_err();
    assert!(err.to_string().contains("atalaya init"), "{err}");
}
