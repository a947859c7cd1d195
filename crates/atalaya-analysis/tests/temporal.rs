//! Rhythms and CompStat on cases worked out by hand: the expected values are written out.

use atalaya_analysis::calendar::days_from_civil;
use atalaya_analysis::{
    AnalysisError, ChangeHint, CompStat, DayCount, LocalTime, MonthCount, Period, PeriodKind,
    compstat, hour_weekday, monthly_trend,
};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

fn at(weekday: u8, hour: u8) -> LocalTime {
    LocalTime { weekday, hour }
}

#[test]
fn given_four_events_when_hour_weekday_then_cells_and_margins_count_them() {
    let table = hour_weekday(&[at(0, 0), at(0, 0), at(6, 23), at(2, 13)]).unwrap();
    assert_eq!(table.counts[0][0], 2);
    assert_eq!(table.counts[6][23], 1);
    assert_eq!(table.counts[2][13], 1);
    assert_eq!(table.by_weekday, vec![2, 0, 1, 0, 0, 0, 1]);
    let mut by_hour = vec![0; 24];
    (by_hour[0], by_hour[13], by_hour[23]) = (2, 1, 1);
    assert_eq!(table.by_hour, by_hour);
    assert_eq!(table.total, 4);
    assert_eq!(
        hour_weekday(&[at(7, 0)]).unwrap_err().to_string(),
        "weekday must be 0 (Monday) to 6 (Sunday); got 7"
    );
}

fn months(from_year: i32, counts: impl IntoIterator<Item = u64>) -> Vec<MonthCount> {
    counts
        .into_iter()
        .enumerate()
        .map(|(i, count)| MonthCount {
            year: from_year + (i / 12) as i32,
            month: (i % 12) as u32 + 1,
            count,
        })
        .collect()
}

#[test]
fn given_a_straight_line_when_monthly_trend_then_moving_average_is_the_line_and_no_seasonality() {
    // y = 10 + t: a centred 2×12 average of a line is the line, so every ratio is 1.
    let series = months(2023, (0..24).map(|t| 10 + t));
    let trend = monthly_trend(&series).unwrap();
    assert_eq!(trend.months[5].moving_average, None);
    assert!(close(trend.months[6].moving_average.unwrap(), 16.0));
    assert!(close(trend.months[17].moving_average.unwrap(), 27.0));
    assert_eq!(trend.months[18].moving_average, None);
    for s in trend.seasonal_index.unwrap() {
        assert!(close(s, 1.0), "{s}");
    }
    assert!(trend.trend.deseasonalised);
    assert!(close(trend.trend.slope, 1.0) && close(trend.trend.intercept, 10.0));
    // 12 · 1 / mean 21.5, as a percentage.
    assert!(close(trend.trend.percent_per_year.unwrap(), 1200.0 / 21.5));
}

#[test]
fn given_a_january_peak_when_monthly_trend_then_index_is_72_over_61_and_60_over_61() {
    // January 120, other months 100: every moving average is 1220/12, so January's ratio is
    // 1440/1220 = 72/61 and the others 60/61; they already average 1.
    let series = months(2023, (0..36).map(|t| if t % 12 == 0 { 120 } else { 100 }));
    let trend = monthly_trend(&series).unwrap();
    let index = trend.seasonal_index.unwrap();
    assert!(close(index[0], 72.0 / 61.0), "{index:?}");
    for s in &index[1..] {
        assert!(close(*s, 60.0 / 61.0));
    }
    // Deseasonalised, every month is 1220/12: a flat trend.
    assert!(close(
        trend.months[12].deseasonalised.unwrap(),
        1220.0 / 12.0
    ));
    assert!(trend.trend.slope.abs() < 1e-12);
    assert!(close(trend.trend.intercept, 1220.0 / 12.0));
}

#[test]
fn given_under_24_months_or_a_gap_when_monthly_trend_then_no_index_or_an_error() {
    let short = monthly_trend(&months(2023, [5, 6, 7, 8])).unwrap();
    assert_eq!(short.seasonal_index, None);
    assert!(!short.trend.deseasonalised);
    assert!(close(short.trend.slope, 1.0));
    let mut gap = months(2023, [5, 6, 7]);
    gap[2].month = 4;
    assert_eq!(
        monthly_trend(&gap),
        Err(AnalysisError::MonthsNotConsecutive {
            index: 2,
            year: 2023,
            month: 4
        })
    );
}

fn day(y: i32, m: u32, d: u32) -> i32 {
    days_from_civil(y, m, d)
}

fn row(day: i32, category: u32, cuadrante: u32, count: u64) -> DayCount {
    DayCount {
        day,
        category,
        cuadrante,
        count,
    }
}

/// A report ending after 2024-03-07 (a leap year: YTD is 67 days against 2023's 66).
fn report() -> CompStat {
    let counts = [
        row(day(2024, 3, 7), 0, 0, 6),  // this week, 28 d, YTD
        row(day(2024, 3, 1), 0, 1, 4),  // this week (its first day)
        row(day(2024, 2, 29), 0, 0, 2), // last week, this 28 d
        row(day(2023, 3, 7), 1, 1, 3),  // last YTD (its last day)
        row(day(2023, 3, 8), 1, 1, 50), // after last YTD: ignored
        row(day(2024, 3, 8), 0, 0, 99), // after the report: ignored
        row(day(2024, 1, 12), 1, 0, 1), // prior 28 d (its first day), YTD
        row(day(2024, 1, 11), 1, 0, 7), // YTD only
    ];
    compstat(&counts, day(2024, 3, 8), 2, 2).unwrap()
}

/// `(current, previous)` of the three periods.
fn pairs(r: &atalaya_analysis::CompStatRow) -> Vec<(u64, u64)> {
    r.comparisons
        .iter()
        .map(|c| (c.current, c.previous))
        .collect()
}

#[test]
fn given_a_leap_year_end_when_periods_then_the_day_ranges_are_as_counted_on_a_calendar() {
    let r = report();
    let p = |kind, current, previous| Period {
        kind,
        current,
        previous,
    };
    assert_eq!(
        r.periods,
        vec![
            p(PeriodKind::Week, (19_783, 19_790), (19_776, 19_783)),
            p(PeriodKind::Days28, (19_762, 19_790), (19_734, 19_762)),
            p(PeriodKind::YearToDate, (19_723, 19_790), (19_358, 19_424)),
        ]
    );
}

#[test]
fn given_day_counts_when_compstat_then_each_row_lands_in_its_periods() {
    let r = report();
    assert_eq!(pairs(&r.total), vec![(10, 2), (12, 1), (20, 3)]);
    assert_eq!(pairs(&r.by_category[0]), vec![(10, 2), (12, 0), (12, 0)]);
    assert_eq!(pairs(&r.by_category[1]), vec![(0, 0), (0, 1), (8, 3)]);
    assert_eq!(pairs(&r.by_cuadrante[0]), vec![(6, 2), (8, 1), (16, 0)]);
    assert_eq!(pairs(&r.by_cuadrante[1]), vec![(4, 0), (4, 0), (4, 3)]);
}

#[test]
fn given_small_counts_when_compstat_then_percent_change_and_exact_test_as_by_hand() {
    let r = report();
    let week = &r.total.comparisons[0];
    assert_eq!(week.change, 8);
    assert!(close(week.percent_change.unwrap(), 400.0));
    // 10 of 12 at ½: 2·(1 + 12 + 66)/4096.
    assert!(close(week.p_value, 158.0 / 4096.0));
    assert!(close(week.z.unwrap(), 8.0 / 12f64.sqrt()));
    assert_eq!(week.hint, ChangeHint::Increase);
    // 12 of 13 at ½: 2·(1 + 13)/8192.
    assert!(close(r.total.comparisons[1].p_value, 28.0 / 8192.0));
    assert!(close(
        r.total.comparisons[2].percent_change.unwrap(),
        1700.0 / 3.0
    ));
    // A base of 0: no percentage, and 12 of 12 is significant.
    let c = &r.by_category[0].comparisons[1];
    assert_eq!(c.percent_change, None);
    assert!(close(c.p_value, 2.0 / 4096.0));
    // Nothing in either period: no change, p = 1, no z.
    let none = &r.by_category[1].comparisons[0];
    assert_eq!(
        (none.percent_change, none.z, none.p_value, none.hint),
        (None, None, 1.0, ChangeHint::NoChange)
    );
    // 4 against 0 is not enough: 2/16.
    let few = &r.by_cuadrante[1].comparisons[0];
    assert!(close(few.p_value, 0.125));
    assert_eq!(few.hint, ChangeHint::NoChange);
}

#[test]
fn given_an_index_past_the_lists_when_compstat_then_it_says_which_row() {
    let e = compstat(&[row(0, 2, 0, 1)], 10, 2, 1).unwrap_err();
    assert_eq!(
        e.to_string(),
        "category or cuadrante index of a day count must be below the number of categories and of cuadrantes given; got row 0: category 2, cuadrante 0"
    );
}
