//! One analysis as the desktop panel asks for it: a typed request with the same parameters as
//! `atalaya analyse`, run on the incidents of the current filter (and of the map selection
//! within it, when there is one), watched (progress, cancel) and answered with the result, its
//! map layer (GeoJSON) and what the panel needs to say about it.
//!
//! The run has two halves so a shell can hold its store lock only for the first:
//! [`Workspace::analysis_prepare`] reads the store (the filtered incidents, or the whole result
//! for the analyses that are rollup reads: Gi* on areas, CompStat), then [`Prepared::compute`]
//! does the arithmetic without the store. Both check the [`CancelToken`]; the long analyses
//! (Knox permutations, forecast weeks) check it between batches, through the watched variants
//! of `atalaya-analysis`, so a cancel really stops the work.
//!
//! A map selection (cluster, box, lasso, picked incidents) narrows the incidents exactly as it
//! narrows the table: [`Workspace::analysis_prepare_query`] asks the view which incidents the
//! query picks and keeps only those. The rollup reads cannot be narrowed: Gi* on areas and
//! CompStat run on the whole filter and say so (`selection_ignored`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::areas::{AreaHotSpots, AreaLevel};
use super::data::AnalysisData;
use super::grid::{GridLayer, KdeParams, hotspot_layer, kde_layer};
use super::nearrepeat::{KnoxParams, NearRepeat, near_repeat_watched};
use super::prospective::{ForecastLayer, ForecastParams, forecast_layer_watched};
use super::render::{Render, Table};
use super::temporal::{CompStatReport, Rhythm, compstat_of, rhythm};
use super::{WeightsSpec, parse_bandwidth, parse_kernel, parse_limits};
use crate::view::{IncidentView, SelectedIncidents, ViewQuery};
use crate::{CancelToken, Error, FilterArgs, Result, Workspace};

/// Which analysis, with the parameters the panel offers (`atalaya analyse`'s flags, as text
/// where the CLI takes text, so both validate alike).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnalysisRequest {
    /// Kernel density (`--cell`, `--bandwidth M|scott|silverman`, `--kernel`).
    Kde {
        /// Cell side, metres.
        cell: f64,
        /// Metres, `scott` or `silverman`.
        bandwidth: String,
        /// `quartic` or `gaussian`.
        kernel: String,
    },
    /// Getis-Ord Gi* on grid cells, or on areas when `areas` is `cuadrante` or `barrio`.
    Hotspots {
        /// Cell side, metres (grid only).
        cell: f64,
        /// `queen`, `rook`, `distance:M` or `knn:K`.
        weights: String,
        /// `cuadrante` or `barrio` for areas; absent for the grid.
        #[serde(default)]
        areas: Option<String>,
    },
    /// Knox test, Near Repeat table and chains.
    Knox {
        /// Spatial limits, metres (`100,200`).
        delta: String,
        /// Temporal limits, days (`7,14`).
        tau: String,
        /// Monte Carlo permutations.
        permutations: usize,
        /// Seed of the permutations.
        seed: u64,
    },
    /// Hour × weekday and the monthly trend.
    Rhythm,
    /// Week, 28 days and year to date against the periods before.
    Compstat,
    /// Prospective hot spots for next week, evaluated on held-out weeks.
    Forecast {
        /// Cell side, metres.
        cell: f64,
        /// Reach of an event, metres.
        bandwidth: f64,
        /// Held-out weeks.
        weeks: usize,
        /// Share of cells flagged, percent.
        coverage: f64,
    },
}

/// A finished analysis, tagged by `kind` for the UI.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", content = "result", rename_all = "snake_case")]
pub enum AnalysisResult {
    /// Kernel density on the study grid.
    Kde(GridLayer),
    /// Gi* on the study grid.
    Hotspots(GridLayer),
    /// Gi* on cuadrantes or barrios.
    AreaHotspots(AreaHotSpots),
    /// Near-repeat.
    Knox(NearRepeat),
    /// Rhythms.
    Rhythm(Rhythm),
    /// CompStat.
    Compstat(CompStatReport),
    /// Prospective forecast.
    Forecast(ForecastLayer),
}

impl AnalysisResult {
    fn render(&self) -> &dyn Render {
        match self {
            Self::Kde(r) | Self::Hotspots(r) => r,
            Self::AreaHotspots(r) => r,
            Self::Knox(r) => r,
            Self::Rhythm(r) => r,
            Self::Compstat(r) => r,
            Self::Forecast(r) => r,
        }
    }

    /// The short name used in file names (`kde`, `hotspots`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Kde(_) => "kde",
            Self::Hotspots(_) | Self::AreaHotspots(_) => "hotspots",
            Self::Knox(_) => "knox",
            Self::Rhythm(_) => "rhythm",
            Self::Compstat(_) => "compstat",
            Self::Forecast(_) => "forecast",
        }
    }

    /// The full table, as `atalaya analyse --format csv` writes it.
    pub fn csv(&self) -> Table {
        self.render().csv()
    }

    /// The map layer, as `atalaya analyse --format geojson` writes it; an `invalid_argument`
    /// error for rhythms and CompStat, which are not layers.
    pub fn geojson(&self) -> Result<Value> {
        self.render().geojson()
    }

    /// Whether the result is drawn on the map.
    pub fn is_layer(&self) -> bool {
        !matches!(self, Self::Rhythm(_) | Self::Compstat(_))
    }
}

/// What the panel shows: the result, its layer and what was left out.
#[derive(Debug, Clone, Serialize)]
pub struct AnalysisOutcome {
    /// The result (tables, scores, evaluation).
    #[serde(flatten)]
    pub result: AnalysisResult,
    /// The map layer in WGS84, for the analyses that are layers.
    pub layer: Option<Value>,
    /// Matching incidents without a location, not analysed (0 for rollup-based analyses).
    pub unlocated: u64,
    /// The filter's start date was not used (CompStat sets its own periods).
    pub ignored_from: bool,
    /// How many incidents the map selection held within the filter, when the run was on one.
    pub selected: Option<u64>,
    /// A map selection was given but the analysis reads the rollup (Gi* on areas, CompStat),
    /// so it ran on the whole filter.
    pub selection_ignored: bool,
}

/// Where a run is, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnalysisProgress {
    /// `reading` (the store), `computing` or `done`.
    pub stage: &'static str,
    /// Steps done (simulations, weeks); 0 with `total` 0 when the stage cannot be measured.
    pub done: u64,
    /// Steps in the stage, 0 when unknown.
    pub total: u64,
}

/// Watches a run: reports progress and says whether to go on.
pub struct AnalysisWatch<'a> {
    /// Raised by another thread to stop the run.
    pub cancel: &'a CancelToken,
    /// Called at each step.
    pub report: &'a mut dyn FnMut(&AnalysisProgress),
}

impl AnalysisWatch<'_> {
    fn step(&mut self, stage: &'static str, done: usize, total: usize) -> bool {
        (self.report)(&AnalysisProgress {
            stage,
            done: done as u64,
            total: total as u64,
        });
        !self.cancel.is_cancelled()
    }

    fn check(&mut self, stage: &'static str) -> Result<()> {
        if self.step(stage, 0, 0) {
            Ok(())
        } else {
            Err(Error::Cancelled)
        }
    }
}

/// The first half of a run: what was read from the store.
#[derive(Debug)]
pub enum Prepared {
    /// The incidents to compute on.
    Data {
        /// The filter's incidents, or the selection's within it.
        data: AnalysisData,
        /// How many incidents the map selection held, when there was one.
        selected: Option<u64>,
    },
    /// Already the result (rollup reads).
    Done(Box<AnalysisOutcome>),
}

impl Workspace {
    /// Reads what `request` needs from the store through `filter` (the first half of a run).
    pub fn analysis_prepare(
        &self,
        request: &AnalysisRequest,
        filter: &FilterArgs,
        watch: &mut AnalysisWatch<'_>,
    ) -> Result<Prepared> {
        self.prepare(request, filter, None, watch)
    }

    /// As [`Workspace::analysis_prepare`] through `query`'s filter and, when it has one, only
    /// the incidents of its map selection: those `view` lists in the table for `query`.
    pub fn analysis_prepare_query(
        &self,
        view: &IncidentView,
        request: &AnalysisRequest,
        query: &ViewQuery,
        watch: &mut AnalysisWatch<'_>,
    ) -> Result<Prepared> {
        let selection = query.selection.is_some().then_some((view, query));
        self.prepare(request, &query.filter, selection, watch)
    }

    fn prepare(
        &self,
        request: &AnalysisRequest,
        filter: &FilterArgs,
        selection: Option<(&IncidentView, &ViewQuery)>,
        watch: &mut AnalysisWatch<'_>,
    ) -> Result<Prepared> {
        watch.check("reading")?;
        let done = |result: AnalysisResult, ignored_from: bool| {
            finish(result, 0, ignored_from).map(|mut o| {
                o.selection_ignored = selection.is_some();
                Prepared::Done(Box::new(o))
            })
        };
        match request {
            AnalysisRequest::Hotspots {
                weights,
                areas: Some(level),
                ..
            } => {
                let level: AreaLevel = level.parse()?;
                let weights: WeightsSpec = weights.parse()?;
                done(
                    AnalysisResult::AreaHotspots(self.area_hotspots(filter, level, weights)?),
                    false,
                )
            }
            AnalysisRequest::Compstat => {
                let without_from = FilterArgs {
                    from: None,
                    ..filter.clone()
                };
                done(
                    AnalysisResult::Compstat(self.compstat(&without_from)?),
                    filter.from.is_some(),
                )
            }
            _ => {
                validate(request)?;
                let within: Option<SelectedIncidents> = selection
                    .map(|(view, query)| view.selected_incidents(self, query))
                    .transpose()?;
                Ok(Prepared::Data {
                    data: self.analysis_data_within(filter, within.as_ref())?,
                    selected: within.map(|w| w.len() as u64),
                })
            }
        }
    }

    /// Both halves at once (tests, and callers without a lock to release).
    pub fn run_analysis(
        &self,
        request: &AnalysisRequest,
        filter: &FilterArgs,
        watch: &mut AnalysisWatch<'_>,
    ) -> Result<AnalysisOutcome> {
        self.analysis_prepare(request, filter, watch)?
            .compute(request, watch)
    }

    /// Both halves of [`Workspace::analysis_prepare_query`] at once.
    pub fn run_analysis_query(
        &self,
        view: &IncidentView,
        request: &AnalysisRequest,
        query: &ViewQuery,
        watch: &mut AnalysisWatch<'_>,
    ) -> Result<AnalysisOutcome> {
        self.analysis_prepare_query(view, request, query, watch)?
            .compute(request, watch)
    }
}

/// Checks the text parameters before the store is read, so a typo answers at once.
fn validate(request: &AnalysisRequest) -> Result<()> {
    match request {
        AnalysisRequest::Kde {
            bandwidth, kernel, ..
        } => {
            parse_bandwidth(bandwidth)?;
            parse_kernel(kernel)?;
        }
        AnalysisRequest::Hotspots { weights, .. } => {
            weights.parse::<WeightsSpec>()?;
        }
        AnalysisRequest::Knox { delta, tau, .. } => {
            parse_limits("--delta", delta)?;
            parse_limits("--tau", tau)?;
        }
        AnalysisRequest::Forecast { coverage, .. } => {
            forecast_params(0.0, 0, *coverage)?;
        }
        AnalysisRequest::Rhythm | AnalysisRequest::Compstat => {}
    }
    Ok(())
}

/// The forecast's parameters as `atalaya analyse forecast` takes them (coverage in percent).
pub fn forecast_params(bandwidth: f64, weeks: usize, coverage_pct: f64) -> Result<ForecastParams> {
    if !(coverage_pct > 0.0 && coverage_pct <= 100.0) {
        return Err(Error::invalid(
            "--coverage",
            coverage_pct.to_string(),
            "a percentage of cells above 0 and at most 100, e.g. 5",
        ));
    }
    Ok(ForecastParams {
        bandwidth,
        weeks,
        coverage: coverage_pct / 100.0,
        ..Default::default()
    })
}

fn finish(result: AnalysisResult, unlocated: u64, ignored_from: bool) -> Result<AnalysisOutcome> {
    let layer = if result.is_layer() {
        Some(result.geojson()?)
    } else {
        None
    };
    Ok(AnalysisOutcome {
        result,
        layer,
        unlocated,
        ignored_from,
        selected: None,
        selection_ignored: false,
    })
}

impl Prepared {
    /// The second half of a run: the arithmetic, without the store.
    pub fn compute(
        self,
        request: &AnalysisRequest,
        watch: &mut AnalysisWatch<'_>,
    ) -> Result<AnalysisOutcome> {
        let (data, selected) = match self {
            Prepared::Done(outcome) => {
                watch.step("done", 1, 1);
                return Ok(*outcome);
            }
            Prepared::Data { data, selected } => (data, selected),
        };
        watch.check("computing")?;
        let result = match request {
            AnalysisRequest::Kde {
                cell,
                bandwidth,
                kernel,
            } => AnalysisResult::Kde(kde_layer(
                &data,
                &KdeParams {
                    cell: *cell,
                    bandwidth: parse_bandwidth(bandwidth)?,
                    kernel: parse_kernel(kernel)?,
                },
            )?),
            AnalysisRequest::Hotspots { cell, weights, .. } => {
                AnalysisResult::Hotspots(hotspot_layer(&data, *cell, weights.parse()?)?)
            }
            AnalysisRequest::Knox {
                delta,
                tau,
                permutations,
                seed,
            } => {
                let params = KnoxParams {
                    delta: parse_limits("--delta", delta)?,
                    tau: parse_limits("--tau", tau)?,
                    permutations: *permutations,
                    seed: *seed,
                };
                AnalysisResult::Knox(near_repeat_watched(&data, &params, &mut |d, t| {
                    watch.step("computing", d, t)
                })?)
            }
            AnalysisRequest::Rhythm => AnalysisResult::Rhythm(rhythm(&data)?),
            // Prepared from the rollup by `analysis_prepare`; on bare events, one "all" row.
            AnalysisRequest::Compstat => AnalysisResult::Compstat(compstat_of(&data, None)?),
            AnalysisRequest::Forecast {
                cell,
                bandwidth,
                weeks,
                coverage,
            } => {
                let params = forecast_params(*bandwidth, *weeks, *coverage)?;
                AnalysisResult::Forecast(forecast_layer_watched(
                    &data,
                    *cell,
                    None,
                    params,
                    &mut |d, t| watch.step("computing", d, t),
                )?)
            }
        };
        // A cancel raised during a step that cannot be interrupted still drops the result.
        watch.check("computing")?;
        let outcome = AnalysisOutcome {
            selected,
            ..finish(result, data.unlocated, false)?
        };
        watch.step("done", 1, 1);
        Ok(outcome)
    }
}
