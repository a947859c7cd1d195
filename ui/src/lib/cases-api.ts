// The cases half of the typed mirror of the Tauri commands (`src-tauri/src/commands/cases.rs`);
// the rest is in `api.ts`, whose `call` it uses. A case gathers records on a timeline, and a
// supervisor reviews it: open → in_review → approved (or back to open, or closed).
import { call } from "./api";

export type CaseStatus = "open" | "in_review" | "approved" | "closed";
export type ReviewDecision = "approve" | "request_changes" | "reject";
/** What a `case_state` error names in `details.action`: a status change, or `add` (records
 * and notes go only on open cases and cases in review). */
export type CaseAction = "submit" | "review" | "close" | "reopen" | "add";

export const CASE_STATUSES: CaseStatus[] = ["open", "in_review", "approved", "closed"];

/** One case as lists show it. */
export interface CaseSummary {
  id: string;
  title: string;
  status: CaseStatus;
  /** Usernames. */
  owner: string | null;
  supervisor: string | null;
  /** Area code; `null` for the whole comuna. */
  cuadrante: string | null;
  /** America/Santiago ISO-8601. */
  opened_at: string;
  /** Timeline entries other than reviews. */
  items: number;
  reviews: number;
  last_activity: string;
  /** Its status has an open sync conflict, resolved in the conflict inbox. */
  conflict: boolean;
  /** Records and notes may still be added (open or in review). */
  takes_items: boolean;
}

/** The record an entry refers to, as this store holds it. */
export interface TimelineRecord {
  /** A taxonomy code, for incidents. */
  category: string | null;
  occurred_at: string | null;
  address: string | null;
  description: string | null;
}

/** `status`: a step of the case's status (sent for review, closed, reopened); its `note` is
 * the new status. A review's step is the review itself. */
export type TimelineKind =
  "incident" | "camera_event" | "citizen_report" | "registry_record" | "note" | "status" | "review";

export interface TimelineEntry {
  id: string;
  /** America/Santiago ISO-8601. */
  at: string;
  kind: TimelineKind;
  author: string | null;
  /** A note's text, a status step's new status, or a review's comment. */
  note: string | null;
  /** The referenced record's id (an incident's, …). */
  ref_id: string | null;
  /** `null` for notes and reviews, or when the record is not in this store (outside the
   * user's jurisdiction, or not synced yet). */
  record: TimelineRecord | null;
  /** Reviews only. */
  decision: ReviewDecision | null;
}

/** A case and its timeline, oldest entry first. */
export interface CaseDetail {
  case: CaseSummary;
  timeline: TimelineEntry[];
  /** The status moves this workstation may make now: those the status allows, `review` only
   * for a user who reviews cases (the server would refuse anyone else). */
  actions: Exclude<CaseAction, "add">[];
}

/** Incidents `case_add_incidents` takes at once. */
export const MAX_INCIDENTS_PER_CALL = 500;

export const casesApi = {
  /** Most recent activity first; `null` lists every status. */
  list: (status: CaseStatus | null = null): Promise<CaseSummary[]> =>
    call("cases_list", { status }),
  detail: (id: string): Promise<CaseDetail> => call("case_detail", { id }),
  open: (title: string, cuadrante: string | null, supervisor: string | null): Promise<CaseDetail> =>
    call("case_open", { title, cuadrante, supervisor }),
  /** Incidents already on the timeline are skipped. */
  addIncidents: (id: string, incidents: string[]): Promise<CaseDetail> =>
    call("case_add_incidents", { id, incidents }),
  addNote: (id: string, note: string): Promise<CaseDetail> => call("case_add_note", { id, note }),
  /** open → in_review. */
  submit: (id: string): Promise<CaseDetail> => call("case_submit", { id }),
  /** in_review → approved, open (changes requested) or closed (rejected); the comment is
   * required unless approving. */
  review: (id: string, decision: ReviewDecision, comment: string): Promise<CaseDetail> =>
    call("case_review", { id, decision, comment }),
  /** open or approved → closed. */
  close: (id: string): Promise<CaseDetail> => call("case_close", { id }),
  /** closed or approved → open. */
  reopen: (id: string): Promise<CaseDetail> => call("case_reopen", { id }),
};
