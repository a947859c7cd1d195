//! `cargo bench -p atalaya-analysis`: each analysis on the same generated data as its reference
//! implementation (PySAL, pointpats, scikit-learn via `tests/pyref/bench.py`), both timed warm —
//! one untimed call, then timed (ours: the median of 5 timed calls; the reference: one call) —
//! and the ratio printed beside its goal. Results are compared too, so the timings are of equal
//! work. Needs `make pyref`. `ATALAYA_BENCH_KNOX_FN_N` sets the event count of the pointpats
//! `knox` function case (default 100 000); `ATALAYA_BENCH_OURS_ONLY=1` times ours alone.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use atalaya_analysis::{
    Bandwidth, Event, GridSpec, Kernel, Permutations, Scale, SpatialWeights, gi_star, grid_counts,
    kde, knox_test,
};
use common::pyref::{floats, max_abs_diff, run_showing_progress};
use common::synthetic::{ORIGIN, SIDE, city, points};
use serde_json::json;

const DELTA: f64 = 100.0;
const TAU: f64 = 7.0;
const PERMUTATIONS: usize = 99;

/// Milliseconds of `f` warm: one untimed call, then the median of five timed ones.
fn warm_ms<T>(mut f: impl FnMut() -> T) -> (f64, T) {
    let mut result = f();
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        result = f();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    (times[2], result)
}

fn report(name: &str, ours: f64, reference: f64, goal: f64) {
    let ratio = reference / ours;
    let verdict = if ratio >= goal { "met" } else { "MISSED" };
    println!(
        "{name}: ours {ours:.2} ms, reference {reference:.1} ms, ratio {ratio:.0}× (goal ≥ {goal}×) {verdict}"
    );
}

fn rows(events: &[Event]) -> Vec<[f64; 3]> {
    events.iter().map(|e| [e.x, e.y, e.t]).collect()
}

fn main() {
    // `cargo test --all-targets` runs bench binaries too, without `--bench`: stay out of it.
    if !std::env::args().any(|a| a == "--bench") {
        println!("analysis bench: run with `make bench`");
        return;
    }
    let events_100k = city(100_000, 2026);
    let events_20k = city(20_000, 2027);
    let knox_fn_n: usize = std::env::var("ATALAYA_BENCH_KNOX_FN_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let pts_100k = points(&events_100k);
    let perms = Permutations {
        count: PERMUTATIONS,
        seed: 1,
    };

    let grid = GridSpec::new(ORIGIN.0, ORIGIN.1, SIDE / 200.0, 200, 200).unwrap();
    let (gi_ms, gi) = warm_ms(|| {
        let counts = grid_counts(&grid, &pts_100k).unwrap();
        let w = SpatialWeights::queen(grid.nx, grid.ny).unwrap();
        gi_star(&counts.values(), &w).unwrap()
    });
    let (knox20_ms, knox20) = warm_ms(|| knox_test(&events_20k, DELTA, TAU, perms).unwrap());
    let (knox_fn_ms, knox_fn) =
        warm_ms(|| knox_test(&events_100k[..knox_fn_n], DELTA, TAU, perms).unwrap());
    let kde_grid = GridSpec::new(ORIGIN.0, ORIGIN.1, SIDE / 100.0, 100, 100).unwrap();
    let h = Bandwidth::Scott.resolve(&pts_100k).unwrap();
    let (kde_ms, density) =
        warm_ms(|| kde(&pts_100k, &kde_grid, Kernel::Gaussian, h, Scale::Density).unwrap());

    if std::env::var_os("ATALAYA_BENCH_OURS_ONLY").is_some() {
        println!(
            "ours: Gi* {gi_ms:.2} ms, Knox 20k {knox20_ms:.2} ms, Knox {knox_fn_n} {knox_fn_ms:.2} ms, KDE {kde_ms:.2} ms"
        );
        return;
    }
    eprintln!("ours done; running the references (a few minutes)");
    let reference = run_showing_progress(
        "bench.py",
        &json!({
            "events_100k": rows(&events_100k), "events_20k": rows(&events_20k),
            "grid": {"x0": grid.x0, "y0": grid.y0, "cell": grid.cell_size, "nx": grid.nx, "ny": grid.ny},
            "kde": {"x0": kde_grid.x0, "y0": kde_grid.y0, "cell": kde_grid.cell_size, "nx": kde_grid.nx, "ny": kde_grid.ny, "bandwidth": h},
            "delta": DELTA, "tau": TAU, "permutations": PERMUTATIONS, "knox_function_n": knox_fn_n,
        }),
    );

    // Same answers, so the same work was timed.
    let z_diff = max_abs_diff(&gi.z, &floats(&reference["gistar"]["z"]));
    assert!(
        z_diff <= 1e-9,
        "Gi* z-scores differ from esda by {z_diff:e}"
    );
    assert_eq!(
        knox20.observed,
        reference["knox_20k"]["nst"].as_u64().unwrap(),
        "Knox 20k NST"
    );
    assert_eq!(
        knox_fn.observed,
        reference["knox_function"]["nst"].as_u64().unwrap(),
        "knox NST"
    );
    let theirs = floats(&reference["kde"]["density"]);
    let peak = theirs.iter().cloned().fold(0.0, f64::max);
    let kde_diff = max_abs_diff(&density, &theirs) / peak;
    assert!(
        kde_diff <= 1e-9,
        "KDE differs from scikit-learn by {kde_diff:e} of the peak"
    );
    let mc20 = knox20.monte_carlo.as_ref().unwrap();
    println!(
        "checks: Gi* max |Δz| {z_diff:.1e}; Knox 20k NST {} (pairs close in space {}), p {:.2} ours / {:.2} pointpats; \
         knox on {knox_fn_n}: NST {} (pairs close in space {}); KDE h = {h:.1} m, max |Δ| {kde_diff:.1e} of peak",
        knox20.observed,
        knox20.space_pairs,
        mc20.p_value,
        reference["knox_20k"]["p_sim"].as_f64().unwrap(),
        knox_fn.observed,
        knox_fn.space_pairs,
    );

    let ms = |case: &str| reference[case]["ms"].as_f64().unwrap();
    report(
        "Gi* 100k points → 200×200 grid, queen weights (vs esda G_Local + lat2W)",
        gi_ms,
        ms("gistar"),
        50.0,
    );
    report(
        "Knox 20k events, δ 100 m, τ 7 d, 99 permutations (vs pointpats.Knox)",
        knox20_ms,
        ms("knox_20k"),
        100.0,
    );
    report(
        &format!("Knox {knox_fn_n} events, 99 permutations (vs pointpats.knox function)"),
        knox_fn_ms,
        ms("knox_function"),
        50.0,
    );
    report(
        "KDE Gaussian 100k points → 10k cells (vs scikit-learn KernelDensity)",
        kde_ms,
        ms("kde"),
        10.0,
    );
}
