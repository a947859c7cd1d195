//! Cases: investigations or follow-ups with a timeline that supervisors review.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::incident::text_enum;
use crate::{CaseId, CaseItemId, JurisdictionId, ModelError, ReviewId, UserId};

/// Where a case is in its life cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Being worked on.
    Open,
    /// Sent to a supervisor.
    InReview,
    /// Accepted by a supervisor.
    Approved,
    /// Finished.
    Closed,
}
text_enum!(CaseStatus, "case status", Open => "open", InReview => "in_review", Approved => "approved", Closed => "closed");

/// A supervisor's decision on a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    /// Approved as is.
    Approve,
    /// Sent back for more work.
    RequestChanges,
    /// Rejected.
    Reject,
}
text_enum!(ReviewDecision, "review decision", Approve => "approve", RequestChanges => "request_changes", Reject => "reject");

/// An investigation or follow-up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// Its id.
    pub id: CaseId,
    /// Title.
    pub title: String,
    /// Status.
    pub status: CaseStatus,
    /// The analyst who owns it.
    pub owner: Option<UserId>,
    /// The supervisor who reviews it.
    pub supervisor: Option<UserId>,
    /// The jurisdiction it belongs to.
    pub jurisdiction: Option<JurisdictionId>,
    /// When it was opened.
    pub opened_at: DateTime<Utc>,
}

/// Something placed on a case's timeline: an incident, an event, a note or an attachment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseItem {
    /// Its id.
    pub id: CaseItemId,
    /// The case.
    pub case_id: CaseId,
    /// Time on the timeline.
    pub at: DateTime<Utc>,
    /// `incident`, `camera_event`, `note`, `attachment`, …
    pub item_kind: String,
    /// The referenced record, for non-notes.
    pub ref_id: Option<uuid::Uuid>,
    /// Note text or caption.
    pub note: Option<String>,
    /// Who added it.
    pub added_by: Option<UserId>,
}

/// A supervisor's review of a case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// Its id.
    pub id: ReviewId,
    /// The case.
    pub case_id: CaseId,
    /// The reviewer.
    pub reviewer: Option<UserId>,
    /// The decision.
    pub decision: ReviewDecision,
    /// Comment.
    pub comment: String,
    /// When.
    pub at: DateTime<Utc>,
}
