//! Writing cases: open one, place incidents and notes on it, move its status. Each call is one
//! audited write whose checks read the case inside the same transaction, so a status moved by
//! a sync a moment before is seen, never overwritten blindly.

use atalaya_model::{
    CaseAction, CaseId, CaseItemId, CaseItemKind, CaseStatus, ReviewDecision, ReviewId, Role,
};
use atalaya_store::Value;
use atalaya_store::WriteTx;
use atalaya_store::schema::{CASE_FILE, CASE_ITEM, REVIEW};

use super::{CaseDetail, corrupt_status, no_such_case, parse_case_id, parse_status, uuid_text};
use crate::{Error, Result, Workspace};

/// Incidents placed on a case in one call at most (a selection larger than this is a query,
/// not a timeline).
pub const MAX_ITEMS_PER_CALL: usize = 500;

/// Titles and notes longer than this are refused (a note is a paragraph, not a document:
/// documents are attachments).
const MAX_TEXT_CHARS: usize = 4000;

/// A case to open.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewCase {
    /// Title (required).
    pub title: String,
    /// The cuadrante it belongs to (`None`: the whole comuna). Set once: the server shares a
    /// case with the users of its cuadrante.
    pub cuadrante: Option<String>,
    /// The supervisor's username, if already known.
    pub supervisor: Option<String>,
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

pub(crate) fn text(what: &'static str, value: &str, expected: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() || trimmed.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::invalid(what, value, expected));
    }
    Ok(trimmed.to_owned())
}

fn optional_name(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// What the write transaction sees of a case: its status and cuadrante.
struct CaseState {
    status: CaseStatus,
    cuadrante: Option<String>,
}

fn case_state(tx: &WriteTx<'_>, key: &[u8; 16]) -> Result<CaseState> {
    let Some(row) = tx.read_row(&CASE_FILE, &Value::Blob(key.to_vec()))? else {
        return Err(no_such_case(key));
    };
    let column = |name: &str| &row[CASE_FILE.column_index(name).unwrap_or_default()];
    let Value::Text(status) = column("status") else {
        return Err(corrupt_status("not text".to_owned()));
    };
    Ok(CaseState {
        status: parse_status(status)?,
        cuadrante: match column("cuadrante") {
            Value::Text(c) => Some(c.clone()),
            _ => None,
        },
    })
}

fn refused(key: &[u8; 16], status: CaseStatus, action: &'static str) -> Error {
    Error::CaseState {
        case: uuid_text(key),
        status: status.as_str(),
        action,
    }
}

fn opt_text(v: Option<String>) -> Value {
    v.map_or(Value::Null, Value::Text)
}

/// A `case_item` row of case `key` (in `CASE_ITEM`'s column order), placed at `at` by `actor`;
/// it carries the case's cuadrante, so the server shares it with the case.
fn item_row(
    key: &[u8; 16],
    state: &CaseState,
    at: i64,
    kind: CaseItemKind,
    ref_id: Option<&[u8; 16]>,
    note: Option<String>,
    actor: &str,
) -> [Value; 8] {
    [
        Value::Blob(CaseItemId::new().as_bytes().to_vec()),
        Value::Blob(key.to_vec()),
        Value::Integer(at),
        Value::Text(kind.as_str().to_owned()),
        ref_id.map_or(Value::Null, |r| Value::Blob(r.to_vec())),
        opt_text(note),
        Value::Text(actor.to_owned()),
        opt_text(state.cuadrante.clone()),
    ]
}

impl Workspace {
    /// Open a case owned by whoever is acting.
    pub fn open_case(&mut self, new: &NewCase) -> Result<CaseDetail> {
        let title = text("case title", &new.title, "a title of 1 to 4000 characters")?;
        let cuadrante = optional_name(new.cuadrante.as_deref());
        if let Some(code) = &cuadrante
            && !self
                .store
                .areas("cuadrante")?
                .iter()
                .any(|(c, _)| c == code)
        {
            return Err(Error::invalid(
                "cuadrante",
                code.clone(),
                "a cuadrante code of the store's areas (or none, for the whole comuna)",
            ));
        }
        let id = CaseId::new();
        let mut tx = self.store.write(&self.actor, "case.open")?;
        tx.insert(
            &CASE_FILE,
            &[
                Value::Blob(id.as_bytes().to_vec()),
                Value::Text(title),
                Value::Text(CaseStatus::Open.as_str().to_owned()),
                Value::Text(self.actor.clone()),
                opt_text(optional_name(new.supervisor.as_deref())),
                opt_text(cuadrante),
                Value::Integer(now()),
            ],
        )?;
        tx.commit(serde_json::json!({ "case": id.to_string() }))?;
        self.case_detail(&id.to_string())
    }

    /// Place incidents on case `id`'s timeline; those already on it are skipped.
    pub fn add_case_incidents(&mut self, id: &str, incidents: &[String]) -> Result<CaseDetail> {
        let key = parse_case_id(id)?;
        if incidents.is_empty() || incidents.len() > MAX_ITEMS_PER_CALL {
            return Err(Error::invalid(
                "incident list",
                incidents.len().to_string(),
                format!("1 to {MAX_ITEMS_PER_CALL} incidents"),
            ));
        }
        let mut wanted: Vec<[u8; 16]> = Vec::with_capacity(incidents.len());
        for text in incidents {
            let uuid = uuid::Uuid::parse_str(text).map_err(|_| {
                Error::invalid(
                    "incident id",
                    text.clone(),
                    "a UUID as `atalaya query` prints it",
                )
            })?;
            let bytes = *uuid.as_bytes();
            if self.store.incident_record(&bytes)?.is_none() {
                return Err(atalaya_store::StoreError::NoSuchRecord {
                    table: "incident",
                    id: text.clone(),
                }
                .into());
            }
            if !wanted.contains(&bytes) && !self.store.case_has_record(&key, &bytes)? {
                wanted.push(bytes);
            }
        }
        let mut tx = self.store.write(&self.actor, "case.add")?;
        let state = case_state(&tx, &key)?;
        if !state.status.takes_items() {
            return Err(refused(&key, state.status, "add"));
        }
        let at = now();
        for incident in &wanted {
            let row = item_row(
                &key,
                &state,
                at,
                CaseItemKind::Incident,
                Some(incident),
                None,
                &self.actor,
            );
            tx.insert(&CASE_ITEM, &row)?;
        }
        tx.commit(serde_json::json!({ "case": id, "incidents": wanted.len() }))?;
        self.case_detail(id)
    }

    /// Write a note on case `id`'s timeline.
    pub fn add_case_note(&mut self, id: &str, note: &str) -> Result<CaseDetail> {
        let key = parse_case_id(id)?;
        let note = text("note", note, "a note of 1 to 4000 characters")?;
        let mut tx = self.store.write(&self.actor, "case.note")?;
        let state = case_state(&tx, &key)?;
        if !state.status.takes_items() {
            return Err(refused(&key, state.status, "add"));
        }
        let row = item_row(
            &key,
            &state,
            now(),
            CaseItemKind::Note,
            None,
            Some(note),
            &self.actor,
        );
        tx.insert(&CASE_ITEM, &row)?;
        tx.commit(serde_json::json!({ "case": id }))?;
        self.case_detail(id)
    }

    /// Send case `id` to its supervisor (open → in review).
    pub fn submit_case(&mut self, id: &str) -> Result<CaseDetail> {
        self.move_case(id, CaseAction::Submit, None)
    }

    /// A supervisor's decision on case `id`, in review: approve (→ approved), request changes
    /// (→ open) or reject (→ closed). A comment is required unless approving. A workstation
    /// registered as an analyst or field user may not review.
    pub fn review_case(
        &mut self,
        id: &str,
        decision: ReviewDecision,
        comment: &str,
    ) -> Result<CaseDetail> {
        if !self.may_review_cases()? {
            return Err(Error::RoleRequired {
                role: self.sync_role()?.unwrap_or_default(),
                action: "review a case",
            });
        }
        let comment = if comment.trim().is_empty() && decision == ReviewDecision::Approve {
            String::new()
        } else {
            text(
                "review comment",
                comment,
                "a comment of 1 to 4000 characters saying what to change or why",
            )?
        };
        self.move_case(id, CaseAction::Review(decision), Some(comment))
    }

    /// Whether this workstation's user may review cases. A registered workstation knows its
    /// user's role, and the server refuses a review from anyone but a supervisor or an
    /// administrator, so it is refused here first; one never registered cannot know its role
    /// and is let through.
    pub fn may_review_cases(&self) -> Result<bool> {
        Ok(self
            .sync_role()?
            .is_none_or(|role| role.parse::<Role>().is_ok_and(Role::reviews_cases)))
    }

    /// Close case `id` (open or approved).
    pub fn close_case(&mut self, id: &str) -> Result<CaseDetail> {
        self.move_case(id, CaseAction::Close, None)
    }

    /// Take case `id` up again (closed or approved → open).
    pub fn reopen_case(&mut self, id: &str) -> Result<CaseDetail> {
        self.move_case(id, CaseAction::Reopen, None)
    }

    fn move_case(
        &mut self,
        id: &str,
        action: CaseAction,
        comment: Option<String>,
    ) -> Result<CaseDetail> {
        let key = parse_case_id(id)?;
        let mut tx = self
            .store
            .write(&self.actor, &format!("case.{}", action.name()))?;
        let state = case_state(&tx, &key)?;
        let Some(next) = state.status.after(action) else {
            return Err(refused(&key, state.status, action.name()));
        };
        let status = Value::Text(next.as_str().to_owned());
        tx.update(
            &CASE_FILE,
            &Value::Blob(key.to_vec()),
            &[("status", status)],
        )?;
        let at = now();
        if let CaseAction::Review(decision) = action {
            tx.insert(
                &REVIEW,
                &[
                    Value::Blob(ReviewId::new().as_bytes().to_vec()),
                    Value::Blob(key.to_vec()),
                    Value::Text(self.actor.clone()),
                    Value::Text(decision.as_str().to_owned()),
                    Value::Text(comment.unwrap_or_default()),
                    Value::Integer(at),
                    opt_text(state.cuadrante),
                ],
            )?;
        } else {
            // Sent for review, closed, reopened: a step on the timeline (a review is its own).
            let row = item_row(
                &key,
                &state,
                at,
                CaseItemKind::Status,
                None,
                Some(next.as_str().to_owned()),
                &self.actor,
            );
            tx.insert(&CASE_ITEM, &row)?;
        }
        tx.commit(serde_json::json!({
            "case": id,
            "from": state.status.as_str(),
            "to": next.as_str(),
        }))?;
        self.case_detail(id)
    }
}
