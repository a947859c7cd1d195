// Corrections, the typed mirror of `incident_correct` (`src-tauri/src/commands/incident_edit.rs`):
// a person sets an incident's category, description or status, or moves it to a point picked
// on the map or to an address the store's streets can place. The library checks everything;
// this module shapes the call and sends only what the person changed.
import { call, type IncidentDetail } from "./api";

export interface IncidentCorrection {
  category?: string;
  description?: string;
  /** `reported`, `verified` or `discarded`. */
  status?: string;
  /** Santiago `YYYY-MM-DD HH:MM`. */
  occurred_at?: string;
  /** Alone (and new) it is geocoded and the incident moves there; beside a point it is kept
   * as written; empty clears it. */
  address?: string;
  /** `[lon, lat]`, WGS84: the incident moves there. */
  point?: [number, number];
}

/** What the correction form holds. */
export interface CorrectionForm {
  category: string;
  description: string;
  status: string;
  /** Santiago `YYYY-MM-DD HH:MM`. */
  occurredAt: string;
  address: string;
  point: [number, number] | null;
}

export const correctionApi = {
  /** The incident as it now is. */
  correct: (id: string, correction: IncidentCorrection): Promise<IncidentDetail> =>
    call("incident_correct", { id, correction }),
};

/** The day and time of an incident's `occurred_at` (already Santiago's:
 * `2024-01-05T23:30:00-03:00` → `2024-01-05`, `23:30`). */
export function localDayTime(iso: string): { day: string; time: string } {
  return { day: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** The fields of `form` that differ from `detail` (text compared trimmed), plus the point
 * picked; empty when the person changed nothing. */
export function correctionOf(detail: IncidentDetail, form: CorrectionForm): IncidentCorrection {
  const out: IncidentCorrection = {};
  if (form.category !== detail.category) out.category = form.category;
  if (form.description.trim() !== detail.description.trim()) out.description = form.description;
  if (form.status !== detail.status) out.status = form.status;
  const { day, time } = localDayTime(detail.occurred_at);
  if (form.occurredAt.trim() !== `${day} ${time}`) out.occurred_at = form.occurredAt.trim();
  if (form.address.trim() !== (detail.address ?? "").trim()) out.address = form.address.trim();
  if (form.point) {
    out.point = form.point;
    // A point is placed as given; the address beside it is kept as the form shows it.
    out.address = form.address.trim();
  }
  return out;
}
