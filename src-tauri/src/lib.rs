//! Atalaya's desktop shell: the only code that knows Tauri and IPC.
//!
//! It opens the window, keeps the open [`atalaya::Workspace`] in managed state, and registers
//! commands that each parse their input, call one `atalaya` function and return the result.
//! Capabilities live in the `atalaya` crate; nothing here decides anything about the data.
#![deny(missing_docs)]

mod commands;
mod error;
mod session;

pub use error::CommandError;
pub use session::{Session, StoreStatus};

/// Builds and runs the app until its last window closes.
///
/// The store is `ATALAYA_DB` (else `atalaya::default_store_path()`); `ATALAYA_PASSPHRASE`, when
/// set, unlocks it without asking.
pub fn run() -> tauri::Result<()> {
    tauri::Builder::default()
        .manage(Session::from_env())
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
        ])
        .run(tauri::generate_context!())
}
