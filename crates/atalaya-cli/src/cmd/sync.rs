//! `atalaya sync`: one sync session with the central server; prints what moved and the open
//! conflicts. First use: `--server URL --fingerprint HEX --user NAME` (the password from
//! ATALAYA_USER_PASSWORD or the first line of standard input; never a prompt). The server and
//! fingerprint are remembered; the device token goes to the keyring (or the encrypted store).

use std::process::ExitCode;

use atalaya::sync::{RefusedChange, SyncOptions};
use clap::Args;

use super::Global;
use super::conflicts::print_conflicts;
use crate::common::open;

#[derive(Args)]
pub struct SyncArgs {
    /// The server's URL, as `atalaya serve` printed it (remembered after a good session).
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// The SHA-256 fingerprint of the server's certificate, as `atalaya serve` printed it
    /// (not needed when an authority this workstation trusts signed the certificate).
    #[arg(long, value_name = "HEX")]
    pub fingerprint: Option<String>,
    /// Register this workstation as this user first (needed once per server).
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    /// Change entries per push request (default 500; smaller on a poor link).
    #[arg(long, value_name = "N")]
    pub batch: Option<usize>,
    /// Records per pulled page (default 500; smaller on a poor link).
    #[arg(long, value_name = "N")]
    pub page: Option<u32>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Say what this workstation knows about its sync (server, pending changes, refused
    /// changes with the server's reasons, conflicts, last session) without contacting anyone.
    #[arg(long, conflicts_with_all = ["server", "fingerprint", "user", "batch", "page"])]
    pub status: bool,
    /// Dismiss refused changes once read: `all`, or their numbers (`3,7`) as `--status` lists
    /// them. The local records keep their values; only the list forgets them.
    #[arg(
        long,
        value_name = "all|N,…",
        conflicts_with_all = ["server", "fingerprint", "user", "batch", "page", "status"]
    )]
    pub dismiss_refused: Option<String>,
}

pub fn run(g: &Global, a: SyncArgs) -> atalaya::Result<ExitCode> {
    let mut ws = open(g)?;
    if a.status {
        return status(&ws, a.json);
    }
    if let Some(which) = &a.dismiss_refused {
        let numbers = refusal_numbers(which)?;
        let dismissed = ws.dismiss_refusals(numbers.as_deref())?;
        outln!("dismissed: {dismissed} refused change(s)");
        return Ok(ExitCode::SUCCESS);
    }
    let password = a.user.as_ref().map(|_| super::server::password());
    let report = ws.sync(&SyncOptions {
        server: a.server,
        fingerprint: a.fingerprint,
        user: a.user,
        password: password.filter(|p| !p.is_empty()),
        batch_entries: a.batch.unwrap_or(0),
        page_limit: a.page.unwrap_or(0),
        ..SyncOptions::default()
    })?;
    if a.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
        return Ok(ExitCode::SUCCESS);
    }
    outln!("server:    {}", report.server);
    if let Some(place) = &report.registered {
        outln!("registered: yes (token kept in the {place})");
    }
    outln!("pushed:    {}", report.pushed);
    outln!("refused:   {}", report.refused);
    outln!("pulled:    {}", report.pulled);
    outln!("evicted:   {}", report.evicted);
    outln!("deleted:   {}", report.deleted);
    if report.collisions > 0 {
        outln!(
            "not taken: {} (a different local record holds the same name or code; kept on the server)",
            report.collisions
        );
    }
    outln!("pending:   {}", report.pending);
    outln!("conflicts: {} open", report.open_conflicts.len());
    print_conflicts(&report.open_conflicts);
    print_refusals(&ws.sync_refusals()?);
    Ok(ExitCode::SUCCESS)
}

fn status(ws: &atalaya::Workspace, json: bool) -> atalaya::Result<ExitCode> {
    let status = ws.sync_status()?;
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&status).unwrap_or_default()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let never = || "never".to_owned();
    outln!(
        "server:     {}",
        status
            .server
            .as_deref()
            .unwrap_or("none (atalaya sync --server URL --fingerprint HEX --user NAME)")
    );
    outln!(
        "registered: {}",
        if status.registered { "yes" } else { "no" }
    );
    outln!("pending:    {}", status.pending);
    outln!("refused:    {}", status.refusals.len());
    outln!("conflicts:  {} open", status.open_conflicts);
    outln!(
        "last sync:  {}",
        status.last_sync_at.clone().unwrap_or_else(never)
    );
    outln!(
        "last try:   {}",
        status.last_attempt_at.clone().unwrap_or_else(never)
    );
    if let Some(error) = &status.last_error {
        outln!("last error: {} ({})", error.message, error.code);
    }
    print_refusals(&status.refusals);
    Ok(ExitCode::SUCCESS)
}

/// The refused changes kept here, with the server's reasons.
fn print_refusals(refusals: &[RefusedChange]) {
    if refusals.is_empty() {
        return;
    }
    outln!("refused by the server (kept here, not applied there):");
    for refused in refusals {
        outln!(
            "  - #{} {} [{}]",
            refused.change_no,
            refused.reason,
            refused.columns.join(", ")
        );
    }
}

/// `all` (every refused change) or a comma-separated list of their numbers.
fn refusal_numbers(text: &str) -> atalaya::Result<Option<Vec<i64>>> {
    if text.trim().eq_ignore_ascii_case("all") {
        return Ok(None);
    }
    text.split(',')
        .map(|n| {
            let n = n.trim().trim_start_matches('#');
            n.parse::<i64>()
                .map_err(|_| atalaya::Error::InvalidArgument {
                    what: "refused change",
                    value: n.to_owned(),
                    expected: "`all` or numbers as `atalaya sync --status` lists them (3,7)".into(),
                })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}
