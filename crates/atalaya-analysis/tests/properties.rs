//! Invariants: Gi* does not depend on where the map is nor on how cells are numbered; Knox
//! counts unordered pairs, so they do not depend on the events' order or on which of a pair is
//! "first". Coordinates are multiples of 1/8 m and shifts whole metres, so all arithmetic is exact.

use atalaya_analysis::{
    Event, GridSpec, Permutations, Point, SpatialWeights, gi_star, grid_counts, knox_table,
    knox_test, near_repeat_chains,
};
use proptest::prelude::*;

fn eighths(max: i32) -> impl Strategy<Value = f64> {
    (0..max * 8).prop_map(|v| f64::from(v) / 8.0)
}

fn points(n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<Point>> {
    prop::collection::vec(
        (eighths(2000), eighths(2000)).prop_map(|(x, y)| Point::new(x, y)),
        n,
    )
}

fn events(n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<Event>> {
    prop::collection::vec(
        (eighths(1000), eighths(1000), eighths(60)).prop_map(|(x, y, t)| Event::new(x, y, t)),
        n,
    )
}

fn shifted(points: &[Point], dx: f64, dy: f64) -> Vec<Point> {
    points
        .iter()
        .map(|p| Point::new(p.x + dx, p.y + dy))
        .collect()
}

/// Gi* z-scores of grid counts under queen contiguity, and of the points themselves (value =
/// index parity + 1) under a 300 m distance band; `None` where Gi* is undefined.
fn z_scores(points: &[Point]) -> (Option<Vec<f64>>, Option<Vec<f64>>) {
    let spec = GridSpec::covering(points, 250.0).unwrap();
    let counts = grid_counts(&spec, points).unwrap();
    let queen = SpatialWeights::queen(spec.nx, spec.ny).unwrap();
    let grid = gi_star(&counts.values(), &queen).ok().map(|g| g.z);
    let values: Vec<f64> = (0..points.len()).map(|i| (i % 3) as f64 + 1.0).collect();
    let band = SpatialWeights::distance_band(points, 300.0).unwrap();
    (grid, gi_star(&values, &band).ok().map(|g| g.z))
}

fn brute_force_counts(events: &[Event], delta: f64, tau: f64) -> (u64, u64, u64) {
    // Ordered pairs (i, j), i ≠ j: each unordered pair is seen twice, once from each side.
    let (mut ns, mut nt, mut nst) = (0, 0, 0);
    for (i, a) in events.iter().enumerate() {
        for (j, b) in events.iter().enumerate() {
            if i == j {
                continue;
            }
            let space = a.point().distance_squared(b.point()) <= delta * delta;
            let time = (a.t - b.t).abs() <= tau;
            ns += u64::from(space);
            nt += u64::from(time);
            nst += u64::from(space && time);
        }
    }
    assert!(
        ns % 2 == 0 && nt % 2 == 0 && nst % 2 == 0,
        "symmetric relation"
    );
    (ns / 2, nt / 2, nst / 2)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn gi_star_is_invariant_under_translation(pts in points(5..150), dx in -400_000i32..400_000, dy in -400_000i32..400_000) {
        let moved = shifted(&pts, 346_000.0 + f64::from(dx), 6_294_000.0 + f64::from(dy));
        prop_assert_eq!(z_scores(&pts), z_scores(&moved));
    }

    #[test]
    fn gi_star_follows_a_permutation_of_cells(
        (values, order) in (2usize..9, 2usize..9).prop_flat_map(|(nx, ny)| {
            let n = nx * ny;
            (prop::collection::vec(0u32..20, n), Just((0..n).collect::<Vec<_>>()).prop_shuffle(), Just(nx), Just(ny))
        }).prop_map(|(v, o, nx, ny)| ((v, nx, ny), o)),
    ) {
        let (values, nx, ny) = values;
        let values: Vec<f64> = values.into_iter().map(f64::from).collect();
        let w = SpatialWeights::queen(nx, ny).unwrap();
        let Ok(before) = gi_star(&values, &w) else { return Ok(()) };
        let permuted_values: Vec<f64> = order.iter().map(|&i| values[i]).collect();
        let after = gi_star(&permuted_values, &w.permuted(&order).unwrap()).unwrap();
        for (k, &old) in order.iter().enumerate() {
            prop_assert!((after.z[k] - before.z[old]).abs() <= 1e-12);
            prop_assert_eq!(after.class[k], before.class[old]);
            prop_assert!((after.q_value[k] - before.q_value[old]).abs() <= 1e-12);
        }
    }

    #[test]
    fn knox_counts_each_unordered_pair_once(evs in events(2..120), delta in 1u32..300, tau in 0u32..20) {
        let (delta, tau) = (f64::from(delta), f64::from(tau));
        let test = knox_test(&evs, delta, tau, Permutations { count: 0, seed: 0 }).unwrap();
        prop_assert_eq!((test.space_pairs, test.time_pairs, test.observed), brute_force_counts(&evs, delta, tau));
    }

    #[test]
    fn knox_counts_do_not_depend_on_event_order(
        (evs, order) in events(2..120).prop_flat_map(|e| { let n = e.len(); (Just(e), Just((0..n).collect::<Vec<_>>()).prop_shuffle()) }),
    ) {
        let reordered: Vec<Event> = order.iter().map(|&i| evs[i]).collect();
        let bands = ([0.0, 50.0, 150.0], [1.0, 7.0, 14.0]);
        let perms = Permutations { count: 1, seed: 9 };
        let a = knox_table(&evs, &bands.0, &bands.1, perms).unwrap();
        let b = knox_table(&reordered, &bands.0, &bands.1, perms).unwrap();
        let observed = |t: &atalaya_analysis::KnoxTable| t.cells.iter().map(|c| c.observed).collect::<Vec<_>>();
        prop_assert_eq!(observed(&a), observed(&b));
        let ta = knox_test(&evs, 150.0, 7.0, perms).unwrap();
        let tb = knox_test(&reordered, 150.0, 7.0, perms).unwrap();
        prop_assert_eq!((ta.space_pairs, ta.time_pairs, ta.observed), (tb.space_pairs, tb.time_pairs, tb.observed));
        // Chains are the same sets of events, named by their original indices.
        let chains = |c: Vec<Vec<usize>>, names: &dyn Fn(usize) -> usize| {
            let mut sets: Vec<Vec<usize>> = c.into_iter().map(|m| { let mut s: Vec<usize> = m.into_iter().map(names).collect(); s.sort(); s }).collect();
            sets.sort();
            sets
        };
        prop_assert_eq!(
            chains(near_repeat_chains(&evs, 150.0, 7.0).unwrap(), &|i| i),
            chains(near_repeat_chains(&reordered, 150.0, 7.0).unwrap(), &|k| order[k])
        );
    }
}
