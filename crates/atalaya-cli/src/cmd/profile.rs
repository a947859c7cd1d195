//! `atalaya profile list|check|infer`.

use std::path::PathBuf;
use std::process::ExitCode;

use atalaya::ProfileChoice;
use clap::{Args, Subcommand};

use super::Global;
use crate::output::table;

#[derive(Subcommand)]
pub enum ProfileCommand {
    /// The built-in source profiles.
    List,
    /// Preview how the first rows of FILE standardize through a profile, with every problem.
    Check(CheckArgs),
    /// Draft a profile (TOML) for a file no profile was written for; edit it, then `check` it.
    Infer(InferArgs),
}

#[derive(Args)]
pub struct CheckArgs {
    pub file: PathBuf,
    /// A built-in profile name, a profile TOML file, or `auto`.
    #[arg(long, default_value = "auto", value_name = "NAME|FILE|auto")]
    pub profile: ProfileChoice,
    /// Rows to preview.
    #[arg(long, default_value_t = 20)]
    pub rows: usize,
}

#[derive(Args)]
pub struct InferArgs {
    pub file: PathBuf,
}

pub fn run(_g: &Global, cmd: ProfileCommand) -> atalaya::Result<ExitCode> {
    match cmd {
        ProfileCommand::List => {
            let rows: Vec<Vec<String>> = atalaya::profile_list()?
                .into_iter()
                .map(|p| vec![p.name, p.kind, p.format, p.record, p.source, p.description])
                .collect();
            out!(
                "{}",
                table(
                    &[
                        "profile",
                        "kind",
                        "format",
                        "record",
                        "source",
                        "description"
                    ],
                    &rows
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        ProfileCommand::Check(a) => {
            let report = atalaya::profile_check(&a.file, &a.profile, a.rows)?;
            outln!(
                "profile {} · columns: {}",
                report.profile,
                report.header.join(", ")
            );
            let rows: Vec<Vec<String>> = report
                .rows
                .iter()
                .map(|r| vec![r.row.to_string(), r.status.clone(), r.detail.clone()])
                .collect();
            out!("{}", table(&["row", "status", "detail"], &rows));
            outln!("{} ok, {} with problems", report.ok, report.rejected);
            Ok(if report.rejected == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        ProfileCommand::Infer(a) => {
            out!("{}", atalaya::profile_infer(&a.file)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}
