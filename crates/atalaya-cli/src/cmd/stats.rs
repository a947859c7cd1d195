//! `atalaya stats`.

use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::Global;
use super::filter::FilterOpts;
use crate::common::open;
use crate::output::table;

#[derive(Clone, Copy, ValueEnum)]
pub enum StatsFormat {
    Table,
    Json,
}

#[derive(Args)]
pub struct StatsArgs {
    #[arg(long, value_enum, default_value = "table")]
    pub format: StatsFormat,
    #[command(flatten)]
    pub filter: FilterOpts,
}

pub fn run(g: &Global, a: StatsArgs) -> atalaya::Result<ExitCode> {
    let ws = open(g)?;
    let filter = ws.parse_filter(&a.filter.args())?;
    let s = ws.stats_for(&filter)?;
    match a.format {
        StatsFormat::Json => {
            outln!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
        }
        StatsFormat::Table => {
            outln!("incidentes: {}", s.incidents);
            if let (Some(a), Some(b)) = (&s.first_occurred, &s.last_occurred) {
                outln!("periodo:    {a} — {b}");
            }
            outln!();
            let rows: Vec<Vec<String>> = s
                .by_category
                .iter()
                .filter(|c| c.count > 0)
                .map(|c| vec![c.code.clone(), c.label_es.clone(), c.count.to_string()])
                .collect();
            out!("{}", table(&["categoría", "nombre", "incidentes"], &rows));
            outln!();
            let rows: Vec<Vec<String>> = s
                .by_cuadrante
                .iter()
                .map(|c| vec![c.code.clone(), c.name.clone(), c.count.to_string()])
                .collect();
            out!("{}", table(&["cuadrante", "nombre", "incidentes"], &rows));
        }
    }
    Ok(ExitCode::SUCCESS)
}
