//! Prospective hot spot mapping (after Bowers, Johnson & Pease 2004, "Prospective hot-spotting:
//! the future of crime mapping?") and its honest evaluation on held-out weeks.
//!
//! **Prospective score** of a cell at time `now` (days), from the events before `now`: each
//! event at distance `d` from the cell's centre and `a = now − t` days old adds
//! `1/(1 + d/s) · 1/(1 + ⌊a/7⌋)` when `d ≤ h` and `a ≤ window`, where `s` is the cell size
//! (distance in cells), `h` the bandwidth (400 m in the paper) and `window` the look-back
//! (8 weeks ≈ the paper's two months); else nothing. Recent, close events weigh most: the
//! near-repeat pattern.
//!
//! **Baseline** (a retrospective hot spot map): the quartic kernel density (same bandwidth) of
//! the events in the `baseline_days` before `now`, as [`crate::kde`] computes it.
//!
//! **Evaluation** (rolling origin): for each of the last `weeks` weeks `[start, start + 7)`
//! before `end`, both maps are made from the events before `start` only and scored on the
//! events of that week. Of the `A` study cells, the `k = ⌈coverage · A⌉` with the highest
//! scores are flagged (ties to the lower cell index). With `N` events of the week in study
//! cells, `n` of them in flagged cells and `n*` the most any `k` cells hold that week:
//! * hit rate `= n / N`;
//! * PAI (Chainey et al. 2008) `= (n / N) / (k / A)`, at most `A / k`;
//! * PEI (Hunt 2016) `= n / n*`, in `[0, 1]`.
//!
//! All three are `None` for a week with no events.

use serde::{Deserialize, Serialize};

use crate::AnalysisError;
use crate::grid::GridSpec;
use crate::kde::{Kernel, Scale, kde};
use crate::point::{Event, Point, check_events};

/// Days per forecast week.
pub const WEEK: f64 = 7.0;

/// Parameters of the forecast and its evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ForecastParams {
    /// Spatial reach `h` of an event, metres (the paper: 400).
    pub bandwidth: f64,
    /// How far back events count, days (default 56).
    pub window_days: f64,
    /// Days of history of the retrospective baseline (default 364).
    pub baseline_days: f64,
    /// Held-out weeks to evaluate on (default 8).
    pub weeks: usize,
    /// Share of study cells flagged, in `(0, 1]` (default 0.05).
    pub coverage: f64,
}

impl Default for ForecastParams {
    fn default() -> Self {
        Self {
            bandwidth: 400.0,
            window_days: 56.0,
            baseline_days: 364.0,
            weeks: 8,
            coverage: 0.05,
        }
    }
}

impl ForecastParams {
    fn check(&self) -> Result<(), AnalysisError> {
        if !(self.bandwidth > 0.0 && self.bandwidth.is_finite()) {
            return Err(AnalysisError::BandwidthNotPositive(self.bandwidth));
        }
        for (what, v) in [
            ("window days", self.window_days),
            ("baseline days", self.baseline_days),
        ] {
            if !(v > 0.0 && v.is_finite()) {
                return Err(AnalysisError::OutOfRange {
                    what,
                    value: v.to_string(),
                    expected: "a positive number of days",
                });
            }
        }
        if !(self.coverage > 0.0 && self.coverage <= 1.0) {
            return Err(AnalysisError::OutOfRange {
                what: "coverage",
                value: self.coverage.to_string(),
                expected: "a share of cells in (0, 1], e.g. 0.05 for 5 %",
            });
        }
        Ok(())
    }
}

/// The cells a study covers: all of the grid, or those a mask marks (e.g. inside the comuna).
#[derive(Debug, Clone, Copy)]
pub struct Study<'a> {
    /// The grid.
    pub grid: &'a GridSpec,
    /// `mask[i]`: whether cell `i` is in the study area; `None` for every cell.
    pub mask: Option<&'a [bool]>,
}

impl Study<'_> {
    fn contains(&self, cell: usize) -> bool {
        self.mask.is_none_or(|m| m[cell])
    }

    fn check(&self) -> Result<usize, AnalysisError> {
        if let Some(mask) = self.mask
            && mask.len() != self.grid.cell_count()
        {
            return Err(AnalysisError::LengthMismatch {
                what: "study mask for the grid's cells",
                expected: self.grid.cell_count(),
                got: mask.len(),
            });
        }
        let cells = (0..self.grid.cell_count())
            .filter(|&i| self.contains(i))
            .count();
        if cells == 0 {
            return Err(AnalysisError::TooFewPoints {
                what: "a forecast (study cells)",
                needed: 1,
                got: 0,
            });
        }
        Ok(cells)
    }
}

/// Prospective scores of every cell at time `now` from the events before it (module docs).
pub fn prospective_scores(
    events: &[Event],
    grid: &GridSpec,
    now: f64,
    bandwidth: f64,
    window_days: f64,
) -> Vec<f64> {
    let s = grid.cell_size;
    let h2 = bandwidth * bandwidth;
    let mut out = vec![0.0; grid.cell_count()];
    for e in events {
        let age = now - e.t;
        if !(age > 0.0 && age <= window_days) {
            continue;
        }
        let time_weight = 1.0 / (1.0 + (age / WEEK).floor());
        let (Some((c0, c1)), Some((r0, r1))) = (
            window(e.x, grid.x0, s, grid.nx, bandwidth),
            window(e.y, grid.y0, s, grid.ny, bandwidth),
        ) else {
            continue;
        };
        for row in r0..=r1 {
            let dy = grid.y0 + (row as f64 + 0.5) * s - e.y;
            for col in c0..=c1 {
                let dx = grid.x0 + (col as f64 + 0.5) * s - e.x;
                let d2 = dx * dx + dy * dy;
                if d2 <= h2 {
                    out[row * grid.nx + col] += time_weight / (1.0 + d2.sqrt() / s);
                }
            }
        }
    }
    out
}

/// The baseline at `now`: quartic intensity of the events in `[now − baseline_days, now)`
/// (all zeros when there are none).
pub fn baseline_scores(
    events: &[Event],
    grid: &GridSpec,
    now: f64,
    bandwidth: f64,
    baseline_days: f64,
) -> Result<Vec<f64>, AnalysisError> {
    let recent: Vec<Point> = events
        .iter()
        .filter(|e| e.t < now && now - e.t <= baseline_days)
        .map(|e| e.point())
        .collect();
    if recent.is_empty() {
        return Ok(vec![0.0; grid.cell_count()]);
    }
    kde(&recent, grid, Kernel::Quartic, bandwidth, Scale::Intensity)
}

/// The cells whose centres lie within `reach` of `v` along one axis (as in `kde`).
fn window(v: f64, origin: f64, cell: f64, cells: usize, reach: f64) -> Option<(usize, usize)> {
    let lo = ((v - reach - origin) / cell - 0.5).ceil().max(0.0);
    let hi = ((v + reach - origin) / cell - 0.5)
        .floor()
        .min(cells as f64 - 1.0);
    (lo <= hi).then_some((lo as usize, hi as usize))
}

/// How well a map flagged the cells where a week's events happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Study cells, `A`.
    pub study_cells: usize,
    /// Flagged cells, `k`.
    pub flagged_cells: usize,
    /// Events in study cells, `N`.
    pub events: u64,
    /// Events in flagged cells, `n`.
    pub hits: u64,
    /// The most events any `k` study cells hold, `n*`.
    pub best_possible: u64,
    /// `n / N`.
    pub hit_rate: Option<f64>,
    /// `(n / N) / (k / A)`.
    pub pai: Option<f64>,
    /// `n / n*`.
    pub pei: Option<f64>,
}

/// The `⌈coverage · A⌉` study cells with the highest scores (ties to the lower index), in rank
/// order.
pub fn flagged_cells(scores: &[f64], study: Study<'_>, coverage: f64) -> Vec<usize> {
    let mut cells: Vec<usize> = (0..scores.len()).filter(|&i| study.contains(i)).collect();
    let k = flagged_count(cells.len(), coverage);
    cells.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    cells.truncate(k);
    cells
}

fn flagged_count(study_cells: usize, coverage: f64) -> usize {
    ((coverage * study_cells as f64).ceil() as usize).clamp(1, study_cells.max(1))
}

/// Scores a map (`scores` per cell) against the events per cell that followed (`actual`).
pub fn score(
    scores: &[f64],
    actual: &[u32],
    study: Study<'_>,
    coverage: f64,
) -> Result<Score, AnalysisError> {
    let study_cells = study.check()?;
    for (what, len) in [("scores", scores.len()), ("actual counts", actual.len())] {
        if len != study.grid.cell_count() {
            return Err(AnalysisError::LengthMismatch {
                what,
                expected: study.grid.cell_count(),
                got: len,
            });
        }
    }
    let flagged = flagged_cells(scores, study, coverage);
    let k = flagged.len();
    let hits: u64 = flagged.iter().map(|&i| u64::from(actual[i])).sum();
    let mut in_study: Vec<u32> = (0..actual.len())
        .filter(|&i| study.contains(i))
        .map(|i| actual[i])
        .collect();
    let events: u64 = in_study.iter().map(|&c| u64::from(c)).sum();
    in_study.sort_unstable_by(|a, b| b.cmp(a));
    let best_possible: u64 = in_study[..k].iter().map(|&c| u64::from(c)).sum();
    let hit_rate = (events > 0).then(|| hits as f64 / events as f64);
    Ok(Score {
        study_cells,
        flagged_cells: k,
        events,
        hits,
        best_possible,
        hit_rate,
        pai: hit_rate.map(|h| h * study_cells as f64 / k as f64),
        pei: (best_possible > 0).then(|| hits as f64 / best_possible as f64),
    })
}

/// One held-out week scored for both maps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekEvaluation {
    /// First day of the week (same time scale as the events).
    pub start: f64,
    /// The prospective map's score.
    pub prospective: Score,
    /// The baseline's score.
    pub baseline: Score,
}

/// Means over the weeks that had events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeanScore {
    /// Mean hit rate.
    pub hit_rate: Option<f64>,
    /// Mean PAI.
    pub pai: Option<f64>,
    /// Mean PEI.
    pub pei: Option<f64>,
    /// Weeks with events (those averaged).
    pub weeks: usize,
}

impl MeanScore {
    fn of<'a>(scores: impl Iterator<Item = &'a Score> + Clone) -> Self {
        let mean = |f: fn(&Score) -> Option<f64>| {
            let values: Vec<f64> = scores.clone().filter_map(f).collect();
            (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
        };
        Self {
            hit_rate: mean(|s| s.hit_rate),
            pai: mean(|s| s.pai),
            pei: mean(|s| s.pei),
            weeks: scores.filter(|s| s.events > 0).count(),
        }
    }
}

/// The forecast for the week after `end` and its evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    /// The parameters used.
    pub params: ForecastParams,
    /// Prospective score of every cell for `[end, end + 7)`.
    pub scores: Vec<f64>,
    /// The flagged cells of that forecast, highest first.
    pub flagged: Vec<usize>,
    /// The baseline's score of every cell at `end`.
    pub baseline_scores: Vec<f64>,
    /// Held-out weeks, oldest first.
    pub weeks: Vec<WeekEvaluation>,
    /// Mean prospective scores over the held-out weeks.
    pub prospective_mean: MeanScore,
    /// Mean baseline scores over the held-out weeks.
    pub baseline_mean: MeanScore,
}

/// Forecasts `[end, end + 7)` from the events before `end` and evaluates the method on the
/// `params.weeks` weeks before `end` (module docs).
pub fn forecast(
    events: &[Event],
    study: Study<'_>,
    end: f64,
    params: ForecastParams,
) -> Result<Forecast, AnalysisError> {
    forecast_watched(events, study, end, params, &mut |_, _| true)
}

/// [`forecast`] that reports its progress and can be stopped: `watch(done, total)` is called
/// before the first held-out week and after each (`total` = weeks + 1, the last step being the
/// forecast itself); when it returns `false` the forecast is abandoned with
/// [`AnalysisError::Cancelled`]. A run that is not stopped returns exactly [`forecast`]'s result.
pub fn forecast_watched(
    events: &[Event],
    study: Study<'_>,
    end: f64,
    params: ForecastParams,
    watch: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Forecast, AnalysisError> {
    params.check()?;
    check_events(events)?;
    study.check()?;
    if !end.is_finite() {
        return Err(AnalysisError::NonFiniteTime { index: 0, t: end });
    }
    let grid = study.grid;
    let steps = params.weeks + 1;
    let mut weeks = Vec::with_capacity(params.weeks);
    for w in (1..=params.weeks).rev() {
        if !watch(weeks.len(), steps) {
            return Err(AnalysisError::Cancelled);
        }
        let start = end - WEEK * w as f64;
        let mut actual = vec![0u32; grid.cell_count()];
        for e in events.iter().filter(|e| e.t >= start && e.t < start + WEEK) {
            if let Some(c) = grid.cell_of(e.point()) {
                actual[c] += 1;
            }
        }
        let prospective =
            prospective_scores(events, grid, start, params.bandwidth, params.window_days);
        let baseline =
            baseline_scores(events, grid, start, params.bandwidth, params.baseline_days)?;
        weeks.push(WeekEvaluation {
            start,
            prospective: score(&prospective, &actual, study, params.coverage)?,
            baseline: score(&baseline, &actual, study, params.coverage)?,
        });
    }
    if !watch(params.weeks, steps) {
        return Err(AnalysisError::Cancelled);
    }
    let scores = prospective_scores(events, grid, end, params.bandwidth, params.window_days);
    let flagged = flagged_cells(&scores, study, params.coverage);
    Ok(Forecast {
        params,
        baseline_scores: baseline_scores(
            events,
            grid,
            end,
            params.bandwidth,
            params.baseline_days,
        )?,
        flagged,
        scores,
        prospective_mean: MeanScore::of(weeks.iter().map(|w| &w.prospective)),
        baseline_mean: MeanScore::of(weeks.iter().map(|w| &w.baseline)),
        weeks,
    })
}
