//! Cases: an analyst opens one for a cuadrante (or the whole comuna), places incidents and
//! notes on its timeline and sends it for review; a supervisor approves it, asks for changes
//! or rejects it (`atalaya case …`, and the app's cases screen).
//!
//! Every step is one audited write, so it travels with the next sync: items and reviews are
//! records of their own, only ever inserted, and merge as unions; a case's status is a guarded
//! field, so two workstations moving the same case at once leave a conflict for a person to
//! resolve (`atalaya conflicts`). [`edit`] writes, this module reads.

mod edit;

use std::collections::HashSet;

use atalaya_model::CaseId;
use atalaya_model::time::{format_local, from_unix};
use atalaya_store::cases::{CaseItemRow, CaseRow, ReviewRow};
use serde::Serialize;

pub use atalaya_model::{CaseStatus, ReviewDecision};
pub(crate) use edit::text;
pub use edit::{MAX_ITEMS_PER_CALL, NewCase};

use crate::{Error, Result, Workspace};

/// A case as listed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CaseSummary {
    /// Case id.
    pub id: String,
    /// Title.
    pub title: String,
    /// `open`, `in_review`, `approved` or `closed`.
    pub status: CaseStatus,
    /// The owner's username.
    pub owner: Option<String>,
    /// The supervisor's username.
    pub supervisor: Option<String>,
    /// Its cuadrante (`None`: the whole comuna).
    pub cuadrante: Option<String>,
    /// When it was opened, America/Santiago ISO-8601.
    pub opened_at: String,
    /// Records and notes on its timeline (reviews and status steps not counted).
    pub items: u64,
    /// Reviews it received.
    pub reviews: u64,
    /// The newest of its opening, items and reviews, America/Santiago ISO-8601.
    pub last_activity: String,
    /// Its status is in an open sync conflict (two workstations moved it at once).
    pub conflict: bool,
    /// Whether records and notes may still be added (open or in review).
    pub takes_items: bool,
}

/// The record a timeline item places, as this store holds it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineRecord {
    /// Category code (incidents).
    pub category: Option<String>,
    /// When it happened, America/Santiago ISO-8601.
    pub occurred_at: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Description.
    pub description: Option<String>,
}

/// One entry of a case's timeline: an item placed on it, or a review.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineEntry {
    /// Item or review id.
    pub id: String,
    /// When, America/Santiago ISO-8601.
    pub at: String,
    /// `incident`, `camera_event`, `citizen_report`, `registry_record`, `note`, `status` (a
    /// step of its status) or `review`.
    pub kind: String,
    /// Who placed it, moved the case or reviewed.
    pub author: Option<String>,
    /// A note's text, a status step's new status (`in_review`, `closed`, `open`) or a review's
    /// comment.
    pub note: Option<String>,
    /// The placed record's id.
    pub ref_id: Option<String>,
    /// The placed record, when this store holds it (it may be outside the user's
    /// jurisdiction, or not synced yet).
    pub record: Option<TimelineRecord>,
    /// A review's decision.
    pub decision: Option<ReviewDecision>,
}

/// A case with its timeline, oldest entry first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CaseDetail {
    /// The case.
    pub case: CaseSummary,
    /// Its items and reviews, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// The status moves this workstation may make now (`submit`, `review`, `close`,
    /// `reopen`): those its status allows, `review` only for a user who reviews cases (when the
    /// workstation knows its role).
    pub actions: Vec<&'static str>,
}

/// The actions a case in `status` offers (see [`CaseDetail::actions`]).
fn actions(status: CaseStatus, may_review: bool) -> Vec<&'static str> {
    use atalaya_model::CaseAction as A;
    let moves = [
        A::Submit,
        A::Review(ReviewDecision::Approve),
        A::Close,
        A::Reopen,
    ];
    moves
        .into_iter()
        .filter(|a| status.after(*a).is_some() && (may_review || !matches!(a, A::Review(_))))
        .map(A::name)
        .collect()
}

pub(crate) fn parse_case_id(id: &str) -> Result<[u8; 16]> {
    id.parse::<CaseId>()
        .map(|c| *c.as_bytes())
        .map_err(|_| Error::invalid("case id", id, "a UUID listed by `atalaya case list`"))
}

fn uuid_text(id: &[u8; 16]) -> String {
    uuid::Uuid::from_bytes(*id).to_string()
}

/// A case this store does not hold.
fn no_such_case(key: &[u8; 16]) -> Error {
    atalaya_store::StoreError::NoSuchRecord {
        table: "case_file",
        id: uuid_text(key),
    }
    .into()
}

/// A stored case status that cannot be read.
fn corrupt_status(reason: String) -> Error {
    Error::Store(atalaya_store::StoreError::Corrupt {
        table: "case_file",
        column: "status",
        reason,
    })
}

/// A stored case status.
fn parse_status(text: &str) -> Result<CaseStatus> {
    text.parse()
        .map_err(|_| corrupt_status(format!("unknown status `{text}`")))
}

fn summary(row: &CaseRow, conflicted: &HashSet<String>) -> Result<CaseSummary> {
    let id = uuid_text(&row.id);
    let status = parse_status(&row.status)?;
    Ok(CaseSummary {
        conflict: conflicted.contains(&id),
        id,
        title: row.title.clone(),
        takes_items: status.takes_items(),
        status,
        owner: row.owner.clone(),
        supervisor: row.supervisor.clone(),
        cuadrante: row.cuadrante.clone(),
        opened_at: format_local(from_unix(row.opened_at)),
        items: row.items,
        reviews: row.reviews,
        last_activity: format_local(from_unix(row.last_activity)),
    })
}

impl Workspace {
    /// Cases whose status is in an open sync conflict, by id.
    fn conflicted_cases(&self) -> Result<HashSet<String>> {
        Ok(self
            .conflicts(true)?
            .into_iter()
            .filter(|c| c.table == "case_file")
            .map(|c| c.record)
            .collect())
    }

    /// Every case (in `status`, when given), most recent activity first.
    pub fn cases(&self, status: Option<CaseStatus>) -> Result<Vec<CaseSummary>> {
        let conflicted = self.conflicted_cases()?;
        self.store
            .cases(status.map(CaseStatus::as_str))?
            .iter()
            .map(|row| summary(row, &conflicted))
            .collect()
    }

    fn case_row(&self, id: &[u8; 16]) -> Result<CaseRow> {
        self.store.case(id)?.ok_or_else(|| no_such_case(id))
    }

    /// Case `id` with its timeline.
    pub fn case_detail(&self, id: &str) -> Result<CaseDetail> {
        let key = parse_case_id(id)?;
        let row = self.case_row(&key)?;
        let mut timeline: Vec<((i64, [u8; 16]), TimelineEntry)> = Vec::new();
        for item in self.store.case_items(&key)? {
            timeline.push(((item.at, item.id), self.item_entry(&item)?));
        }
        for review in self.store.case_reviews(&key)? {
            timeline.push(((review.at, review.id), review_entry(&review)));
        }
        // Ids are UUIDv7: within one second they keep the order things were written in.
        timeline.sort_by_key(|a| a.0);
        let case = summary(&row, &self.conflicted_cases()?)?;
        Ok(CaseDetail {
            actions: actions(case.status, self.may_review_cases()?),
            case,
            timeline: timeline.into_iter().map(|(_, e)| e).collect(),
        })
    }

    fn item_entry(&self, item: &CaseItemRow) -> Result<TimelineEntry> {
        let record = match (item.kind.as_str(), item.ref_id) {
            ("incident", Some(id)) => self.store.incident_record(&id)?.map(|r| {
                let i = &r.row.incident;
                TimelineRecord {
                    category: Some(i.category.clone()),
                    occurred_at: Some(format_local(from_unix(i.occurred_from))),
                    address: i.address.clone(),
                    description: Some(i.description.clone()),
                }
            }),
            _ => None,
        };
        Ok(TimelineEntry {
            id: uuid_text(&item.id),
            at: format_local(from_unix(item.at)),
            kind: item.kind.clone(),
            author: item.added_by.clone(),
            note: item.note.clone(),
            ref_id: item.ref_id.as_ref().map(uuid_text),
            record,
            decision: None,
        })
    }
}

fn review_entry(review: &ReviewRow) -> TimelineEntry {
    TimelineEntry {
        id: uuid_text(&review.id),
        at: format_local(from_unix(review.at)),
        kind: "review".to_owned(),
        author: review.reviewer.clone(),
        note: Some(review.comment.clone()).filter(|c| !c.is_empty()),
        ref_id: None,
        record: None,
        decision: review.decision.parse().ok(),
    }
}
