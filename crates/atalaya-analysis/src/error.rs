//! The one error type of the crate: what was wrong with the input and what to change.

use thiserror::Error;

/// Why an analysis could not run. Each variant names the offending value so the caller (CLI,
/// desktop panel) can tell the analyst what to change.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum AnalysisError {
    /// A grid cell size that is zero, negative, NaN or infinite.
    #[error("cell size must be a positive, finite number of metres; got {0}")]
    CellSizeNotPositive(f64),
    /// A grid with no columns or no rows.
    #[error("a grid needs at least one column and one row; got {nx} × {ny}")]
    EmptyGrid {
        /// Columns asked for.
        nx: usize,
        /// Rows asked for.
        ny: usize,
    },
    /// A grid with more cells than the analyses accept (choose a larger cell size).
    #[error(
        "a grid of {nx} × {ny} cells is larger than the limit of {max} cells; choose a larger cell size"
    )]
    GridTooLarge {
        /// Columns the extent needs.
        nx: usize,
        /// Rows the extent needs.
        ny: usize,
        /// The most cells allowed.
        max: usize,
    },
    /// A kernel bandwidth that is zero, negative, NaN or infinite (also a rule that gives 0,
    /// e.g. all points at one place).
    #[error("bandwidth must be a positive, finite number of metres; got {0}")]
    BandwidthNotPositive(f64),
    /// A distance threshold (distance band, Knox δ) that is negative, NaN or infinite.
    #[error("{what} must be a non-negative, finite distance; got {value}")]
    DistanceNotValid {
        /// Which parameter (`distance band`, `delta`, …).
        what: &'static str,
        /// The value given.
        value: f64,
    },
    /// Band limits (Knox table) that are empty, negative, non-finite or not strictly increasing.
    #[error(
        "{what} limits must be non-empty, non-negative, finite and strictly increasing; got {limits:?}"
    )]
    InvalidBands {
        /// `spatial` or `temporal`.
        what: &'static str,
        /// The limits given.
        limits: Vec<f64>,
    },
    /// Fewer points (or units) than the analysis needs.
    #[error("{what} needs at least {needed} points; got {got}")]
    TooFewPoints {
        /// The analysis or rule.
        what: &'static str,
        /// The minimum.
        needed: usize,
        /// How many were given.
        got: usize,
    },
    /// More points (or units) than the indices used inside can hold.
    #[error("{what} takes at most {max} points; got {got}")]
    TooManyPoints {
        /// The analysis.
        what: &'static str,
        /// The maximum.
        max: usize,
        /// How many were given.
        got: usize,
    },
    /// k nearest neighbours asked for with k = 0 or k > n − 1.
    #[error("k nearest neighbours needs 1 ≤ k ≤ n − 1 = {max}; got k = {k}")]
    KOutOfRange {
        /// The k asked for.
        k: usize,
        /// n − 1 for the points given.
        max: usize,
    },
    /// A point coordinate that is NaN or infinite.
    #[error("point {index} has a non-finite coordinate ({x}, {y})")]
    NonFiniteCoordinate {
        /// Position of the point in the input.
        index: usize,
        /// Its x.
        x: f64,
        /// Its y.
        y: f64,
    },
    /// An event time that is NaN or infinite.
    #[error("event {index} has a non-finite time {t}")]
    NonFiniteTime {
        /// Position of the event in the input.
        index: usize,
        /// Its time in days.
        t: f64,
    },
    /// A value (count, weight, p-value) that is NaN, infinite or outside its range.
    #[error("value {index} is not valid here: {value}")]
    InvalidValue {
        /// Position of the value.
        index: usize,
        /// The value.
        value: f64,
    },
    /// Two inputs that must have the same length do not.
    #[error("{what}: expected {expected} entries, got {got}")]
    LengthMismatch {
        /// What was compared.
        what: &'static str,
        /// The length needed.
        expected: usize,
        /// The length given.
        got: usize,
    },
    /// An adjacency list naming a unit that does not exist.
    #[error("unit {unit} lists neighbour {neighbour}, but there are only {n} units")]
    NeighbourOutOfRange {
        /// The unit whose list is wrong.
        unit: usize,
        /// The neighbour named.
        neighbour: usize,
        /// Number of units.
        n: usize,
    },
    /// An adjacency list where a unit names itself (Gi* adds the unit itself; lists must not).
    #[error(
        "unit {0} lists itself as a neighbour; give neighbours only (Gi* includes the unit itself)"
    )]
    SelfNeighbour(usize),
    /// A permutation that does not contain each of 0..n exactly once.
    #[error("not a permutation of 0..{n}")]
    InvalidPermutation {
        /// Length expected.
        n: usize,
    },
    /// A Monte Carlo test asked for with zero permutations.
    #[error("the Monte Carlo test needs at least one permutation; 99 or 999 are usual")]
    NoPermutations,
    /// Values that sum to zero: Gi* divides by the total.
    #[error("the values sum to zero, so Gi* is undefined (no events in the area?)")]
    ZeroTotal,
    /// Values that are all equal: the Gi* variance is zero.
    #[error("all values are equal, so Gi* z-scores are undefined (zero variance)")]
    ConstantValues,
    /// A parameter outside the values an analysis accepts.
    #[error("{what} must be {expected}; got {value}")]
    OutOfRange {
        /// Which parameter or input (`hour`, `coverage`, …).
        what: &'static str,
        /// The value given, as text.
        value: String,
        /// What would be accepted.
        expected: &'static str,
    },
    /// The caller's watcher asked the analysis to stop before it finished.
    #[error("the analysis was cancelled")]
    Cancelled,
    /// A monthly series whose months are not consecutive.
    #[error(
        "monthly series: month {index} ({year}-{month:02}) does not follow the month before it"
    )]
    MonthsNotConsecutive {
        /// Position in the series.
        index: usize,
        /// Its year.
        year: i32,
        /// Its month, 1–12.
        month: u32,
    },
}
