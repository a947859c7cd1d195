//! Temporal rhythms: the hour × weekday table and the monthly series with its seasonal index
//! and trend.
//!
//! **Hour × weekday**: counts of events by local hour (0–23) and weekday (0 = Monday … 6 =
//! Sunday), both given by the caller (the store keeps America/Santiago local hours, so DST is
//! already accounted for).
//!
//! **Seasonal index — ratio to moving average** (classical multiplicative decomposition):
//! * the centred 2×12 moving average of month `t` is
//!   `M_t = (y_{t−6}/2 + y_{t−5} + … + y_{t+5} + y_{t+6}/2) / 12`, defined when six months lie
//!   on each side (so not for the first and last six);
//! * the ratio `r_t = y_t / M_t` (undefined when `M_t = 0`);
//! * the raw index of calendar month `m` is the mean of its ratios; the index is those means
//!   scaled so that the twelve average exactly 1. It needs a ratio for every calendar month,
//!   i.e. at least 24 consecutive months; with fewer it is `None`.
//!
//! **Trend**: the least-squares line through the deseasonalised counts `y_t / index_m` (through
//! the raw counts when there is no index) against the month number `t = 0, 1, …`; its slope is
//! reported in events per month and as a percentage of the series mean per year (`12·slope/ȳ`).

use serde::{Deserialize, Serialize};

use crate::AnalysisError;

/// An event's local hour and weekday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalTime {
    /// Weekday, 0 = Monday … 6 = Sunday.
    pub weekday: u8,
    /// Hour, 0–23.
    pub hour: u8,
}

/// Counts by weekday and hour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HourWeekday {
    /// `counts[weekday][hour]`, weekday 0 = Monday.
    pub counts: Vec<Vec<u64>>,
    /// Totals by weekday (Monday first).
    pub by_weekday: Vec<u64>,
    /// Totals by hour.
    pub by_hour: Vec<u64>,
    /// All events.
    pub total: u64,
}

/// The hour × weekday table of `times`.
pub fn hour_weekday(times: &[LocalTime]) -> Result<HourWeekday, AnalysisError> {
    let mut counts = vec![vec![0u64; 24]; 7];
    for t in times {
        if t.weekday > 6 {
            return Err(AnalysisError::OutOfRange {
                what: "weekday",
                value: t.weekday.to_string(),
                expected: "0 (Monday) to 6 (Sunday)",
            });
        }
        if t.hour > 23 {
            return Err(AnalysisError::OutOfRange {
                what: "hour",
                value: t.hour.to_string(),
                expected: "0 to 23",
            });
        }
        counts[t.weekday as usize][t.hour as usize] += 1;
    }
    let by_weekday = counts.iter().map(|row| row.iter().sum()).collect();
    let by_hour = (0..24)
        .map(|h| counts.iter().map(|row| row[h]).sum())
        .collect();
    Ok(HourWeekday {
        counts,
        by_weekday,
        by_hour,
        total: times.len() as u64,
    })
}

/// Events in one calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCount {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Events.
    pub count: u64,
}

/// One month of the decomposed series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthRow {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Events.
    pub count: u64,
    /// The centred 2×12 moving average, where defined.
    pub moving_average: Option<f64>,
    /// `count / moving_average`, where defined and the average is not 0.
    pub ratio: Option<f64>,
    /// `count / seasonal index` of its calendar month, when there is an index.
    pub deseasonalised: Option<f64>,
    /// The fitted trend line at this month.
    pub trend: f64,
}

/// A least-squares line `intercept + slope · t` over the month number `t`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    /// Events per month at `t = 0`.
    pub intercept: f64,
    /// Change in events per month, per month.
    pub slope: f64,
    /// `12 · slope / mean`, as a percentage: the yearly change relative to the series mean
    /// (`None` when the mean is 0).
    pub percent_per_year: Option<f64>,
    /// Whether the line was fitted to deseasonalised counts (else to raw counts).
    pub deseasonalised: bool,
}

/// The monthly series decomposed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthlyTrend {
    /// Each month of the input, in order.
    pub months: Vec<MonthRow>,
    /// Seasonal index of January … December (averaging 1), or `None` with fewer than 24 months
    /// or a calendar month with no defined ratio.
    pub seasonal_index: Option<Vec<f64>>,
    /// The trend line.
    pub trend: Trend,
}

/// Decomposes a series of consecutive months (see the module docs). Needs at least 2 months.
pub fn monthly_trend(series: &[MonthCount]) -> Result<MonthlyTrend, AnalysisError> {
    if series.len() < 2 {
        return Err(AnalysisError::TooFewPoints {
            what: "a monthly trend",
            needed: 2,
            got: series.len(),
        });
    }
    for (index, m) in series.iter().enumerate() {
        if !(1..=12).contains(&m.month) {
            return Err(AnalysisError::OutOfRange {
                what: "month",
                value: m.month.to_string(),
                expected: "1 to 12",
            });
        }
        if index > 0 {
            let prev = series[index - 1];
            let next = if prev.month == 12 {
                (prev.year + 1, 1)
            } else {
                (prev.year, prev.month + 1)
            };
            if (m.year, m.month) != next {
                return Err(AnalysisError::MonthsNotConsecutive {
                    index,
                    year: m.year,
                    month: m.month,
                });
            }
        }
    }
    let y: Vec<f64> = series.iter().map(|m| m.count as f64).collect();
    let n = y.len();
    let moving: Vec<Option<f64>> = (0..n)
        .map(|t| {
            (t >= 6 && t + 6 < n).then(|| {
                let inner: f64 = y[t - 5..=t + 5].iter().sum();
                (inner + (y[t - 6] + y[t + 6]) / 2.0) / 12.0
            })
        })
        .collect();
    let ratio: Vec<Option<f64>> = moving
        .iter()
        .zip(&y)
        .map(|(m, v)| m.filter(|&m| m > 0.0).map(|m| v / m))
        .collect();
    let seasonal_index = seasonal_index(series, &ratio);
    let deseasonalised: Vec<Option<f64>> = series
        .iter()
        .zip(&y)
        .map(|(m, v)| {
            let s = seasonal_index.as_ref()?[m.month as usize - 1];
            (s > 0.0).then(|| v / s)
        })
        .collect();
    let use_deseasonalised = deseasonalised.iter().all(Option::is_some);
    let fitted: Vec<f64> = if use_deseasonalised {
        deseasonalised.iter().map(|v| v.unwrap_or(0.0)).collect()
    } else {
        y.clone()
    };
    let (intercept, slope) = least_squares(&fitted);
    let mean = fitted.iter().sum::<f64>() / n as f64;
    let trend = Trend {
        intercept,
        slope,
        percent_per_year: (mean > 0.0).then(|| 1200.0 * slope / mean),
        deseasonalised: use_deseasonalised,
    };
    let months = series
        .iter()
        .enumerate()
        .map(|(t, m)| MonthRow {
            year: m.year,
            month: m.month,
            count: m.count,
            moving_average: moving[t],
            ratio: ratio[t],
            deseasonalised: deseasonalised[t],
            trend: intercept + slope * t as f64,
        })
        .collect();
    Ok(MonthlyTrend {
        months,
        seasonal_index,
        trend,
    })
}

fn seasonal_index(series: &[MonthCount], ratio: &[Option<f64>]) -> Option<Vec<f64>> {
    let mut sums = [0.0; 12];
    let mut counts = [0usize; 12];
    for (m, r) in series.iter().zip(ratio) {
        if let Some(r) = r {
            sums[m.month as usize - 1] += r;
            counts[m.month as usize - 1] += 1;
        }
    }
    if counts.contains(&0) {
        return None;
    }
    let means: Vec<f64> = sums
        .iter()
        .zip(&counts)
        .map(|(s, &c)| s / c as f64)
        .collect();
    let total: f64 = means.iter().sum();
    (total > 0.0).then(|| means.iter().map(|m| 12.0 * m / total).collect())
}

/// `(intercept, slope)` of the least-squares line through `(t, v[t])`.
fn least_squares(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let t_mean = (n - 1.0) / 2.0;
    let v_mean = v.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (t, &value) in v.iter().enumerate() {
        let dt = t as f64 - t_mean;
        sxy += dt * (value - v_mean);
        sxx += dt * dt;
    }
    let slope = sxy / sxx;
    (v_mean - slope * t_mean, slope)
}
