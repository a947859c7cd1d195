//! Gaussian kernel density against scikit-learn's `KernelDensity` (exact tree evaluation).
//! Needs `make pyref`.

mod common;

use atalaya_analysis::{Bandwidth, GridSpec, Kernel, Scale, kde};
use common::pyref::{floats, run};
use common::synthetic::{city, points};
use serde_json::json;

#[test]
fn given_city_points_when_gaussian_kde_then_density_equals_sklearn_kernel_density() {
    let pts = points(&city(3000, 9));
    let h = Bandwidth::Scott.resolve(&pts).unwrap();
    // A grid wider than the points, so some cells are far out in the tails.
    let grid = GridSpec::new(345_000.0, 6_293_000.0, 240.0, 50, 50).unwrap();
    let ours = kde(&pts, &grid, Kernel::Gaussian, h, Scale::Density).unwrap();
    let cells: Vec<[f64; 2]> = grid.centres().iter().map(|c| [c.x, c.y]).collect();
    let xy: Vec<[f64; 2]> = pts.iter().map(|p| [p.x, p.y]).collect();
    let theirs = floats(
        &run(
            "kde.py",
            &json!({"points": xy, "cells": cells, "bandwidth": h}),
        )["density"],
    );
    let peak = theirs.iter().cloned().fold(0.0, f64::max);
    let worst = ours
        .iter()
        .zip(&theirs)
        .map(|(a, b)| (a - b).abs() / b.max(1e-300))
        .fold(0.0, f64::max);
    eprintln!("h = {h:.3} m, peak {peak:e}, worst relative difference {worst:e}");
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        // Relative 1e-9, plus the truncation floor (< 1e-14 of the peak).
        assert!(
            (a - b).abs() <= 1e-9 * b + 1e-13 * peak,
            "cell {i}: {a:e} vs {b:e}"
        );
    }
}
