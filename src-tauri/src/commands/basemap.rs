//! The offline base map: which tiles file the map draws, and choosing or clearing it. The tiles
//! themselves are served by the `atalayatiles` protocol (`crate::tiles_protocol`).

use atalaya::{BaseMapState, StoreBaseMap};
use serde::Serialize;
use tauri::State;

use super::blocking;
use crate::error::CommandError;
use crate::tiles_protocol::tile_url;

/// The base map as the UI sees it: the library's state plus the URL template MapLibre fetches.
#[derive(Debug, Serialize)]
pub struct BaseMapStatus {
    #[serde(flatten)]
    state: BaseMapState,
    /// `atalayatiles://localhost/{version}/{z}/{x}/{y}` (this platform's form), or `null`.
    tile_url: Option<String>,
}

impl From<BaseMapState> for BaseMapStatus {
    fn from(state: BaseMapState) -> Self {
        let tile_url = state.path.as_ref().map(|_| tile_url(state.version));
        Self { state, tile_url }
    }
}

#[tauri::command]
pub async fn base_map_status(
    base_map: State<'_, StoreBaseMap>,
) -> Result<BaseMapStatus, CommandError> {
    let base_map = base_map.inner().clone();
    blocking(move || Ok(base_map.state().into())).await
}

#[tauri::command]
pub async fn base_map_choose(
    base_map: State<'_, StoreBaseMap>,
    path: String,
) -> Result<BaseMapStatus, CommandError> {
    let base_map = base_map.inner().clone();
    blocking(move || Ok(base_map.choose(std::path::Path::new(path.trim()))?.into())).await
}

#[tauri::command]
pub async fn base_map_clear(
    base_map: State<'_, StoreBaseMap>,
) -> Result<BaseMapStatus, CommandError> {
    let base_map = base_map.inner().clone();
    blocking(move || Ok(base_map.clear()?.into())).await
}
