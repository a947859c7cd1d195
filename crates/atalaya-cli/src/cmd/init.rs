//! `atalaya init`.

use std::process::ExitCode;

use atalaya::Workspace;
use clap::Args;

use super::Global;
use crate::common::{Secrets, options};

#[derive(Args)]
pub struct InitArgs {}

pub fn run(g: &Global, _a: InitArgs) -> atalaya::Result<ExitCode> {
    let secrets = Secrets::read(g);
    let ws = Workspace::create(&options(g, &secrets))?;
    let how = if secrets.passphrase.is_some() {
        "protected by your passphrase"
    } else {
        "key kept in the OS keyring"
    };
    outln!("created {} ({how})", ws.path().display());
    Ok(ExitCode::SUCCESS)
}
