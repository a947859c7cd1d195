//! The merge rules, through the server that applies them in arrival order: last writer wins
//! with ties by device, conflicts for concurrent guarded edits only, unions for append-only.

mod common;

use atalaya_sync::server_state::{Everything, ServerState};
use atalaya_sync::wire::{Field, WireValue};
use common::*;

/// One edit of incident 1: by device `dev` at `ms`, replacing the version `(ms, device)`.
struct Edit {
    dev: u8,
    ms: u64,
    value: &'static str,
    base: Option<(u64, u8)>,
}

fn e(dev: u8, ms: u64, value: &'static str, base: Option<(u64, u8)>) -> Edit {
    Edit {
        dev,
        ms,
        value,
        base,
    }
}

/// Apply `edits` in order to `column` of incident 1 and compare the field's values (one for a
/// register, every element for a set) and the conflicts as `(kept, incoming)`.
fn check(column: &str, edits: &[Edit], values: &[&str], conflicts: &[(&str, &str)]) {
    let mut server = ServerState::new(policy());
    let row = incident(1);
    let mut change_nos = [0u64; 256];
    for edit in edits {
        change_nos[usize::from(edit.dev)] += 1;
        let base = edit.base.map(|(ms, d)| stamp(ms, d));
        let c = change(
            change_nos[usize::from(edit.dev)],
            &row,
            column,
            text(edit.value),
            edit.ms,
            base,
        );
        server.push(&batch(edit.dev, vec![c]), &Everything).unwrap();
    }
    let state = &server.snapshot(&Everything)[&row];
    let got: Vec<WireValue> = match &state.fields[column] {
        Field::Register(v) => vec![v.value.clone()],
        Field::Set { items } => items.iter().map(|i| i.value.clone()).collect(),
    };
    let want: Vec<WireValue> = values.iter().map(|v| text(v)).collect();
    assert_eq!(got, want, "values of {column}");
    let got: Vec<(WireValue, WireValue)> = state
        .conflicts
        .iter()
        .map(|c| (c.kept.value.clone(), c.incoming.value.clone()))
        .collect();
    let want: Vec<(WireValue, WireValue)> =
        conflicts.iter().map(|(k, i)| (text(k), text(i))).collect();
    assert_eq!(got, want, "conflicts on {column}");
}

#[test]
fn given_plain_edits_with_equal_clocks_then_the_higher_device_wins_in_any_order() {
    check(
        "description",
        &[e(1, 10, "a", None), e(2, 10, "b", None)],
        &["b"],
        &[],
    );
    check(
        "description",
        &[e(2, 10, "b", None), e(1, 10, "a", None)],
        &["b"],
        &[],
    );
}

#[test]
fn given_plain_concurrent_edits_then_the_later_clock_wins_whatever_the_device() {
    check(
        "description",
        &[e(1, 11, "a", None), e(2, 10, "b", None)],
        &["a"],
        &[],
    );
    check(
        "description",
        &[e(2, 10, "b", None), e(1, 11, "a", None)],
        &["a"],
        &[],
    );
}

#[test]
fn given_guarded_concurrent_edits_then_one_conflict_keeps_both_values() {
    let edits = [
        e(1, 5, "otros", None),
        e(2, 10, "robo", Some((5, 1))),
        e(3, 12, "hurto", Some((5, 1))),
    ];
    check("category", &edits, &["hurto"], &[("robo", "hurto")]);
}

#[test]
fn given_guarded_concurrent_edits_arriving_late_then_the_provisional_value_is_still_the_latest() {
    let edits = [
        e(1, 5, "otros", None),
        e(3, 12, "hurto", Some((5, 1))),
        e(2, 10, "robo", Some((5, 1))),
    ];
    check("category", &edits, &["hurto"], &[("hurto", "robo")]);
}

#[test]
fn given_guarded_sequential_edits_then_no_conflict() {
    let edits = [
        e(1, 5, "otros", None),
        e(2, 10, "robo", Some((5, 1))),
        e(3, 12, "hurto", Some((10, 2))),
    ];
    check("category", &edits, &["hurto"], &[]);
}

#[test]
fn given_guarded_fields_first_set_twice_then_that_is_a_conflict_too() {
    check(
        "category",
        &[e(1, 5, "robo", None), e(2, 6, "hurto", None)],
        &["hurto"],
        &[("robo", "hurto")],
    );
}

#[test]
fn given_append_only_concurrent_additions_then_the_union_in_clock_order() {
    let edits = [e(2, 10, "b", None), e(1, 9, "a", None), e(2, 10, "b", None)];
    check("notes", &edits, &["a", "b"], &[]);
}

mod algebra {
    //! The replica-side merge is order-free: commutative, associative, idempotent.

    use super::common::{device, text};
    use atalaya_model::Hlc;
    use atalaya_sync::merge::merge_field;
    use atalaya_sync::wire::{Field, Item, Stamp, Versioned};
    use proptest::prelude::*;

    fn stamp() -> impl Strategy<Value = Stamp> {
        (0u64..4, 1u8..4).prop_map(|(h, d)| Stamp::new(Hlc(h), device(d)))
    }

    fn register() -> impl Strategy<Value = Field> {
        // The value is a function of the stamp, as it is for real versions.
        stamp().prop_map(|s| {
            Field::Register(Versioned {
                value: text(&s.to_string()),
                stamp: s,
            })
        })
    }

    fn set() -> impl Strategy<Value = Field> {
        proptest::collection::btree_set(stamp(), 0..4).prop_map(|stamps| Field::Set {
            items: stamps
                .into_iter()
                .map(|s| Item {
                    stamp: s,
                    value: text(&s.to_string()),
                })
                .collect(),
        })
    }

    fn merged(a: &Field, b: &Field) -> Field {
        let mut out = a.clone();
        merge_field(&mut out, b);
        out
    }

    fn laws(a: Field, b: Field, c: Field) -> Result<(), TestCaseError> {
        prop_assert_eq!(merged(&a, &b), merged(&b, &a));
        prop_assert_eq!(merged(&merged(&a, &b), &c), merged(&a, &merged(&b, &c)));
        prop_assert_eq!(merged(&a, &a), a);
        Ok(())
    }

    proptest! {
        #[test]
        fn registers_merge_in_any_order(a in register(), b in register(), c in register()) {
            laws(a, b, c)?;
        }

        #[test]
        fn sets_merge_in_any_order(a in set(), b in set(), c in set()) {
            laws(a, b, c)?;
        }
    }
}
