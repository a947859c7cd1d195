//! `atalaya rekey`.

use std::process::ExitCode;

use atalaya::Workspace;
use clap::Args;

use super::Global;
use crate::common::{Secrets, options};

#[derive(Args)]
pub struct RekeyArgs {}

pub fn run(g: &Global, _a: RekeyArgs) -> atalaya::Result<ExitCode> {
    let secrets = Secrets::read(g);
    let mut ws = Workspace::open(&options(g, &secrets))?;
    let new_pass = secrets
        .new_passphrase
        .clone()
        .or(secrets.passphrase.clone());
    ws.rekey(new_pass)?;
    let how = if secrets.new_passphrase.is_some() {
        " and new passphrase"
    } else {
        ""
    };
    outln!("rekeyed {} (new key{how})", ws.path().display());
    Ok(ExitCode::SUCCESS)
}
