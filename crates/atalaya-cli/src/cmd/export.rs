//! `atalaya export`.

use std::path::PathBuf;
use std::process::ExitCode;

use atalaya::export::{ExportFormat, IncidentWriter};
use atalaya::incidents::Page;
use clap::{Args, ValueEnum};

use super::Global;
use super::filter::FilterOpts;
use crate::common::{open, progress_bar};

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormatArg {
    Csv,
    Json,
    Geojson,
}

#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub filter: FilterOpts,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormatArg,
    /// Output file (written whole or not at all).
    #[arg(long, short)]
    pub out: PathBuf,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(g: &Global, a: ExportArgs) -> atalaya::Result<ExitCode> {
    if a.out.exists() && !a.force {
        return Err(atalaya::Error::InvalidArgument {
            what: "--out",
            value: a.out.display().to_string(),
            expected: "a path that does not exist yet (or pass --force to replace it)".into(),
        });
    }
    let ws = open(g)?;
    let filter = ws.parse_filter(&a.filter.args())?;
    let format = match a.format {
        ExportFormatArg::Csv => ExportFormat::Csv,
        ExportFormatArg::Json => ExportFormat::Json,
        ExportFormatArg::Geojson => ExportFormat::GeoJson,
    };
    let total = ws.count_incidents(&filter)?;
    let bar = progress_bar(total, "exportando");
    let mut tmp = a.out.clone().into_os_string();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    let io_err = |p: &PathBuf| {
        let p = p.clone();
        move |e: std::io::Error| atalaya::Error::Io {
            action: "writing",
            path: p,
            source: e,
        }
    };
    let file = std::fs::File::create(&tmp).map_err(io_err(&tmp))?;
    let mut w = IncidentWriter::new(std::io::BufWriter::new(file), format).map_err(io_err(&tmp))?;
    let n = ws.for_each_incident(&filter, Page::default(), |r| {
        bar.inc(1);
        w.write(&r).map_err(io_err(&tmp))
    })?;
    w.finish()
        .map_err(io_err(&tmp))?
        .into_inner()
        .map_err(|e| io_err(&tmp)(e.into_error()))?
        .sync_all()
        .map_err(io_err(&tmp))?;
    std::fs::rename(&tmp, &a.out).map_err(io_err(&a.out))?;
    bar.finish_and_clear();
    eprintln!("{n} incidents → {}", a.out.display());
    Ok(ExitCode::SUCCESS)
}
