//! Counters, shown by `GET /metrics` in the Prometheus text format.

use super::ErrorCode;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// What the server counts since it started.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: AtomicU64,
    hellos: AtomicU64,
    push_batches: AtomicU64,
    push_replays: AtomicU64,
    pushed_changes: AtomicU64,
    pull_pages: AtomicU64,
    pulled_rows: AtomicU64,
    pulled_evictions: AtomicU64,
    registrations: AtomicU64,
    refusals: Mutex<BTreeMap<&'static str, u64>>,
}

impl Metrics {
    /// A hello answered.
    pub fn hello(&self) {
        self.hellos.fetch_add(1, Relaxed);
    }

    /// A push batch of `changes` changed fields settled.
    pub fn pushed(&self, changes: usize, replay: bool) {
        self.push_batches.fetch_add(1, Relaxed);
        self.pushed_changes.fetch_add(changes as u64, Relaxed);
        if replay {
            self.push_replays.fetch_add(1, Relaxed);
        }
    }

    /// A pull page served.
    pub fn pulled(&self, rows: usize, evictions: usize) {
        self.pull_pages.fetch_add(1, Relaxed);
        self.pulled_rows.fetch_add(rows as u64, Relaxed);
        self.pulled_evictions.fetch_add(evictions as u64, Relaxed);
    }

    /// A device registered.
    pub fn registered(&self) {
        self.registrations.fetch_add(1, Relaxed);
    }

    fn refused(&self, code: &'static str) {
        let mut refusals = self.refusals.lock().unwrap_or_else(|p| p.into_inner());
        *refusals.entry(code).or_default() += 1;
    }

    /// The counters as Prometheus text.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let counters = [
            ("atalaya_requests_total", &self.requests),
            ("atalaya_hellos_total", &self.hellos),
            ("atalaya_push_batches_total", &self.push_batches),
            ("atalaya_push_replays_total", &self.push_replays),
            ("atalaya_pushed_changes_total", &self.pushed_changes),
            ("atalaya_pull_pages_total", &self.pull_pages),
            ("atalaya_pulled_rows_total", &self.pulled_rows),
            ("atalaya_pulled_evictions_total", &self.pulled_evictions),
            ("atalaya_device_registrations_total", &self.registrations),
        ];
        for (name, value) in counters {
            // Writing to a String cannot fail.
            let _ = writeln!(out, "# TYPE {name} counter\n{name} {}", value.load(Relaxed));
        }
        let _ = writeln!(out, "# TYPE atalaya_refused_requests_total counter");
        let refusals = self.refusals.lock().unwrap_or_else(|p| p.into_inner());
        for (code, n) in refusals.iter() {
            let _ = writeln!(out, "atalaya_refused_requests_total{{code=\"{code}\"}} {n}");
        }
        out
    }
}

/// `GET /metrics`.
pub async fn render(State(state): State<super::AppState>) -> Response {
    let mut response = state.metrics.text().into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4"),
    );
    response
}

/// Count every request, and every refusal by its code.
pub async fn count(
    State(metrics): State<std::sync::Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    metrics.requests.fetch_add(1, Relaxed);
    let response = next.run(request).await;
    if let Some(ErrorCode(code)) = response.extensions().get::<ErrorCode>() {
        metrics.refused(code);
    }
    response
}
