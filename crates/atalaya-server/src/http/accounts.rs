//! Registration and the admin endpoints: JSON in, JSON out, over the same functions as the
//! `atalaya server …` commands ([`Admin`](crate::Admin)).

use super::AppState;
use super::extract::{JsonBody, blocking};
use crate::access::{Caller, Jurisdiction, RegisterRequest, register as register_device};
use crate::{Admin, ServerError};
use atalaya_model::{DeviceId, Role};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use serde::Deserialize;

pub async fn register(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<RegisterRequest>,
) -> Result<Response, ServerError> {
    let storage = state.storage.clone();
    let now_ms = now_ms();
    let registration = blocking(move || register_device(&*storage, &request, now_ms)).await?;
    state.metrics.registered();
    Ok((StatusCode::CREATED, Json(registration)).into_response())
}

/// A new user, as the admin endpoint takes it.
#[derive(Deserialize)]
pub struct NewUser {
    username: String,
    role: Role,
    password: String,
}

/// A role change.
#[derive(Deserialize)]
pub struct RoleChange {
    role: Role,
}

/// A jurisdiction change.
#[derive(Deserialize)]
pub struct JurisdictionChange {
    jurisdiction: Jurisdiction,
}

fn admin(state: &AppState, caller: &Caller, action: &'static str) -> Result<Admin, ServerError> {
    caller.check_admin(action)?;
    Ok(Admin::new(state.storage.clone()))
}

pub async fn list_users(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Response, ServerError> {
    let admin = admin(&state, &caller, "list users")?;
    Ok(Json(blocking(move || admin.user_list()).await?).into_response())
}

pub async fn add_user(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(new): JsonBody<NewUser>,
) -> Result<Response, ServerError> {
    let admin = admin(&state, &caller, "add users")?;
    let user = blocking(move || admin.user_add(&new.username, new.role, &new.password)).await?;
    Ok((StatusCode::CREATED, Json(user)).into_response())
}

pub async fn set_role(
    State(state): State<AppState>,
    caller: Caller,
    Path(name): Path<String>,
    JsonBody(change): JsonBody<RoleChange>,
) -> Result<Response, ServerError> {
    let admin = admin(&state, &caller, "change roles")?;
    Ok(Json(blocking(move || admin.user_role(&name, change.role)).await?).into_response())
}

pub async fn set_jurisdiction(
    State(state): State<AppState>,
    caller: Caller,
    Path(name): Path<String>,
    JsonBody(change): JsonBody<JurisdictionChange>,
) -> Result<Response, ServerError> {
    let admin = admin(&state, &caller, "change jurisdictions")?;
    let user = blocking(move || admin.user_jurisdiction(&name, &change.jurisdiction)).await?;
    Ok(Json(user).into_response())
}

pub async fn list_devices(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Response, ServerError> {
    let admin = admin(&state, &caller, "list devices")?;
    Ok(Json(blocking(move || admin.device_list()).await?).into_response())
}

pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ServerError> {
    let admin = admin(&state, &caller, "revoke devices")?;
    let device = id
        .parse::<DeviceId>()
        .map_err(|_| ServerError::InvalidDeviceId { value: id.clone() })?;
    Ok(Json(blocking(move || admin.device_revoke(device)).await?).into_response())
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
