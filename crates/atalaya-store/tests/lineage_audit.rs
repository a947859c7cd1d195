//! Lineage rows (raw records) are written without change entries, yet `verify_audit` covers
//! them: an edit, insertion or deletion behind the API is detected and named.

mod support;

use atalaya_model::{BatchId, ImportBatch, Source, SourceId, SourceKind};
use atalaya_store::backup::raw_connection;
use atalaya_store::imports::raw_record_values;
use atalaya_store::schema::{IMPORT_BATCH, RAW_RECORD_LINEAGE, SOURCE};
use atalaya_store::{AuditProblem, Store, Value, codec};
use chrono::Utc;
use support::*;

fn rid(n: u8) -> [u8; 16] {
    let mut id = [0u8; 16];
    id[15] = n;
    id[0] = 0x01;
    id
}

/// A store with one batch of 5 raw records (audit entry 1), then row 3 accepted in entry 2.
fn store_with_lineage(dir: &tempfile::TempDir) -> (std::path::PathBuf, String, [u8; 16]) {
    let path = db_path(dir);
    let mut store = new_store(&path);
    let source = Source {
        id: SourceId::new(),
        kind: SourceKind::Patrol,
        name: "Patrullaje".into(),
        profile: None,
    };
    let batch = ImportBatch {
        id: BatchId::new(),
        source_id: source.id,
        origin: "parte.csv".into(),
        content_hash: "abc".into(),
        rows_read: 5,
        rows_accepted: 4,
        rows_quarantined: 1,
        rows_duplicate: 0,
        imported_by: None,
        imported_at: Utc::now(),
    };
    let b = *batch.id.as_bytes();
    let mut tx = store.write("tester", "import.chunk").unwrap();
    tx.insert(&SOURCE, &codec::source(&source)).unwrap();
    tx.insert(&IMPORT_BATCH, &codec::import_batch(&batch))
        .unwrap();
    for n in 1..=5u8 {
        let status = if n == 3 { "quarantined" } else { "accepted" };
        let values = raw_record_values(
            &rid(n),
            &b,
            u64::from(n) + 1,
            &format!("fila;{n}"),
            status,
            None,
            None,
            Some(&format!("K{n}")),
        );
        tx.insert_lineage(&RAW_RECORD_LINEAGE, &values).unwrap();
    }
    assert_eq!((tx.change_count(), tx.lineage_count()), (2, 5));
    tx.commit(serde_json::json!({})).unwrap();
    let mut tx = store.write("tester", "quarantine.accept").unwrap();
    let changed = tx
        .update_lineage(
            &RAW_RECORD_LINEAGE,
            &Value::Blob(rid(3).to_vec()),
            &[("status", Value::Text("accepted".into()))],
        )
        .unwrap();
    assert!(changed);
    tx.commit(serde_json::json!({})).unwrap();
    let report = store.verify_audit().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    assert_eq!(
        (report.entries, report.changes, report.records),
        (2, 2, 2 + 5)
    );
    assert_eq!(
        store.table_count("change").unwrap(),
        2,
        "lineage rows write no change entries"
    );
    (path, store.key_hex_for_tests(), b)
}

fn verify(path: &std::path::Path) -> Vec<AuditProblem> {
    Store::open(path, &unlock(PASS))
        .unwrap()
        .verify_audit()
        .unwrap()
        .problems
}

fn uuid(id: [u8; 16]) -> String {
    uuid::Uuid::from_bytes(id).to_string()
}

#[test]
fn given_raw_record_content_edited_behind_the_api_then_verify_names_the_row_and_its_entry() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key, _) = store_with_lineage(&dir);
    raw_connection(&path, &key)
        .unwrap()
        .execute(
            "UPDATE raw_record SET content = 'otra cosa' WHERE id = ?1",
            [rid(2).as_slice()],
        )
        .unwrap();
    let problems = verify(&path);
    assert_eq!(
        problems,
        vec![AuditProblem::RecordAltered {
            table: "raw_record".into(),
            id: uuid(rid(2)),
            last_seq: 1
        }]
    );
    assert_eq!(
        problems[0].to_string(),
        format!(
            "raw_record {} was changed outside Atalaya after audit entry 1",
            uuid(rid(2))
        )
    );
}

#[test]
fn given_raw_record_and_its_hash_both_edited_then_the_transaction_digest_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key, _) = store_with_lineage(&dir);
    let conn = raw_connection(&path, &key).unwrap();
    conn.execute(
        "UPDATE raw_record SET content = 'otra cosa' WHERE id = ?1",
        [rid(4).as_slice()],
    )
    .unwrap();
    let values: Vec<Value> = conn
        .query_row(
            "SELECT id, batch_id, row_number, content, status, reason, target_table, target_id, source_key, edits FROM raw_record WHERE id = ?1",
            [rid(4).as_slice()],
            |r| (0..10).map(|i| r.get::<_, Value>(i)).collect(),
        )
        .unwrap();
    let forged = atalaya_store::rowhash::row_hash_of(&values);
    conn.execute(
        "UPDATE raw_record SET lineage_hash = ?1 WHERE id = ?2",
        rusqlite::params![forged.as_slice(), rid(4).as_slice()],
    )
    .unwrap();
    drop(conn);
    assert_eq!(verify(&path), vec![AuditProblem::LineageAltered { seq: 1 }]);
}

#[test]
fn given_raw_record_deleted_or_inserted_behind_the_api_then_verify_names_the_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key, _) = store_with_lineage(&dir);
    let conn = raw_connection(&path, &key).unwrap();
    conn.execute("DELETE FROM raw_record WHERE id = ?1", [rid(5).as_slice()])
        .unwrap();
    drop(conn);
    assert_eq!(verify(&path), vec![AuditProblem::LineageAltered { seq: 1 }]);

    let dir = tempfile::tempdir().unwrap();
    let (path, key, batch) = store_with_lineage(&dir);
    raw_connection(&path, &key)
        .unwrap()
        .execute(
            "INSERT INTO raw_record (id, batch_id, row_number, content, status) VALUES (?1, ?2, 99, 'falsa', 'accepted')",
            rusqlite::params![rid(9).as_slice(), batch.as_slice()],
        )
        .unwrap();
    assert_eq!(
        verify(&path),
        vec![AuditProblem::RecordUntraced {
            table: "raw_record".into(),
            id: uuid(rid(9))
        }]
    );
}

#[test]
fn given_superseded_version_tampered_then_the_older_transaction_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key, _) = store_with_lineage(&dir);
    raw_connection(&path, &key)
        .unwrap()
        .execute("DELETE FROM lineage_history", [])
        .unwrap();
    assert_eq!(verify(&path), vec![AuditProblem::LineageAltered { seq: 1 }]);
}

#[test]
fn given_lineage_digest_row_edited_then_both_layers_report_it() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key, _) = store_with_lineage(&dir);
    raw_connection(&path, &key)
        .unwrap()
        .execute("UPDATE audit_lineage SET rows = 4 WHERE seq = 1", [])
        .unwrap();
    let problems = verify(&path);
    assert!(
        problems.contains(&AuditProblem::LineageAltered { seq: 1 }),
        "{problems:?}"
    );
    assert!(
        problems.contains(&AuditProblem::ChangesAltered { seq: 1 }),
        "{problems:?}"
    );
}
