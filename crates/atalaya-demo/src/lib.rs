//! A deterministic synthetic comuna — Providencia, Santiago — for demos, tests and benchmarks.
//!
//! [`city`] gives the comuna boundary, 20 cuadrantes, the barrios, a street gazetteer, metro
//! stations, cameras and patrol units; [`incidents`] streams as many standardized incidents as
//! asked, with the structure an analyst expects to find: hot spots along the commercial axes and
//! around metro stations, hour × weekday rhythms that differ by category, a seasonal cycle and
//! a trend, and near-repeat burglary chains. The same seed and config give the same incidents,
//! bit for bit, on any machine: one `ChaCha8Rng`, no hash-map iteration, and only IEEE basic
//! arithmetic and `sqrt` on the way to every emitted value.
//!
//! What it is not: real data. The boundary is IDE Chile's (simplified); cuadrantes, barrio
//! shapes, local streets and every incident are invented (see `assets/geo/ATTRIBUTION.md`).
//! **This crate reads no files**: the geography is compiled in from `assets/geo/`. The only I/O
//! is [`sources::write_sources`], which writes the demo's raw source files where it is told.
#![deny(missing_docs)]

mod address;
mod area_index;
mod assets;
mod categories;
mod city;
mod describe;
mod frame;
mod places;
mod rhythm;
mod sampling;
pub mod sources;
mod stream;

use atalaya_model::{GeoPoint, Incident};
use chrono::NaiveDate;

pub use city::DemoCity;

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoConfig {
    /// Seed of the random stream; the same seed gives the same incidents.
    pub seed: u64,
    /// How many incidents to generate.
    pub incidents: usize,
    /// First local (America/Santiago) day.
    pub start: NaiveDate,
    /// Number of days; incidents happen on local days `start .. start + days`.
    pub days: u32,
}

impl Default for DemoConfig {
    /// Seed 1, 10,000 incidents over the three years from 2023-01-01.
    fn default() -> Self {
        Self {
            seed: 1,
            incidents: 10_000,
            start: NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default(),
            days: 1095,
        }
    }
}

/// The demo city. Deterministic: only camera placement depends on `seed`.
pub fn city(seed: u64) -> DemoCity {
    city::build(seed)
}

/// Stream `config.incidents` incidents (none if `config.days` is 0), deterministically.
///
/// Every incident has a location strictly inside the comuna, its cuadrante and barrio, an
/// address on the nearest street, a category from the standard taxonomy and a Spanish
/// description; `source_id`, `batch_id` and `created_by` are left for the caller. The stream
/// is not sorted by time (near-repeat follow-ups come right after the burglary that caused
/// them).
pub fn incidents<'a>(
    config: &DemoConfig,
    city: &'a DemoCity,
) -> impl Iterator<Item = Incident> + use<'a> {
    stream::IncidentStream::new(config, city)
}

/// The cuadrante and barrio codes of `p`, or `None` outside the comuna. A point exactly on a
/// shared edge goes to the first area that touches it.
pub fn locate(city: &DemoCity, p: GeoPoint) -> (Option<String>, Option<String>) {
    let cuadrante = city
        .index
        .cuadrantes
        .find_or_touching(p)
        .map(|i| city.cuadrantes[i].code.clone());
    let barrio = city
        .index
        .barrios
        .find_or_touching(p)
        .map(|i| city.barrios[i].code.clone());
    (cuadrante, barrio)
}
