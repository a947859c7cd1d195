//! Convergence under a hostile network: 3–5 replicas (some with a restricted scope) edit
//! offline and sync in random order while messages are duplicated, reordered, lost and cut;
//! at quiescence every replica equals the server for what it may see, and every edit is
//! accounted for.

mod common;
mod sim;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::FileFailurePersistence;
use proptest::test_runner::{Config, TestRunner};
use sim::{Census, Sim, Step};

type Scopes = Vec<(Option<Vec<u8>>, u8)>;

fn scopes() -> impl Strategy<Value = Scopes> {
    let scope = prop_oneof![
        2 => Just(None),
        3 => proptest::collection::vec(0u8..3, 1..3).prop_map(Some),
    ];
    proptest::collection::vec((scope, 0u8..4), 3..=5)
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => any::<u8>().prop_map(Step::Tick),
        2 => (any::<u8>(), any::<u8>(), any::<u8>())
            .prop_map(|(client, cuadrante, category)| Step::Create { client, cuadrante, category }),
        6 => (any::<u8>(), any::<u16>(), any::<u8>(), any::<u8>())
            .prop_map(|(client, pick, column, value)| Step::Edit { client, pick, column, value }),
        1 => (any::<u8>(), any::<u8>(), any::<bool>())
            .prop_map(|(client, pick, side)| Step::Resolve { client, pick, side }),
        3 => (any::<u8>(), any::<u8>()).prop_map(|(client, max)| Step::SendPush { client, max }),
        3 => (any::<u8>(), any::<u8>()).prop_map(|(client, limit)| Step::SendPull { client, limit }),
        8 => any::<u16>().prop_map(Step::Deliver),
        1 => any::<u16>().prop_map(Step::Duplicate),
        1 => any::<u16>().prop_map(Step::Drop),
        1 => (any::<u16>(), any::<u16>()).prop_map(|(i, at)| Step::Cut(i, at)),
        1 => Just(Step::Settle),
        1 => (any::<u8>(), proptest::option::of(proptest::collection::vec(0u8..3, 1..3)))
            .prop_map(|(client, scope)| Step::Rescope { client, scope }),
    ]
}

fn scenario() -> impl Strategy<Value = (Scopes, Vec<Step>)> {
    (scopes(), proptest::collection::vec(step(), 1..160))
}

fn play(scopes: &Scopes, steps: &[Step]) -> Census {
    let mut sim = Sim::new(scopes);
    sim.run(steps);
    sim.quiesce();
    sim.check()
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn replicas_converge_and_no_edit_is_lost((scopes, steps) in scenario()) {
        play(&scopes, &steps);
    }
}

/// The property above must exercise what it claims: over fixed scenarios, conflicts,
/// resolutions, refusals, evictions and every network fault occur. Run with `--nocapture`
/// to see the counts.
#[test]
fn the_scenarios_exercise_every_path() {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    let mut total = Census::default();
    for _ in 0..200 {
        let (scopes, steps) = scenario()
            .new_tree(&mut runner)
            .expect("a scenario")
            .current();
        total.add(&play(&scopes, &steps));
    }
    eprintln!("census over 200 scenarios: {total:#?}");
    let accounted = total.current
        + total.in_conflict
        + total.superseded
        + total.overwritten
        + total.appended
        + total.refused;
    assert_eq!(
        accounted, total.edits,
        "every edit accounted for exactly once"
    );
    for (what, n) in [
        ("conflicts", total.conflicts),
        ("edits kept in conflicts", total.in_conflict),
        ("resolutions", total.resolutions),
        ("refusals", total.refused),
        ("evictions", total.evictions),
        ("restarts after a scope change", total.resets),
        ("lost messages", total.dropped),
        ("duplicated messages", total.duplicated),
        ("cut messages", total.cut),
    ] {
        assert!(n > 0, "no {what} in 200 scenarios");
    }
}
