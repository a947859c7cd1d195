//! The store side of sync, against real SQLCipher files and the server's own rules (the
//! in-memory `ServerState` of `atalaya-sync`, which the real server is tested to match): local
//! change entries become push batches with base stamps, pulled pages land in the store in one
//! audited transaction, pulled records are never pushed back, a concurrent category edit
//! becomes one conflict on both stores, and its resolution syncs like an edit; a deletion
//! travels as a tombstone that a concurrent edit does not undo.

mod support;

#[path = "support/sync_server.rs"]
mod sync_server;

use atalaya::sync::values::key_text;
use atalaya::sync::{ConflictSubject, Keep, apply, outbox};
use atalaya::{OpenOptions, Workspace};
use atalaya_store::schema::{CAMERA, INCIDENT, PATROL_TRACK, REGISTRY_RECORD, TableSpec};
use atalaya_store::{IncidentFilter, Value};
use atalaya_sync::merge::FieldPolicy;
use atalaya_sync::server_state::{Everything, ServerState};
use atalaya_sync::wire::PullRequest;
use sync_server::delete_incident;

fn empty_store(dir: &tempfile::TempDir, name: &str) -> Workspace {
    let opts =
        OpenOptions::new(dir.path().join(name)).with_passphrase(Some("clave de prueba".into()));
    Workspace::create(&opts).unwrap()
}

fn demo_store(dir: &tempfile::TempDir, name: &str, incidents: usize) -> Workspace {
    let mut ws = empty_store(dir, name);
    let config = atalaya::DemoConfig {
        seed: 3,
        incidents,
        start: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        days: 30,
    };
    ws.load_demo(&config, &mut |_, _| {}).unwrap();
    ws
}

/// Queue and push everything `ws` has to `server`, as `atalaya sync` does; returns the number
/// of change entries acknowledged.
fn push(ws: &mut Workspace, server: &mut ServerState) -> u64 {
    let device = ws.store().device_id();
    let device_n = ws.store().device_n();
    let store = ws.store_mut();
    let tx = store.sync_book_tx().unwrap();
    outbox::queue_local_changes(&tx.book(), device, device_n).unwrap();
    tx.commit().unwrap();
    let mut pushed = 0;
    loop {
        let tx = store.sync_book_tx().unwrap();
        let batch = outbox::next_batch(&tx.book(), device, 7).unwrap();
        tx.commit().unwrap();
        let Some(batch) = batch else { return pushed };
        let ack = server.push(&batch, &Everything).unwrap();
        let tx = store.sync_book_tx().unwrap();
        pushed += outbox::apply_ack(&tx.book(), &ack).unwrap().0;
        tx.commit().unwrap();
    }
}

/// Pull until caught up; returns the records applied.
fn pull(ws: &mut Workspace, server: &mut ServerState) -> u64 {
    pull_all(ws, server).records
}

/// Pull until caught up; returns what the pages did, summed.
fn pull_all(ws: &mut Workspace, server: &mut ServerState) -> apply::Applied {
    let device = ws.store().device_id();
    let mut sum = apply::Applied::default();
    loop {
        let cursor = apply::cursor(&ws.store().sync_book()).unwrap();
        let page = server.pull(
            &PullRequest {
                device,
                cursor,
                limit: 4,
            },
            &Everything,
        );
        let applied = apply::apply_page(ws.store_mut(), "test", &page)
            .unwrap()
            .expect("the page answers the cursor");
        sum.records += applied.records;
        sum.collisions += applied.collisions;
        if !page.more {
            return sum;
        }
    }
}

fn incidents(ws: &Workspace) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    ws.for_each_incident(&IncidentFilter::default(), Default::default(), |i| {
        out.push((i.id, i.category, i.description));
        Ok(())
    })
    .unwrap();
    out.sort();
    out
}

fn assert_audit_clean(ws: &Workspace) {
    let report = ws.verify_audit().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn given_a_store_with_incidents_when_it_pushes_and_another_pulls_then_both_hold_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_store(&dir, "a.db", 12);
    let mut b = empty_store(&dir, "b.db");
    let mut server = ServerState::new(FieldPolicy::atalaya());

    let pushed = push(&mut a, &mut server);
    let pulled = pull(&mut b, &mut server);

    assert!(pushed >= 12, "at least one entry per incident: {pushed}");
    assert_eq!(incidents(&a).len(), 12);
    assert_eq!(incidents(&a), incidents(&b));
    assert!(pulled >= 12, "incidents and their sources: {pulled}");
    assert_audit_clean(&b);
    // Pulled records are not pushed back, and a second round moves nothing.
    assert_eq!(push(&mut b, &mut server), 0);
    assert_eq!(push(&mut a, &mut server), 0);
    pull(&mut a, &mut server);
    assert_eq!(push(&mut a, &mut server), 0);
    assert_eq!(incidents(&a), incidents(&b));
}

/// Store a with five demo incidents, store b holding the same through the server.
fn five_incidents_on_both(dir: &tempfile::TempDir) -> (Workspace, Workspace, ServerState) {
    let mut a = demo_store(dir, "a.db", 5);
    let mut b = empty_store(dir, "b.db");
    let mut server = ServerState::new(FieldPolicy::atalaya());
    push(&mut a, &mut server);
    pull(&mut b, &mut server);
    (a, b, server)
}

/// Two rounds of a then b pushing and pulling: each has seen the other's edits.
fn sync_both(a: &mut Workspace, b: &mut Workspace, server: &mut ServerState) {
    for _ in 0..2 {
        push(a, server);
        pull(a, server);
        push(b, server);
        pull(b, server);
    }
}

#[test]
fn given_two_stores_when_both_change_one_category_offline_then_one_conflict_on_both() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut server) = five_incidents_on_both(&dir);
    let (mine, theirs) = ("ley.armas", "otr.receptacion");
    let id = incidents(&a)
        .into_iter()
        .find(|i| i.1 != mine && i.1 != theirs)
        .unwrap()
        .0;

    // Offline: both recategorize the same incident; b also edits another one's description.
    a.edit_incident(&id, &[("category".into(), theirs.into())])
        .unwrap();
    b.edit_incident(&id, &[("category".into(), mine.into())])
        .unwrap();
    let other = incidents(&b).into_iter().find(|i| i.0 != id).unwrap().0;
    b.edit_incident(
        &other,
        &[("description".into(), "revisado en terreno".into())],
    )
    .unwrap();
    sync_both(&mut a, &mut b, &mut server);

    assert_eq!(incidents(&a), incidents(&b));
    let (ca, cb) = (a.conflicts(true).unwrap(), b.conflicts(true).unwrap());
    assert_eq!(ca.len(), 1, "{ca:?}");
    assert_eq!(cb.len(), 1, "{cb:?}");
    assert_eq!(ca[0].id, cb[0].id);
    assert_eq!(ca[0].column, "category");
    let values = [ca[0].kept.value.as_str(), ca[0].incoming.value.as_str()];
    assert!(
        values.contains(&theirs) && values.contains(&mine),
        "{values:?}"
    );
    assert!(incidents(&a).iter().any(|i| i.2 == "revisado en terreno"));
    // The inbox says which incident: when, where and what, as this store holds it.
    let detail = a.incident_detail(&id).unwrap();
    match &ca[0].subject {
        Some(ConflictSubject::Incident {
            occurred_at,
            description,
            address,
            ..
        }) => assert_eq!(
            (occurred_at, description, address),
            (&detail.occurred_at, &detail.description, &detail.address)
        ),
        other => panic!("an incident subject, got {other:?}"),
    }
    assert_audit_clean(&a);
    assert_audit_clean(&b);

    // b keeps its own value; the resolution travels like an edit and closes it everywhere.
    let typo = b
        .resolve_conflict(cb[0].id, &Keep::Value("dmcs.hurtoo".into()))
        .unwrap_err();
    assert_eq!(typo.code(), "invalid_argument", "{typo}");
    assert_eq!(
        b.conflicts(true).unwrap().len(),
        1,
        "a refused resolution changes nothing"
    );
    b.resolve_conflict(cb[0].id, &Keep::Mine).unwrap();
    assert!(b.conflicts(true).unwrap().is_empty());
    push(&mut b, &mut server);
    pull(&mut b, &mut server);
    pull(&mut a, &mut server);
    assert!(a.conflicts(true).unwrap().is_empty());
    assert_eq!(incidents(&a), incidents(&b));
    let resolved = incidents(&a).into_iter().find(|i| i.0 == id).unwrap();
    assert_eq!(resolved.1, mine);
    assert_eq!(server.conflicts().filter(|c| c.is_open()).count(), 0);
}

/// Move incident `id` as an updated export would: its point, address and cuadrante at once.
fn move_incident(ws: &mut Workspace, id: &str, (lon, lat): (f64, f64), address: &str, area: &str) {
    let key = Value::Blob(uuid::Uuid::parse_str(id).unwrap().as_bytes().to_vec());
    let mut tx = ws.store_mut().write("test", "import.chunk").unwrap();
    let changes = [
        ("lon", Value::Real(lon)),
        ("lat", Value::Real(lat)),
        ("address", Value::Text(address.into())),
        ("cuadrante", Value::Text(area.into())),
    ];
    assert!(tx.update(&INCIDENT, &key, &changes).unwrap());
    tx.commit(serde_json::json!({})).unwrap();
}

fn place(ws: &Workspace, id: &str) -> (Option<f64>, Option<f64>, Option<String>, Option<String>) {
    let d = ws.incident_detail(id).unwrap();
    (d.lon, d.lat, d.address, d.cuadrante)
}

#[test]
fn given_two_stores_moving_one_incident_offline_then_its_place_is_kept_whole_from_one_side() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut server) = five_incidents_on_both(&dir);
    let id = incidents(&a)[0].0.clone();

    // Offline, both move it (each as an updated export of its own would).
    move_incident(&mut a, &id, (-70.6101, -33.4301), "Providencia 1100", "C01");
    move_incident(&mut b, &id, (-70.6202, -33.4402), "Los Leones 200", "C02");
    sync_both(&mut a, &mut b, &mut server);
    let open = b.conflicts(true).unwrap();
    let mut columns: Vec<&str> = open.iter().map(|c| c.column.as_str()).collect();
    columns.sort_unstable();
    assert_eq!(columns, ["address", "cuadrante", "lat", "lon"], "{open:?}");
    let lat = open.iter().find(|c| c.column == "lat").unwrap().id;
    // The inbox says each part is settled with the other three.
    for c in &open {
        let mut with = c.settled_with.clone();
        with.push(c.id);
        with.sort_unstable();
        let mut all: Vec<u64> = open.iter().map(|o| o.id).collect();
        all.sort_unstable();
        assert_eq!(with, all, "{c:?}");
    }

    // One part cannot be typed in: the place is kept whole; nothing changes.
    let refused = b
        .resolve_conflict(lat, &Keep::Value("-33.5".into()))
        .unwrap_err();
    assert_eq!(refused.code(), "invalid_argument");
    assert!(refused.to_string().contains("whole place"), "{refused}");
    assert_eq!(b.conflicts(true).unwrap().len(), 4);

    // Keeping a's side for the latitude keeps a's whole place, in one edit.
    let before = b.store().sync_book().last_change_seq().unwrap();
    b.resolve_conflict(lat, &Keep::Theirs).unwrap();
    assert!(b.conflicts(true).unwrap().is_empty());
    let after = b.store().sync_book().last_change_seq().unwrap();
    assert_eq!(after, before + 1, "one change entry");
    let a_place = (
        Some(-70.6101),
        Some(-33.4301),
        Some("Providencia 1100".to_owned()),
        Some("C01".to_owned()),
    );
    assert_eq!(place(&b, &id), a_place);

    // It travels: a and the server close all four, and both stores hold a's place.
    push(&mut b, &mut server);
    pull(&mut b, &mut server);
    pull(&mut a, &mut server);
    assert!(a.conflicts(true).unwrap().is_empty());
    assert_eq!(server.conflicts().filter(|c| c.is_open()).count(), 0);
    assert_eq!(place(&a, &id), a_place);
    assert_audit_clean(&a);
    assert_audit_clean(&b);
}

fn outbox_len(ws: &Workspace) -> u64 {
    ws.store().sync_book().outbox_len().unwrap()
}

#[test]
fn given_a_cut_push_when_it_is_sent_again_then_nothing_is_applied_twice() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_store(&dir, "a.db", 3);
    let mut server = ServerState::new(FieldPolicy::atalaya());
    let device = a.store().device_id();
    let device_n = a.store().device_n();
    let tx = a.store_mut().sync_book_tx().unwrap();
    outbox::queue_local_changes(&tx.book(), device, device_n).unwrap();
    tx.commit().unwrap();
    let tx = a.store_mut().sync_book_tx().unwrap();
    // The whole outbox in one batch (the demo city and its incidents).
    let first = outbox::next_batch(&tx.book(), device, 1_000)
        .unwrap()
        .unwrap();
    tx.commit().unwrap();
    assert_eq!(outbox_len(&a), first.last_change_no());
    // The server applied it but the ack was lost.
    server.push(&first, &Everything).unwrap();
    let head = server.head();

    let pushed = push(&mut a, &mut server);

    assert_eq!(pushed, first.last_change_no());
    assert_eq!(server.head(), head, "the resent batch applied nothing");
    assert_eq!(outbox_len(&a), 0);
}

#[test]
fn given_a_deleted_incident_then_the_deletion_travels_and_a_concurrent_edit_does_not_bring_it_back()
{
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_store(&dir, "a.db", 6);
    let mut b = empty_store(&dir, "b.db");
    let mut server = ServerState::new(FieldPolicy::atalaya());
    push(&mut a, &mut server);
    pull(&mut b, &mut server);
    let ids: Vec<String> = incidents(&a).into_iter().map(|i| i.0).collect();
    let (gone, edited_there) = (&ids[0], &ids[1]);

    // A deletes two incidents; B, offline, edits one of them.
    delete_incident(&mut a, gone);
    delete_incident(&mut a, edited_there);
    b.edit_incident(
        edited_there,
        &[("description".into(), "visto por B".into())],
    )
    .unwrap();
    assert_eq!(push(&mut a, &mut server), 2, "two tombstones");
    push(&mut b, &mut server);
    pull(&mut b, &mut server);
    pull(&mut a, &mut server);

    let (held_a, held_b) = (incidents(&a), incidents(&b));
    assert_eq!(held_a.len(), 4);
    assert_eq!(held_a, held_b, "both lack the deleted incidents");
    assert!(!held_b.iter().any(|i| &i.0 == gone || &i.0 == edited_there));
    let all = server.snapshot(&Everything);
    let record = all
        .iter()
        .find(|(r, _)| r.table == "incident" && key_text(&r.id) == *edited_there)
        .map(|(_, state)| state)
        .expect("the server keeps the deleted record");
    assert!(record.is_deleted());
    assert_eq!(
        record.fields["description"].value(),
        Some(&atalaya_sync::wire::WireValue::Text("visto por B".into())),
        "B's edit is kept on the server, under the tombstone"
    );
    assert_audit_clean(&a);
    assert_audit_clean(&b);
    // Nothing moves any more.
    assert_eq!(push(&mut a, &mut server), 0);
    assert_eq!(push(&mut b, &mut server), 0);
}

#[test]
fn given_an_incident_created_and_deleted_between_sessions_then_the_server_never_hears_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_store(&dir, "a.db", 3);
    let mut server = ServerState::new(FieldPolicy::atalaya());
    let id = incidents(&a)[0].0.clone();
    delete_incident(&mut a, &id);

    push(&mut a, &mut server);

    let all = server.snapshot(&Everything);
    assert!(
        !all.keys().any(|r| key_text(&r.id) == id),
        "neither the record nor its tombstone"
    );
    assert_eq!(all.keys().filter(|r| r.table == "incident").count(), 2);
}

/// The key of the camera with this code, and its zone.
fn camera(ws: &Workspace, code: &str) -> Option<(Value, Option<String>)> {
    ws.store()
        .conn()
        .query_row("SELECT id, zone FROM camera WHERE code = ?1", [code], |r| {
            Ok((Value::Blob(r.get(0)?), r.get(1)?))
        })
        .ok()
}

/// Change some of a record's fields through the audited write path.
fn update(ws: &mut Workspace, spec: &TableSpec, key: &Value, changes: &[(&str, Value)]) {
    let mut tx = ws.store_mut().write("test", "test.update").unwrap();
    assert!(tx.update(spec, key, changes).unwrap());
    tx.commit(serde_json::json!({})).unwrap();
}

#[test]
fn given_a_pulled_change_to_a_code_held_here_by_another_record_then_it_waits_and_nothing_fails() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_store(&dir, "a.db", 2);
    let mut b = empty_store(&dir, "b.db");
    let mut server = ServerState::new(FieldPolicy::atalaya());
    push(&mut a, &mut server);
    pull(&mut b, &mut server);
    let (first, _) = camera(&b, "CAM-001").expect("B received A's cameras");
    // B renames another camera to CAM-900 while A gives that code to CAM-001.
    let (second, _) = camera(&b, "CAM-002").unwrap();
    update(
        &mut b,
        &CAMERA,
        &second,
        &[("code", Value::Text("CAM-900".into()))],
    );
    update(
        &mut a,
        &CAMERA,
        &first,
        &[("code", Value::Text("CAM-900".into()))],
    );
    push(&mut a, &mut server);

    let applied = pull_all(&mut b, &mut server);

    assert_eq!(applied.collisions, 1, "{applied:?}");
    assert_eq!(
        camera(&b, "CAM-001").map(|c| c.0),
        Some(first.clone()),
        "kept as it was"
    );
    assert_eq!(camera(&b, "CAM-900").map(|c| c.0), Some(second.clone()));
    assert_audit_clean(&b);

    // Once B gives the code up, A's next change of that camera brings the whole record.
    update(
        &mut b,
        &CAMERA,
        &second,
        &[("code", Value::Text("CAM-002".into()))],
    );
    push(&mut b, &mut server);
    update(
        &mut a,
        &CAMERA,
        &first,
        &[("zone", Value::Text("C09".into()))],
    );
    push(&mut a, &mut server);
    let applied = pull_all(&mut b, &mut server);
    assert_eq!(applied.collisions, 0, "{applied:?}");
    assert_eq!(
        camera(&b, "CAM-900"),
        Some((first, Some("C09".into()))),
        "the code waited for a later change"
    );
    assert_audit_clean(&b);
}

/// Insert a record through the audited write path.
fn insert(ws: &mut Workspace, spec: &TableSpec, values: &[Value]) {
    let mut tx = ws.store_mut().write("test", "test.insert").unwrap();
    tx.insert(spec, values).unwrap();
    tx.commit(serde_json::json!({})).unwrap();
}

fn patrol_track(unit: &str) -> Vec<Value> {
    vec![
        Value::Blob(uuid::Uuid::now_v7().as_bytes().to_vec()),
        Value::Text(unit.into()),
        Value::Integer(1_717_000_000),
        Value::Integer(1_717_003_600),
        Value::Text("[[-70.61,-33.43,1717000000],[-70.60,-33.42,1717003600]]".into()),
        Value::Null,
    ]
}

fn registry_record(case_number: &str) -> Vec<Value> {
    vec![
        Value::Blob(uuid::Uuid::now_v7().as_bytes().to_vec()),
        Value::Text("fiscalia".into()),
        Value::Text(case_number.into()),
        Value::Integer(1_717_000_000),
        Value::Text("ROBO CON VIOLENCIA".into()),
        Value::Null,
    ]
}

/// Every row of `table` (all columns, as text), sorted.
fn rows_of(ws: &Workspace, table: &str) -> Vec<String> {
    let mut stmt = ws
        .store()
        .conn()
        .prepare(&format!("SELECT * FROM {table}"))
        .unwrap();
    let width = stmt.column_count();
    let mut out: Vec<String> = stmt
        .query_map([], |r| {
            Ok((0..width)
                .map(|i| format!("{:?}", r.get::<_, Value>(i).unwrap()))
                .collect::<Vec<_>>()
                .join("|"))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    out.sort();
    out
}

/// Store A (two demo incidents, a patrol track, a registry record), an empty store B, and the
/// server's rules.
fn track_and_registry_stores(dir: &tempfile::TempDir) -> (Workspace, Workspace, ServerState) {
    let mut a = demo_store(dir, "a.db", 2);
    let b = empty_store(dir, "b.db");
    insert(&mut a, &PATROL_TRACK, &patrol_track("RP-1234"));
    insert(&mut a, &REGISTRY_RECORD, &registry_record("2300123456-7"));
    (a, b, ServerState::new(FieldPolicy::atalaya()))
}

/// B holds A's one patrol track and one registry record, field for field.
fn assert_same_tracks_and_registry(a: &Workspace, b: &Workspace) {
    for table in ["patrol_track", "registry_record"] {
        assert_eq!(rows_of(b, table).len(), 1, "{table}");
        assert_eq!(rows_of(a, table), rows_of(b, table), "{table}");
    }
}

#[test]
fn given_patrol_tracks_and_registry_records_then_they_travel_like_incidents() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut server) = track_and_registry_stores(&dir);

    push(&mut a, &mut server);
    pull(&mut b, &mut server);

    assert_same_tracks_and_registry(&a, &b);
    assert_audit_clean(&b);
    assert_eq!(
        push(&mut b, &mut server),
        0,
        "pulled records are not pushed back"
    );
}

#[test]
fn given_records_queued_past_before_their_table_travelled_then_the_next_session_sends_them_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut server) = track_and_registry_stores(&dir);
    // As an older program left the store: its whole change log looked at for queuing while
    // only sources, areas, streets, cameras and incidents travelled.
    {
        let store = a.store_mut();
        let tx = store.sync_book_tx().unwrap();
        let book = tx.book();
        book.set_number("queued_up_to", book.last_change_seq().unwrap())
            .unwrap();
        book.set("synced_tables", "source,area,street,camera,incident")
            .unwrap();
        tx.commit().unwrap();
    }
    assert_eq!(
        a.sync_status().unwrap().pending,
        2,
        "the track and the registry record wait"
    );

    assert_eq!(push(&mut a, &mut server), 2);
    pull(&mut b, &mut server);

    assert_same_tracks_and_registry(&a, &b);
    assert_eq!(push(&mut a, &mut server), 0, "sent once");
    assert_eq!(a.sync_status().unwrap().pending, 0);
}
