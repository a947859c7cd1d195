//! The command tree: one module per subcommand.

mod analyse;
mod audit;
mod backup;
mod case;
mod conflicts;
mod demo;
mod export;
mod filter;
mod import;
mod incident;
mod init;
mod links;
mod profile;
mod quarantine;
mod query;
mod rekey;
mod restore;
mod serve;
mod server;
mod stats;
mod sync;
mod tiles;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// Atalaya: the UOAD's encrypted, offline-first crime-analysis workstation.
#[derive(Parser)]
#[command(name = "atalaya", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Args, Clone)]
pub struct Global {
    /// The store file (default: the platform data folder, ~/.local/share/atalaya/atalaya.db).
    #[arg(long, env = "ATALAYA_DB", global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Read the passphrase from the first line of standard input (for `rekey`, the new one from
    /// the second). Otherwise ATALAYA_PASSPHRASE is used, or the OS keyring.
    #[arg(long, global = true)]
    pub passphrase_stdin: bool,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create a new, empty, encrypted store.
    Init(init::InitArgs),
    /// Generate the synthetic demo comuna into the store (creating it if needed).
    Demo(demo::DemoArgs),
    /// Counts by category, group, cuadrante and source.
    Stats(stats::StatsArgs),
    /// List incidents matching filters.
    Query(query::QueryArgs),
    /// Write incidents matching filters to a file (csv, json, geojson).
    Export(export::ExportArgs),
    /// Crime-science analyses: kde, hotspots, knox, rhythm, compstat, forecast.
    Analyse(Box<analyse::AnalyseArgs>),
    /// Check the tamper-evident audit trail.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Import source files (CSV/TSV exports) through a profile; a folder imports every file.
    Import(import::ImportArgs),
    /// Source profiles: list the built-in ones, check a file against one, draft one for a new file.
    #[command(subcommand)]
    Profile(profile::ProfileCommand),
    /// Rows that could not be standardized: list, fix, accept.
    #[command(subcommand)]
    Quarantine(quarantine::QuarantineCommand),
    /// Records of different sources about the same event: review, confirm, reject, re-run.
    #[command(subcommand)]
    Links(links::LinksCommand),
    /// Re-encrypt the store under a fresh key (and, with a passphrase, a new passphrase).
    Rekey(rekey::RekeyArgs),
    /// Write an encrypted backup of the store.
    Backup(backup::BackupArgs),
    /// Replace the store with a checked backup.
    Restore(restore::RestoreArgs),
    /// The offline base map: build one from the store's streets and areas, or check a tiles file.
    #[command(subcommand)]
    Tiles(tiles::TilesCommand),
    /// Run the central sync server; prints its URL and certificate fingerprint, stops on SIGINT/SIGTERM.
    Serve(serve::ServeArgs),
    /// Administer a sync server: its users and devices.
    #[command(subcommand)]
    Server(server::ServerCommand),
    /// Sync with the central server: push local edits, pull what changed, list open conflicts.
    Sync(sync::SyncArgs),
    /// The conflict inbox: concurrent edits of guarded fields; `resolve ID --keep …`.
    Conflicts(conflicts::ConflictsArgs),
    /// Record an incident by hand (field capture), or correct one.
    #[command(subcommand)]
    Incident(incident::IncidentCommand),
    /// Cases: open one, place incidents and notes on its timeline, send it for review, decide.
    #[command(subcommand)]
    Case(case::CaseCommand),
}

pub fn run(cli: Cli) -> atalaya::Result<ExitCode> {
    let g = &cli.global;
    match cli.command {
        Command::Init(a) => init::run(g, a),
        Command::Demo(a) => demo::run(g, a),
        Command::Stats(a) => stats::run(g, a),
        Command::Query(a) => query::run(g, a),
        Command::Export(a) => export::run(g, a),
        Command::Analyse(a) => analyse::run(g, *a),
        Command::Audit(a) => audit::run(g, a),
        Command::Import(a) => import::run(g, a),
        Command::Profile(a) => profile::run(g, a),
        Command::Quarantine(a) => quarantine::run(g, a),
        Command::Links(a) => links::run(g, a),
        Command::Rekey(a) => rekey::run(g, a),
        Command::Backup(a) => backup::run(g, a),
        Command::Restore(a) => restore::run(g, a),
        Command::Tiles(a) => tiles::run(g, a),
        Command::Serve(a) => serve::run(a),
        Command::Server(a) => server::run(a),
        Command::Sync(a) => sync::run(g, a),
        Command::Conflicts(a) => conflicts::run(g, a),
        Command::Incident(a) => incident::run(g, a),
        Command::Case(a) => case::run(g, a),
    }
}
