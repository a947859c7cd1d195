//! The watched variants of the long analyses (Knox table, forecast): progress is reported as
//! the work goes, a watcher that says stop gets `Cancelled`, and a run left alone gives exactly
//! the unwatched result.

use atalaya_analysis::{
    AnalysisError, Event, ForecastParams, GridSpec, Permutations, Study, forecast,
    forecast_watched, knox_table, knox_table_watched,
};

/// A deterministic scatter: 200 events over 1 km² and 60 days.
fn events() -> Vec<Event> {
    (0..200u32)
        .map(|i| {
            let x = f64::from((i * 7919) % 1000);
            let y = f64::from((i * 104_729) % 1000);
            let t = f64::from((i * 31) % 60) + 0.25;
            Event::new(x, y, t)
        })
        .collect()
}

const PERMUTATIONS: Permutations = Permutations { count: 40, seed: 7 };

#[test]
fn given_a_knox_table_when_watched_then_progress_climbs_to_the_permutation_count_and_result_is_unchanged()
 {
    let mut seen = Vec::new();
    let watched = knox_table_watched(
        &events(),
        &[100.0, 200.0],
        &[7.0, 14.0],
        PERMUTATIONS,
        &mut |done, total| {
            seen.push((done, total));
            true
        },
    )
    .unwrap();
    let plain = knox_table(&events(), &[100.0, 200.0], &[7.0, 14.0], PERMUTATIONS).unwrap();
    assert_eq!(watched, plain);
    assert_eq!(seen.first(), Some(&(0, 40)));
    assert_eq!(seen.last(), Some(&(40, 40)));
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "{seen:?}");
}

#[test]
fn given_a_knox_table_when_the_watcher_says_stop_then_cancelled_and_no_more_batches_run() {
    let mut calls = 0;
    let got = knox_table_watched(&events(), &[100.0], &[7.0], PERMUTATIONS, &mut |done, _| {
        calls += 1;
        done == 0
    });
    assert_eq!(got, Err(AnalysisError::Cancelled));
    assert_eq!(calls, 2, "the first batch ran, then the run stopped");
}

fn grid() -> GridSpec {
    GridSpec::new(0.0, 0.0, 100.0, 10, 10).unwrap()
}

#[test]
fn given_a_forecast_when_watched_then_one_step_per_week_plus_the_forecast_and_result_is_unchanged()
{
    let grid = grid();
    let study = Study {
        grid: &grid,
        mask: None,
    };
    let params = ForecastParams {
        weeks: 3,
        ..Default::default()
    };
    let mut seen = Vec::new();
    let watched = forecast_watched(&events(), study, 60.0, params, &mut |d, t| {
        seen.push((d, t));
        true
    })
    .unwrap();
    assert_eq!(watched, forecast(&events(), study, 60.0, params).unwrap());
    assert_eq!(seen, vec![(0, 4), (1, 4), (2, 4), (3, 4)]);
}

#[test]
fn given_a_forecast_when_the_watcher_says_stop_after_a_week_then_cancelled() {
    let grid = grid();
    let study = Study {
        grid: &grid,
        mask: None,
    };
    let got = forecast_watched(
        &events(),
        study,
        60.0,
        ForecastParams::default(),
        &mut |done, _| done < 1,
    );
    assert_eq!(got, Err(AnalysisError::Cancelled));
}
