//! The CompStat significance hint against scipy's `binomtest` (needs `make pyref`).

mod common;

use atalaya_analysis::binomial_two_sided;
use common::pyref::{floats, run};
use serde_json::json;

#[test]
fn given_small_and_large_splits_when_exact_binomial_test_then_equal_to_scipy_binomtest() {
    let mut cases: Vec<(u64, u64, f64)> = Vec::new();
    for n in [1u64, 2, 5, 12, 13, 40, 133] {
        for k in 0..=n {
            cases.push((k, n, 0.5));
        }
    }
    // Year-to-date lengths 67 vs 66 days, and big citywide counts.
    for (k, n) in [
        (20, 23),
        (3, 23),
        (11, 23),
        (12, 23),
        (150, 280),
        (5_200, 10_000),
    ] {
        cases.push((k, n, 67.0 / 133.0));
    }
    for (k, n) in [
        (150_000, 300_000),
        (151_000, 300_000),
        (149_500, 300_000),
        (1, 300),
    ] {
        cases.push((k, n, 0.5));
    }
    let input =
        json!({ "cases": cases.iter().map(|&(k, n, p)| json!([k, n, p])).collect::<Vec<_>>() });
    let reference = floats(&run("binomtest.py", &input)["p_value"]);
    for (&(k, n, p), want) in cases.iter().zip(reference) {
        let got = binomial_two_sided(k, n, p);
        // Relative agreement, and absolute near 1 (where 1 − tiny rounds differently).
        let err = (got - want).abs();
        assert!(
            err <= 1e-10 * want || err <= 1e-12,
            "k {k} n {n} p {p}: ours {got:e}, scipy {want:e}"
        );
    }
}
