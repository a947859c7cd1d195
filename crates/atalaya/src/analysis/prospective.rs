//! The prospective hot spot forecast of the filtered incidents for the week after the data (or
//! after `--to`), on the study grid, with its rolling-origin evaluation beside the baseline's.

pub use atalaya_analysis::ForecastParams;
use atalaya_analysis::{Study, forecast_watched};
use serde::Serialize;

use super::data::AnalysisData;
use super::grid::StudyGrid;
use super::refused;
use crate::Result;

/// One cell of the forecast layer.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ForecastCell {
    /// Cell index.
    pub index: usize,
    /// Prospective score for next week.
    pub score: f64,
    /// The baseline's score (quartic intensity, events per km²).
    pub baseline_per_km2: f64,
    /// Rank by score, 1 = highest, among studied cells.
    pub rank: usize,
    /// Whether the cell is flagged (in the top `coverage` share).
    pub flagged: bool,
}

/// The forecast layer and its evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct ForecastLayer {
    /// The grid.
    pub grid: StudyGrid,
    /// The day the forecast week starts (its first day, same scale as the events' `t`).
    pub start: f64,
    /// The studied cells.
    pub cells: Vec<ForecastCell>,
    /// Evaluation per held-out week and the means.
    pub evaluation: atalaya_analysis::Forecast,
}

/// Forecasts the week starting at `end` (days; default: the day after the last event).
pub fn forecast_layer(
    data: &AnalysisData,
    cell: f64,
    end: Option<f64>,
    params: ForecastParams,
) -> Result<ForecastLayer> {
    forecast_layer_watched(data, cell, end, params, &mut |_, _| true)
}

/// [`forecast_layer`] with a watcher over the held-out weeks (`watch(done, total)`; `false`
/// stops the run with [`crate::Error::Cancelled`]); see `atalaya_analysis::forecast_watched`.
pub fn forecast_layer_watched(
    data: &AnalysisData,
    cell: f64,
    end: Option<f64>,
    params: ForecastParams,
    watch: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ForecastLayer> {
    data.require_times("a forecast")?;
    let grid = StudyGrid::new(data, cell)?;
    let end = match end {
        Some(e) => e,
        None => {
            data.events
                .iter()
                .map(|e| e.t)
                .fold(f64::NEG_INFINITY, f64::max)
                .floor()
                + 1.0
        }
    };
    let mask = grid.mask();
    let study = Study {
        grid: &grid.spec,
        mask: Some(&mask),
    };
    let mut f = forecast_watched(&data.events, study, end, params, watch).map_err(refused)?;
    let mut rank = vec![0usize; grid.spec.cell_count()];
    let mut order = grid.cells.clone();
    order.sort_by(|&a, &b| f.scores[b].total_cmp(&f.scores[a]).then(a.cmp(&b)));
    for (r, &c) in order.iter().enumerate() {
        rank[c] = r + 1;
    }
    let flagged: std::collections::HashSet<usize> = f.flagged.iter().copied().collect();
    let cells = grid
        .cells
        .iter()
        .map(|&i| ForecastCell {
            index: i,
            score: f.scores[i],
            baseline_per_km2: f.baseline_scores[i] * 1e6,
            rank: rank[i],
            flagged: flagged.contains(&i),
        })
        .collect();
    // The per-cell vectors are in `cells`; keep the evaluation small.
    f.scores = Vec::new();
    f.baseline_scores = Vec::new();
    Ok(ForecastLayer {
        grid,
        start: end,
        cells,
        evaluation: f,
    })
}
