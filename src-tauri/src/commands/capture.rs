//! Field capture: an incident recorded by hand in the app (a patrol's laptop offline, an
//! analyst taking a call). The library checks and places it; the view refreshes after it like
//! after every other write.

use atalaya::capture::NewIncident;
use atalaya::view::IncidentDetail;
use tauri::State;

use super::blocking;
use crate::error::CommandError;
use crate::session::Session;

/// Records an incident: `occurred_at` is local `YYYY-MM-DD HH:MM`; the place is `point`
/// (`[lon, lat]`, WGS84) when given, else `address`, geocoded against the store's streets.
/// Arguments keep the library's snake_case names (`occurred_at`), as the UI sends them.
#[tauri::command(rename_all = "snake_case")]
pub async fn incident_capture(
    session: State<'_, Session>,
    category: String,
    occurred_at: String,
    description: String,
    address: Option<String>,
    point: Option<(f64, f64)>,
) -> Result<IncidentDetail, CommandError> {
    let session = session.inner().clone();
    let new = NewIncident {
        category,
        occurred_at,
        description,
        address,
        point,
    };
    blocking(move || session.with_workspace_mut("incident_capture", |ws| ws.capture_incident(&new)))
        .await
}
