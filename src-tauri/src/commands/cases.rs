//! Cases: the list, one case with its timeline, and the steps that move it (open, place
//! incidents and notes, submit, review, close, reopen). Writes go through
//! `Session::with_workspace_mut` like every other write, so the view stays current.

use atalaya::cases::{CaseDetail, CaseStatus, CaseSummary, NewCase, ReviewDecision};
use tauri::State;

use super::blocking;
use crate::error::CommandError;
use crate::session::Session;

#[tauri::command]
pub async fn cases_list(
    session: State<'_, Session>,
    status: Option<CaseStatus>,
) -> Result<Vec<CaseSummary>, CommandError> {
    let session = session.inner().clone();
    blocking(move || session.with_workspace(|ws| ws.cases(status))).await
}

#[tauri::command]
pub async fn case_detail(
    session: State<'_, Session>,
    id: String,
) -> Result<CaseDetail, CommandError> {
    let session = session.inner().clone();
    blocking(move || session.with_workspace(|ws| ws.case_detail(&id))).await
}

#[tauri::command]
pub async fn case_open(
    session: State<'_, Session>,
    title: String,
    cuadrante: Option<String>,
    supervisor: Option<String>,
) -> Result<CaseDetail, CommandError> {
    let session = session.inner().clone();
    let new = NewCase {
        title,
        cuadrante,
        supervisor,
    };
    blocking(move || session.with_workspace_mut("case_open", |ws| ws.open_case(&new))).await
}

#[tauri::command]
pub async fn case_add_incidents(
    session: State<'_, Session>,
    id: String,
    incidents: Vec<String>,
) -> Result<CaseDetail, CommandError> {
    let session = session.inner().clone();
    blocking(move || {
        session.with_workspace_mut("case_add_incidents", |ws| {
            ws.add_case_incidents(&id, &incidents)
        })
    })
    .await
}

#[tauri::command]
pub async fn case_add_note(
    session: State<'_, Session>,
    id: String,
    note: String,
) -> Result<CaseDetail, CommandError> {
    let session = session.inner().clone();
    blocking(move || session.with_workspace_mut("case_add_note", |ws| ws.add_case_note(&id, &note)))
        .await
}

#[tauri::command]
pub async fn case_submit(
    session: State<'_, Session>,
    id: String,
) -> Result<CaseDetail, CommandError> {
    let session = session.inner().clone();
    blocking(move || session.with_workspace_mut("case_submit", |ws| ws.submit_case(&id))).await
}

#[tauri::command]
pub async fn case_review(
    session: State<'_, Session>,
    id: String,
    decision: ReviewDecision,
    comment: String,
) -> Result<CaseDetail, CommandError> {
    let session = session.inner().clone();
    blocking(move || {
        session.with_workspace_mut("case_review", |ws| ws.review_case(&id, decision, &comment))
    })
    .await
}

#[tauri::command]
pub async fn case_close(
    session: State<'_, Session>,
    id: String,
) -> Result<CaseDetail, CommandError> {
    let session = session.inner().clone();
    blocking(move || session.with_workspace_mut("case_close", |ws| ws.close_case(&id))).await
}

#[tauri::command]
pub async fn case_reopen(
    session: State<'_, Session>,
    id: String,
) -> Result<CaseDetail, CommandError> {
    let session = session.inner().clone();
    blocking(move || session.with_workspace_mut("case_reopen", |ws| ws.reopen_case(&id))).await
}
