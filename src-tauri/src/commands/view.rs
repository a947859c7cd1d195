//! The main screen's queries: filter options, area shapes, counts, map layer, table pages and
//! one incident's detail. Requests that the UI re-sends as the user types or pans carry a
//! `generation`; one overtaken by a newer request on its channel is answered `superseded`
//! without being computed (newest wins).

use atalaya::view::AreaLayers;
use atalaya::{
    FilterArgs, IncidentDetail, MapLayer, MapRequest, PageRequest, TablePage, ViewCatalog,
    ViewSummary, Workspace,
};
use tauri::State;

use super::blocking;
use crate::error::CommandError;
use crate::session::Session;

#[tauri::command]
pub async fn view_catalog(session: State<'_, Session>) -> Result<ViewCatalog, CommandError> {
    let session = session.inner().clone();
    blocking(move || session.with_workspace(Workspace::view_catalog)).await
}

#[tauri::command]
pub async fn view_areas(session: State<'_, Session>) -> Result<AreaLayers, CommandError> {
    let session = session.inner().clone();
    blocking(move || session.with_workspace(Workspace::area_layers)).await
}

/// Runs `work` for the newest request on `channel` only.
pub(super) async fn newest<T: Send + 'static>(
    session: State<'_, Session>,
    channel: &'static str,
    generation: u64,
    work: impl FnOnce(&Session) -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    let session = session.inner().clone();
    session.announce(channel, generation);
    blocking(move || {
        session.still_wanted(channel, generation)?;
        work(&session)
    })
    .await
}

#[tauri::command]
pub async fn view_summary(
    session: State<'_, Session>,
    filter: FilterArgs,
    generation: u64,
) -> Result<ViewSummary, CommandError> {
    newest(session, "summary", generation, move |s| {
        s.with_view("view_summary", |ws, view| view.summary(ws, &filter))
    })
    .await
}

#[tauri::command]
pub async fn view_map(
    session: State<'_, Session>,
    request: MapRequest,
    generation: u64,
) -> Result<MapLayer, CommandError> {
    newest(session, "map", generation, move |s| {
        s.with_view("view_map", |ws, view| view.map_layer(ws, &request))
    })
    .await
}

#[tauri::command]
pub async fn view_page(
    session: State<'_, Session>,
    request: PageRequest,
    generation: u64,
) -> Result<TablePage, CommandError> {
    newest(session, "table", generation, move |s| {
        s.with_view("view_page", |ws, view| view.page(ws, &request))
    })
    .await
}

#[tauri::command]
pub async fn incident_detail(
    session: State<'_, Session>,
    id: String,
    generation: u64,
) -> Result<IncidentDetail, CommandError> {
    newest(session, "detail", generation, move |s| {
        s.with_view("incident_detail", |ws, _| ws.incident_detail(&id))
    })
    .await
}
