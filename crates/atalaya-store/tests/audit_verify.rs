//! `verify_audit` passes on an honest store and names the first broken entry after tampering.

mod support;

use atalaya_store::backup::raw_connection;
use atalaya_store::{AuditProblem, Store};
use support::*;

fn store_with_three_batches(dir: &tempfile::TempDir) -> (std::path::PathBuf, String) {
    let path = db_path(dir);
    let mut store = new_store(&path);
    insert_incidents(&mut store, 0..10);
    insert_incidents(&mut store, 10..20);
    insert_incidents(&mut store, 20..30);
    let report = store.verify_audit().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    assert_eq!(
        (report.entries, report.changes, report.records),
        (3, 30, 30)
    );
    (path, store.key_hex_for_tests())
}

/// Given the three-batch store, when `sql` runs behind the API's back, then these are the problems.
fn problems_after(sql: &str, params: &[&dyn rusqlite::ToSql]) -> Vec<AuditProblem> {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = store_with_three_batches(&dir);
    raw_connection(&path, &key)
        .unwrap()
        .execute(sql, params)
        .unwrap();
    verify(&path)
}

fn verify(path: &std::path::Path) -> Vec<AuditProblem> {
    Store::open(path, &unlock(PASS))
        .unwrap()
        .verify_audit()
        .unwrap()
        .problems
}

#[test]
fn given_edited_audit_row_then_verify_names_that_entry() {
    let problems = problems_after("UPDATE audit SET actor = 'intruso' WHERE seq = 2", &[]);
    assert!(
        matches!(&problems[0], AuditProblem::ChainBroken { seq: 2, .. }),
        "{problems:?}"
    );
}

#[test]
fn given_deleted_audit_row_then_verify_names_the_gap() {
    let problems = problems_after("DELETE FROM audit WHERE seq = 2", &[]);
    assert!(
        matches!(&problems[0], AuditProblem::ChainBroken { seq: 2, .. }),
        "{problems:?}"
    );
}

#[test]
fn given_incident_edited_behind_the_api_then_verify_names_the_record_and_its_last_entry() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = store_with_three_batches(&dir);
    let id = incident(14).id;
    raw_connection(&path, &key)
        .unwrap()
        .execute(
            "UPDATE incident SET category = 'otr.otros' WHERE id = ?1",
            [id.as_bytes().as_slice()],
        )
        .unwrap();
    let problems = verify(&path);
    assert_eq!(
        problems[0],
        AuditProblem::RecordAltered {
            table: "incident".into(),
            id: id.to_string(),
            last_seq: 2
        }
    );
    // The category moved without the rollup: its old and new cells, daily and weekly, disagree,
    // listed after the record that explains them.
    assert_eq!(problems.len(), 5, "{problems:?}");
    assert!(
        problems[1..]
            .iter()
            .all(|p| matches!(p, AuditProblem::RollupMismatch { .. })),
        "{problems:?}"
    );
    assert_eq!(
        problems[0].to_string(),
        format!("incident {id} was changed outside Atalaya after audit entry 2")
    );
}

#[test]
fn given_incident_inserted_or_deleted_behind_the_api_then_verify_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = store_with_three_batches(&dir);
    let conn = raw_connection(&path, &key).unwrap();
    conn.execute(
        "DELETE FROM incident WHERE id = ?1",
        [incident(3).id.as_bytes().as_slice()],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO incident (id, occurred_from, local_day, local_hour, category, description, status, sensitivity)
         VALUES (x'00112233445566778899aabbccddeeff', 0, 0, 0, 'otr.otros', 'falso', 'reported', 'normal')",
        [],
    )
    .unwrap();
    drop(conn);
    let problems = verify(&path);
    assert!(problems.contains(&AuditProblem::RecordMissing {
        table: "incident".into(),
        id: incident(3).id.to_string(),
        last_seq: 1
    }));
    assert!(
        problems.iter().any(
            |p| matches!(p, AuditProblem::RecordUntraced { table, .. } if table == "incident")
        )
    );
}

#[test]
fn given_change_entry_edited_then_verify_names_its_transaction() {
    let problems = problems_after("UPDATE change SET fields = 1 WHERE seq = 25", &[]);
    assert_eq!(problems[0], AuditProblem::ChangesAltered { seq: 3 });
}
