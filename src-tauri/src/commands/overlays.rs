//! The map's reference layers: the store's cameras, and the patrol tracks within the filter's
//! dates (simplified and capped by `atalaya::overlays`, so the answer stays small).

use atalaya::{CameraOut, FilterArgs, TrackLayer};
use tauri::State;

use super::blocking;
use super::view::newest;
use crate::error::CommandError;
use crate::session::Session;

#[tauri::command]
pub async fn overlay_cameras(session: State<'_, Session>) -> Result<Vec<CameraOut>, CommandError> {
    let session = session.inner().clone();
    blocking(move || session.with_workspace(|ws| ws.map_cameras())).await
}

#[tauri::command]
pub async fn overlay_tracks(
    session: State<'_, Session>,
    filter: FilterArgs,
    generation: u64,
) -> Result<TrackLayer, CommandError> {
    newest(session, "tracks", generation, move |s| {
        s.with_workspace(|ws| ws.map_tracks(&filter))
    })
    .await
}
