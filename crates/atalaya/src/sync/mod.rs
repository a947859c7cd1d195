//! Sync from a workstation: the client half of issue 7 over the local store.
//!
//! - [`outbox`]: local change entries queued with values and base stamps, push batches, acks.
//! - [`apply`]: pulled pages into the store in one audited transaction each.
//! - [`conflicts`]: the conflict inbox and resolutions.
//! - [`client`]: HTTP (reqwest, rustls, pinned certificate), registration, back-off.
//! - [`token`]: where the device token is kept.
//!
//! [`Workspace::sync`] runs one session: register if asked, hello (an old program is told to
//! update before anything moves), queue, push until every batch is acknowledged, pull until
//! caught up. Each step commits on its own, so a session cut anywhere resumes on the next run
//! with nothing lost or applied twice.

pub mod apply;
pub mod client;
pub mod conflicts;
mod error;
pub mod outbox;
pub mod token;
pub mod values;

pub use client::{Backoff, SyncClient};
pub use conflicts::{ConflictOut, ConflictSide, Keep};
pub use error::SyncError;

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
    /// Change entries still waiting (0 after a complete session).
    pub pending: u64,
    /// Open conflicts in this store after the session.
    pub open_conflicts: Vec<ConflictOut>,
}

/// What the sync bookkeeping says about this store, without contacting anyone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    /// The remembered server.
    pub server: Option<String>,
    /// Queued change entries.
    pub pending: u64,
    /// Refused change entries with the server's reasons.
    pub refusals: Vec<String>,
}

const DEFAULT_BATCH: usize = 500;
const DEFAULT_PAGE: u32 = 500;

impl Workspace {
    /// One sync session with the server (see the module docs).
    pub fn sync(&mut self, opts: &SyncOptions) -> crate::Result<SyncReport> {
        Ok(self.sync_session(opts)?)
    }

    /// The local sync state.
    pub fn sync_status(&self) -> crate::Result<SyncStatus> {
        let book = self.store.sync_book();
        Ok(SyncStatus {
            server: book.get("server_url")?,
            pending: book.outbox_len()?,
            refusals: book
                .refusals()?
                .into_iter()
                .map(|(_, reason)| reason)
                .collect(),
        })
    }

    fn sync_session(&mut self, opts: &SyncOptions) -> Result<SyncReport, SyncError> {
        let book = self.store.sync_book();
        let server = opts
            .server
            .clone()
            .or(book.get("server_url")?)
            .filter(|s| !s.is_empty())
            .ok_or(SyncError::NoServer)?;
        let fingerprint = opts
            .fingerprint
            .clone()
            .or(book.get("server_fingerprint")?.filter(|f| !f.is_empty()));
        let mut client = SyncClient::new(&server, fingerprint.as_deref(), opts.backoff)?;
        let device = self.store.device_id();
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
                let token = client.register(user, password, device, &host_name())?;
                report.registered = Some(token::save(&mut self.store, &token)?.to_owned());
                token
            }
            None => token::load(&self.store)?.ok_or_else(|| SyncError::NotRegistered {
                url: client.url().to_owned(),
            })?,
        };
        client.set_token(token);
        self.hello(&client)?;
        let device_n = self.store.device_n();
        let tx = self.store.sync_book_tx()?;
        tx.book().set("server_url", client.url())?;
        tx.book()
            .set("server_fingerprint", fingerprint.as_deref().unwrap_or(""))?;
        outbox::queue_local_changes(&tx.book(), device, device_n)?;
        tx.commit()?;
        self.push_all(&client, opts, &mut report)?;
        self.pull_all(&client, opts, &mut report)?;
        report.pending = self.store.sync_book().outbox_len()?;
        report.open_conflicts = self.conflicts(true).map_err(|e| match e {
            crate::Error::Sync(s) => s,
            crate::Error::Store(s) => SyncError::Store(s),
            other => SyncError::bookkeeping(other),
        })?;
        Ok(report)
    }

    fn hello(&self, client: &SyncClient) -> Result<(), SyncError> {
        let schema = u32::try_from(self.store.schema_version()?).unwrap_or(u32::MAX);
        let hello = Hello {
            device: self.store.device_id(),
            protocol: ProtocolVersion::CURRENT,
            schema: SchemaVersion(schema),
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
        };
        match client.exchange("hello", "/v1/hello", &hello)? {
            HelloAnswer::Ok { .. } => Ok(()),
            HelloAnswer::PleaseUpdate {
                oldest_protocol,
                server_schema,
            } => Err(SyncError::PleaseUpdate {
                oldest: oldest_protocol.0,
                server_schema: server_schema.0,
                client_protocol: ProtocolVersion::CURRENT.0,
                client_schema: schema,
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

    fn push_all(
        &mut self,
        client: &SyncClient,
        opts: &SyncOptions,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        let device = self.store.device_id();
        let size = if opts.batch_entries == 0 {
            DEFAULT_BATCH
        } else {
            opts.batch_entries
        };
        loop {
            let tx = self.store.sync_book_tx()?;
            let batch = outbox::next_batch(&tx.book(), device, size)?;
            tx.commit()?;
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
            let tx = self.store.sync_book_tx()?;
            let (settled, refused) = outbox::apply_ack(&tx.book(), &ack)?;
            tx.commit()?;
            report.pushed += settled;
            report.refused += refused;
        }
    }

    fn pull_all(
        &mut self,
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
            let request = PullRequest {
                device: self.store.device_id(),
                cursor: apply::cursor(&self.store.sync_book())?,
                limit,
            };
            let page: PullPage = client.exchange("pull", "/v1/pull", &request)?;
            let applied =
                apply::apply_page(&mut self.store, &self.actor, &page)?.ok_or_else(|| {
                    SyncError::BadAnswer {
                        what: "pull",
                        detail: "the page does not answer this store's cursor".into(),
                    }
                })?;
            report.pulled += applied.records;
            report.evicted += applied.evicted;
            if !page.more {
                return Ok(());
            }
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
