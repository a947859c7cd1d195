//! `atalaya analyse kde|hotspots|knox|rhythm|compstat|forecast`: one analysis of the filtered
//! incidents (or of a CSV of planar points), printed as a table, CSV, JSON or GeoJSON.

use std::path::PathBuf;
use std::process::ExitCode;

use atalaya::Error;
use atalaya::analysis::areas::AreaLevel;
use atalaya::analysis::grid::{KdeParams, hotspot_layer, kde_layer};
use atalaya::analysis::nearrepeat::{KnoxParams, near_repeat};
use atalaya::analysis::prospective::forecast_layer;
use atalaya::analysis::render::Render;
use atalaya::analysis::temporal::{compstat_of, rhythm};
use atalaya::analysis::{
    AnalysisData, CsvInput, WeightsSpec, parse_bandwidth, parse_kernel, parse_limits,
};
use clap::{Args, ValueEnum};
use serde::Serialize;

use super::Global;
use super::filter::FilterOpts;
use crate::common::open;
use crate::output::table;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Analysis {
    /// Kernel density on a grid.
    Kde,
    /// Getis-Ord Gi* hot spots on grid cells, or on cuadrantes/barrios with --areas.
    Hotspots,
    /// Knox test, Near Repeat table and near-repeat chains.
    Knox,
    /// Hour × weekday table, monthly trend and seasonality.
    Rhythm,
    /// This week, 28 days and year to date against the periods before.
    Compstat,
    /// Prospective hot spot forecast for next week, evaluated on held-out weeks.
    Forecast,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnalyseFormat {
    Table,
    Csv,
    Json,
    Geojson,
}

#[derive(Args)]
pub struct AnalyseArgs {
    /// Which analysis.
    #[arg(value_enum)]
    pub analysis: Analysis,
    #[command(flatten)]
    pub filter: FilterOpts,
    /// Analyse a CSV of planar points instead of the store (needs --x and --y).
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// The x column of --input (metres or any planar unit).
    #[arg(long, value_name = "COL")]
    pub x: Option<String>,
    /// The y column of --input.
    #[arg(long, value_name = "COL")]
    pub y: Option<String>,
    /// The time column of --input, in days (e.g. days since 1970-01-01).
    #[arg(long, value_name = "COL")]
    pub t: Option<String>,
    /// Grid cell side in metres.
    #[arg(long, value_name = "M", default_value_t = 100.0)]
    pub cell: f64,
    /// Kernel bandwidth: metres, scott or silverman (kde: default silverman; forecast: metres,
    /// default 400).
    #[arg(long, value_name = "M|RULE")]
    pub bandwidth: Option<String>,
    /// Kernel: quartic or gaussian.
    #[arg(long, value_name = "KERNEL", default_value = "quartic")]
    pub kernel: String,
    /// Gi* weights: queen, rook, distance:M or knn:K.
    #[arg(long, value_name = "W", default_value = "queen")]
    pub weights: String,
    /// Gi* on areas instead of grid cells: cuadrante or barrio.
    #[arg(long = "areas", id = "area_level", value_name = "LEVEL")]
    pub area_level: Option<String>,
    /// Knox spatial limits in metres: one value or an increasing list (100,200,300).
    #[arg(long, value_name = "M[,M…]", default_value = "100,200")]
    pub delta: String,
    /// Knox temporal limits in days: one value or an increasing list (7,14,21).
    #[arg(long, value_name = "D[,D…]", default_value = "7,14")]
    pub tau: String,
    /// Monte Carlo permutations (Knox).
    #[arg(long, value_name = "N", default_value_t = 99)]
    pub permutations: usize,
    /// Seed of the permutations.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,
    /// Held-out weeks the forecast is evaluated on.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub weeks: usize,
    /// Share of cells the forecast flags, in percent.
    #[arg(long, value_name = "PCT", default_value_t = 5.0)]
    pub coverage: f64,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: AnalyseFormat,
}

impl AnalyseArgs {
    fn csv_input(&self) -> atalaya::Result<Option<CsvInput>> {
        let Some(path) = &self.input else {
            for (flag, given) in [("--x", &self.x), ("--y", &self.y), ("--t", &self.t)] {
                if let Some(v) = given {
                    return Err(Error::InvalidArgument {
                        what: flag,
                        value: v.clone(),
                        expected: "only with --input FILE".into(),
                    });
                }
            }
            return Ok(None);
        };
        let filters = self.filter.args();
        if filters.from.is_some()
            || filters.to.is_some()
            || !filters.categories.is_empty()
            || !filters.sources.is_empty()
            || !filters.areas.is_empty()
            || filters.bbox.is_some()
            || filters.text.is_some()
            || self.area_level.is_some()
        {
            return Err(Error::InvalidArgument {
                what: "--input",
                value: path.display().to_string(),
                expected:
                    "no store filters or --areas with --input (they select incidents in the store)"
                        .into(),
            });
        }
        let column = |flag: &'static str, v: &Option<String>| {
            v.clone().ok_or_else(|| Error::InvalidArgument {
                what: flag,
                value: "(missing)".into(),
                expected: "the name of a column of --input".into(),
            })
        };
        Ok(Some(CsvInput {
            path: path.clone(),
            x: column("--x", &self.x)?,
            y: column("--y", &self.y)?,
            t: self.t.clone(),
        }))
    }
}

pub fn run(g: &Global, a: AnalyseArgs) -> atalaya::Result<ExitCode> {
    let input = a.csv_input()?;
    let weights: WeightsSpec = a.weights.parse()?;
    let kernel = parse_kernel(&a.kernel)?;
    let areas: Option<AreaLevel> = a.area_level.as_deref().map(str::parse).transpose()?;
    let ws = match &input {
        Some(_) => None,
        None => Some(open(g)?),
    };
    let data = || -> atalaya::Result<AnalysisData> {
        match (&input, &ws) {
            (Some(csv), _) => AnalysisData::from_csv(csv),
            (None, Some(ws)) => ws.analysis_data(&a.filter.args()),
            (None, None) => unreachable!("a store is opened when there is no --input"),
        }
    };
    match a.analysis {
        Analysis::Kde => {
            let bandwidth = parse_bandwidth(a.bandwidth.as_deref().unwrap_or("silverman"))?;
            let params = KdeParams {
                cell: a.cell,
                bandwidth,
                kernel,
            };
            emit(&kde_layer(&data()?, &params)?, a.format)
        }
        Analysis::Hotspots => match (areas, &ws) {
            (Some(level), Some(ws)) => emit(
                &ws.area_hotspots(&a.filter.args(), level, weights)?,
                a.format,
            ),
            _ => emit(&hotspot_layer(&data()?, a.cell, weights)?, a.format),
        },
        Analysis::Knox => {
            let params = KnoxParams {
                delta: parse_limits("--delta", &a.delta)?,
                tau: parse_limits("--tau", &a.tau)?,
                permutations: a.permutations,
                seed: a.seed,
            };
            emit(&near_repeat(&data()?, &params)?, a.format)
        }
        Analysis::Rhythm => emit(&rhythm(&data()?)?, a.format),
        Analysis::Compstat => match &ws {
            Some(ws) => emit(&ws.compstat(&a.filter.args())?, a.format),
            None => emit(&compstat_of(&data()?, None)?, a.format),
        },
        Analysis::Forecast => {
            let bandwidth = match a.bandwidth.as_deref().map(parse_bandwidth).transpose()? {
                None => 400.0,
                Some(atalaya::analysis::Bandwidth::Fixed(h)) => h,
                Some(_) => {
                    return Err(Error::InvalidArgument {
                        what: "--bandwidth",
                        value: a.bandwidth.clone().unwrap_or_default(),
                        expected: "metres for forecast (e.g. 400); the rules are for kde".into(),
                    });
                }
            };
            let params = atalaya_analysis_params(bandwidth, a.weeks, a.coverage)?;
            emit(&forecast_layer(&data()?, a.cell, None, params)?, a.format)
        }
    }
}

fn atalaya_analysis_params(
    bandwidth: f64,
    weeks: usize,
    coverage_pct: f64,
) -> atalaya::Result<atalaya::analysis::prospective::ForecastParams> {
    if !(coverage_pct > 0.0 && coverage_pct <= 100.0) {
        return Err(Error::InvalidArgument {
            what: "--coverage",
            value: coverage_pct.to_string(),
            expected: "a percentage of cells above 0 and at most 100, e.g. 5".into(),
        });
    }
    Ok(atalaya::analysis::prospective::ForecastParams {
        bandwidth,
        weeks,
        coverage: coverage_pct / 100.0,
        ..Default::default()
    })
}

fn emit<T: Render + Serialize>(result: &T, format: AnalyseFormat) -> atalaya::Result<ExitCode> {
    let text = match format {
        AnalyseFormat::Json => serde_json::to_string_pretty(result).unwrap_or_default() + "\n",
        AnalyseFormat::Geojson => {
            serde_json::to_string(&result.geojson()?).unwrap_or_default() + "\n"
        }
        AnalyseFormat::Csv => result.csv().to_csv(),
        AnalyseFormat::Table => {
            let mut out = String::new();
            for (title, t) in result.summary() {
                out.push_str(&format!("{title}\n"));
                let header: Vec<&str> = t.header.iter().map(String::as_str).collect();
                out.push_str(&table(&header, &t.rows));
                out.push('\n');
            }
            out
        }
    };
    use std::io::Write;
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| Error::Io {
            action: "writing",
            path: "<stdout>".into(),
            source: e,
        })?;
    Ok(ExitCode::SUCCESS)
}
