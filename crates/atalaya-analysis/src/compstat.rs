//! CompStat: counts in a current period against the period before, by category and by
//! cuadrante, with the % change and a significance hint for small counts.
//!
//! Periods, for a report that ends before local day `end` (so day `end − 1` is the last one in):
//! * **week**: `[end − 7, end)` against `[end − 14, end − 7)`;
//! * **28 days**: `[end − 28, end)` against `[end − 56, end − 28)`;
//! * **year to date**: 1 January of the year of `end − 1` up to `end`, against 1 January of the
//!   year before up to and including the same calendar date (29 February → 28 February).
//!
//! **% change** `= 100 · (current − previous) / previous`; with `previous = 0` it is undefined
//! and reported as `None` (never a division by zero).
//!
//! **Significance hint**: the exact two-sided binomial test of the split of `n = current +
//! previous` events between the two periods, under the null hypothesis of one constant daily
//! rate: `current ~ Binomial(n, L_c / (L_c + L_p))` with `L` the period lengths in days (½ for
//! equal lengths). It is exact for small counts, where the Poisson z-score
//! `(current − previous)/√(current + previous)` (also reported) is not. The hint says
//! `Increase`/`Decrease` when `p < 0.05`, else `NoChange`.
//!
//! Input: counts per `(day, category, cuadrante)` with category and cuadrante as indices into
//! the caller's own lists, e.g. read from the store's daily rollup. Rows outside every period
//! are ignored.

use serde::{Deserialize, Serialize};

use crate::AnalysisError;
use crate::binomial::binomial_two_sided;
use crate::calendar::{civil_from_days, days_from_civil, days_in_month};

/// The significance level of the hint.
pub const HINT_ALPHA: f64 = 0.05;

/// Events on one local day of one category in one cuadrante.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    /// Day number (days since 1970-01-01, local).
    pub day: i32,
    /// Index of the category in the caller's list.
    pub category: u32,
    /// Index of the cuadrante in the caller's list.
    pub cuadrante: u32,
    /// Events.
    pub count: u64,
}

/// Which comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeriodKind {
    /// The last 7 days against the 7 before.
    Week,
    /// The last 28 days against the 28 before.
    Days28,
    /// Year to date against the same part of the year before.
    YearToDate,
}

/// Half-open day ranges of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// Which comparison.
    pub kind: PeriodKind,
    /// Current period, `[from, to)` in day numbers.
    pub current: (i32, i32),
    /// Previous period, `[from, to)`.
    pub previous: (i32, i32),
}

/// The three CompStat periods of a report ending before day `end`.
pub fn periods(end: i32) -> [Period; 3] {
    let (year, month, day) = civil_from_days(end - 1);
    let last_year_day = day.min(days_in_month(year - 1, month));
    [
        Period {
            kind: PeriodKind::Week,
            current: (end - 7, end),
            previous: (end - 14, end - 7),
        },
        Period {
            kind: PeriodKind::Days28,
            current: (end - 28, end),
            previous: (end - 56, end - 28),
        },
        Period {
            kind: PeriodKind::YearToDate,
            current: (days_from_civil(year, 1, 1), end),
            previous: (
                days_from_civil(year - 1, 1, 1),
                days_from_civil(year - 1, month, last_year_day) + 1,
            ),
        },
    ]
}

/// What the test says about a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeHint {
    /// Significantly more events than the previous period (p < 0.05).
    Increase,
    /// Significantly fewer (p < 0.05).
    Decrease,
    /// No significant change (or no events at all).
    NoChange,
}

/// One count against its base.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Events in the current period.
    pub current: u64,
    /// Events in the previous period.
    pub previous: u64,
    /// `current − previous`.
    pub change: i64,
    /// `100 · change / previous`; `None` when `previous` is 0.
    pub percent_change: Option<f64>,
    /// `change / √(current + previous)`; `None` when both are 0.
    pub z: Option<f64>,
    /// The exact two-sided binomial p-value (1 when both are 0).
    pub p_value: f64,
    /// The hint at [`HINT_ALPHA`].
    pub hint: ChangeHint,
}

impl Comparison {
    /// Compares `current` (over `current_days`) with `previous` (over `previous_days`).
    pub fn new(current: u64, previous: u64, current_days: u32, previous_days: u32) -> Self {
        let n = current + previous;
        let share = f64::from(current_days) / f64::from(current_days + previous_days);
        let p_value = binomial_two_sided(current, n, share);
        let change = current as i64 - previous as i64;
        let hint = match (p_value < HINT_ALPHA, current as f64 > share * n as f64) {
            (false, _) => ChangeHint::NoChange,
            (true, true) => ChangeHint::Increase,
            (true, false) => ChangeHint::Decrease,
        };
        Self {
            current,
            previous,
            change,
            percent_change: (previous > 0).then(|| 100.0 * change as f64 / previous as f64),
            z: (n > 0).then(|| change as f64 / (n as f64).sqrt()),
            p_value,
            hint,
        }
    }
}

/// One line of the report: a key and its three comparisons (week, 28 days, year to date).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompStatRow {
    /// Index of the category or cuadrante (unused for the total).
    pub key: u32,
    /// Week, 28 days, year to date, in that order.
    pub comparisons: Vec<Comparison>,
}

/// The CompStat report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompStat {
    /// The periods compared (week, 28 days, year to date).
    pub periods: Vec<Period>,
    /// All events.
    pub total: CompStatRow,
    /// One row per category index `0..categories`.
    pub by_category: Vec<CompStatRow>,
    /// One row per cuadrante index `0..cuadrantes`.
    pub by_cuadrante: Vec<CompStatRow>,
}

/// The report ending before day `end` over `categories` categories and `cuadrantes`
/// cuadrantes (the indices the counts use must be below these).
pub fn compstat(
    counts: &[DayCount],
    end: i32,
    categories: usize,
    cuadrantes: usize,
) -> Result<CompStat, AnalysisError> {
    let periods = periods(end);
    // [period][current = 0 | previous = 1]
    let mut total = [[0u64; 2]; 3];
    let mut by_category = vec![[[0u64; 2]; 3]; categories];
    let mut by_cuadrante = vec![[[0u64; 2]; 3]; cuadrantes];
    let earliest = periods.iter().map(|p| p.previous.0).min().unwrap_or(end);
    for (index, c) in counts.iter().enumerate() {
        let (cat, cuad) = (c.category as usize, c.cuadrante as usize);
        if cat >= categories || cuad >= cuadrantes {
            return Err(AnalysisError::OutOfRange {
                what: "category or cuadrante index of a day count",
                value: format!("row {index}: category {cat}, cuadrante {cuad}"),
                expected: "below the number of categories and of cuadrantes given",
            });
        }
        if c.day < earliest || c.day >= end {
            continue;
        }
        for (p, period) in periods.iter().enumerate() {
            let side = if (period.current.0..period.current.1).contains(&c.day) {
                0
            } else if (period.previous.0..period.previous.1).contains(&c.day) {
                1
            } else {
                continue;
            };
            total[p][side] += c.count;
            by_category[cat][p][side] += c.count;
            by_cuadrante[cuad][p][side] += c.count;
        }
    }
    let row = |key: usize, sums: &[[u64; 2]; 3]| CompStatRow {
        key: key as u32,
        comparisons: periods
            .iter()
            .zip(sums)
            .map(|(period, [cur, prev])| {
                let len = |(a, b): (i32, i32)| (b - a) as u32;
                Comparison::new(*cur, *prev, len(period.current), len(period.previous))
            })
            .collect(),
    };
    Ok(CompStat {
        periods: periods.to_vec(),
        total: row(0, &total),
        by_category: by_category
            .iter()
            .enumerate()
            .map(|(k, s)| row(k, s))
            .collect(),
        by_cuadrante: by_cuadrante
            .iter()
            .enumerate()
            .map(|(k, s)| row(k, s))
            .collect(),
    })
}
