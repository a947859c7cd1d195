//! The analysis panel's runs in this window: at most one at a time, with a cancel token the UI
//! can raise, and the last finished result kept so an export writes exactly what the panel
//! shows. The store lock is held only while the incidents are read
//! (`Workspace::analysis_prepare`); the arithmetic runs after, so the map and the table stay
//! responsive during a long analysis.

use std::sync::{Arc, Mutex, PoisonError};

use atalaya::CancelToken;
use atalaya::analysis::export::{
    ExportFormat, export_bytes, export_path, png_from_data_url, write_export,
};
use atalaya::analysis::panel::{
    AnalysisOutcome, AnalysisProgress, AnalysisRequest, AnalysisResult, AnalysisWatch,
};
use atalaya::view::ViewQuery;
use serde::Serialize;

use crate::error::CommandError;
use crate::session::Session;

/// The running analysis (its cancel token) and the last finished result (managed state).
#[derive(Clone, Default)]
pub struct AnalysisRuns(Arc<Mutex<Slots>>);

#[derive(Default)]
struct Slots {
    running: Option<CancelToken>,
    last: Option<Arc<AnalysisResult>>,
}

impl AnalysisRuns {
    fn slots(&self) -> std::sync::MutexGuard<'_, Slots> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A new run; `analysis_running` while another one runs.
    fn begin(&self) -> Result<RunGuard, CommandError> {
        let mut slots = self.slots();
        if slots.running.is_some() {
            return Err(CommandError::analysis_running());
        }
        let token = CancelToken::new();
        slots.running = Some(token.clone());
        Ok(RunGuard {
            state: self.clone(),
            token,
        })
    }

    /// Raises the running analysis's token; whether there was one.
    pub fn cancel(&self) -> bool {
        self.slots()
            .running
            .as_ref()
            .inspect(|t| t.cancel())
            .is_some()
    }

    fn keep(&self, result: AnalysisResult) {
        self.slots().last = Some(Arc::new(result));
    }

    fn last(&self) -> Result<Arc<AnalysisResult>, CommandError> {
        self.slots()
            .last
            .clone()
            .ok_or_else(CommandError::no_analysis)
    }
}

/// Clears the running analysis when its run ends, however it ends.
struct RunGuard {
    state: AnalysisRuns,
    token: CancelToken,
}

impl Drop for RunGuard {
    fn drop(&mut self) {
        self.state.slots().running = None;
    }
}

impl AnalysisRuns {
    /// Runs `request` on the incidents `query` picks (its filter, and its map selection when it
    /// has one, as the table lists them), reporting on `report`; keeps the result for
    /// [`AnalysisRuns::export`]. `analysis_running` while another run goes on, `cancelled`
    /// after [`AnalysisRuns::cancel`].
    pub fn run(
        &self,
        session: &Session,
        request: AnalysisRequest,
        query: ViewQuery,
        report: &mut dyn FnMut(&AnalysisProgress),
    ) -> Result<AnalysisOutcome, CommandError> {
        let guard = self.begin()?;
        let mut watch = AnalysisWatch {
            cancel: &guard.token,
            report,
        };
        let prepared = session.with_view("analysis_run", |ws, view| {
            ws.analysis_prepare_query(view, &request, &query, &mut watch)
        })?;
        let outcome = prepared.compute(&request, &mut watch)?;
        self.keep(outcome.result.clone());
        Ok(outcome)
    }

    /// Saves the last result as CSV or GeoJSON, or `png` (a data URL of the map view), at
    /// `path` or, without one, in the store's `exportaciones/` folder.
    pub fn export(
        &self,
        session: &Session,
        format: ExportFormat,
        path: Option<String>,
        png: Option<String>,
    ) -> Result<Saved, CommandError> {
        let last = self.last();
        let bytes = match format {
            ExportFormat::Png => png_from_data_url(png.as_deref().unwrap_or_default())?,
            _ => export_bytes(&*last?, format)?,
        };
        let kind = self.last().map_or("mapa", |r| r.kind());
        let path = export_path(session.path(), kind, format, path.as_deref());
        write_export(&path, &bytes)?;
        Ok(Saved {
            path: path.display().to_string(),
            bytes: bytes.len() as u64,
        })
    }
}

/// Where a file was saved.
#[derive(Debug, Clone, Serialize)]
pub struct Saved {
    /// The file written.
    pub path: String,
    /// Its size in bytes.
    pub bytes: u64,
}
