//! Rekey replaces the key; backup → restore brings back every row.

mod support;

use atalaya_store::backup::{raw_connection, restore};
use atalaya_store::{Store, StoreError};
use support::*;
use zeroize::Zeroizing;

#[test]
fn given_rekey_when_opening_then_old_key_and_passphrase_fail_and_new_ones_work() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut store = new_store(&path);
    insert_incidents(&mut store, 0..20);
    let old_key = store.key_hex_for_tests();
    store
        .rekey(Some(Zeroizing::new("nueva frase".into())))
        .unwrap();
    let new_key = store.key_hex_for_tests();
    drop(store);
    assert_ne!(old_key, new_key);
    assert!(matches!(
        raw_connection(&path, &old_key),
        Err(StoreError::WrongKey { .. })
    ));
    assert!(raw_connection(&path, &new_key).is_ok());
    assert!(matches!(
        Store::open(&path, &unlock(PASS)),
        Err(StoreError::WrongPassphrase { .. })
    ));
    let store = Store::open(&path, &unlock("nueva frase")).unwrap();
    assert_eq!(store.table_count("incident").unwrap(), 20);
    assert!(store.verify_audit().unwrap().ok());
}

#[test]
fn given_backup_when_restoring_over_a_changed_store_then_every_row_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let backup = dir.path().join("copia.atalaya");
    let mut store = new_store(&path);
    insert_incidents(&mut store, 0..50);
    store.backup(&backup).unwrap();
    let dump_before = dump(&store);
    insert_incidents(&mut store, 50..60);
    drop(store);
    let head = std::fs::read(&backup).unwrap();
    assert_ne!(&head[..16], b"SQLite format 3\0");

    let summary = restore(&backup, &path, &unlock(PASS)).unwrap();
    assert_eq!(summary.incidents, 50);
    let store = Store::open(&path, &unlock(PASS)).unwrap();
    assert_eq!(dump(&store), dump_before);
    assert!(store.verify_audit().unwrap().ok());
}

#[test]
fn given_backup_when_wrong_passphrase_then_target_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let backup = dir.path().join("copia.atalaya");
    let mut store = new_store(&path);
    insert_incidents(&mut store, 0..3);
    store.backup(&backup).unwrap();
    drop(store);
    let before = file_digest(&path);
    assert!(matches!(
        restore(&backup, &path, &unlock("mala")),
        Err(StoreError::WrongPassphrase { .. })
    ));
    assert_eq!(file_digest(&path), before);
}

/// Every row of every table, as text, in a stable order.
fn dump(store: &Store) -> Vec<String> {
    let conn = store.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {t} ORDER BY 1"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap();
        out.extend(rows.map(|r| format!("{t}: {}", r.unwrap())));
    }
    out
}
