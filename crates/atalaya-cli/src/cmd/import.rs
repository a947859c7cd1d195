//! `atalaya import PATH... [--profile NAME|FILE|auto]`.

use std::path::PathBuf;
use std::process::ExitCode;

use atalaya::{ImportSummary, ProfileChoice};
use clap::{Args, ValueEnum};

use super::Global;
use crate::common::{Secrets, options};
use crate::output::table;

#[derive(Clone, Copy, ValueEnum)]
pub enum ImportFormat {
    Table,
    Json,
}

#[derive(Args)]
pub struct ImportArgs {
    /// Files to import; a folder imports every file in it.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// A built-in profile name (`atalaya profile list`), a profile TOML file, or `auto` to pick
    /// by the file's header.
    #[arg(long, default_value = "auto", value_name = "NAME|FILE|auto")]
    pub profile: ProfileChoice,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ImportFormat,
}

pub fn run(g: &Global, a: ImportArgs) -> atalaya::Result<ExitCode> {
    let secrets = Secrets::read(g);
    let mut ws = atalaya::Workspace::open_or_create(&options(g, &secrets))?;
    let bar = crate::common::progress_bar(0, "filas");
    let summaries = ws.import_paths(&a.paths, &a.profile, &mut |done, _| bar.set_position(done))?;
    bar.finish_and_clear();
    match a.format {
        ImportFormat::Json => outln!(
            "{}",
            serde_json::to_string_pretty(&summaries).unwrap_or_default()
        ),
        ImportFormat::Table => out!("{}", render(&summaries)),
    }
    Ok(ExitCode::SUCCESS)
}

fn render(summaries: &[ImportSummary]) -> String {
    let mut out = String::new();
    for s in summaries.iter().filter(|s| s.profile_auto) {
        out.push_str(&format!(
            "{}: profile `{}` picked from its header\n",
            s.file, s.profile
        ));
    }
    let rows: Vec<Vec<String>> = summaries
        .iter()
        .map(|s| {
            let n = |v: u64| v.to_string();
            vec![
                s.file.clone(),
                s.profile.clone(),
                n(s.read),
                n(s.accepted),
                n(s.quarantined),
                n(s.duplicate),
                n(s.updated),
                n(s.linked),
                n(s.link_queued),
                if s.already_imported {
                    "already imported".into()
                } else {
                    "imported".into()
                },
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "file",
            "profile",
            "read",
            "accepted",
            "quarantined",
            "duplicate",
            "updated",
            "linked",
            "to review",
            "status",
        ],
        &rows,
    ));
    let queued: u64 = summaries.iter().map(|s| s.link_queued).sum();
    if queued > 0 {
        out.push_str(&format!(
            "{queued} possible matches between sources wait for review: `atalaya links review`\n"
        ));
    }
    for s in summaries {
        for (reason, n) in &s.by_reason {
            out.push_str(&format!("{}: {n} quarantined for {reason}\n", s.file));
        }
        for note in &s.notes {
            out.push_str(&format!("{}: {note}\n", s.file));
        }
    }
    out
}
