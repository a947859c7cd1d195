//! `atalaya links review|confirm|reject|run`.

use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::Global;
use super::quarantine::ListFormat;
use crate::common::open;
use crate::output::table;

#[derive(Subcommand)]
pub enum LinksCommand {
    /// Pairs the linker could not decide, best score first, side by side.
    Review(ReviewArgs),
    /// These are the same event: merge the candidate into the incident.
    Confirm(IdsArgs),
    /// These are two events: keep both and never propose the pair again.
    Reject(IdsArgs),
    /// Run the link pass over imported files that have not had one.
    Run,
}

#[derive(Args)]
pub struct ReviewArgs {
    #[arg(long, default_value_t = 50)]
    pub limit: u64,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

#[derive(Args)]
pub struct IdsArgs {
    /// Link ids from `atalaya links review`.
    #[arg(required = true)]
    pub ids: Vec<String>,
}

pub fn run(g: &Global, cmd: LinksCommand) -> atalaya::Result<ExitCode> {
    let mut ws = open(g)?;
    match cmd {
        LinksCommand::Review(a) => {
            let queued = ws.links_queued(a.limit)?;
            match a.format {
                ListFormat::Json => outln!(
                    "{}",
                    serde_json::to_string_pretty(&queued).unwrap_or_default()
                ),
                ListFormat::Table => {
                    let mut cells = Vec::new();
                    for q in &queued {
                        let (d, m) = q.parts.map_or((String::new(), String::new()), |p| {
                            (
                                format!("{:.0} m", p.distance_m),
                                format!("{:.0} min", p.minutes),
                            )
                        });
                        for (n, s) in [&q.incident, &q.candidate].into_iter().enumerate() {
                            cells.push(vec![
                                if n == 0 { q.id.clone() } else { String::new() },
                                if n == 0 {
                                    format!("{:.2}", q.score)
                                } else {
                                    String::new()
                                },
                                if n == 0 { d.clone() } else { m.clone() },
                                s.occurred_at.clone(),
                                s.source.clone().unwrap_or_default(),
                                s.category.clone(),
                                s.address.clone().unwrap_or_default(),
                                s.description.clone(),
                            ]);
                        }
                    }
                    out!(
                        "{}",
                        table(
                            &[
                                "link",
                                "score",
                                "apart",
                                "when",
                                "source",
                                "category",
                                "address",
                                "description"
                            ],
                            &cells
                        )
                    );
                    if queued.is_empty() {
                        outln!("nothing waits for review");
                    }
                }
            }
        }
        LinksCommand::Confirm(a) => {
            for id in &a.ids {
                let d = ws.link_confirm(id)?;
                outln!(
                    "{id} confirmed → incident {}",
                    d.incident.unwrap_or_default()
                );
            }
        }
        LinksCommand::Reject(a) => {
            for id in &a.ids {
                ws.link_reject(id)?;
                outln!("{id} rejected: the two incidents stay apart");
            }
        }
        LinksCommand::Run => {
            let s = ws.link_all()?;
            outln!(
                "{} incidents merged into another source's, {} pairs queued for review",
                s.linked,
                s.queued
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
