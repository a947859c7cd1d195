//! The sync endpoints: hello (version negotiation), push and pull, each a frame in and a frame
//! out, for the token's device only and within its user's jurisdiction.

use super::AppState;
use super::extract::{SyncBody, blocking, frame_response};
use crate::ServerError;
use crate::access::Caller;
use crate::storage::SyncStorage;
use atalaya_model::DeviceId;
use atalaya_sync::wire::{
    DeviceAuthor, Hello, PullPage, PullRequest, PushBatch, ServerVersions, decode, frame_protocol,
};
use axum::extract::State;
use axum::http::HeaderValue;
use axum::response::Response;

/// The answer header that marks a push whose every change was settled before (a replay):
/// acknowledged as the first sending was, nothing applied.
pub const REPLAY_HEADER: &str = "atalaya-replay";

pub async fn hello(
    State(state): State<AppState>,
    caller: Caller,
    SyncBody(body): SyncBody,
) -> Result<Response, ServerError> {
    let versions = ServerVersions::current(state.schema);
    let protocol = frame_protocol(&body)?;
    let readable = (versions.oldest_protocol..=versions.newest_protocol).contains(&protocol);
    // The frame header alone tells a client of another protocol what to do: its body may be
    // in a shape this build cannot read.
    let hello = if readable {
        let hello: Hello = decode(&body, &state.frame_limits())?;
        caller.check_device(hello.device)?;
        hello
    } else {
        Hello {
            device: caller.device,
            protocol,
            schema: versions.schema,
            app_version: String::new(),
        }
    };
    state.metrics.hello();
    frame_response(&versions.answer(&hello), &state)
}

pub async fn push(
    State(state): State<AppState>,
    caller: Caller,
    SyncBody(body): SyncBody,
) -> Result<Response, ServerError> {
    let batch: PushBatch = decode(&body, &state.frame_limits())?;
    caller.check_device(batch.device)?;
    check_change_numbers(&batch)?;
    let (storage, scope, changes) = (state.storage.clone(), caller.scope(), batch.changes.len());
    let outcome = blocking(move || storage.push(&batch, &*scope)).await?;
    state.metrics.pushed(changes, outcome.replay);
    let mut response = frame_response(&outcome.ack, &state)?;
    if outcome.replay {
        response
            .headers_mut()
            .insert(REPLAY_HEADER, HeaderValue::from_static("1"));
    }
    Ok(response)
}

pub async fn pull(
    State(state): State<AppState>,
    caller: Caller,
    SyncBody(body): SyncBody,
) -> Result<Response, ServerError> {
    let mut request: PullRequest = decode(&body, &state.frame_limits())?;
    caller.check_device(request.device)?;
    request.limit = request.limit.clamp(1, state.limits.max_page);
    let (storage, scope) = (state.storage.clone(), caller.scope());
    let page: PullPage = blocking(move || {
        let mut page = storage.pull(&request, &*scope)?;
        page.authors = authors(&*storage, &page.conflict_devices())?;
        Ok(page)
    })
    .await?;
    state.metrics.pulled(page.rows.len(), page.evictions.len());
    frame_response(&page, &state)
}

/// The users and names of `devices` (those that wrote a page's conflict sides), so the
/// workstation's inbox can say who wrote each side. Nothing is looked up for a page without
/// conflicts; a device the server no longer knows is left out.
fn authors(
    storage: &dyn SyncStorage,
    devices: &[DeviceId],
) -> Result<Vec<DeviceAuthor>, ServerError> {
    if devices.is_empty() {
        return Ok(Vec::new());
    }
    Ok(storage
        .devices()?
        .into_iter()
        .filter(|d| devices.contains(&d.device))
        .map(|d| DeviceAuthor {
            device: d.device,
            user: d.username,
            name: d.name,
        })
        .collect())
}

/// Change numbers are stored as SQL integers: the ones no honest client reaches in a lifetime
/// (above 2^63 − 1) are refused whole, before anything is applied.
fn check_change_numbers(batch: &PushBatch) -> Result<(), ServerError> {
    const MAX: u64 = i64::MAX as u64;
    let numbers =
        std::iter::once(batch.first_change_no).chain(batch.changes.iter().map(|c| c.change_no));
    match numbers.into_iter().find(|&n| n > MAX) {
        Some(value) => Err(ServerError::OutOfRange {
            what: "change number",
            value,
            max: MAX,
        }),
        None => Ok(()),
    }
}
