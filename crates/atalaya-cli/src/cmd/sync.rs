//! `atalaya sync`: one sync session with the central server; prints what moved and the open
//! conflicts. First use: `--server URL --fingerprint HEX --user NAME` (the password from
//! ATALAYA_USER_PASSWORD or the first line of standard input; never a prompt). The server and
//! fingerprint are remembered; the device token goes to the keyring (or the encrypted store).

use std::process::ExitCode;

use atalaya::sync::SyncOptions;
use clap::Args;

use super::Global;
use super::conflicts::print_conflicts;
use crate::common::open;

#[derive(Args)]
pub struct SyncArgs {
    /// The server's URL, as `atalaya serve` printed it (remembered after a good session).
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// The SHA-256 fingerprint of the server's certificate, as `atalaya serve` printed it.
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
}

pub fn run(g: &Global, a: SyncArgs) -> atalaya::Result<ExitCode> {
    let mut ws = open(g)?;
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
    outln!("pending:   {}", report.pending);
    outln!("conflicts: {} open", report.open_conflicts.len());
    print_conflicts(&report.open_conflicts);
    Ok(ExitCode::SUCCESS)
}
