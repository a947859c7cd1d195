//! `atalaya quarantine list|fix|accept`.

use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};

use super::Global;
use crate::common::open;
use crate::output::table;

#[derive(Subcommand)]
pub enum QuarantineCommand {
    /// Rows that could not be standardized, with the precise reason.
    List(ListArgs),
    /// Edit fields of a quarantined row and re-standardize it.
    Fix(FixArgs),
    /// Accept a quarantined row as it is (unknown category → otr.otros; no or outside location kept).
    Accept(AcceptArgs),
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Args)]
pub struct ListArgs {
    /// Only rows of this import batch.
    #[arg(long)]
    pub batch: Option<String>,
    #[arg(long, default_value_t = 100)]
    pub limit: u64,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

#[derive(Args)]
pub struct FixArgs {
    /// The row's id from `quarantine list`.
    pub id: String,
    /// FIELD=VALUE: a column of the file or a standard field (date, time, category, lon, lat, …).
    #[arg(long = "set", required = true, value_parser = parse_set, value_name = "FIELD=VALUE")]
    pub sets: Vec<(String, String)>,
}

#[derive(Args)]
pub struct AcceptArgs {
    pub id: String,
}

fn parse_set(s: &str) -> Result<(String, String), String> {
    let (k, v) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not FIELD=VALUE"))?;
    if k.trim().is_empty() {
        return Err(format!("`{s}` has no field name"));
    }
    Ok((k.trim().to_string(), v.to_string()))
}

pub fn run(g: &Global, cmd: QuarantineCommand) -> atalaya::Result<ExitCode> {
    let mut ws = open(g)?;
    let outcome = match cmd {
        QuarantineCommand::List(a) => {
            let rows = ws.quarantine_list(a.batch.as_deref(), a.limit)?;
            match a.format {
                ListFormat::Json => outln!(
                    "{}",
                    serde_json::to_string_pretty(&rows).unwrap_or_default()
                ),
                ListFormat::Table => {
                    let cells: Vec<Vec<String>> = rows
                        .iter()
                        .map(|r| {
                            vec![
                                r.id.clone(),
                                format!("{}:{}", r.file, r.row),
                                r.reason.clone(),
                                r.column.clone().unwrap_or_default(),
                                r.value.clone().unwrap_or_default(),
                                r.expected.clone(),
                            ]
                        })
                        .collect();
                    out!(
                        "{}",
                        table(
                            &["id", "file:row", "reason", "column", "value", "expected"],
                            &cells
                        )
                    );
                }
            }
            return Ok(ExitCode::SUCCESS);
        }
        QuarantineCommand::Fix(a) => ws.quarantine_fix(&a.id, &a.sets)?,
        QuarantineCommand::Accept(a) => ws.quarantine_accept(&a.id)?,
    };
    match (&outcome.reason, &outcome.incident_id) {
        (Some(reason), _) => {
            outln!("{} is still quarantined: {reason}", outcome.id);
            return Ok(ExitCode::from(1));
        }
        (None, Some(incident)) => {
            outln!("{} {} → incident {incident}", outcome.id, outcome.status)
        }
        (None, None) => outln!("{} {}", outcome.id, outcome.status),
    }
    Ok(ExitCode::SUCCESS)
}
