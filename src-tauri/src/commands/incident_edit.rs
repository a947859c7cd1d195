//! Correcting an incident in the app: its category, description or status, or its place (a
//! point picked on the map, or an address the streets place). The library checks and writes
//! it; the view refreshes after it like after every other write.

use atalaya::incident_edit::IncidentCorrection;
use atalaya::view::IncidentDetail;
use tauri::State;

use super::blocking;
use crate::error::CommandError;
use crate::session::Session;

/// Applies `correction` to incident `id` and returns the incident as it now is.
#[tauri::command]
pub async fn incident_correct(
    session: State<'_, Session>,
    id: String,
    correction: IncidentCorrection,
) -> Result<IncidentDetail, CommandError> {
    let session = session.inner().clone();
    blocking(move || {
        session.with_workspace_mut("incident_correct", |ws| {
            ws.correct_incident(&id, &correction)?;
            ws.incident_detail(&id)
        })
    })
    .await
}
