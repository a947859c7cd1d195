//! Prospective hot spot maps and their scores on cases worked out by hand.

use atalaya_analysis::forecast::{flagged_cells, prospective_scores, score};
use atalaya_analysis::{AnalysisError, Event, ForecastParams, GridSpec, Study, forecast};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

fn row_of(n: usize) -> GridSpec {
    GridSpec::new(0.0, 0.0, 100.0, n, 1).unwrap()
}

fn check_scores(events: &[Event], now: f64, h: f64, expected: &[f64]) {
    let got = prospective_scores(events, &row_of(expected.len()), now, h, 56.0);
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(expected) {
        assert!(close(*g, *e), "{got:?} vs {expected:?}");
    }
}

#[test]
fn given_recent_and_older_events_when_prospective_scores_then_weights_fall_with_cells_and_weeks() {
    // A: cell 0's centre, 4 days old (week 0: ×1): 1 at 0 cells, ½ at 1 cell, nothing at 2
    // (200 m > h = 150). B: cell 2's centre, 11 days old (week 1: ×½): ½, ¼, nothing.
    // C is not yet past (t = now) and D is older than the 56-day window.
    let events = [
        Event::new(50.0, 50.0, 10.0),
        Event::new(250.0, 50.0, 3.0),
        Event::new(150.0, 50.0, 14.0),
        Event::new(150.0, 50.0, 14.0 - 57.0),
    ];
    check_scores(&events, 14.0, 150.0, &[1.0, 0.75, 0.5]);
    // Exactly 56 days old still counts, in week 8: 1/9 on its own cell.
    check_scores(
        &[Event::new(50.0, 50.0, -42.0)],
        14.0,
        50.0,
        &[1.0 / 9.0, 0.0],
    );
}

fn study<'a>(grid: &'a GridSpec, mask: Option<&'a [bool]>) -> Study<'a> {
    Study { grid, mask }
}

#[test]
fn given_a_map_and_the_next_week_when_scored_then_hit_rate_pai_pei_as_by_hand() {
    let grid = row_of(3);
    // k = ⌈0.34 · 3⌉ = 2 cells: 0 and 1. Hits 3 of 4; the best 2 cells hold 3 + 1.
    let s = score(&[1.0, 0.75, 0.5], &[0, 3, 1], study(&grid, None), 0.34).unwrap();
    assert_eq!(
        (
            s.study_cells,
            s.flagged_cells,
            s.events,
            s.hits,
            s.best_possible
        ),
        (3, 2, 4, 3, 4)
    );
    assert!(close(s.hit_rate.unwrap(), 0.75));
    assert!(close(s.pai.unwrap(), 0.75 * 3.0 / 2.0));
    assert!(close(s.pei.unwrap(), 0.75));
    // Cell 2 outside the study area: A = 2, k = 1, its event is not counted.
    let masked = score(
        &[1.0, 0.75, 0.5],
        &[0, 3, 1],
        study(&grid, Some(&[true, true, false])),
        0.34,
    )
    .unwrap();
    assert_eq!(
        (
            masked.flagged_cells,
            masked.events,
            masked.hits,
            masked.best_possible
        ),
        (1, 3, 0, 3)
    );
    assert_eq!(
        (masked.hit_rate, masked.pai, masked.pei),
        (Some(0.0), Some(0.0), Some(0.0))
    );
    // No events: nothing to rate.
    let empty = score(&[1.0, 0.0, 0.0], &[0, 0, 0], study(&grid, None), 0.5).unwrap();
    assert_eq!((empty.hit_rate, empty.pai, empty.pei), (None, None, None));
    // Ties go to the lower cell index.
    assert_eq!(
        flagged_cells(&[2.0, 5.0, 5.0], study(&grid, None), 0.5),
        vec![1, 2]
    );
    assert_eq!(
        flagged_cells(&[0.0, 0.0, 0.0], study(&grid, None), 0.1),
        vec![0]
    );
}

#[test]
fn given_a_held_out_week_when_forecast_then_both_maps_are_made_from_the_past_only() {
    let grid = row_of(2);
    let events = [
        Event::new(50.0, 50.0, -100.0), // old: only the baseline sees it
        Event::new(150.0, 50.0, 6.0),   // a day before the held-out week
        Event::new(150.0, 50.0, 8.0),   // the held-out week [7, 14)
        Event::new(160.0, 50.0, 9.0),
        Event::new(50.0, 50.0, 10.0),
    ];
    let params = ForecastParams {
        bandwidth: 50.0,
        weeks: 1,
        coverage: 0.5,
        ..ForecastParams::default()
    };
    let f = forecast(&events, study(&grid, None), 14.0, params).unwrap();
    let week = &f.weeks[0];
    assert_eq!(week.start, 7.0);
    // Prospective at day 7 flags cell 1 (the event of day 6): 2 of 3 hits, the best possible.
    let p = &week.prospective;
    assert_eq!((p.hits, p.events, p.best_possible), (2, 3, 2));
    assert!(close(p.pai.unwrap(), (2.0 / 3.0) / 0.5) && close(p.pei.unwrap(), 1.0));
    // The baseline sees one event in each cell, a tie that goes to cell 0: 1 hit.
    let b = &week.baseline;
    assert_eq!((b.hits, b.best_possible), (1, 2));
    assert!(close(b.pai.unwrap(), (1.0 / 3.0) / 0.5) && close(b.pei.unwrap(), 0.5));
    // Next week's map: cell 1 holds the events of days 6 (week 1: ½), 8 and 9 (10 m off its
    // centre: 1/(1 + 0.1) each); cell 0 the event of day 10.
    assert!(close(f.scores[1], 0.5 + 1.0 + 1.0 / 1.1) && close(f.scores[0], 1.0));
    assert_eq!(f.flagged, vec![1]);
    assert_eq!(f.prospective_mean.weeks, 1);
    assert!(close(f.prospective_mean.pai.unwrap(), 4.0 / 3.0));
}

#[test]
fn given_bad_parameters_when_forecast_then_errors_name_them() {
    let grid = row_of(2);
    let events = [Event::new(0.0, 0.0, 0.0)];
    let with = |p: ForecastParams| forecast(&events, study(&grid, None), 7.0, p).unwrap_err();
    assert_eq!(
        with(ForecastParams {
            coverage: 0.0,
            ..Default::default()
        })
        .to_string(),
        "coverage must be a share of cells in (0, 1], e.g. 0.05 for 5 %; got 0"
    );
    assert_eq!(
        with(ForecastParams {
            bandwidth: -1.0,
            ..Default::default()
        }),
        AnalysisError::BandwidthNotPositive(-1.0)
    );
    let err = forecast(
        &events,
        study(&grid, Some(&[false, false])),
        7.0,
        ForecastParams::default(),
    );
    assert!(matches!(err, Err(AnalysisError::TooFewPoints { .. })));
}
