//! Near-repeat analysis of the filtered incidents: the Knox test at the first spatial and
//! temporal limits, Ratcliffe's Near Repeat Calculator table over all of them, and the chains
//! of events linked within the first limits.

use atalaya_analysis::{
    KnoxTable, KnoxTest, Permutations, knox_table_watched, knox_test, near_repeat_chains,
};
use serde::Serialize;

use super::data::AnalysisData;
use super::plane::LocalPlane;
use super::refused;
use crate::Result;

/// Parameters of the near-repeat analysis.
#[derive(Debug, Clone)]
pub struct KnoxParams {
    /// Spatial band limits, metres (`--delta`); the test and the chains use the first.
    pub delta: Vec<f64>,
    /// Temporal band limits, days (`--tau`); the test and the chains use the first.
    pub tau: Vec<f64>,
    /// Monte Carlo permutations.
    pub permutations: usize,
    /// Seed of the permutations.
    pub seed: u64,
}

/// One event of a chain.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ChainEvent {
    /// Position of the event in the analysed data.
    pub index: usize,
    /// x, metres in the plane.
    pub x: f64,
    /// y, metres.
    pub y: f64,
    /// Time, days.
    pub t: f64,
}

/// A near-repeat chain.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Chain {
    /// Its events in time order.
    pub events: Vec<ChainEvent>,
    /// Days from its first to its last event.
    pub span_days: f64,
}

/// The near-repeat analysis.
#[derive(Debug, Clone, Serialize)]
pub struct NearRepeat {
    /// The plane of the coordinates (`None` for planar input).
    pub plane: Option<LocalPlane>,
    /// The global Knox test at `delta[0]`, `tau[0]`.
    pub test: KnoxTest,
    /// The Near Repeat Calculator table.
    pub table: KnoxTable,
    /// Chains within `delta[0]` and `tau[0]`, largest first.
    pub chains: Vec<Chain>,
}

/// Runs the near-repeat analysis on `data` (which must have times).
pub fn near_repeat(data: &AnalysisData, params: &KnoxParams) -> Result<NearRepeat> {
    near_repeat_watched(data, params, &mut |_, _| true)
}

/// [`near_repeat`] with a watcher over the table's simulations (`watch(done, total)`; `false`
/// stops the run with [`crate::Error::Cancelled`]); see `atalaya_analysis::knox_table_watched`.
pub fn near_repeat_watched(
    data: &AnalysisData,
    params: &KnoxParams,
    watch: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<NearRepeat> {
    data.require_times("the Knox test")?;
    let permutations = Permutations {
        count: params.permutations,
        seed: params.seed,
    };
    let (d0, t0) = (
        params.delta.first().copied().unwrap_or(f64::NAN),
        params.tau.first().copied().unwrap_or(f64::NAN),
    );
    check_pair_budget(data, params)?;
    // The test's pairs (d ≤ δ₀, |Δt| ≤ τ₀) are exactly the table's first cell, simulated with
    // the same permutations: take its Monte Carlo result instead of simulating twice.
    let analytic = Permutations {
        count: 0,
        seed: params.seed,
    };
    let mut test = knox_test(&data.events, d0, t0, analytic).map_err(refused)?;
    let table = knox_table_watched(
        &data.events,
        &params.delta,
        &params.tau,
        permutations,
        watch,
    )
    .map_err(refused)?;
    test.monte_carlo = Some(table.cell(0, 0).monte_carlo.clone());
    let chains = near_repeat_chains(&data.events, d0, t0)
        .map_err(refused)?
        .into_iter()
        .map(|members| {
            let events: Vec<ChainEvent> = members
                .into_iter()
                .map(|index| {
                    let e = data.events[index];
                    ChainEvent {
                        index,
                        x: e.x,
                        y: e.y,
                        t: e.t,
                    }
                })
                .collect();
            let span_days =
                events.last().map_or(0.0, |l| l.t) - events.first().map_or(0.0, |f| f.t);
            Chain { events, span_days }
        })
        .collect();
    Ok(NearRepeat {
        plane: data.plane,
        test,
        table,
        chains,
    })
}

/// The most pairs within the largest δ the table may hold (4 bytes each, ~600 MB).
pub const MAX_PAIRS: f64 = 1.5e8;

/// Refuses a table whose pairs within the largest δ would not fit in memory, estimated as if
/// the events were spread evenly over their bounding box: `n² · π δ² / (2 · area)`.
fn check_pair_budget(data: &AnalysisData, params: &KnoxParams) -> Result<()> {
    let Some(&delta) = params.delta.last() else {
        return Ok(());
    };
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for e in &data.events {
        (x0, y0, x1, y1) = (x0.min(e.x), y0.min(e.y), x1.max(e.x), y1.max(e.y));
    }
    let area = ((x1 - x0) * (y1 - y0)).max(1.0);
    let n = data.events.len() as f64;
    let pairs = n * n * std::f64::consts::PI * delta * delta / (2.0 * area);
    if pairs > MAX_PAIRS {
        return Err(crate::Error::InvalidArgument {
            what: "--delta",
            value: params
                .delta
                .iter()
                .map(f64::to_string)
                .collect::<Vec<_>>()
                .join(","),
            expected: format!(
                "fewer pairs: about {pairs:.0} pairs of {n} events lie within {delta} m, more than the {MAX_PAIRS:.0} the table can hold; filter to fewer incidents (a category, a period) or use a smaller largest --delta"
            ),
        });
    }
    Ok(())
}
