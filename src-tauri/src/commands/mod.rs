//! The Tauri commands, mirrored one to one by `ui/src/lib/api.ts`.
//!
//! Each is a thin async adapter: it moves the call onto a blocking thread (store calls do file
//! I/O and key derivation, view queries take milliseconds of CPU), calls one `Session` method
//! and returns its result or error. Nothing here runs on the UI thread.

// `generate_handler!` needs each command by its defining module's path (it also reaches the
// macro-generated items next to it), so the modules are public and nothing is re-exported.
pub mod analysis;
pub mod basemap;
pub mod capture;
pub mod cases;
pub mod import;
pub mod incident_edit;
pub mod links;
pub mod overlays;
pub mod store;
pub mod sync;
pub mod view;

use crate::error::CommandError;

async fn blocking<T, F>(work: F) -> Result<T, CommandError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, CommandError> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(CommandError::internal)?
}
