//! Request extractors: the caller (a device token, checked against the storage on every
//! request), sync frame bodies and JSON bodies, each with its content type and size limit
//! checked before anything is parsed.

use super::AppState;
use crate::ServerError;
use crate::access::{Caller, token_hash};
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The media type of sync frames.
pub const SYNC_CONTENT_TYPE: &str = "application/x-atalaya-sync";
const JSON_CONTENT_TYPE: &str = "application/json";

/// Run blocking storage work off the async threads.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ServerError> + Send + 'static,
) -> Result<T, ServerError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ServerError::Internal {
            detail: e.to_string(),
        })?
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ServerError> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or(ServerError::MissingToken)?;
        let token = header
            .to_str()
            .ok()
            .and_then(|h| h.strip_prefix("Bearer "))
            .ok_or(ServerError::BadToken)?;
        let hash = token_hash(token.trim());
        let storage = state.storage.clone();
        let owner = blocking(move || storage.token_owner(&hash))
            .await?
            .ok_or(ServerError::BadToken)?;
        if owner.revoked {
            return Err(ServerError::DeviceRevoked {
                device: owner.caller.device,
            });
        }
        Ok(owner.caller)
    }
}

/// A sync frame's bytes, not yet decoded.
pub struct SyncBody(pub Bytes);

impl FromRequest<AppState> for SyncBody {
    type Rejection = ServerError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, ServerError> {
        check_content_type(request.headers(), SYNC_CONTENT_TYPE)?;
        read_body(request, state.limits.max_body).await.map(Self)
    }
}

/// A JSON body of type `T`.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = ServerError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, ServerError> {
        check_content_type(request.headers(), JSON_CONTENT_TYPE)?;
        let bytes = read_body(request, state.limits.max_json_body).await?;
        serde_json::from_slice(&bytes)
            .map(Self)
            .map_err(|e| ServerError::BadJson {
                detail: e.to_string(),
            })
    }
}

fn check_content_type(headers: &HeaderMap, expected: &'static str) -> Result<(), ServerError> {
    let got = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // Parameters (`; charset=utf-8`) are allowed.
    let media = got.split(';').next().unwrap_or("").trim();
    if media.eq_ignore_ascii_case(expected) {
        return Ok(());
    }
    Err(ServerError::WrongContentType {
        expected,
        got: got.to_owned(),
    })
}

/// A refused body up to this many times the limit is read and dropped before the answer:
/// closing a connection with unread bytes resets it, and the client could lose the answer
/// saying why. A bigger one is refused at once (the reset is then the lesser cost).
const DRAINED_OVER_LIMIT: u64 = 4;

/// Read and drop a body, for at most a few seconds.
async fn drain(mut body: Body) {
    let read_all = async { while let Some(Ok(_)) = body.frame().await {} };
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), read_all).await;
}

async fn read_body(request: Request, limit: usize) -> Result<Bytes, ServerError> {
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let body: Body = request.into_body();
    if let Some(declared) = declared.filter(|n| *n > limit as u64) {
        if declared <= DRAINED_OVER_LIMIT * limit as u64 {
            drain(body).await;
        }
        return Err(ServerError::BodyTooLarge { limit });
    }
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
            Err(ServerError::BodyTooLarge { limit })
        }
        Err(e) => Err(ServerError::BodyUnreadable {
            detail: e.to_string(),
        }),
    }
}

/// A sync frame answer.
pub fn frame_response<T: Serialize>(
    message: &T,
    state: &AppState,
) -> Result<Response, ServerError> {
    let frame = atalaya_sync::wire::encode(message, &state.frame_limits())?;
    let mut response = Bytes::from(frame).into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(SYNC_CONTENT_TYPE));
    Ok(response)
}
