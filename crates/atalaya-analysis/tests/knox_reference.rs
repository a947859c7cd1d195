//! Knox statistics against `pointpats` (its `Knox` class and deprecated `knox` function) and the
//! Near Repeat table against a brute-force count with numpy. Needs `make pyref`.
//!
//! The observed quantities (NS, NT, NST, the 2 × 2 tables, the Poisson p-value) are compared
//! exactly. Permutation p-values depend on the random stream, so instead the very permutations
//! our seeded stream makes are replayed in Python and each simulated count compared.

mod common;

use atalaya_analysis::{Event, Permutations, knox_table, knox_test};
use common::pyref::{floats, run};
use common::synthetic::city;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

/// The times of the first `count` simulations, replaying the documented procedure.
fn permuted_times(events: &[Event], count: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut order: Vec<usize> = (0..events.len()).collect();
    (0..count)
        .map(|_| {
            order.shuffle(&mut rng);
            order.iter().map(|&i| events[i].t).collect()
        })
        .collect()
}

fn rows(events: &[Event]) -> Vec<[f64; 3]> {
    events.iter().map(|e| [e.x, e.y, e.t]).collect()
}

fn as_u64s(v: &Value) -> Vec<u64> {
    floats(v).iter().map(|&x| x as u64).collect()
}

#[test]
fn given_a_city_when_knox_test_then_counts_tables_and_simulations_equal_pointpats() {
    let events = city(3000, 5);
    let (delta, tau, seed) = (150.0, 7.0, 42);
    let ours = knox_test(&events, delta, tau, Permutations { count: 20, seed }).unwrap();
    let theirs = run(
        "knox.py",
        &json!({"events": rows(&events), "delta": delta, "tau": tau,
                "permuted_times": permuted_times(&events, 20, seed)}),
    );

    assert_eq!(ours.observed, theirs["nst"].as_u64().unwrap());
    assert_eq!(
        ours.observed,
        theirs["legacy_stat"].as_u64().unwrap(),
        "pointpats.knox"
    );
    let observed: Vec<Vec<f64>> = serde_json::from_value(theirs["observed"].clone()).unwrap();
    let table = ours.observed_table();
    for r in 0..2 {
        for c in 0..2 {
            assert_eq!(table[r][c] as f64, observed[r][c], "observed[{r}][{c}]");
        }
    }
    let expected: Vec<Vec<f64>> = serde_json::from_value(theirs["expected"].clone()).unwrap();
    assert!((ours.expected_analytic - expected[0][0]).abs() <= 1e-9 * expected[0][0]);
    assert!((ours.p_poisson - theirs["p_poisson"].as_f64().unwrap()).abs() <= 1e-9);

    // Each simulation's NST, recounted by pointpats on the same permuted times.
    let mc = ours.monte_carlo.expect("permutations were asked for");
    let sims = as_u64s(&theirs["simulated_nst"]);
    let mean = sims.iter().sum::<u64>() as f64 / sims.len() as f64;
    assert!(
        (mc.expected - mean).abs() < 1e-9,
        "Monte Carlo mean {} vs {}",
        mc.expected,
        mean
    );
    let exceed = sims.iter().filter(|&&s| s >= ours.observed).count();
    assert_eq!(mc.exceedances, exceed);
    assert_eq!(mc.p_value, (1 + exceed) as f64 / 21.0);
    assert!(
        ours.observed as f64 > 1.5 * mc.expected,
        "the planted near-repeats show"
    );
}

#[test]
fn given_band_limits_when_near_repeat_table_then_every_cell_equals_a_brute_force_count() {
    let events = city(1500, 6);
    let (spatial, temporal, seed) = (vec![0.0, 100.0, 200.0, 400.0], vec![7.0, 14.0, 21.0], 7);
    let ours = knox_table(
        &events,
        &spatial,
        &temporal,
        Permutations { count: 10, seed },
    )
    .unwrap();
    let theirs = run(
        "knox.py",
        &json!({"events": rows(&events), "delta": 400.0, "tau": 21.0,
                "permuted_times": permuted_times(&events, 10, seed),
                "spatial": spatial, "temporal": temporal}),
    );
    let observed = as_u64s(&theirs["table_observed"]);
    let simulated: Vec<Vec<u64>> = theirs["table_simulated"]
        .as_array()
        .unwrap()
        .iter()
        .map(as_u64s)
        .collect();
    for (c, cell) in ours.cells.iter().enumerate() {
        assert_eq!(cell.observed, observed[c], "cell {c}");
        let mean = simulated.iter().map(|s| s[c]).sum::<u64>() as f64 / 10.0;
        assert!(
            (cell.monte_carlo.expected - mean).abs() < 1e-12,
            "cell {c} expected"
        );
        let exceed = simulated.iter().filter(|s| s[c] >= cell.observed).count();
        assert_eq!(cell.monte_carlo.exceedances, exceed, "cell {c} exceedances");
    }
    // The whole table's corner (≤ 400 m, ≤ 21 days) is the plain Knox count.
    let total: u64 = ours.cells.iter().map(|c| c.observed).sum();
    assert_eq!(total, theirs["nst"].as_u64().unwrap());
}
