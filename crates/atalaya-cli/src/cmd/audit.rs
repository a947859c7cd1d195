//! `atalaya audit verify`.

use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};

use super::Global;
use crate::common::open;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain, every change entry and every record; exit 1 naming the first problem.
    Verify(VerifyArgs),
}

#[derive(Clone, Copy, ValueEnum)]
pub enum VerifyFormat {
    Text,
    Json,
}

#[derive(Args)]
pub struct VerifyArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: VerifyFormat,
}

pub fn run(g: &Global, cmd: AuditCommand) -> atalaya::Result<ExitCode> {
    let AuditCommand::Verify(a) = cmd;
    let ws = open(g)?;
    let report = ws.verify_audit()?;
    match a.format {
        VerifyFormat::Json => outln!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        ),
        VerifyFormat::Text => {
            if let Some(first) = report.problems.first() {
                outln!("audit verify FAILED: first broken: {first}");
                for p in report.problems.iter().skip(1) {
                    outln!("  also: {p}");
                }
            } else {
                outln!(
                    "audit verify ok: {} entries, {} changes, {} records checked",
                    report.entries,
                    report.changes,
                    report.records
                );
            }
        }
    }
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
