//! Framing: round trips, and clear errors (never a panic) for cut, garbage, oversized, newer or
//! bomb-like input.

mod common;

use atalaya_model::{DeviceId, Hlc};
use atalaya_sync::SyncError;
use atalaya_sync::wire::{
    Conflict, ConflictId, Cursor, DeviceAuthor, FRAME_MAGIC, Field, FieldChange, Item, Limits,
    PullPage, PushAck, PushBatch, Refusal, RefusalReason, RowId, RowRef, RowState, Stamp,
    Versioned, WireValue, decode, encode, frame_protocol,
};
use common::*;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use std::collections::BTreeMap;
use uuid::Uuid;

fn value() -> impl Strategy<Value = WireValue> {
    prop_oneof![
        Just(WireValue::Null),
        any::<i64>().prop_map(WireValue::Int),
        any::<f64>()
            .prop_filter("finite", |v| v.is_finite())
            .prop_map(WireValue::Real),
        ".{0,12}".prop_map(WireValue::Text),
        proptest::collection::vec(any::<u8>(), 0..12).prop_map(WireValue::Blob),
    ]
}

fn stamp_any() -> impl Strategy<Value = Stamp> {
    (any::<u64>(), any::<[u8; 16]>()).prop_map(|(h, d)| Stamp::new(Hlc(h), DeviceId::from_bytes(d)))
}

fn row() -> impl Strategy<Value = RowRef> {
    let id = prop_oneof![
        any::<u128>().prop_map(|n| RowId::Id(Uuid::from_u128(n))),
        "[a-z0-9-]{1,8}".prop_map(RowId::Code),
    ];
    ("[a-z_]{1,10}", id).prop_map(|(t, id)| RowRef::new(t, id))
}

fn field_change() -> impl Strategy<Value = FieldChange> {
    (
        any::<u64>(),
        row(),
        "[a-z_]{1,10}",
        value(),
        any::<u64>(),
        proptest::option::of(stamp_any()),
        proptest::collection::vec(any::<u64>().prop_map(ConflictId), 0..2),
    )
        .prop_map(
            |(change_no, row, column, value, hlc, base, resolves)| FieldChange {
                change_no,
                table: row.table,
                row: row.id,
                column,
                value,
                hlc: Hlc(hlc),
                base,
                resolves,
            },
        )
}

fn push_batch() -> impl Strategy<Value = PushBatch> {
    (
        any::<[u8; 16]>(),
        any::<u64>(),
        any::<u64>(),
        proptest::collection::vec(field_change(), 0..6),
    )
        .prop_map(|(d, batch_id, first_change_no, changes)| PushBatch {
            device: DeviceId::from_bytes(d),
            batch_id,
            first_change_no,
            changes,
        })
}

fn versioned() -> impl Strategy<Value = Versioned> {
    (value(), stamp_any()).prop_map(|(value, stamp)| Versioned { value, stamp })
}

fn field() -> impl Strategy<Value = Field> {
    prop_oneof![
        versioned().prop_map(Field::Register),
        proptest::collection::vec((stamp_any(), value()), 0..3).prop_map(|items| Field::Set {
            items: items
                .into_iter()
                .map(|(stamp, value)| Item { stamp, value })
                .collect()
        }),
    ]
}

fn row_state() -> impl Strategy<Value = RowState> {
    let conflict = (
        any::<u64>(),
        row(),
        versioned(),
        versioned(),
        proptest::option::of(stamp_any()),
    )
        .prop_map(|(id, row, kept, incoming, base)| Conflict {
            id: ConflictId(id),
            row,
            column: "category".into(),
            kept,
            incoming,
            incoming_base: base,
            resolved_by: None,
        });
    (
        row(),
        proptest::collection::btree_map("[a-z]{1,6}", field(), 0..4),
        proptest::collection::vec(conflict, 0..2),
    )
        .prop_map(|(row, fields, conflicts)| RowState {
            row,
            fields,
            conflicts,
        })
}

fn pull_page() -> impl Strategy<Value = PullPage> {
    (
        any::<(u64, u64, u64, u64)>(),
        any::<(bool, bool)>(),
        proptest::collection::vec(row_state(), 0..3),
        proptest::collection::vec(row(), 0..3),
        proptest::collection::vec(author(), 0..3),
    )
        .prop_map(
            |((a, b, c, d), (reset, more), rows, evictions, authors)| PullPage {
                from: Cursor { seq: a, scope: b },
                reset,
                rows,
                evictions,
                next_cursor: Cursor { seq: c, scope: d },
                more,
                authors,
            },
        )
}

fn author() -> impl Strategy<Value = DeviceAuthor> {
    (any::<u128>(), ".{0,12}", ".{0,12}").prop_map(|(id, user, name)| DeviceAuthor {
        device: DeviceId(Uuid::from_u128(id)),
        user,
        name,
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic_decode(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = decode::<PushBatch>(&bytes, &Limits::default());
        let _ = decode::<PullPage>(&bytes, &Limits::default());
    }

    #[test]
    fn arbitrary_bodies_behind_a_valid_header_never_panic_decode(
        body in proptest::collection::vec(any::<u8>(), 0..256),
    ) {
        let mut frame = FRAME_MAGIC.to_vec();
        frame.extend_from_slice(&1u16.to_be_bytes());
        frame.extend_from_slice(&body);
        prop_assert!(decode::<PushBatch>(&frame, &Limits::default()).is_err());
    }

    #[test]
    fn push_batches_round_trip(batch in push_batch()) {
        let frame = encode(&batch, &Limits::default()).unwrap();
        prop_assert_eq!(decode::<PushBatch>(&frame, &Limits::default()).unwrap(), batch);
    }

    #[test]
    fn pull_pages_round_trip(page in pull_page()) {
        let frame = encode(&page, &Limits::default()).unwrap();
        prop_assert_eq!(decode::<PullPage>(&frame, &Limits::default()).unwrap(), page);
    }

    #[test]
    fn every_cut_of_a_frame_is_an_error(page in pull_page(), cut in any::<prop::sample::Index>()) {
        let frame = encode(&page, &Limits::default()).unwrap();
        let at = cut.index(frame.len());
        prop_assert!(decode::<PullPage>(&frame[..at], &Limits::default()).is_err());
    }
}

fn ack() -> PushAck {
    PushAck {
        batch_id: 4,
        applied_up_to: 9,
        server_seq: 120,
        refused: vec![Refusal {
            change_no: 8,
            reason: RefusalReason::OutOfScope { row: incident(5) },
        }],
    }
}

fn check(frame: &[u8], limits: Limits, expected: impl Fn(&SyncError) -> bool) {
    let err = decode::<PushAck>(frame, &limits).unwrap_err();
    assert!(expected(&err), "unexpected error: {err}");
}

#[test]
fn given_bad_frames_then_errors_say_what_is_wrong() {
    let good = encode(&ack(), &Limits::default()).unwrap();
    let limits = Limits::default();
    check(&good[..3], limits, |e| {
        matches!(e, SyncError::Truncated { .. })
    });
    check(&good[..good.len() - 1], limits, |e| {
        matches!(e, SyncError::Truncated { .. })
    });
    check(b"GET / HTTP/1.1", limits, |e| *e == SyncError::NotAFrame);
    check(b"", limits, |e| matches!(e, SyncError::Truncated { .. }));
    let mut newer = good.clone();
    newer[4..6].copy_from_slice(&9u16.to_be_bytes());
    check(&newer, limits, |e| {
        *e == SyncError::UnsupportedProtocol {
            got: 9,
            min: 1,
            max: 1,
        }
    });
    assert_eq!(frame_protocol(&newer).unwrap().0, 9);
    let small = Limits {
        max_frame: 10,
        max_body: 1 << 20,
    };
    check(&good, small, |e| {
        matches!(e, SyncError::Oversized { what: "frame", .. })
    });
    let wrong_type = encode(&vec![1, 2, 3], &limits).unwrap();
    check(&wrong_type, limits, |e| {
        matches!(e, SyncError::Malformed { .. })
    });
    assert_eq!(decode::<PushAck>(&good, &limits).unwrap(), ack());
}

#[test]
fn given_a_small_frame_that_inflates_past_the_limit_then_oversized() {
    // 8 MiB of one repeated note compresses to a few hundred bytes.
    let bomb = text(&"a".repeat(8 << 20));
    let frame = encode(&bomb, &Limits::default()).unwrap();
    assert!(frame.len() < 4096, "{} bytes", frame.len());
    let limits = Limits {
        max_frame: 4096,
        max_body: 1 << 20,
    };
    check(&frame, limits, |e| {
        *e == SyncError::Oversized {
            what: "body",
            size: (1 << 20) + 1,
            limit: 1 << 20,
        }
    });
}

#[test]
fn given_a_non_finite_real_then_encoding_fails_cleanly() {
    let err = encode(&WireValue::Real(f64::NAN), &Limits::default()).unwrap_err();
    assert!(matches!(err, SyncError::Encode { .. }), "{err}");
}

#[test]
fn values_have_a_readable_json_form() {
    let values = vec![
        WireValue::Null,
        WireValue::Int(-3),
        WireValue::Real(0.1),
        text("robo"),
        WireValue::Blob(vec![0xca, 0xfe]),
    ];
    let json = serde_json::to_string(&values).unwrap();
    assert_eq!(
        json,
        r#"["null",{"int":-3},{"real":"0.1"},{"text":"robo"},{"blob":"cafe"}]"#
    );
    let fields: BTreeMap<String, Field> = BTreeMap::new();
    assert_eq!(serde_json::to_string(&fields).unwrap(), "{}");
}
