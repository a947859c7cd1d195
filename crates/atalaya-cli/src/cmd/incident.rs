//! `atalaya incident new …`: record an incident by hand (field capture); `atalaya incident set
//! ID FIELD=VALUE…`: correct one (category, description, status, time; address — geocoded, and the
//! incident moves there — or lon and lat). Both are audited writes that the next sync ships.

use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};

use atalaya::capture::NewIncident;

use super::Global;
use crate::common::open;

#[derive(Subcommand)]
pub enum IncidentCommand {
    /// Record a new incident (field capture): where by a point or an address; prints its id.
    New(NewArgs),
    /// Set fields of one incident.
    Set(SetArgs),
}

#[derive(Args)]
pub struct NewArgs {
    /// A taxonomy code, e.g. dmcs.hurto (`atalaya stats` lists them).
    #[arg(long)]
    pub category: String,
    /// When it happened, America/Santiago: "YYYY-MM-DD HH:MM".
    #[arg(long, value_name = "YYYY-MM-DD HH:MM")]
    pub at: String,
    /// What happened.
    #[arg(long)]
    pub description: String,
    /// Where, as written; geocoded against the store's streets when no point is given.
    #[arg(long)]
    pub address: Option<String>,
    /// Longitude of the place (WGS84 degrees; with --lat).
    #[arg(long, requires = "lat", allow_negative_numbers = true)]
    pub lon: Option<f64>,
    /// Latitude of the place (WGS84 degrees; with --lon).
    #[arg(long, requires = "lon", allow_negative_numbers = true)]
    pub lat: Option<f64>,
    /// `id` prints the new incident's id; `json` the incident as recorded (placed, with its
    /// cuadrante and barrio).
    #[arg(long, value_enum, default_value = "id")]
    pub format: NewFormat,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum NewFormat {
    Id,
    Json,
}

#[derive(Args)]
pub struct SetArgs {
    /// The incident's id, as `atalaya query` prints it.
    pub id: String,
    /// FIELD=VALUE pairs: category (a taxonomy code), description, status (reported, verified,
    /// discarded), occurred_at ("YYYY-MM-DD HH:MM", America/Santiago), address (geocoded against the store's streets: the incident moves there),
    /// lon and lat together (move it to that point; an address given beside them is kept as
    /// written). An empty address clears it.
    #[arg(required = true, value_name = "FIELD=VALUE")]
    pub fields: Vec<String>,
}

pub fn run(g: &Global, cmd: IncidentCommand) -> atalaya::Result<ExitCode> {
    match cmd {
        IncidentCommand::New(a) => new(g, a),
        IncidentCommand::Set(a) => set(g, a),
    }
}

fn new(g: &Global, a: NewArgs) -> atalaya::Result<ExitCode> {
    let mut ws = open(g)?;
    let detail = ws.capture_incident(&NewIncident {
        category: a.category,
        occurred_at: a.at,
        description: a.description,
        address: a.address,
        point: a.lon.zip(a.lat),
    })?;
    warn_outside(&detail);
    match a.format {
        NewFormat::Id => outln!("{}", detail.id),
        NewFormat::Json => outln!(
            "{}",
            serde_json::to_string_pretty(&detail).unwrap_or_default()
        ),
    }
    Ok(ExitCode::SUCCESS)
}

fn set(g: &Global, a: SetArgs) -> atalaya::Result<ExitCode> {
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
    if changed {
        warn_outside(&ws.incident_detail(&a.id)?);
    }
    outln!(
        "{}: {}",
        a.id,
        if changed { "updated" } else { "unchanged" }
    );
    Ok(ExitCode::SUCCESS)
}

/// On a field user's workstation, say (on stderr) when the incident lies outside their
/// cuadrantes: the server will refuse it and changes to it.
fn warn_outside(detail: &atalaya::IncidentDetail) {
    if let Some(mine) = &detail.outside_jurisdiction {
        eprintln!(
            "warning: incident {} is in cuadrante {}, outside yours ({}): the server will refuse it and changes to it; they stay on this workstation",
            detail.id,
            detail.cuadrante.as_deref().unwrap_or("(none)"),
            mine.join(", ")
        );
    }
}
