//! The saved view index: a reopened store's view comes from its snapshot plus the change log,
//! and equals a full scan after inserts, updates and deletes, whichever way it was caught up;
//! an unreadable snapshot is ignored, never trusted.

use atalaya::{DemoConfig, OpenOptions, Workspace};
use atalaya_store::schema::INCIDENT;
use atalaya_store::view_snapshot::ViewSnapshot;
use atalaya_store::{Value, codec};

const PASS: &str = "instantánea de prueba";

fn options(dir: &tempfile::TempDir) -> OpenOptions {
    OpenOptions::new(dir.path().join("snap.db")).with_passphrase(Some(PASS.into()))
}

/// A demo store of `incidents` incidents, closed after loading.
fn demo_store(dir: &tempfile::TempDir, incidents: usize) {
    let mut ws = Workspace::create(&options(dir)).unwrap();
    let config = DemoConfig {
        seed: 5,
        incidents,
        ..DemoConfig::default()
    };
    ws.load_demo(&config, &mut |_, _| {}).unwrap();
}

fn reopen(dir: &tempfile::TempDir) -> Workspace {
    Workspace::open(&options(dir)).unwrap()
}

/// The ids of the first `n` incidents (by rid).
fn some_ids(ws: &Workspace, n: usize) -> Vec<[u8; 16]> {
    let conn = ws.store().conn();
    let mut stmt = conn
        .prepare("SELECT id FROM incident ORDER BY rid LIMIT ?1")
        .unwrap();
    stmt.query_map([n as i64], |r| r.get::<_, Vec<u8>>(0))
        .unwrap()
        .map(|v| v.unwrap().try_into().unwrap())
        .collect()
}

/// Move one incident in time and space and recategorize another, delete a third, and add a
/// copy of a fourth under a new id: every kind of change the log can name.
fn edit_incidents(ws: &mut Workspace) {
    let ids = some_ids(ws, 4);
    let mut tx = ws.store_mut().write("test", "test.edit").unwrap();
    tx.update(
        &INCIDENT,
        &codec::key(&ids[0]),
        &[
            ("occurred_from", Value::Integer(1_500_000_000)),
            ("lon", Value::Real(-70.61)),
            ("lat", Value::Real(-33.43)),
        ],
    )
    .unwrap();
    tx.update(
        &INCIDENT,
        &codec::key(&ids[1]),
        &[("category", Value::Text("inc.ruidos".into()))],
    )
    .unwrap();
    assert!(tx.delete(&INCIDENT, &codec::key(&ids[2])).unwrap());
    let mut copy = tx
        .read_row(&INCIDENT, &codec::key(&ids[3]))
        .unwrap()
        .unwrap();
    copy[0] = codec::key(&[7u8; 16]);
    tx.insert(&INCIDENT, &copy).unwrap();
    tx.commit(serde_json::json!({})).unwrap();
}

#[test]
fn given_a_saved_snapshot_a_reopened_store_reads_it_and_equals_a_full_scan() {
    let dir = tempfile::tempdir().unwrap();
    demo_store(&dir, 3_000);
    let first = reopen(&dir).incident_view().unwrap();
    assert_eq!(first.len(), 3_000);

    let ws = reopen(&dir);
    let saved = ws
        .store()
        .view_snapshot()
        .unwrap()
        .expect("a snapshot saved");
    assert_eq!(saved.change_seq, ws.store().last_change_seq().unwrap());
    let loaded = ws.incident_view().unwrap();
    assert!(ws.view_is_current(&loaded).unwrap());
    assert!(loaded.same_incidents_as(&ws.scanned_incident_view().unwrap()));
}

#[test]
fn given_edits_after_the_snapshot_the_next_unlock_catches_up_to_a_full_scan() {
    let dir = tempfile::tempdir().unwrap();
    demo_store(&dir, 3_000);
    let before = reopen(&dir).incident_view().unwrap();
    let mut ws = reopen(&dir);
    edit_incidents(&mut ws);
    let saved_before = ws.store().view_snapshot().unwrap().unwrap();

    let caught_up = ws.incident_view().unwrap();
    // Four changes are too few to save a new snapshot for.
    assert_eq!(
        ws.store().view_snapshot().unwrap().unwrap().change_seq,
        saved_before.change_seq
    );
    assert_eq!(caught_up.len(), before.len(), "one deleted, one added");
    assert!(ws.view_is_current(&caught_up).unwrap());
    assert!(caught_up.same_incidents_as(&ws.scanned_incident_view().unwrap()));
}

#[test]
fn given_a_stale_view_in_a_session_refresh_catches_it_up_in_place() {
    let dir = tempfile::tempdir().unwrap();
    demo_store(&dir, 2_000);
    let mut ws = reopen(&dir);
    let mut view = ws.incident_view().unwrap();
    edit_incidents(&mut ws);
    assert!(!ws.view_is_current(&view).unwrap());

    ws.refresh_view(&mut view).unwrap();
    assert!(ws.view_is_current(&view).unwrap());
    assert!(view.same_incidents_as(&ws.scanned_incident_view().unwrap()));
}

#[test]
fn given_an_unreadable_or_foreign_snapshot_the_view_is_scanned_and_the_snapshot_replaced() {
    let dir = tempfile::tempdir().unwrap();
    demo_store(&dir, 1_000);
    let ws = reopen(&dir);
    let good = ws.incident_view().unwrap();
    let saved = ws.store().view_snapshot().unwrap().unwrap();
    let bad = [
        (
            "cut short",
            saved.format,
            saved.data[..saved.data.len() / 2].to_vec(),
        ),
        ("not an index", saved.format, b"garbage".to_vec()),
        ("another format", saved.format + 1, saved.data.clone()),
        ("empty", saved.format, Vec::new()),
    ];
    for (what, format, data) in bad {
        ws.store()
            .save_view_snapshot(&ViewSnapshot {
                format,
                data,
                ..saved.clone()
            })
            .unwrap();
        let view = ws.incident_view().unwrap();
        assert!(view.same_incidents_as(&good), "{what}");
        assert_eq!(
            ws.store().view_snapshot().unwrap().unwrap(),
            saved,
            "{what}: replaced"
        );
    }
}

#[test]
fn given_a_snapshot_that_disagrees_with_the_store_count_it_is_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    demo_store(&dir, 1_000);
    let ws = reopen(&dir);
    let good = ws.incident_view().unwrap();
    let saved = ws.store().view_snapshot().unwrap().unwrap();
    // A snapshot claiming it reflects the log's end but taken from a smaller store (as if
    // incidents were written without a change entry): the count check must catch it.
    let small = tempfile::tempdir().unwrap();
    demo_store(&small, 500);
    let other = reopen(&small);
    other.incident_view().unwrap();
    let foreign = other.store().view_snapshot().unwrap().unwrap();
    ws.store()
        .save_view_snapshot(&ViewSnapshot {
            data: foreign.data,
            ..saved
        })
        .unwrap();
    assert!(ws.incident_view().unwrap().same_incidents_as(&good));
}
