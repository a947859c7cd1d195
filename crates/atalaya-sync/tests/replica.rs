//! The replica engine: outbox, resumable pushes, acks with refusals, pages, and conflicts
//! resolved by an edit that syncs like any other.

mod common;

use atalaya_sync::client_state::Replica;
use atalaya_sync::server_state::{Cuadrantes, Everything, ServerState};
use atalaya_sync::wire::{Field, RefusalReason, WireValue};
use common::*;

fn replica(n: u8) -> Replica {
    Replica::new(device(n), policy())
}

fn value_of(replica: &Replica, n: u64, column: &str) -> Option<WireValue> {
    replica
        .snapshot()
        .get(&incident(n))
        .and_then(|r| r.fields.get(column))
        .and_then(Field::value)
        .cloned()
}

#[test]
fn given_a_batch_lost_on_the_way_then_resending_it_loses_and_duplicates_nothing() {
    let mut server = ServerState::new(policy());
    let mut a = replica(1);
    a.edit(
        &incident(1),
        &[("cuadrante", text("C3")), ("notes", text("uno"))],
        10,
    );
    a.edit(&incident(1), &[("notes", text("dos"))], 11);
    let lost = a.next_push(10).unwrap();
    let again = a.next_push(10).unwrap();
    assert_eq!(again.changes, lost.changes);
    // The first sending did reach the server; only its ack was cut.
    server.push(&lost, &Everything).unwrap();
    let ack = server.push(&again, &Everything).unwrap();
    a.apply_ack(&ack);
    assert!(a.outbox().is_empty());
    sync(&mut a, &mut server, &Everything, 12);
    let notes = &server.snapshot(&Everything)[&incident(1)].fields["notes"];
    assert!(
        matches!(notes, Field::Set { items } if items.len() == 2),
        "{notes:?}"
    );
    assert_eq!(a.snapshot(), server.snapshot(&Everything));
}

#[test]
fn given_a_refused_creation_then_it_leaves_the_view_and_is_listed_with_its_reason() {
    let mut server = ServerState::new(policy());
    let mut field = replica(2);
    let scope = Cuadrantes::new(["C3"]);
    field.edit(&incident(9), &[("cuadrante", text("C5"))], 10);
    assert!(
        value_of(&field, 9, "cuadrante").is_some(),
        "shown while pending"
    );
    sync(&mut field, &mut server, &scope, 11);
    assert_eq!(value_of(&field, 9, "cuadrante"), None);
    let refused = field.refused();
    assert_eq!(refused.len(), 1);
    assert_eq!(
        refused[0].reason,
        RefusalReason::OutOfScope { row: incident(9) }
    );
}

#[test]
fn given_a_conflict_when_one_replica_resolves_it_then_every_replica_sees_it_closed() {
    let mut server = ServerState::new(policy());
    let (mut a, mut b) = (replica(1), replica(2));
    a.edit(&incident(1), &[("category", text("otros"))], 5);
    sync(&mut a, &mut server, &Everything, 5);
    sync(&mut b, &mut server, &Everything, 5);
    a.edit(&incident(1), &[("category", text("robo"))], 10);
    b.edit(&incident(1), &[("category", text("hurto"))], 12);
    for _ in 0..2 {
        sync(&mut a, &mut server, &Everything, 13);
        sync(&mut b, &mut server, &Everything, 13);
    }
    let open: Vec<_> = a.conflicts().filter(|c| c.is_open()).cloned().collect();
    assert_eq!(open.len(), 1);
    assert_eq!(
        (open[0].kept.value.clone(), open[0].incoming.value.clone()),
        (text("robo"), text("hurto"))
    );
    assert_eq!(
        value_of(&a, 1, "category"),
        Some(text("hurto")),
        "provisional: the later clock"
    );
    b.resolve(open[0].id, text("robo"), 20).unwrap();
    for _ in 0..2 {
        sync(&mut b, &mut server, &Everything, 21);
        sync(&mut a, &mut server, &Everything, 21);
    }
    for r in [&a, &b] {
        assert_eq!(value_of(r, 1, "category"), Some(text("robo")));
        assert!(r.conflicts().all(|c| !c.is_open()));
        assert_eq!(r.snapshot(), server.snapshot(&Everything));
    }
}

#[test]
fn given_a_duplicated_or_late_page_then_it_is_ignored() {
    let mut server = ServerState::new(policy());
    let mut a = replica(1);
    let mut admin = replica(9);
    admin.edit(&incident(1), &[("cuadrante", text("C3"))], 5);
    sync(&mut admin, &mut server, &Everything, 5);
    let page = server.pull(&a.pull_request(10), &Everything);
    assert!(a.apply_page(&page, 6));
    assert!(!a.apply_page(&page, 6), "a duplicate is ignored");
    assert_eq!(a.snapshot(), server.snapshot(&Everything));
}

#[test]
fn given_an_unknown_conflict_then_resolving_it_is_an_error() {
    let mut a = replica(1);
    let err = a
        .resolve(atalaya_sync::wire::ConflictId(4), text("x"), 1)
        .unwrap_err();
    assert_eq!(err, atalaya_sync::SyncError::UnknownConflict { id: 4 });
}
