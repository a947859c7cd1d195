//! Cases: investigations or follow-ups with a timeline that supervisors review, and the rules
//! by which a case moves from one status to the next.
//!
//! People are named by username (as the sync server knows them) and a case belongs to one
//! cuadrante, or to the whole comuna: every replica agrees on both without a shared user table.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::incident::text_enum;
use crate::{CaseId, CaseItemId, ModelError, ReviewId};

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

/// Something a person does to a case that moves its status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseAction {
    /// The owner sends it to a supervisor.
    Submit,
    /// A supervisor decides.
    Review(ReviewDecision),
    /// Finished without (or after) approval.
    Close,
    /// Taken up again.
    Reopen,
}

impl CaseAction {
    /// A short name (`submit`, `review`, `close`, `reopen`), for messages and error details.
    pub fn name(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::Review(_) => "review",
            Self::Close => "close",
            Self::Reopen => "reopen",
        }
    }
}

impl CaseStatus {
    /// The status after `action`, or `None` when the action does not apply in this status:
    /// only a case in review is reviewed; approval sends it to approved, a request for
    /// changes back to open, a rejection closes it; an open or approved case is closed; a
    /// closed or approved case is reopened.
    pub fn after(self, action: CaseAction) -> Option<CaseStatus> {
        use CaseAction as A;
        use CaseStatus as S;
        match (self, action) {
            (S::Open, A::Submit) => Some(S::InReview),
            (S::InReview, A::Review(ReviewDecision::Approve)) => Some(S::Approved),
            (S::InReview, A::Review(ReviewDecision::RequestChanges)) => Some(S::Open),
            (S::InReview, A::Review(ReviewDecision::Reject)) => Some(S::Closed),
            (S::Open | S::Approved, A::Close) => Some(S::Closed),
            (S::Closed | S::Approved, A::Reopen) => Some(S::Open),
            _ => None,
        }
    }

    /// Whether records and notes may still be added (open or in review).
    pub fn takes_items(self) -> bool {
        matches!(self, Self::Open | Self::InReview)
    }
}

/// An investigation or follow-up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// Its id.
    pub id: CaseId,
    /// Title.
    pub title: String,
    /// Status.
    pub status: CaseStatus,
    /// The username of the analyst who owns it.
    pub owner: Option<String>,
    /// The username of the supervisor who reviews it.
    pub supervisor: Option<String>,
    /// The cuadrante it belongs to (`None`: the whole comuna).
    pub cuadrante: Option<String>,
    /// When it was opened.
    pub opened_at: DateTime<Utc>,
}

/// What a timeline item places on a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseItemKind {
    /// A standardized incident.
    Incident,
    /// A camera operator's event.
    CameraEvent,
    /// A citizen report.
    CitizenReport,
    /// A police or prosecutor registry record.
    RegistryRecord,
    /// A note written on the case.
    Note,
    /// A step of its status (sent for review, closed, reopened); the new status is the note.
    Status,
}
text_enum!(CaseItemKind, "case item kind", Incident => "incident", CameraEvent => "camera_event", CitizenReport => "citizen_report", RegistryRecord => "registry_record", Note => "note", Status => "status");

/// Something placed on a case's timeline: a record or a note.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseItem {
    /// Its id.
    pub id: CaseItemId,
    /// The case.
    pub case_id: CaseId,
    /// Time on the timeline (when it was added).
    pub at: DateTime<Utc>,
    /// What it is.
    pub kind: CaseItemKind,
    /// The referenced record, for non-notes.
    pub ref_id: Option<uuid::Uuid>,
    /// Note text.
    pub note: Option<String>,
    /// The username of who added it.
    pub added_by: Option<String>,
}

/// A supervisor's review of a case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// Its id.
    pub id: ReviewId,
    /// The case.
    pub case_id: CaseId,
    /// The reviewer's username.
    pub reviewer: Option<String>,
    /// The decision.
    pub decision: ReviewDecision,
    /// Comment.
    pub comment: String,
    /// When.
    pub at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseStatus::*;

    fn check(from: CaseStatus, action: CaseAction, expected: Option<CaseStatus>) {
        assert_eq!(from.after(action), expected, "{from:?} + {action:?}");
    }

    #[test]
    fn a_case_moves_through_review() {
        check(Open, CaseAction::Submit, Some(InReview));
        check(
            InReview,
            CaseAction::Review(ReviewDecision::Approve),
            Some(Approved),
        );
        check(
            InReview,
            CaseAction::Review(ReviewDecision::RequestChanges),
            Some(Open),
        );
        check(
            InReview,
            CaseAction::Review(ReviewDecision::Reject),
            Some(Closed),
        );
        check(Approved, CaseAction::Close, Some(Closed));
        check(Open, CaseAction::Close, Some(Closed));
        check(Closed, CaseAction::Reopen, Some(Open));
        check(Approved, CaseAction::Reopen, Some(Open));
    }

    #[test]
    fn actions_out_of_turn_are_refused() {
        check(Open, CaseAction::Review(ReviewDecision::Approve), None);
        check(Approved, CaseAction::Review(ReviewDecision::Reject), None);
        check(InReview, CaseAction::Submit, None);
        check(InReview, CaseAction::Close, None);
        check(Closed, CaseAction::Close, None);
        check(Open, CaseAction::Reopen, None);
        check(Closed, CaseAction::Submit, None);
    }

    #[test]
    fn items_are_taken_until_a_case_is_decided() {
        assert!(Open.takes_items());
        assert!(InReview.takes_items());
        assert!(!Approved.takes_items());
        assert!(!Closed.takes_items());
    }
}
