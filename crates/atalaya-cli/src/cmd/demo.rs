//! `atalaya demo`.

use std::process::ExitCode;

use atalaya::DemoConfig;
use atalaya::Workspace;
use clap::Args;

use super::Global;
use crate::common::{Secrets, options, progress_bar};

#[derive(Args)]
pub struct DemoArgs {
    /// Random seed: the same seed gives the same city and incidents on any machine.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Number of incidents to generate.
    #[arg(long, default_value_t = 100_000)]
    pub incidents: usize,
    /// First day (America/Santiago), YYYY-MM-DD.
    #[arg(long, default_value = "2023-01-01")]
    pub start: chrono::NaiveDate,
    /// Number of days covered.
    #[arg(long, default_value_t = 1095, value_parser = clap::value_parser!(u32).range(1..=36_500))]
    pub days: u32,
    /// Write the raw files each source would export into DIR instead of loading a store
    /// (patrol CSV, citizen reports, camera log, GPS tracks as GPX, the Fiscalía's register as
    /// .xlsx, and .truth.csv); import them with `atalaya import DIR`.
    #[arg(long, value_name = "DIR")]
    pub sources: Option<std::path::PathBuf>,
}

pub fn run(g: &Global, a: DemoArgs) -> atalaya::Result<ExitCode> {
    let config = DemoConfig {
        seed: a.seed,
        incidents: a.incidents,
        start: a.start,
        days: a.days,
    };
    if let Some(dir) = &a.sources {
        let summary = atalaya::demo::write_demo_sources(&config, dir)?;
        for (path, rows) in &summary.files {
            outln!("{rows:>9} rows  {}", path.display());
        }
        outln!(
            "demo seed {}: {} events, {} rows with a planted fault; truth in {}",
            config.seed,
            summary.events,
            summary.faulty_rows,
            dir.join(".truth.csv").display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let secrets = Secrets::read(g);
    let mut ws = Workspace::open_or_create(&options(g, &secrets))?;
    let bar = progress_bar(a.incidents as u64, "incidentes");
    let summary = ws.load_demo(&config, &mut |done, _| bar.set_position(done))?;
    bar.finish_and_clear();
    outln!(
        "demo seed {}: {} incidents in {} batches, {} areas, {} streets, {} cameras → {}",
        summary.seed,
        summary.incidents,
        summary.batches,
        summary.areas,
        summary.streets,
        summary.cameras,
        ws.path().display()
    );
    Ok(ExitCode::SUCCESS)
}
