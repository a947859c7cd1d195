//! Atalaya's desktop shell: the only code that knows Tauri and IPC.
//!
//! It opens the window, keeps the open [`atalaya::Workspace`] in managed state, and registers
//! commands that each parse their input, call one `atalaya` function and return the result.
//! Capabilities live in the `atalaya` crate; nothing here decides anything about the data.
#![deny(missing_docs)]

mod analysis_runs;
mod commands;
mod error;
mod session;
mod sync_runner;
mod tiles_protocol;

pub use analysis_runs::{AnalysisRuns, Saved};
pub use error::CommandError;
pub use session::{Session, StoreStatus};
pub use sync_runner::{SYNC_EVENT, SyncRunner, SyncUpdate};

/// Builds and runs the app until its last window closes.
///
/// The store is `ATALAYA_DB` (else `atalaya::default_store_path()`); `ATALAYA_PASSPHRASE`, when
/// set, unlocks it without asking. `ATALAYA_TILES` names the base map for a store that has none
/// saved yet (see `atalaya::basemap`). Once the store is open and this workstation is
/// registered with a sync server, it syncs in the background every `ATALAYA_SYNC_INTERVAL`
/// seconds (default 60; `0` turns it off).
pub fn run() -> tauri::Result<()> {
    use tauri::{Emitter, Manager};

    let session = Session::from_env();
    let sync = SyncRunner::from_env();
    let base_map = atalaya::StoreBaseMap::load(
        session.path(),
        std::env::var_os("ATALAYA_TILES")
            .filter(|v| !v.is_empty())
            .map(std::path::PathBuf::from),
    );
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(base_map)
        .register_asynchronous_uri_scheme_protocol(tiles_protocol::SCHEME, tiles_protocol::handle)
        .manage(session)
        .manage(commands::import::RunningImport::default())
        .manage(AnalysisRuns::default())
        .manage(sync.clone())
        .setup(move |app| {
            let handle = app.handle().clone();
            sync.on_update(move |update| {
                // No window left to tell: the session's outcome is in the store regardless.
                let _ = handle.emit(SYNC_EVENT, update);
            });
            sync.start_background(app.state::<Session>().inner().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::store::store_status,
            commands::store::unlock,
            commands::store::stats,
            commands::view::view_catalog,
            commands::view::view_areas,
            commands::view::view_summary,
            commands::view::view_map,
            commands::view::view_page,
            commands::view::incident_detail,
            commands::capture::incident_capture,
            commands::incident_edit::incident_correct,
            commands::overlays::overlay_cameras,
            commands::overlays::overlay_tracks,
            commands::basemap::base_map_status,
            commands::basemap::base_map_choose,
            commands::basemap::base_map_clear,
            commands::import::import_profiles,
            commands::import::import_preview,
            commands::import::import_start,
            commands::import::import_cancel,
            commands::import::quarantine_page,
            commands::import::quarantine_batches,
            commands::import::quarantine_fix,
            commands::import::quarantine_accept,
            commands::links::links_queue,
            commands::links::link_confirm,
            commands::links::link_reject,
            commands::cases::cases_list,
            commands::cases::case_detail,
            commands::cases::case_open,
            commands::cases::case_add_incidents,
            commands::cases::case_add_note,
            commands::cases::case_submit,
            commands::cases::case_review,
            commands::cases::case_close,
            commands::cases::case_reopen,
            commands::analysis::analysis_run,
            commands::analysis::analysis_cancel,
            commands::analysis::analysis_export,
            commands::sync::sync_status,
            commands::sync::sync_now,
            commands::sync::conflicts_list,
            commands::sync::conflict_resolve,
            commands::sync::refusals_dismiss,
        ])
        .run(tauri::generate_context!())
}
