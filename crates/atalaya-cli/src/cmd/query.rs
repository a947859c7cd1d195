//! `atalaya query`.

use std::io::Write;
use std::process::ExitCode;

use atalaya::export::{ExportFormat, IncidentWriter};
use atalaya::incidents::Page;
use clap::{Args, ValueEnum};

use super::Global;
use super::filter::FilterOpts;
use crate::common::open;
use crate::output::table;

#[derive(Clone, Copy, ValueEnum)]
pub enum QueryFormat {
    Table,
    Csv,
    Json,
}

#[derive(Args)]
pub struct QueryArgs {
    #[command(flatten)]
    pub filter: FilterOpts,
    #[arg(long, value_enum, default_value = "table")]
    pub format: QueryFormat,
    /// At most this many rows (table output defaults to 50).
    #[arg(long)]
    pub limit: Option<u64>,
    /// Skip this many rows first.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// Newest first.
    #[arg(long)]
    pub newest_first: bool,
}

pub fn run(g: &Global, a: QueryArgs) -> atalaya::Result<ExitCode> {
    let ws = open(g)?;
    let filter = ws.parse_filter(&a.filter.args())?;
    let stdout = std::io::stdout().lock();
    let io_err = |e: std::io::Error| atalaya::Error::Io {
        action: "writing",
        path: "<stdout>".into(),
        source: e,
    };
    match a.format {
        QueryFormat::Table => {
            let limit = a.limit.unwrap_or(50);
            let page = Page {
                limit: Some(limit),
                offset: a.offset,
                newest_first: a.newest_first,
            };
            let mut rows = Vec::new();
            ws.for_each_incident(&filter, page, |r| {
                rows.push(vec![
                    r.occurred_at,
                    r.category,
                    r.cuadrante.unwrap_or_default(),
                    r.address.unwrap_or_default(),
                    r.id,
                ]);
                Ok(())
            })?;
            let total = ws.count_incidents(&filter)?;
            let mut out = stdout;
            write!(
                out,
                "{}",
                table(
                    &["ocurrió", "categoría", "cuadrante", "dirección", "id"],
                    &rows
                )
            )
            .map_err(io_err)?;
            writeln!(out, "{} de {} incidentes", rows.len(), total).map_err(io_err)?;
        }
        QueryFormat::Csv | QueryFormat::Json => {
            let format = if matches!(a.format, QueryFormat::Csv) {
                ExportFormat::Csv
            } else {
                ExportFormat::Json
            };
            let page = Page {
                limit: a.limit,
                offset: a.offset,
                newest_first: a.newest_first,
            };
            let mut w =
                IncidentWriter::new(std::io::BufWriter::new(stdout), format).map_err(io_err)?;
            ws.for_each_incident(&filter, page, |r| w.write(&r).map_err(io_err))?;
            w.finish().map_err(io_err)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
