//! `atalaya backup`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::Global;
use crate::common::open;

#[derive(Args)]
pub struct BackupArgs {
    /// Where to write the encrypted backup (its key file goes beside it as DEST.keyinfo).
    pub dest: PathBuf,
}

pub fn run(g: &Global, a: BackupArgs) -> atalaya::Result<ExitCode> {
    let ws = open(g)?;
    ws.backup(&a.dest)?;
    outln!("backup written to {} (+ .keyinfo)", a.dest.display());
    Ok(ExitCode::SUCCESS)
}
