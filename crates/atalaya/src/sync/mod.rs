//! Sync from a workstation: the client half of issue 7 over the local store.
//!
//! - [`outbox`]: local change entries queued with values and base stamps, push batches, acks.
//! - [`apply`]: pulled pages into the store in one audited transaction each.
//! - [`conflicts`]: the conflict inbox and resolutions; [`subject`]: the record each is about.
//! - [`client`]: HTTP (reqwest, rustls, pinned certificate), registration, back-off.
//! - [`token`]: where the device token is kept.
//!
//! [`Workspace::sync`] runs one session: register if asked (after a look at the server's
//! versions, so an old program registers nothing), hello (an old program is told to update
//! before anything moves), queue, push until every batch is acknowledged, pull until
//! caught up. Each step commits on its own, so a session cut anywhere resumes on the next run
//! with nothing lost or applied twice.
//!
//! [`sync_shared`] runs the same session on a workspace other code shares (the desktop app's):
//! through [`WorkspaceAccess`], the workspace is borrowed only for each step that reads or writes
//! the store, never while waiting for the network, so the map and table keep answering.
//! - [`status`]: what the store knows about its sync, and the last session's outcome.
//! - [`schedule`]: the background rhythm and its back-off while offline.

pub mod apply;
pub mod client;
pub mod conflicts;
mod error;
pub mod outbox;
pub mod schedule;
pub mod status;
pub mod subject;
pub mod token;
pub mod values;

pub use client::{Backoff, SyncClient};
pub use conflicts::{ConflictOut, ConflictSide, Keep};
pub use error::SyncError;
pub use schedule::SyncSchedule;
pub use status::{RefusedChange, SyncFailure, SyncStatus};
pub use subject::ConflictSubject;

use std::cell::RefCell;

use atalaya_sync::wire::{
    Hello, HelloAnswer, ProtocolVersion, PullPage, PullRequest, PushAck, SchemaVersion,
};
use serde::Serialize;

use crate::Workspace;

/// How to sync.
#[derive(Clone, Debug, Default)]
pub struct SyncOptions {
    /// The server's URL (remembered after a successful session).
    pub server: Option<String>,
    /// The SHA-256 fingerprint of its certificate (remembered too).
    pub fingerprint: Option<String>,
    /// Register this workstation as this user (needs `password`).
    pub user: Option<String>,
    /// The user's password.
    pub password: Option<String>,
    /// Retry policy.
    pub backoff: Backoff,
    /// Change entries per push batch (0: the default).
    pub batch_entries: usize,
    /// Records per pulled page (0: the default).
    pub page_limit: u32,
}

/// What one session did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// The server.
    pub server: String,
    /// Where a new device token was kept (`keyring` or `store`), if the device registered.
    pub registered: Option<String>,
    /// Change entries the server acknowledged.
    pub pushed: u64,
    /// Of those, how many it refused (kept for the user to see).
    pub refused: u64,
    /// Records inserted or changed here by pulled pages.
    pub pulled: u64,
    /// Records removed here (out of the user's scope).
    pub evicted: u64,
    /// Records removed here because they were deleted elsewhere (e.g. merged by linking).
    pub deleted: u64,
    /// Pulled records not taken because a different local record holds their name or code
    /// (they stay on the server).
    pub collisions: u64,
    /// Change entries still waiting (0 after a complete session).
    pub pending: u64,
    /// Open conflicts in this store after the session.
    pub open_conflicts: Vec<ConflictOut>,
}

/// Lends the workspace to one step of a sync session at a time.
pub trait WorkspaceAccess {
    /// Runs `step` on the workspace; [`SyncError::StoreClosed`] if it was closed meanwhile.
    fn lend<R>(
        &self,
        step: impl FnOnce(&mut Workspace) -> Result<R, SyncError>,
    ) -> Result<R, SyncError>;
}

/// The workspace held by the caller alone (the CLI, tests).
struct Exclusive<'w>(RefCell<&'w mut Workspace>);

impl WorkspaceAccess for Exclusive<'_> {
    fn lend<R>(
        &self,
        step: impl FnOnce(&mut Workspace) -> Result<R, SyncError>,
    ) -> Result<R, SyncError> {
        step(&mut self.0.borrow_mut())
    }
}

/// `sync_state` key: the server of the last session that reached it.
const SERVER_URL: &str = "server_url";

/// The remembered server, if any.
fn remembered_server(
    book: &atalaya_store::sync_book::SyncBook<'_>,
) -> Result<Option<String>, SyncError> {
    Ok(book.get(SERVER_URL)?.filter(|url| !url.is_empty()))
}

/// `sync_state` keys: who this workstation syncs as, as the server said when it registered.
const SYNC_USER: &str = "user_name";
const SYNC_ROLE: &str = "user_role";
/// The user's cuadrantes (a JSON array) when the server limits them to some; empty for the
/// whole comuna.
const SYNC_CUADRANTES: &str = "user_cuadrantes";

const DEFAULT_BATCH: usize = 500;
const DEFAULT_PAGE: u32 = 500;

impl Workspace {
    /// The role of the user this workstation syncs as (`analyst`, `supervisor`, `field`,
    /// `admin`), once it registered with a server; `None` for a workstation that never did.
    pub fn sync_role(&self) -> crate::Result<Option<String>> {
        let book = self.store.sync_book();
        Ok(book.get(SYNC_ROLE)?.filter(|r| !r.is_empty()))
    }

    /// The cuadrantes the user this workstation syncs as is limited to, as the server said at
    /// registration (a field user's jurisdiction): the server refuses any change to a record
    /// outside them. `None` for a user of the whole comuna, or a workstation that never
    /// registered. (A jurisdiction changed later on the server is known here once the device
    /// registers again.)
    pub fn sync_cuadrantes(&self) -> crate::Result<Option<Vec<String>>> {
        let book = self.store.sync_book();
        Ok(book
            .get(SYNC_CUADRANTES)?
            .and_then(|text| serde_json::from_str(&text).ok()))
    }

    /// One sync session with the server (see the module docs); its outcome is remembered for
    /// [`Workspace::sync_status`].
    pub fn sync(&mut self, opts: &SyncOptions) -> crate::Result<SyncReport> {
        sync_shared(&Exclusive(RefCell::new(self)), opts)
    }
}

/// One sync session on a shared workspace, borrowed step by step through `access`; its outcome
/// is remembered for [`Workspace::sync_status`].
pub fn sync_shared<A: WorkspaceAccess>(
    access: &A,
    opts: &SyncOptions,
) -> crate::Result<SyncReport> {
    let outcome = session(access, opts);
    // A failure to remember the outcome must not hide the session's own result.
    let recorded = access.lend(|ws| ws.record_outcome(&outcome));
    let report = outcome?;
    recorded?;
    Ok(report)
}

/// What the session needs to know before it talks to the server.
struct Start {
    server: String,
    fingerprint: Option<String>,
    device: atalaya_model::DeviceId,
    token: Option<String>,
    schema: u32,
}

fn session<A: WorkspaceAccess>(access: &A, opts: &SyncOptions) -> Result<SyncReport, SyncError> {
    let start = access.lend(|ws| {
        let book = ws.store.sync_book();
        let server = opts
            .server
            .clone()
            .or(remembered_server(&book)?)
            .filter(|s| !s.is_empty())
            .ok_or(SyncError::NoServer)?;
        let fingerprint = opts
            .fingerprint
            .clone()
            .or(book.get("server_fingerprint")?.filter(|f| !f.is_empty()));
        Ok(Start {
            server,
            fingerprint,
            device: ws.store.device_id(),
            token: token::load(&ws.store)?,
            schema: u32::try_from(ws.store.schema_version()?).unwrap_or(u32::MAX),
        })
    })?;
    let mut client = SyncClient::new(&start.server, start.fingerprint.as_deref(), opts.backoff)?;
    let mut report = SyncReport {
        server: client.url().to_owned(),
        ..SyncReport::default()
    };
    let token = match &opts.user {
        Some(user) => {
            let password = opts
                .password
                .as_deref()
                .ok_or_else(|| SyncError::PasswordRequired { user: user.clone() })?;
            // A server this program cannot sync with says so before a device is registered.
            if let Some(versions) = client.versions()? {
                accept(versions.answer(&hello_message(&start)), &start)?;
            }
            let (token, registered) =
                client.register(user, password, start.device, &host_name())?;
            let kept = access.lend(|ws| {
                let kept = token::save(&mut ws.store, &token)?;
                let tx = ws.store.sync_book_tx()?;
                tx.book().set(SYNC_USER, &registered.username)?;
                tx.book().set(SYNC_ROLE, &registered.role)?;
                let cuadrantes = match &registered.jurisdiction {
                    Some(client::RegisteredJurisdiction::Cuadrantes(codes)) => {
                        serde_json::to_string(codes).unwrap_or_default()
                    }
                    Some(client::RegisteredJurisdiction::All) | None => String::new(),
                };
                tx.book().set(SYNC_CUADRANTES, &cuadrantes)?;
                tx.commit()?;
                Ok(kept)
            })?;
            report.registered = Some(kept.to_owned());
            token
        }
        None => start
            .token
            .clone()
            .ok_or_else(|| SyncError::NotRegistered {
                url: client.url().to_owned(),
            })?,
    };
    client.set_token(token);
    hello(&client, &start)?;
    access.lend(|ws| {
        let device_n = ws.store.device_n();
        let tx = ws.store.sync_book_tx()?;
        tx.book().set(SERVER_URL, client.url())?;
        tx.book().set(
            "server_fingerprint",
            start.fingerprint.as_deref().unwrap_or(""),
        )?;
        outbox::queue_local_changes(&tx.book(), start.device, device_n)?;
        tx.commit()?;
        Ok(())
    })?;
    push_all(access, &client, opts, &mut report)?;
    pull_all(access, &client, opts, &mut report)?;
    access.lend(|ws| {
        report.pending = ws.store.sync_book().outbox_len()?;
        report.open_conflicts = ws.conflicts(true).map_err(|e| match e {
            crate::Error::Sync(s) => s,
            crate::Error::Store(s) => SyncError::Store(s),
            other => SyncError::bookkeeping(other),
        })?;
        Ok(())
    })?;
    Ok(report)
}

fn hello_message(start: &Start) -> Hello {
    Hello {
        device: start.device,
        protocol: ProtocolVersion::CURRENT,
        schema: SchemaVersion(start.schema),
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
    }
}

fn hello(client: &SyncClient, start: &Start) -> Result<(), SyncError> {
    let answer = client.exchange("hello", "/v1/hello", &hello_message(start))?;
    accept(answer, start)
}

/// The server's answer to this program's versions, as a session's outcome.
fn accept(answer: HelloAnswer, start: &Start) -> Result<(), SyncError> {
    match answer {
        HelloAnswer::Ok { .. } => Ok(()),
        HelloAnswer::PleaseUpdate {
            oldest_protocol,
            server_schema,
        } => Err(SyncError::PleaseUpdate {
            oldest: oldest_protocol.0,
            server_schema: server_schema.0,
            client_protocol: ProtocolVersion::CURRENT.0,
            client_schema: start.schema,
        }),
        HelloAnswer::ServerTooOld {
            newest_protocol,
            server_schema,
        } => Err(SyncError::ServerTooOld {
            newest: newest_protocol.0,
            server_schema: server_schema.0,
        }),
    }
}

fn push_all<A: WorkspaceAccess>(
    access: &A,
    client: &SyncClient,
    opts: &SyncOptions,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let size = if opts.batch_entries == 0 {
        DEFAULT_BATCH
    } else {
        opts.batch_entries
    };
    loop {
        let batch = access.lend(|ws| {
            let device = ws.store.device_id();
            let tx = ws.store.sync_book_tx()?;
            let batch = outbox::next_batch(&tx.book(), device, size)?;
            tx.commit()?;
            Ok(batch)
        })?;
        let Some(batch) = batch else { return Ok(()) };
        let ack: PushAck = client.exchange("push", "/v1/push", &batch)?;
        if ack.applied_up_to < batch.last_change_no() {
            return Err(SyncError::BadAnswer {
                what: "push",
                detail: format!(
                    "acknowledged up to change {} of a batch ending at {}",
                    ack.applied_up_to,
                    batch.last_change_no()
                ),
            });
        }
        let (settled, refused) = access.lend(|ws| {
            let tx = ws.store.sync_book_tx()?;
            let counts = outbox::apply_ack(&tx.book(), &ack)?;
            tx.commit()?;
            Ok(counts)
        })?;
        report.pushed += settled;
        report.refused += refused;
    }
}

fn pull_all<A: WorkspaceAccess>(
    access: &A,
    client: &SyncClient,
    opts: &SyncOptions,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let limit = if opts.page_limit == 0 {
        DEFAULT_PAGE
    } else {
        opts.page_limit
    };
    loop {
        let request = access.lend(|ws| {
            Ok(PullRequest {
                device: ws.store.device_id(),
                cursor: apply::cursor(&ws.store.sync_book())?,
                limit,
            })
        })?;
        let page: PullPage = client.exchange("pull", "/v1/pull", &request)?;
        let applied = access.lend(|ws| {
            apply::apply_page(&mut ws.store, &ws.actor, &page)?.ok_or_else(|| {
                SyncError::BadAnswer {
                    what: "pull",
                    detail: "the page does not answer this store's cursor".into(),
                }
            })
        })?;
        report.pulled += applied.records;
        report.evicted += applied.evicted;
        report.deleted += applied.deleted;
        report.collisions += applied.collisions;
        if !page.more {
            return Ok(());
        }
    }
}

fn host_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_owned())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "workstation".into())
}
