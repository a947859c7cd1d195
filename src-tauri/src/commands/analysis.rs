//! The analysis panel's commands: run one analysis on the current filter (and the map selection
//! within it, when given) with progress on a channel, cancel it, and save its result (CSV,
//! GeoJSON) or the map view (PNG). The work is in `crate::analysis_runs`.

use std::time::{Duration, Instant};

use atalaya::FilterArgs;
use atalaya::analysis::export::ExportFormat;
use atalaya::analysis::panel::{AnalysisOutcome, AnalysisProgress, AnalysisRequest};
use atalaya::view::{Selection, ViewQuery};
use tauri::State;
use tauri::ipc::Channel;

use super::blocking;
use crate::analysis_runs::{AnalysisRuns, Saved};
use crate::error::CommandError;
use crate::session::Session;

/// Least time between two progress messages (the last one is always sent).
const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);

/// `selection` may be absent (an older UI): the whole filter.
#[tauri::command]
pub async fn analysis_run(
    session: State<'_, Session>,
    state: State<'_, AnalysisRuns>,
    request: AnalysisRequest,
    filter: FilterArgs,
    selection: Option<Selection>,
    on_progress: Channel<AnalysisProgress>,
) -> Result<AnalysisOutcome, CommandError> {
    let session = session.inner().clone();
    let state = state.inner().clone();
    blocking(move || {
        let mut last_sent: Option<Instant> = None;
        let mut report = |p: &AnalysisProgress| {
            if p.stage == "done" || last_sent.is_none_or(|t| t.elapsed() >= PROGRESS_INTERVAL) {
                // A closed window drops the channel: the run goes on regardless.
                let _ = on_progress.send(p.clone());
                last_sent = Some(Instant::now());
            }
        };
        let query = ViewQuery { filter, selection };
        state.run(&session, request, query, &mut report)
    })
    .await
}

#[tauri::command]
pub async fn analysis_cancel(state: State<'_, AnalysisRuns>) -> Result<bool, CommandError> {
    Ok(state.cancel())
}

#[tauri::command]
pub async fn analysis_export(
    session: State<'_, Session>,
    state: State<'_, AnalysisRuns>,
    format: ExportFormat,
    path: Option<String>,
    png: Option<String>,
) -> Result<Saved, CommandError> {
    let session = session.inner().clone();
    let state = state.inner().clone();
    blocking(move || state.export(&session, format, path, png)).await
}
