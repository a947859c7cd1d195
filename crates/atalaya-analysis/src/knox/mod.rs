//! The Knox test for space-time interaction (near-repeat victimisation): how many pairs of
//! events are close both in space and in time, against what permuting the times gives.
//!
//! Definitions (those of `pointpats.Knox`): a pair is close in space when `d ≤ δ` and close in
//! time when `|Δt| ≤ τ`; pairs are unordered, `n(n − 1)/2` of them. The Monte Carlo reference
//! keeps the places and shuffles which time goes with which place. Simulation `s` (1-based)
//! gives event `i` the time of event `πₛ[i]`, where `π₀` is the identity and `πₛ` is `πₛ₋₁`
//! shuffled by `rand`'s `SliceRandom::shuffle` with one `ChaCha8Rng::seed_from_u64(seed)`
//! stream — so a seed reproduces every simulation. Pseudo p-values are one-sided,
//! `(1 + #{simulations ≥ observed}) / (1 + N)`.
//!
//! [`knox_table`] is Ratcliffe's Near Repeat Calculator: spatial × temporal bands, each cell with
//! its observed count, the mean over the simulations (expected), the Knox ratio and p-value.

mod chains;
mod pairs;

pub use chains::near_repeat_chains;

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::AnalysisError;
use crate::point::{Event, check_events};
use crate::special::poisson_sf;
use pairs::{SpacePairs, time_pairs};

/// The global Knox test for one spatial and one temporal threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KnoxTest {
    /// Number of events.
    pub n: usize,
    /// All unordered pairs, `n(n − 1)/2`.
    pub pairs: u64,
    /// Pairs close in space, `NS`.
    pub space_pairs: u64,
    /// Pairs close in time, `NT`.
    pub time_pairs: u64,
    /// Pairs close in both, `NST` — the Knox statistic.
    pub observed: u64,
    /// `NS · NT / pairs`, the analytic expectation of `NST` (pointpats' `expected[0, 0]`).
    pub expected_analytic: f64,
    /// `P(X > NST)` for `X ~ Poisson(expected_analytic)` (pointpats' `p_poisson`).
    pub p_poisson: f64,
    /// The permutation test, when permutations were asked for.
    pub monte_carlo: Option<MonteCarlo>,
}

impl KnoxTest {
    /// The 2 × 2 table of observed pairs, `[[NST, NS − NST], [NT − NST, rest]]`
    /// (pointpats' `observed`).
    pub fn observed_table(&self) -> [[u64; 2]; 2] {
        let (ns, nt, nst) = (self.space_pairs, self.time_pairs, self.observed);
        [[nst, ns - nst], [nt - nst, self.pairs + nst - ns - nt]]
    }
}

/// The permutation test of one count (the whole test, or one cell of the table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonteCarlo {
    /// Simulations run.
    pub permutations: usize,
    /// Mean count over the simulations: the expected count of the Near Repeat Calculator.
    pub expected: f64,
    /// Observed ÷ expected; `None` when no simulation had a pair in this cell.
    pub knox_ratio: Option<f64>,
    /// Simulations whose count was ≥ the observed count.
    pub exceedances: usize,
    /// `(1 + exceedances) / (1 + permutations)`.
    pub p_value: f64,
    /// Smallest and largest simulated count.
    pub simulated_range: (u64, u64),
}

/// One cell of the Near Repeat table: a spatial band × a temporal band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KnoxCell {
    /// Observed pairs in the cell.
    pub observed: u64,
    /// The permutation test of the cell.
    pub monte_carlo: MonteCarlo,
}

/// Ratcliffe's Near Repeat Calculator table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KnoxTable {
    /// Upper limits of the spatial bands, metres: band 0 is `[0, l₀]`, band k `(lₖ₋₁, lₖ]`.
    pub spatial: Vec<f64>,
    /// Upper limits of the temporal bands, days, with the same meaning.
    pub temporal: Vec<f64>,
    /// Cells row-major: `cells[s · temporal.len() + t]`.
    pub cells: Vec<KnoxCell>,
}

impl KnoxTable {
    /// The cell of spatial band `s` and temporal band `t`.
    pub fn cell(&self, s: usize, t: usize) -> &KnoxCell {
        &self.cells[s * self.temporal.len() + t]
    }
}

/// Parameters of the Monte Carlo reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permutations {
    /// Number of simulations (99 and 999 are usual; 0 skips the test in [`knox_test`]).
    pub count: usize,
    /// Seed of the ChaCha8 stream that shuffles the times.
    pub seed: u64,
}

/// The global Knox test: close in space `d ≤ delta` (metres), close in time `|Δt| ≤ tau` (days).
pub fn knox_test(
    events: &[Event],
    delta: f64,
    tau: f64,
    permutations: Permutations,
) -> Result<KnoxTest, AnalysisError> {
    check_inputs(events)?;
    check_limits("spatial", &[delta])?;
    check_limits("temporal", &[tau])?;
    let n = events.len();
    let pairs = (n as u64) * (n as u64 - 1) / 2;
    let space = SpacePairs::find(events, &[delta]);
    let space_pairs = space.total();
    let time_pairs = time_pairs(events, tau);
    let simulated = simulate(events, &space, &[tau], permutations, &mut |_, _| true)?;
    let observed = simulated.observed[0];
    let expected_analytic = space_pairs as f64 * time_pairs as f64 / pairs as f64;
    let monte_carlo = (permutations.count > 0).then(|| simulated.cell(0));
    Ok(KnoxTest {
        n,
        pairs,
        space_pairs,
        time_pairs,
        observed,
        expected_analytic,
        p_poisson: poisson_sf(observed as f64, expected_analytic),
        monte_carlo,
    })
}

/// The Near Repeat Calculator table over spatial band limits (metres) and temporal band limits
/// (days); pairs beyond the last limit of either are not in the table.
pub fn knox_table(
    events: &[Event],
    spatial: &[f64],
    temporal: &[f64],
    permutations: Permutations,
) -> Result<KnoxTable, AnalysisError> {
    knox_table_watched(events, spatial, temporal, permutations, &mut |_, _| true)
}

/// [`knox_table`] that reports its progress and can be stopped: after each batch of
/// simulations `watch(done, total)` is called with the simulations run so far; when it returns
/// `false` the table is abandoned with [`AnalysisError::Cancelled`]. The result of a run that
/// is not stopped is exactly [`knox_table`]'s (same stream, same batches).
pub fn knox_table_watched(
    events: &[Event],
    spatial: &[f64],
    temporal: &[f64],
    permutations: Permutations,
    watch: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<KnoxTable, AnalysisError> {
    check_inputs(events)?;
    check_limits("spatial", spatial)?;
    check_limits("temporal", temporal)?;
    if permutations.count == 0 {
        return Err(AnalysisError::NoPermutations);
    }
    let space = SpacePairs::find(events, spatial);
    if !watch(0, permutations.count) {
        return Err(AnalysisError::Cancelled);
    }
    let simulated = simulate(events, &space, temporal, permutations, watch)?;
    let cells = (0..spatial.len() * temporal.len())
        .map(|c| KnoxCell {
            observed: simulated.observed[c],
            monte_carlo: simulated.cell(c),
        })
        .collect();
    Ok(KnoxTable {
        spatial: spatial.to_vec(),
        temporal: temporal.to_vec(),
        cells,
    })
}

/// Observed counts per cell and the simulated ones, `sims[s][cell]`.
struct Simulated {
    observed: Vec<u64>,
    sims: Vec<Vec<u64>>,
}

impl Simulated {
    fn cell(&self, c: usize) -> MonteCarlo {
        let observed = self.observed[c];
        let permutations = self.sims.len();
        let values = self.sims.iter().map(|s| s[c]);
        let total: u64 = values.clone().sum();
        let exceedances = values.clone().filter(|&v| v >= observed).count();
        let expected = total as f64 / permutations.max(1) as f64;
        MonteCarlo {
            permutations,
            expected,
            knox_ratio: (expected > 0.0).then(|| observed as f64 / expected),
            exceedances,
            p_value: (1 + exceedances) as f64 / (1 + permutations) as f64,
            simulated_range: (values.clone().min().unwrap_or(0), values.max().unwrap_or(0)),
        }
    }
}

fn simulate(
    events: &[Event],
    space: &SpacePairs,
    temporal: &[f64],
    permutations: Permutations,
    watch: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Simulated, AnalysisError> {
    let cells = space.bands() * temporal.len();
    let slot_times: Vec<f64> = space
        .slot_event
        .iter()
        .map(|&i| events[i as usize].t)
        .collect();
    let mut observed = vec![0; cells];
    space.tally(&slot_times, temporal, &mut observed);
    let mut rng = ChaCha8Rng::seed_from_u64(permutations.seed);
    // `order` is πₛ over event indices, as documented; the tally reads times by slot.
    let mut order: Vec<u32> = (0..events.len() as u32).collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let mut batch = vec![vec![0.0; events.len()]; threads.min(permutations.count)];
    let mut sims = Vec::with_capacity(permutations.count);
    // The permutations come from one stream, in order; each batch is tallied in parallel.
    while sims.len() < permutations.count {
        let size = batch.len().min(permutations.count - sims.len());
        for shuffled in &mut batch[..size] {
            order.shuffle(&mut rng);
            for (t, &i) in shuffled.iter_mut().zip(&space.slot_event) {
                *t = events[order[i as usize] as usize].t;
            }
        }
        std::thread::scope(|scope| {
            let handles: Vec<_> = batch[..size]
                .iter()
                .map(|times| {
                    scope.spawn(move || {
                        let mut counts = vec![0; cells];
                        space.tally(times, temporal, &mut counts);
                        counts
                    })
                })
                .collect();
            // A tally only indexes in-range slots; a panic there is a bug worth propagating.
            sims.extend(
                handles
                    .into_iter()
                    .map(|h| h.join().expect("tally thread panicked")),
            );
        });
        if !watch(sims.len(), permutations.count) {
            return Err(AnalysisError::Cancelled);
        }
    }
    Ok(Simulated { observed, sims })
}

fn check_inputs(events: &[Event]) -> Result<(), AnalysisError> {
    check_events(events)?;
    if events.len() < 2 {
        return Err(AnalysisError::TooFewPoints {
            what: "the Knox test",
            needed: 2,
            got: events.len(),
        });
    }
    if events.len() > u32::MAX as usize {
        return Err(AnalysisError::TooManyPoints {
            what: "the Knox test",
            max: u32::MAX as usize,
            got: events.len(),
        });
    }
    Ok(())
}

fn check_limits(what: &'static str, limits: &[f64]) -> Result<(), AnalysisError> {
    let valid = !limits.is_empty()
        && limits.iter().all(|l| *l >= 0.0 && l.is_finite())
        && limits.windows(2).all(|w| w[0] < w[1]);
    if valid {
        Ok(())
    } else {
        Err(AnalysisError::InvalidBands {
            what,
            limits: limits.to_vec(),
        })
    }
}
