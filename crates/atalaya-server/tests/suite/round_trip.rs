//! Push and pull through HTTP between real devices: convergence, idempotent replays, and a
//! concurrent edit of a guarded field kept as one conflict that both devices see, with who
//! wrote each side.

use crate::common::*;
use atalaya_model::{DeviceId, Role};
use atalaya_server::Jurisdiction;
use atalaya_sync::client_state::Replica;
use atalaya_sync::merge::FieldPolicy;
use atalaya_sync::wire::{Cursor, PullRequest};

fn replica(device: &Device) -> Replica {
    Replica::new(device.id, FieldPolicy::atalaya())
}

pub fn given_two_devices_when_they_sync_then_they_hold_the_same_records(backend: &dyn Backend) {
    let server = TestServer::start(backend);
    server.user("ana", Role::Analyst, Jurisdiction::All);
    server.user("fer", Role::Field, cuadrantes(&["C3"]));
    let (a, f) = (server.device("ana"), server.device("fer"));
    let (mut ra, mut rf) = (replica(&a), replica(&f));
    let values = [
        ("cuadrante", text("C3")),
        ("category", text("robo")),
        ("description", text("celular")),
    ];
    ra.edit(&incident(1), &values, 1_000);
    server.sync(&a, &mut ra, 1_000);
    server.sync(&f, &mut rf, 1_100);
    assert_eq!(rf.snapshot(), ra.snapshot());
    assert_eq!(
        rf.snapshot()[&incident(1)].fields["category"].value(),
        Some(&text("robo"))
    );

    rf.edit(
        &incident(1),
        &[("description", text("visto en la plaza"))],
        2_000,
    );
    server.sync(&f, &mut rf, 2_000);
    server.sync(&a, &mut ra, 2_100);
    assert_eq!(ra.snapshot(), rf.snapshot());
    assert_eq!(
        ra.snapshot()[&incident(1)].fields["description"].value(),
        Some(&text("visto en la plaza"))
    );
    assert!(ra.outbox().is_empty() && rf.outbox().is_empty());
    assert_eq!(server.census().records, 1);
}

pub fn given_a_replayed_batch_then_it_is_acknowledged_and_not_applied_again(backend: &dyn Backend) {
    let server = TestServer::start(backend);
    server.user("ana", Role::Analyst, Jurisdiction::All);
    let a = server.device("ana");
    let first = batch(&a, create(1, &incident(1), "C3", "robo"));
    let ack = server.push(&a, &first);
    let after_first = server.census();

    let replay = server.post_frame("/v1/push", &a, &first);
    assert!(replay.replay, "the answer says it was a replay");
    assert_eq!(replay.frame::<atalaya_sync::wire::PushAck>(), ack);
    assert_eq!(server.census(), after_first, "nothing applied twice");
    let metrics = String::from_utf8(server.get("/metrics", None).body).unwrap();
    assert!(
        metrics.contains("atalaya_push_replays_total 1"),
        "{metrics}"
    );
}

pub fn given_a_concurrent_guarded_edit_then_both_devices_see_one_conflict(backend: &dyn Backend) {
    let server = TestServer::start(backend);
    server.user("ana", Role::Analyst, Jurisdiction::All);
    server.user("sol", Role::Supervisor, Jurisdiction::All);
    let (a, s) = (server.device("ana"), server.device("sol"));
    let (mut ra, mut rs) = (replica(&a), replica(&s));
    ra.edit(
        &incident(1),
        &[("cuadrante", text("C3")), ("category", text("robo"))],
        1_000,
    );
    server.sync(&a, &mut ra, 1_000);
    server.sync(&s, &mut rs, 1_000);

    // Both recategorize offline, from the same version.
    ra.edit(&incident(1), &[("category", text("hurto"))], 2_000);
    rs.edit(&incident(1), &[("category", text("lesiones"))], 2_001);
    server.sync(&a, &mut ra, 3_000);
    server.sync(&s, &mut rs, 3_000);
    server.sync(&a, &mut ra, 3_000);

    for replica in [&ra, &rs] {
        let conflicts: Vec<_> = replica.conflicts().cloned().collect();
        assert_eq!(conflicts.len(), 1, "one conflict");
        let conflict = &conflicts[0];
        assert!(conflict.is_open());
        assert_eq!(conflict.column, "category");
        let mut sides = [conflict.kept.value.clone(), conflict.incoming.value.clone()];
        sides.sort();
        assert_eq!(sides, [text("hurto"), text("lesiones")], "both edits kept");
    }
    assert_eq!(ra.snapshot(), rs.snapshot());
    assert_eq!(server.census().open_conflicts, 1);

    // A person resolves it; the resolution syncs like any edit.
    let id = ra.conflicts().next().unwrap().id;
    ra.resolve(id, text("hurto"), 4_000).unwrap();
    server.sync(&a, &mut ra, 4_000);
    server.sync(&s, &mut rs, 4_000);
    assert!(rs.conflicts().all(|c| !c.is_open()));
    assert_eq!(
        rs.snapshot()[&incident(1)].fields["category"].value(),
        Some(&text("hurto"))
    );
    assert_eq!(server.census().open_conflicts, 0);

    // A page holding the conflict names who wrote its sides: users and registered names.
    let page = server.pull(
        &a,
        &PullRequest {
            device: a.id,
            cursor: Cursor::default(),
            limit: 10,
        },
    );
    assert_eq!(page.rows.len(), 1);
    let mut authors: Vec<(DeviceId, &str, &str)> = page
        .authors
        .iter()
        .map(|x| (x.device, x.user.as_str(), x.name.as_str()))
        .collect();
    authors.sort_unstable();
    let mut expected = vec![(a.id, "ana", "test"), (s.id, "sol", "test")];
    expected.sort_unstable();
    assert_eq!(authors, expected);
}
