//! Gi* against PySAL: `esda.G_Local(y, w, transform = "B", star = True)` with libpysal's
//! `lat2W`, `DistanceBand` and `KNN` on the same values. Needs `make pyref`.

mod common;

use atalaya_analysis::{GridSpec, Point, SpatialWeights, gi_star, grid_counts};
use common::pyref::{floats, max_abs_diff, run};
use common::synthetic::{city, points};
use serde_json::{Value, json};

/// Given values and weights, when esda computes Gi* on libpysal weights described by
/// `reference_weights`, then the neighbour lists are the same and every array agrees.
fn check(values: &[f64], weights: &SpatialWeights, reference_weights: Value) {
    let ours = gi_star(values, weights).expect("Gi*");
    let theirs = run(
        "gistar.py",
        &json!({ "values": values, "weights": reference_weights }),
    );

    let lists: Vec<Vec<u64>> = serde_json::from_value(theirs["neighbours"].clone()).expect("lists");
    for (i, list) in lists.iter().enumerate() {
        let mine: Vec<u64> = weights
            .neighbours(i)
            .iter()
            .map(|&j| u64::from(j))
            .collect();
        assert_eq!(&mine, list, "neighbours of unit {i}");
    }
    let z_diff = max_abs_diff(&ours.z, &floats(&theirs["Zs"]));
    eprintln!(
        "{} units, {} links: max |Δz| = {z_diff:e}",
        values.len(),
        weights.link_count()
    );
    assert!(z_diff <= 1e-9, "z-scores differ by {z_diff:e}");
    assert!(max_abs_diff(&ours.g, &floats(&theirs["Gs"])) <= 1e-12, "G");
    assert!(
        max_abs_diff(&ours.expected, &floats(&theirs["EGs"])) <= 1e-12,
        "E[G]"
    );
    assert!(
        max_abs_diff(&ours.variance, &floats(&theirs["VGs"])) <= 1e-12,
        "Var[G]"
    );
    assert!(
        max_abs_diff(&ours.p_norm, &floats(&theirs["p_norm"])) <= 1e-12,
        "p_norm"
    );
    assert!(
        max_abs_diff(&ours.q_value, &floats(&theirs["q_bh"])) <= 1e-12,
        "BH q-values"
    );
    assert!(
        ours.z.iter().any(|&z| z > 2.576),
        "the city has 99 % hot spots"
    );
}

fn city_grid(cell: f64) -> (GridSpec, Vec<f64>) {
    let events = city(4000, 8);
    let pts = points(&events);
    let spec = GridSpec::covering(&pts, cell).expect("grid");
    let counts = grid_counts(&spec, &pts).expect("counts");
    assert_eq!(counts.outside, 0);
    (spec, counts.values())
}

fn coords(points: &[Point]) -> Vec<[f64; 2]> {
    points.iter().map(|p| [p.x, p.y]).collect()
}

#[test]
fn given_grid_counts_when_queen_contiguity_then_z_scores_equal_esda_on_lat2w_queen() {
    let (spec, values) = city_grid(400.0);
    let w = SpatialWeights::queen(spec.nx, spec.ny).unwrap();
    check(
        &values,
        &w,
        json!({"kind": "lat2w", "nrows": spec.ny, "ncols": spec.nx, "rook": false}),
    );
}

#[test]
fn given_grid_counts_when_rook_contiguity_then_z_scores_equal_esda_on_lat2w_rook() {
    let (spec, values) = city_grid(500.0);
    let w = SpatialWeights::rook(spec.nx, spec.ny).unwrap();
    check(
        &values,
        &w,
        json!({"kind": "lat2w", "nrows": spec.ny, "ncols": spec.nx, "rook": true}),
    );
}

#[test]
fn given_grid_counts_when_distance_band_on_cell_centres_then_z_scores_equal_esda() {
    let (spec, values) = city_grid(400.0);
    let centres = spec.centres();
    // 2.5 cells: no centre-to-centre distance sits on the threshold.
    let w = SpatialWeights::distance_band(&centres, 1000.0).unwrap();
    check(
        &values,
        &w,
        json!({"kind": "distance_band", "coords": coords(&centres), "threshold": 1000.0}),
    );
}

/// Irregular "areas": 300 sites with the count of events nearest to each.
fn area_counts() -> (Vec<Point>, Vec<f64>) {
    let sites = points(&city(300, 21));
    let mut values = vec![0.0; sites.len()];
    for p in points(&city(5000, 22)) {
        let nearest = (0..sites.len())
            .min_by(|&a, &b| {
                sites[a]
                    .distance_squared(p)
                    .total_cmp(&sites[b].distance_squared(p))
            })
            .unwrap();
        values[nearest] += 1.0;
    }
    (sites, values)
}

#[test]
fn given_area_counts_when_k_nearest_weights_then_z_scores_equal_esda_on_knn() {
    let (sites, values) = area_counts();
    let w = SpatialWeights::k_nearest(&sites, 6).unwrap();
    check(
        &values,
        &w,
        json!({"kind": "knn", "coords": coords(&sites), "k": 6}),
    );
}

#[test]
fn given_area_counts_when_distance_band_then_z_scores_equal_esda() {
    let (sites, values) = area_counts();
    let w = SpatialWeights::distance_band(&sites, 900.0).unwrap();
    assert!(!w.islands().is_empty() || w.link_count() > 0);
    check(
        &values,
        &w,
        json!({"kind": "distance_band", "coords": coords(&sites), "threshold": 900.0}),
    );
}
