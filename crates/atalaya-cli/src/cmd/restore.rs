//! `atalaya restore`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::Global;
use crate::common::{Secrets, db_path};

#[derive(Args)]
pub struct RestoreArgs {
    /// The backup file written by `atalaya backup`.
    pub backup: PathBuf,
}

pub fn run(g: &Global, a: RestoreArgs) -> atalaya::Result<ExitCode> {
    let secrets = Secrets::read(g);
    let target = db_path(g);
    let summary = atalaya::restore(&a.backup, &target, secrets.passphrase)?;
    outln!(
        "restored {} from {}: {} incidents, {} audit entries verified",
        target.display(),
        a.backup.display(),
        summary.incidents,
        summary.audit_entries
    );
    Ok(ExitCode::SUCCESS)
}
