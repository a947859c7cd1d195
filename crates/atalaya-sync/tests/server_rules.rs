//! The server's push and pull rules: idempotency per device, atomic validation, scope
//! refusals and filtering, evictions, and the restart of a client whose scope changed.

mod common;

use atalaya_sync::SyncError;
use atalaya_sync::server_state::{Cuadrantes, Everything, Scope, ServerState};
use atalaya_sync::wire::{PullPage, PullRequest, PushAck, Refusal, RefusalReason, RowId, RowRef};
use common::*;

const ADMIN: u8 = 1;
const FIELD: u8 = 2;

/// A server holding incident 3 (cuadrante C3) and incident 5 (C5), written by the admin.
fn server_with_3_and_5() -> ServerState {
    let mut server = ServerState::new(policy());
    let changes = vec![
        change(1, &incident(3), "cuadrante", text("C3"), 10, None),
        change(2, &incident(5), "cuadrante", text("C5"), 10, None),
    ];
    server.push(&batch(ADMIN, changes), &Everything).unwrap();
    server
}

fn pull(server: &mut ServerState, n: u8, page_from: PullPage, scope: &dyn Scope) -> PullPage {
    let request = PullRequest {
        device: device(n),
        cursor: page_from.next_cursor,
        limit: 100,
    };
    server.pull(&request, scope)
}

fn first_pull(server: &mut ServerState, n: u8, scope: &dyn Scope) -> PullPage {
    let request = PullRequest {
        device: device(n),
        cursor: start(),
        limit: 100,
    };
    server.pull(&request, scope)
}

fn rows(page: &PullPage) -> Vec<RowRef> {
    page.rows.iter().map(|r| r.row.clone()).collect()
}

fn check_ack(ack: &PushAck, applied_up_to: u64, refused: &[(u64, RowRef)]) {
    assert_eq!(ack.applied_up_to, applied_up_to, "applied_up_to");
    let want: Vec<Refusal> = refused
        .iter()
        .map(|(change_no, row)| Refusal {
            change_no: *change_no,
            reason: RefusalReason::OutOfScope { row: row.clone() },
        })
        .collect();
    assert_eq!(ack.refused, want, "refusals");
}

#[test]
fn given_a_replayed_batch_then_it_is_acknowledged_and_not_applied_again() {
    let mut server = server_with_3_and_5();
    let edit = batch(
        FIELD,
        vec![change(1, &incident(3), "notes", text("visto"), 20, None)],
    );
    let first = server.push(&edit, &Everything).unwrap();
    let head = server.head();
    let replay = server.push(&edit, &Everything).unwrap();
    assert_eq!(replay, first);
    assert_eq!(server.head(), head, "no new server sequence");
}

#[test]
fn given_a_resumed_batch_then_only_its_new_changes_apply() {
    let mut server = server_with_3_and_5();
    let c1 = change(1, &incident(3), "description", text("a"), 20, None);
    let c2 = change(2, &incident(5), "description", text("b"), 21, None);
    server
        .push(&batch(FIELD, vec![c1.clone()]), &Everything)
        .unwrap();
    let head = server.head();
    let ack = server
        .push(&batch(FIELD, vec![c1, c2]), &Everything)
        .unwrap();
    check_ack(&ack, 2, &[]);
    assert_eq!(server.head(), head + 1, "one record changed");
}

#[test]
fn given_a_push_touching_an_out_of_scope_record_then_that_change_is_refused_and_the_rest_applies() {
    let mut server = server_with_3_and_5();
    let changes = vec![
        change(1, &incident(3), "description", text("ok"), 20, None),
        change(2, &incident(5), "description", text("not mine"), 20, None),
        change(3, &incident(7), "cuadrante", text("C5"), 20, None),
    ];
    let ack = server
        .push(&batch(FIELD, changes), &Cuadrantes::new(["C3"]))
        .unwrap();
    check_ack(&ack, 3, &[(2, incident(5)), (3, incident(7))]);
    let all = server.snapshot(&Everything);
    assert_eq!(
        all[&incident(3)].fields["description"].value(),
        Some(&text("ok"))
    );
    assert!(!all[&incident(5)].fields.contains_key("description"));
    assert!(
        !all.contains_key(&incident(7)),
        "a record created outside the scope is refused"
    );
    // A replay is answered with the same refusals.
    let changes = vec![change(1, &incident(3), "description", text("ok"), 20, None)];
    let replay = server
        .push(&batch(FIELD, changes), &Cuadrantes::new(["C3"]))
        .unwrap();
    check_ack(&replay, 3, &[(2, incident(5)), (3, incident(7))]);
}

#[test]
fn given_a_field_user_for_cuadrante_3_then_a_cuadrante_5_record_is_never_sent() {
    let mut server = server_with_3_and_5();
    let page = first_pull(&mut server, FIELD, &Cuadrantes::new(["C3"]));
    assert_eq!(rows(&page), [incident(3)]);
    assert!(
        page.evictions.is_empty(),
        "no id of a record that was never the user's"
    );
    assert!(!page.more);
}

#[test]
fn given_reference_records_then_a_field_user_receives_them_and_may_not_change_them() {
    let mut server = server_with_3_and_5();
    let cuadrante = RowRef::new("area", RowId::Code("C03".into()));
    let camera = RowRef::new("camera", RowId::Code("CAM-01".into()));
    let changes = vec![
        change(3, &cuadrante, "name", text("Cuadrante 3"), 20, None),
        change(4, &camera, "zone", text("centro"), 20, None),
    ];
    server.push(&batch(ADMIN, changes), &Everything).unwrap();
    let scope = Cuadrantes::new(["C3"]);
    let page = first_pull(&mut server, FIELD, &scope);
    assert_eq!(
        rows(&page),
        [incident(3), cuadrante.clone()],
        "the areas, not the cameras nor the other cuadrante's incident"
    );
    let changes = vec![
        change(1, &cuadrante, "name", text("Mío"), 30, None),
        change(
            2,
            &RowRef::new("street", RowId::Code("S0001".into())),
            "name",
            text("Nueva"),
            30,
            None,
        ),
    ];
    let ack = server.push(&batch(FIELD, changes), &scope).unwrap();
    check_ack(
        &ack,
        2,
        &[
            (1, cuadrante.clone()),
            (2, RowRef::new("street", RowId::Code("S0001".into()))),
        ],
    );
    assert_eq!(
        server.snapshot(&Everything)[&cuadrante].fields["name"].value(),
        Some(&text("Cuadrante 3"))
    );
}

#[test]
fn given_new_scope_rules_then_a_field_cursor_of_the_old_rules_starts_over() {
    // The fingerprint of the rules before reference tables: FNV-1a over "C3" and 0xff.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in "C3".bytes().chain([0xff]) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    assert_ne!(Cuadrantes::new(["C3"]).fingerprint(), h | 1);
}

#[test]
fn given_a_record_leaving_the_scope_then_the_next_pull_evicts_it() {
    let mut server = server_with_3_and_5();
    let scope = Cuadrantes::new(["C3"]);
    let page = first_pull(&mut server, FIELD, &scope);
    let moved = change(
        3,
        &incident(3),
        "cuadrante",
        text("C5"),
        30,
        Some(stamp(10, ADMIN)),
    );
    server
        .push(&batch(ADMIN, vec![moved]), &Everything)
        .unwrap();
    let next = pull(&mut server, FIELD, page, &scope);
    assert!(next.rows.is_empty());
    assert_eq!(next.evictions, [incident(3)]);
    assert!(!next.reset);
}

#[test]
fn given_a_grown_scope_then_the_client_is_restarted_with_a_backfill() {
    let mut server = server_with_3_and_5();
    let page = first_pull(&mut server, FIELD, &Cuadrantes::new(["C3"]));
    let next = pull(&mut server, FIELD, page, &Cuadrantes::new(["C3", "C5"]));
    assert!(next.reset);
    assert_eq!(rows(&next), [incident(3), incident(5)]);
}

#[test]
fn given_small_pages_then_every_record_comes_once_in_server_order() {
    let mut server = server_with_3_and_5();
    let mut request = PullRequest {
        device: device(FIELD),
        cursor: start(),
        limit: 1,
    };
    let mut seen = Vec::new();
    loop {
        let page = server.pull(&request, &Everything);
        seen.extend(rows(&page));
        request.cursor = page.next_cursor;
        if !page.more {
            break;
        }
    }
    assert_eq!(seen, [incident(3), incident(5)]);
    assert_eq!(request.cursor.seq, server.head());
}

fn check_refused_whole(
    changes: Vec<atalaya_sync::wire::FieldChange>,
    first: u64,
    expected: SyncError,
) {
    let mut server = server_with_3_and_5();
    let head = server.head();
    let mut b = batch(FIELD, changes);
    b.first_change_no = first;
    assert_eq!(server.push(&b, &Everything), Err(expected));
    assert_eq!(server.head(), head, "nothing applied");
    assert_eq!(server.applied_up_to(device(FIELD)), 0);
}

#[test]
fn given_a_malformed_batch_then_it_is_refused_whole_with_a_clear_error() {
    let a = |n| change(n, &incident(3), "description", text("x"), 20, None);
    let b = |n| change(n, &incident(5), "description", text("y"), 20, None);
    check_refused_whole(
        vec![a(2), a(1)],
        2,
        SyncError::ChangeNumbersOutOfOrder {
            previous: 2,
            found: 1,
        },
    );
    check_refused_whole(
        vec![a(1)],
        2,
        SyncError::FirstChangeMismatch {
            declared: 2,
            found: 1,
        },
    );
    check_refused_whole(
        vec![a(1), b(1)],
        1,
        SyncError::ChangeSpansRecords { change_no: 1 },
    );
    check_refused_whole(vec![a(0)], 0, SyncError::ChangeNumberZero);
    check_refused_whole(
        vec![a(3)],
        3,
        SyncError::ChangeGap {
            device: device(FIELD),
            expected: 1,
            got: 3,
        },
    );
}

#[test]
fn given_extreme_client_numbers_then_the_server_answers_without_overflowing() {
    let mut server = server_with_3_and_5();
    let request = PullRequest {
        device: device(FIELD),
        cursor: atalaya_sync::wire::Cursor {
            seq: u64::MAX,
            scope: Everything.fingerprint(),
        },
        limit: u32::MAX,
    };
    let page = server.pull(&request, &Everything);
    assert!(page.rows.is_empty() && !page.more);
    let changes = vec![
        change(1, &incident(3), "description", text("a"), 20, None),
        change(u64::MAX, &incident(5), "description", text("b"), 20, None),
    ];
    server.push(&batch(FIELD, changes), &Everything).unwrap();
    assert_eq!(server.applied_up_to(device(FIELD)), u64::MAX);
    let head = server.head();
    let mut after = batch(FIELD, Vec::new());
    after.first_change_no = u64::MAX;
    let ack = server.push(&after, &Everything).unwrap();
    assert_eq!((ack.applied_up_to, server.head()), (u64::MAX, head));
}
