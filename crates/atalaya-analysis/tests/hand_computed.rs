//! Small cases worked out by hand: the expected values are written out, not recomputed by the
//! code under test.

use std::f64::consts::PI;

use atalaya_analysis::{
    AnalysisError, Bandwidth, Event, GridSpec, HotSpotClass, Kernel, Permutations, Point, Scale,
    SpatialWeights, gi_star, grid_counts, kde, knox_table, knox_test, near_repeat_chains,
};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-14 * b.abs().max(1e-300)
}

/// One cell centred on the origin.
fn origin_cell() -> GridSpec {
    GridSpec::new(-0.5, -0.5, 1.0, 1, 1).unwrap()
}

fn check_kde(points: &[Point], kernel: Kernel, h: f64, expected_intensity: f64) {
    let got = kde(points, &origin_cell(), kernel, h, Scale::Intensity).unwrap()[0];
    assert!(
        close(got, expected_intensity),
        "{kernel:?}: {got:e} vs {expected_intensity:e}"
    );
    let density = kde(points, &origin_cell(), kernel, h, Scale::Density).unwrap()[0];
    assert!(close(density, expected_intensity / points.len() as f64));
}

#[test]
fn given_three_events_when_quartic_kde_then_sum_of_3_over_pi_h2_times_one_minus_u2_squared() {
    // Distances 0, 5 and 6 with h = 10: (1 − 0)² + (1 − 0.25)² + (1 − 0.36)² = 1.9721.
    let points = [
        Point::new(0.0, 0.0),
        Point::new(3.0, 4.0),
        Point::new(6.0, 0.0),
    ];
    check_kde(&points, Kernel::Quartic, 10.0, 3.0 * 1.9721 / (PI * 100.0));
}

#[test]
fn given_an_event_on_the_kernel_edge_when_quartic_kde_then_it_adds_nothing() {
    check_kde(
        &[Point::new(10.0, 0.0), Point::new(0.0, 0.0)],
        Kernel::Quartic,
        10.0,
        3.0 / (PI * 100.0),
    );
}

#[test]
fn given_events_one_and_two_bandwidths_away_when_gaussian_kde_then_normal_density_sum() {
    // r = h and r = 2h: (e^(−1/2) + e^(−2)) / (2π h²) with h = 4.
    let points = [Point::new(0.0, 4.0), Point::new(-8.0, 0.0)];
    check_kde(
        &points,
        Kernel::Gaussian,
        4.0,
        ((-0.5f64).exp() + (-2.0f64).exp()) / (2.0 * PI * 16.0),
    );
}

#[test]
fn given_an_event_beyond_the_cutoff_when_gaussian_kde_then_it_is_dropped() {
    let far = [Point::new(8.01, 0.0)];
    assert_eq!(
        kde(
            &far,
            &origin_cell(),
            Kernel::Gaussian,
            1.0,
            Scale::Intensity
        )
        .unwrap(),
        vec![0.0]
    );
}

#[test]
fn given_a_square_of_points_when_bandwidth_rules_then_scott_and_silverman_formulas() {
    let square = [
        Point::new(0.0, 0.0),
        Point::new(2.0, 0.0),
        Point::new(0.0, 2.0),
        Point::new(2.0, 2.0),
    ];
    // Sample variances 4/3 each; n^(−1/6) with n = 4.
    let scott = Bandwidth::Scott.resolve(&square).unwrap();
    assert!(close(scott, (4.0f64 / 3.0).sqrt() * 4f64.powf(-1.0 / 6.0)));
    // All at √2 from the mean centre: SD = Dm = √2, and √2 < √(1/ln 2)·√2.
    let silverman = Bandwidth::Silverman.resolve(&square).unwrap();
    assert!(close(silverman, 0.9 * 2f64.sqrt() * 4f64.powf(-0.2)));
    assert_eq!(Bandwidth::Fixed(250.0).resolve(&square), Ok(250.0));
}

#[test]
fn given_points_on_the_far_edge_when_grid_covering_then_they_get_their_own_cell() {
    let pts = [
        Point::new(100.0, 200.0),
        Point::new(300.0, 200.0),
        Point::new(150.0, 250.0),
    ];
    let spec = GridSpec::covering(&pts, 100.0).unwrap();
    assert_eq!((spec.x0, spec.y0, spec.nx, spec.ny), (100.0, 200.0, 3, 1));
    let counts = grid_counts(&spec, &pts).unwrap();
    assert_eq!((counts.counts, counts.outside), (vec![2, 0, 1], 0));
    assert_eq!(spec.centre(2), Point::new(350.0, 250.0));
    assert_eq!(spec.cell_of(Point::new(99.9, 200.0)), None);
    assert_eq!(spec.index(2, 0), Some(2));
    assert_eq!(spec.column_row(2), (2, 0));
}

#[test]
fn given_a_3x3_grid_when_contiguity_then_queen_has_8_around_the_centre_and_rook_4() {
    let queen = SpatialWeights::queen(3, 3).unwrap();
    assert_eq!(queen.neighbours(4), &[0, 1, 2, 3, 5, 6, 7, 8]);
    assert_eq!(queen.neighbours(0), &[1, 3, 4]);
    let rook = SpatialWeights::rook(3, 3).unwrap();
    assert_eq!(rook.neighbours(4), &[1, 3, 5, 7]);
    assert_eq!(rook.neighbours(8), &[5, 7]);
    assert!(queen.is_symmetric() && rook.is_symmetric());
}

#[test]
fn given_points_when_distance_band_and_knn_then_band_is_inclusive_and_ties_go_to_lower_index() {
    let pts = [
        Point::new(0.0, 0.0),
        Point::new(100.0, 0.0),
        Point::new(-100.0, 0.0),
        Point::new(0.0, 250.0),
    ];
    let band = SpatialWeights::distance_band(&pts, 100.0).unwrap();
    assert_eq!(band.neighbours(0), &[1, 2]);
    assert_eq!(band.islands(), vec![3]);
    let knn = SpatialWeights::k_nearest(&pts, 1).unwrap();
    assert_eq!(knn.neighbours(0), &[1]); // 1 and 2 tie at 100 m
    assert_eq!(knn.neighbours(3), &[0]);
    assert!(!knn.is_symmetric());
}

#[test]
fn given_three_units_in_a_row_when_gi_star_then_z_is_plus_minus_root_three_halves() {
    // Values 1, 2, 3; S = 6, ȳ = 2, s² = 2/3. End units: W = 2, G = 3/6 or 5/6, E = 2/3,
    // Var = 2·1/(2·9) · (2/3)/4 = 1/54, so z = ∓(1/6)·√54 = ∓√1.5. The middle unit sees all.
    let gi = gi_star(&[1.0, 2.0, 3.0], &SpatialWeights::rook(3, 1).unwrap()).unwrap();
    assert!(close(gi.z[0], -1.5f64.sqrt()) && close(gi.z[2], 1.5f64.sqrt()));
    assert_eq!(gi.z[1], 0.0);
    assert!(close(gi.variance[0], 1.0 / 54.0));
    assert_eq!(gi.class, vec![HotSpotClass::NotSignificant; 3]);
}

#[test]
fn given_z_and_p_when_classify_then_usual_confidence_levels() {
    let check = |z: f64, p: f64, bin: i8| {
        assert_eq!(HotSpotClass::classify(z, p).bin(), bin, "z {z} p {p}")
    };
    check(3.0, 0.0027, 3);
    check(2.0, 0.0455, 2);
    check(1.7, 0.089, 1);
    check(1.6, 0.1096, 0);
    check(-2.7, 0.0069, -3);
    check(-1.7, 0.089, -1);
}

/// A and B are 50 m and 3 days apart; C is 120 m from A; D is far away. All within 3 days.
fn four_events() -> Vec<Event> {
    vec![
        Event::new(0.0, 0.0, 0.0),
        Event::new(50.0, 0.0, 3.0),
        Event::new(0.0, 120.0, 1.0),
        Event::new(1000.0, 0.0, 2.0),
    ]
}

#[test]
fn given_four_events_when_knox_test_then_one_pair_close_in_both_as_counted_by_hand() {
    let test = knox_test(
        &four_events(),
        100.0,
        7.0,
        Permutations { count: 19, seed: 1 },
    )
    .unwrap();
    assert_eq!(
        (test.pairs, test.space_pairs, test.time_pairs, test.observed),
        (6, 1, 6, 1)
    );
    assert_eq!(test.observed_table(), [[1, 0], [5, 0]]);
    assert_eq!(test.expected_analytic, 1.0);
    // P(X > 1) for X ~ Poisson(1) = 1 − 2/e.
    assert!(close(test.p_poisson, 1.0 - 2.0 / std::f64::consts::E));
    // Every pair is close in time, so every permutation gives the same count.
    let mc = test.monte_carlo.unwrap();
    assert_eq!(
        (mc.expected, mc.knox_ratio, mc.exceedances, mc.p_value),
        (1.0, Some(1.0), 19, 1.0)
    );
}

#[test]
fn given_bands_when_knox_table_then_each_pair_lands_in_its_first_band() {
    // Pairs: A–B 50 m 3 d; A–C 120 m 1 d; B–C 130 m 2 d; the rest > 200 m.
    let table = knox_table(
        &four_events(),
        &[100.0, 200.0],
        &[1.0, 7.0],
        Permutations { count: 9, seed: 3 },
    )
    .unwrap();
    let observed: Vec<u64> = table.cells.iter().map(|c| c.observed).collect();
    assert_eq!(observed, vec![0, 1, 1, 1]);
    assert_eq!(table.cell(1, 0).observed, 1);
}

#[test]
fn given_a_walk_of_events_when_chains_then_linked_steps_form_one_chain_in_time_order() {
    let events = [
        Event::new(100.0, 0.0, 6.0),
        Event::new(0.0, 0.0, 0.0),
        Event::new(50.0, 0.0, 3.0),
        Event::new(5000.0, 0.0, 0.0),
        Event::new(5010.0, 0.0, 100.0),
        Event::new(9000.0, 0.0, 1.0),
        Event::new(9000.0, 30.0, 1.5),
    ];
    let chains = near_repeat_chains(&events, 60.0, 4.0).unwrap();
    assert_eq!(chains, vec![vec![1, 2, 0], vec![5, 6]]);
}

#[test]
fn given_bad_parameters_when_analysing_then_errors_name_the_problem() {
    let pts = [Point::new(0.0, 0.0), Point::new(1.0, 1.0)];
    assert_eq!(
        GridSpec::covering(&pts, 0.0),
        Err(AnalysisError::CellSizeNotPositive(0.0))
    );
    assert_eq!(
        kde(&pts, &origin_cell(), Kernel::Quartic, -5.0, Scale::Density),
        Err(AnalysisError::BandwidthNotPositive(-5.0))
    );
    assert_eq!(
        Bandwidth::Scott.resolve(&pts[..1]),
        Err(AnalysisError::TooFewPoints {
            what: "a bandwidth rule",
            needed: 2,
            got: 1
        })
    );
    assert_eq!(
        SpatialWeights::k_nearest(&pts, 2),
        Err(AnalysisError::KOutOfRange { k: 2, max: 1 })
    );
    assert_eq!(
        SpatialWeights::from_adjacency(&[vec![0]]),
        Err(AnalysisError::SelfNeighbour(0))
    );
    assert_eq!(
        SpatialWeights::from_adjacency(&[vec![1], vec![2]]),
        Err(AnalysisError::NeighbourOutOfRange {
            unit: 1,
            neighbour: 2,
            n: 2
        })
    );
    let w = SpatialWeights::rook(2, 1).unwrap();
    assert_eq!(gi_star(&[0.0, 0.0], &w), Err(AnalysisError::ZeroTotal));
    assert_eq!(gi_star(&[3.0, 3.0], &w), Err(AnalysisError::ConstantValues));
    assert!(matches!(
        gi_star(&[1.0], &w),
        Err(AnalysisError::LengthMismatch { .. })
    ));
    let events = four_events();
    assert!(matches!(
        knox_table(
            &events,
            &[200.0, 100.0],
            &[7.0],
            Permutations { count: 9, seed: 0 }
        ),
        Err(AnalysisError::InvalidBands {
            what: "spatial",
            ..
        })
    ));
    assert_eq!(
        knox_table(
            &events,
            &[100.0],
            &[7.0],
            Permutations { count: 0, seed: 0 }
        ),
        Err(AnalysisError::NoPermutations)
    );
    assert!(matches!(
        knox_test(&events[..1], 100.0, 7.0, Permutations { count: 0, seed: 0 }),
        Err(AnalysisError::TooFewPoints { needed: 2, .. })
    ));
    let nan = [Event::new(0.0, 0.0, f64::NAN), Event::new(0.0, 0.0, 0.0)];
    assert_eq!(
        knox_test(&nan, 1.0, 1.0, Permutations { count: 0, seed: 0 })
            .unwrap_err()
            .to_string(),
        "event 0 has a non-finite time NaN"
    );
}
