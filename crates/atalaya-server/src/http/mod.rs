//! The HTTP face: axum routes over the storage. Sync endpoints carry `atalaya-sync` frames
//! (`application/x-atalaya-sync`); registration and admin carry JSON; every refusal is
//! `{code, message}` JSON with the status of its [`ServerError`](crate::ServerError).
//!
//! | endpoint | who |
//! |---|---|
//! | `GET /health`, `GET /metrics` | anyone |
//! | `POST /v1/devices` (JSON: username, password, device, name) | a user's credentials |
//! | `POST /v1/hello`, `/v1/push`, `/v1/pull` (frames) | a device token, any role; data scoped by jurisdiction |
//! | `GET/POST /v1/admin/users`, `POST /v1/admin/users/{name}/role|jurisdiction`, `GET /v1/admin/devices`, `POST /v1/admin/devices/{id}/revoke` | an admin's device |

mod accounts;
mod extract;
mod metrics;
mod sync;

pub use extract::SYNC_CONTENT_TYPE;
pub use metrics::Metrics;
pub use sync::REPLAY_HEADER;

use crate::storage::SyncStorage;
use crate::{RequestLimits, ServerError};
use atalaya_sync::wire::{Limits, SchemaVersion};
use axum::Router;
use axum::extract::Request;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use std::sync::Arc;

/// What every handler reads.
#[derive(Clone)]
pub struct AppState {
    /// The storage.
    pub storage: Arc<dyn SyncStorage>,
    /// Request limits.
    pub limits: RequestLimits,
    /// The store schema served.
    pub schema: SchemaVersion,
    /// Counters.
    pub metrics: Arc<Metrics>,
}

impl AppState {
    /// The frame limits for decoding requests and encoding answers.
    pub fn frame_limits(&self) -> Limits {
        Limits {
            max_frame: self.limits.max_body,
            max_body: self.limits.max_message,
        }
    }
}

/// The routes.
pub fn router(state: AppState) -> Router {
    let counters = state.metrics.clone();
    Router::new()
        .route("/health", get(health))
        .route("/metrics", get(metrics::render))
        .route("/v1/hello", post(sync::hello))
        .route("/v1/push", post(sync::push))
        .route("/v1/pull", post(sync::pull))
        .route("/v1/devices", post(accounts::register))
        .route(
            "/v1/admin/users",
            get(accounts::list_users).post(accounts::add_user),
        )
        .route("/v1/admin/users/{name}/role", post(accounts::set_role))
        .route(
            "/v1/admin/users/{name}/jurisdiction",
            post(accounts::set_jurisdiction),
        )
        .route("/v1/admin/devices", get(accounts::list_devices))
        .route("/v1/admin/devices/{id}/revoke", post(accounts::revoke))
        .fallback(no_such_endpoint)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            counters,
            metrics::count,
        ))
        .with_state(state)
}

async fn health(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    Json(serde_json::json!({
        "status": "ok",
        "protocol": atalaya_sync::wire::ProtocolVersion::CURRENT.0,
        "oldest_protocol": atalaya_sync::wire::ProtocolVersion::OLDEST.0,
        "schema": state.schema.0,
    }))
    .into_response()
}

async fn no_such_endpoint(request: Request) -> ServerError {
    ServerError::NoSuchEndpoint {
        method: request.method().to_string(),
        path: request.uri().path().to_owned(),
    }
}

async fn method_not_allowed(request: Request) -> ServerError {
    ServerError::MethodNotAllowed {
        method: request.method().to_string(),
        path: request.uri().path().to_owned(),
    }
}

/// The error code of a refused request, left on the response for the metrics.
#[derive(Clone, Copy, Debug)]
pub struct ErrorCode(pub &'static str);

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let status = axum::http::StatusCode::from_u16(self.status())
            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        let message = if status.is_server_error() {
            // Storage and I/O details are for the operator's log, not for clients.
            tracing::error!(code = self.code(), "{self}");
            format!("the server failed ({}); see its log", self.code())
        } else {
            self.to_string()
        };
        let body = serde_json::json!({ "code": self.code(), "message": message });
        let mut response = (status, Json(body)).into_response();
        response.extensions_mut().insert(ErrorCode(self.code()));
        response
    }
}
