//! `atalaya incident set ID FIELD=VALUE…`: correct an incident by hand (category,
//! description, status, address); the edit is audited and synced.

use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::Global;
use crate::common::open;

#[derive(Subcommand)]
pub enum IncidentCommand {
    /// Set fields of one incident.
    Set(SetArgs),
}

#[derive(Args)]
pub struct SetArgs {
    /// The incident's id, as `atalaya query` prints it.
    pub id: String,
    /// FIELD=VALUE pairs: category (a taxonomy code), description, status, address.
    #[arg(required = true, value_name = "FIELD=VALUE")]
    pub fields: Vec<String>,
}

pub fn run(g: &Global, cmd: IncidentCommand) -> atalaya::Result<ExitCode> {
    let IncidentCommand::Set(a) = cmd;
    let mut fields = Vec::new();
    for pair in &a.fields {
        let Some((field, value)) = pair.split_once('=') else {
            eprintln!("error: `{pair}` is not FIELD=VALUE");
            return Ok(ExitCode::from(2));
        };
        fields.push((field.trim().to_owned(), value.to_owned()));
    }
    let mut ws = open(g)?;
    let changed = ws.edit_incident(&a.id, &fields)?;
    outln!(
        "{}: {}",
        a.id,
        if changed { "updated" } else { "unchanged" }
    );
    Ok(ExitCode::SUCCESS)
}
