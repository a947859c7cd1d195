//! `atalaya conflicts`: the conflict inbox (concurrent edits of guarded fields) and
//! `atalaya conflicts resolve ID --keep mine|theirs|VALUE`, an edit the next sync pushes.

use std::process::ExitCode;

use atalaya::sync::{ConflictOut, Keep};
use clap::{Args, Subcommand};

use super::Global;
use crate::common::open;
use crate::output::table;

#[derive(Args)]
pub struct ConflictsArgs {
    #[command(subcommand)]
    pub command: Option<ConflictsCommand>,
    /// List resolved conflicts too.
    #[arg(long)]
    pub all: bool,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand)]
pub enum ConflictsCommand {
    /// Resolve a conflict: keep this workstation's value, the other one, or a new value.
    Resolve(ResolveArgs),
}

#[derive(Args)]
pub struct ResolveArgs {
    /// The conflict's id (first column of `atalaya conflicts`).
    pub id: u64,
    /// mine, theirs, or the value itself.
    #[arg(long, value_name = "mine|theirs|VALUE")]
    pub keep: Keep,
}

pub fn run(g: &Global, a: ConflictsArgs) -> atalaya::Result<ExitCode> {
    let mut ws = open(g)?;
    if let Some(ConflictsCommand::Resolve(r)) = a.command {
        let resolved = ws.resolve_conflict(r.id, &r.keep)?;
        outln!(
            "resolved: conflict {} on {} {} keeps {:?}; `atalaya sync` sends it",
            resolved.id,
            resolved.table,
            resolved.record,
            resolved.current
        );
        return Ok(ExitCode::SUCCESS);
    }
    let conflicts = ws.conflicts(!a.all)?;
    if a.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&conflicts).unwrap_or_default()
        );
    } else {
        let noun = if conflicts.len() == 1 {
            "conflict"
        } else {
            "conflicts"
        };
        let open = if a.all { "" } else { " open" };
        outln!("{} {noun}{open}", conflicts.len());
        print_conflicts(&conflicts);
    }
    Ok(ExitCode::SUCCESS)
}

/// The conflicts as a table (nothing when there are none).
pub fn print_conflicts(conflicts: &[ConflictOut]) {
    if conflicts.is_empty() {
        return;
    }
    let side = |s: &atalaya::sync::ConflictSide| {
        let who = match (&s.user, &s.device_name) {
            _ if s.mine => "this workstation".to_owned(),
            (Some(user), Some(name)) => format!("{user} on {name}"),
            (Some(user), None) => format!("{user}, device {}", s.device),
            _ => format!("device {}", s.device),
        };
        format!("{} ({who})", s.value)
    };
    let rows: Vec<Vec<String>> = conflicts
        .iter()
        .map(|c| {
            vec![
                c.id.to_string(),
                c.table.clone(),
                c.record.clone(),
                c.subject.as_ref().map_or_else(String::new, |s| s.summary()),
                c.column.clone(),
                side(&c.kept),
                side(&c.incoming),
                if c.open { "open" } else { "resolved" }.to_owned(),
            ]
        })
        .collect();
    out!(
        "{}",
        table(
            &[
                "id", "table", "record", "subject", "field", "kept", "incoming", "state"
            ],
            &rows
        )
    );
}
