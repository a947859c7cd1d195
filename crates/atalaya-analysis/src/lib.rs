//! Crime-science analyses as pure functions over planar points (metres) and counts: no I/O,
//! no store. The `atalaya` crate projects incidents into a local metric plane and calls these.
//!
//! * [`grid`]: regular grids and point counts per cell;
//! * [`kde`] and [`bandwidth`]: quartic and Gaussian kernel density on cell centres;
//! * [`weights`]: sparse spatial weights (grid contiguity, distance band, k nearest, lists);
//! * [`gistar`] and [`fdr`]: Getis-Ord Gi* hot spots with FDR-corrected classes;
//! * [`knox`]: the Knox near-repeat test, the Near Repeat Calculator table and chains;
//! * [`rhythm`]: the hour × weekday table and the monthly series with seasonality and trend;
//! * [`compstat`]: week, 28-day and year-to-date comparisons with an exact significance hint;
//! * [`forecast`]: prospective (near-repeat weighted) hot spot maps scored on held-out weeks;
//! * [`calendar`]: civil dates ↔ day numbers.
//!
//! Every analysis is checked against its reference implementation (PySAL `esda`, `pointpats`,
//! scikit-learn) by the tests in `tests/`.
#![deny(missing_docs)]

pub mod bandwidth;
mod binomial;
mod buckets;
pub mod calendar;
pub mod compstat;
mod error;
pub mod fdr;
pub mod forecast;
pub mod gistar;
pub mod grid;
pub mod kde;
pub mod knox;
mod point;
pub mod rhythm;
mod special;
pub mod weights;

pub use bandwidth::Bandwidth;
pub use binomial::binomial_two_sided;
pub use compstat::{
    ChangeHint, CompStat, CompStatRow, Comparison, DayCount, Period, PeriodKind, compstat,
};
pub use error::AnalysisError;
pub use fdr::benjamini_hochberg;
pub use forecast::{Forecast, ForecastParams, Score, Study, forecast, forecast_watched};
pub use gistar::{GiStar, HotSpotClass, gi_star};
pub use grid::{GridCounts, GridSpec, grid_counts};
pub use kde::{Kernel, Scale, kde};
pub use knox::{
    KnoxCell, KnoxTable, KnoxTest, MonteCarlo, Permutations, knox_table, knox_table_watched,
    knox_test, near_repeat_chains,
};
pub use point::{Event, Point};
pub use rhythm::{HourWeekday, LocalTime, MonthCount, MonthlyTrend, hour_weekday, monthly_trend};
pub use special::{normal_sf, poisson_sf};
pub use weights::SpatialWeights;
