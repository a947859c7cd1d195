//! What a workstation knows about its sync without contacting anyone: the remembered server,
//! whether this device is registered, what waits to be sent, open conflicts, and when the last
//! session was tried and how it ended (kept in `sync_state`, so it survives a restart).

use serde::Serialize;

use atalaya_store::sync_book::BookEntry;
use atalaya_sync::wire::FieldChange;

use super::values::key_text;
use super::{SyncError, outbox, remembered_server, token};
use crate::Workspace;

/// `sync_state` keys of the last session's outcome.
const LAST_ATTEMPT_AT: &str = "last_attempt_at";
const LAST_SUCCESS_AT: &str = "last_success_at";
const LAST_ERROR_CODE: &str = "last_error_code";
const LAST_ERROR_MESSAGE: &str = "last_error_message";

/// What the sync bookkeeping says about this store, without contacting anyone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    /// The remembered server.
    pub server: Option<String>,
    /// Whether this workstation holds a device token (it registered with a server).
    pub registered: bool,
    /// The user it syncs as, and that user's role (`analyst`, `supervisor`, `field`,
    /// `admin`), as the server said at registration.
    pub user: Option<String>,
    /// See `user`.
    pub role: Option<String>,
    /// Local change entries not yet acknowledged by the server: queued ones and those made
    /// since the last session.
    pub pending: u64,
    /// Refused change entries (kept here, not applied on the server), oldest first.
    pub refusals: Vec<RefusedChange>,
    /// Conflicts waiting for a person.
    pub open_conflicts: u64,
    /// When the last session was tried (RFC 3339, UTC).
    pub last_attempt_at: Option<String>,
    /// When a session last completed (RFC 3339, UTC).
    pub last_sync_at: Option<String>,
    /// How the last session failed; `None` when it completed.
    pub last_error: Option<SyncFailure>,
}

/// A change entry the server refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RefusedChange {
    /// Its change number on this device (names it for [`Workspace::dismiss_refusals`]).
    pub change_no: i64,
    /// The record's table (`incident`, `area`, …).
    pub table: String,
    /// The record's key as people read it.
    pub record: String,
    /// The fields the entry changed (`_deleted` for a deletion).
    pub columns: Vec<String>,
    /// The server's reason, for people (English; the app words it by itself).
    pub reason: String,
}

/// A failed session as remembered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SyncFailure {
    /// The error's stable code (`unreachable`, `please_update`, …; see `SyncError::code`).
    pub code: String,
    /// The error's text, for people.
    pub message: String,
}

impl Workspace {
    /// Whether this store remembers a sync server (a session has somewhere to go). Cheap: no
    /// count and no keyring, for a loop that asks often.
    pub fn sync_configured(&self) -> crate::Result<bool> {
        Ok(remembered_server(&self.store.sync_book())?.is_some())
    }

    /// The change entries the server refused, kept here, oldest first.
    pub fn sync_refusals(&self) -> crate::Result<Vec<RefusedChange>> {
        let refusals = self.store.sync_book().refusals()?;
        let changes = refusals
            .into_iter()
            .map(|(entry, reason)| refused_change(&entry, reason));
        Ok(changes.collect::<Result<_, _>>()?)
    }

    /// Dismiss refused changes a person has read: those numbered `change_nos`, or every one
    /// when `None`. The local records keep their values (nothing is undone here or sent
    /// again); only the list forgets them. Returns how many were dismissed; a number that is
    /// not a refused change is an error and dismisses nothing.
    pub fn dismiss_refusals(&mut self, change_nos: Option<&[i64]>) -> crate::Result<u64> {
        let tx = self.store.sync_book_tx()?;
        let dismissed = tx.book().dismiss_refusals(change_nos)?;
        if let Some(missing) = change_nos
            .unwrap_or_default()
            .iter()
            .find(|n| !dismissed.contains(n))
        {
            return Err(crate::Error::invalid(
                "refused change",
                missing.to_string(),
                "the number of a change the server refused (atalaya sync --status lists them)",
            ));
        }
        tx.commit()?;
        Ok(dismissed.len() as u64)
    }

    /// The local sync state (reads the store and, for the token, the keyring).
    pub fn sync_status(&self) -> crate::Result<SyncStatus> {
        let book = self.store.sync_book();
        let text = |key: &str| -> crate::Result<Option<String>> {
            Ok(book.get(key)?.filter(|v| !v.is_empty()))
        };
        let last_error = match text(LAST_ERROR_CODE)? {
            Some(code) => Some(SyncFailure {
                code,
                message: text(LAST_ERROR_MESSAGE)?.unwrap_or_default(),
            }),
            None => None,
        };
        let open_conflicts = book.conflicts(true)?.len() as u64;
        Ok(SyncStatus {
            server: remembered_server(&book)?,
            registered: token::load(&self.store)?.is_some(),
            user: text(super::SYNC_USER)?,
            role: self.sync_role()?,
            pending: book.outbox_len()? + outbox::unqueued_len(&book, self.store.device_n())?,
            refusals: self.sync_refusals()?,
            open_conflicts,
            last_attempt_at: text(LAST_ATTEMPT_AT)?,
            last_sync_at: text(LAST_SUCCESS_AT)?,
            last_error,
        })
    }

    /// Remember how a session ended. Nothing is remembered when there was no server to try
    /// or the store closed under the session: no attempt was made.
    pub(crate) fn record_outcome<T>(
        &mut self,
        outcome: &Result<T, SyncError>,
    ) -> Result<(), SyncError> {
        if matches!(outcome, Err(SyncError::NoServer | SyncError::StoreClosed)) {
            return Ok(());
        }
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let tx = self.store.sync_book_tx()?;
        let book = tx.book();
        book.set(LAST_ATTEMPT_AT, &now)?;
        match outcome {
            Ok(_) => {
                book.set(LAST_SUCCESS_AT, &now)?;
                book.set(LAST_ERROR_CODE, "")?;
                book.set(LAST_ERROR_MESSAGE, "")?;
            }
            Err(e) => {
                book.set(LAST_ERROR_CODE, e.code())?;
                book.set(LAST_ERROR_MESSAGE, &e.to_string())?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

/// A refused entry's record and fields, read from its queued body.
fn refused_change(entry: &BookEntry, reason: String) -> Result<RefusedChange, SyncError> {
    let changes: Vec<FieldChange> =
        serde_json::from_str(&entry.body).map_err(SyncError::bookkeeping)?;
    let first = changes.first();
    Ok(RefusedChange {
        change_no: entry.number,
        table: first.map(|c| c.table.clone()).unwrap_or_default(),
        record: first.map(|c| key_text(&c.row)).unwrap_or_default(),
        columns: changes.iter().map(|c| c.column.clone()).collect(),
        reason,
    })
}
