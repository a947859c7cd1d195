//! Invariants of CompStat and of the forecast scores: totals add up, scores stay in bounds.

use atalaya_analysis::{DayCount, GridSpec, Study, compstat, forecast::score};
use proptest::prelude::*;

fn day_counts() -> impl Strategy<Value = Vec<DayCount>> {
    prop::collection::vec(
        (0i32..800, 0u32..4, 0u32..5, 0u64..30).prop_map(|(day, category, cuadrante, count)| {
            DayCount {
                day,
                category,
                cuadrante,
                count,
            }
        }),
        0..200,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn compstat_rows_add_up_to_the_total(counts in day_counts(), end in 50i32..820) {
        let r = compstat(&counts, end, 4, 5).unwrap();
        for p in 0..3 {
            for rows in [&r.by_category, &r.by_cuadrante] {
                let cur: u64 = rows.iter().map(|row| row.comparisons[p].current).sum();
                let prev: u64 = rows.iter().map(|row| row.comparisons[p].previous).sum();
                prop_assert_eq!((cur, prev), (r.total.comparisons[p].current, r.total.comparisons[p].previous));
            }
            let c = &r.total.comparisons[p];
            prop_assert!((0.0..=1.0).contains(&c.p_value));
            prop_assert_eq!(c.percent_change.is_none(), c.previous == 0);
        }
        // The week lies inside the 28 days, which start after the year before began.
        prop_assert!(r.total.comparisons[0].current <= r.total.comparisons[1].current);
        // Direct count of the week.
        let week: u64 = counts.iter().filter(|c| c.day >= end - 7 && c.day < end).map(|c| c.count).sum();
        prop_assert_eq!(week, r.total.comparisons[0].current);
    }

    #[test]
    fn hit_rate_pai_and_pei_stay_in_their_bounds(
        cells in prop::collection::vec((0u32..6, 0u32..5, any::<bool>()), 1..60),
        coverage in 0.01f64..=1.0,
    ) {
        let n = cells.len();
        let grid = GridSpec::new(0.0, 0.0, 100.0, n, 1).unwrap();
        let scores: Vec<f64> = cells.iter().map(|c| f64::from(c.0)).collect();
        let actual: Vec<u32> = cells.iter().map(|c| c.1).collect();
        let mut mask: Vec<bool> = cells.iter().map(|c| c.2).collect();
        mask[0] = true;
        let s = score(&scores, &actual, Study { grid: &grid, mask: Some(&mask) }, coverage).unwrap();
        prop_assert!(s.hits <= s.best_possible && s.best_possible <= s.events);
        prop_assert!(s.flagged_cells >= 1 && s.flagged_cells <= s.study_cells);
        if let Some(h) = s.hit_rate {
            prop_assert!((0.0..=1.0).contains(&h));
            let pai = s.pai.unwrap();
            let bound = s.study_cells as f64 / s.flagged_cells as f64;
            prop_assert!(pai >= 0.0 && pai <= bound * (1.0 + 1e-12));
            prop_assert!((pai * s.flagged_cells as f64 / s.study_cells as f64 - h).abs() <= 1e-12);
        }
        if let Some(pei) = s.pei {
            prop_assert!((0.0..=1.0).contains(&pei));
        }
        // Flagging every cell catches every event.
        let all = score(&scores, &actual, Study { grid: &grid, mask: Some(&mask) }, 1.0).unwrap();
        prop_assert_eq!(all.hits, all.events);
    }
}
