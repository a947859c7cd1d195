// Field capture, the typed mirror of `incident_capture` (`src-tauri/src/commands/capture.rs`):
// an incident recorded by hand, placed at a point picked on the map or at an address the
// store's streets can place. The library checks everything; this module only shapes the call,
// the form's starting time and the message a refusal shows.
import { call, type ApiError, type IncidentDetail } from "./api";
import { errorMessageKey } from "./errors";

export interface NewIncident {
  /** A taxonomy code (`dmcs.hurto`). */
  category: string;
  /** Local to Santiago: `YYYY-MM-DD HH:MM`. */
  occurred_at: string;
  description: string;
  /** Kept as written; geocoded only when no point is given. */
  address: string | null;
  /** `[lon, lat]`, WGS84. */
  point: [number, number] | null;
}

export const captureApi = {
  /** The new incident as the detail panel shows it. */
  capture: (incident: NewIncident): Promise<IncidentDetail> =>
    call("incident_capture", { ...incident }),
};

/** Incidents happen in Providencia: the form starts at Santiago's date and time, whatever the
 * machine's zone. */
export function santiagoNow(now: Date = new Date()): { day: string; time: string } {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "America/Santiago",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    day: `${part("year")}-${part("month")}-${part("day")}`,
    time: `${part("hour")}:${part("minute")}`,
  };
}

/** A form field a refusal is about; `null` when it is about none in particular. */
export type CaptureField = "category" | "when" | "description" | "status" | "place";

export interface CaptureErrorText {
  field: CaptureField | null;
  key: string;
  values: Record<string, string>;
}

/** `invalid_argument`'s `what` (as the library names it) → the field and what to tell. */
const FIELDS: Record<string, [CaptureField, string]> = {
  category: ["category", "capture.error.category"],
  "occurred at": ["when", "capture.error.when"],
  description: ["description", "capture.error.description"],
  status: ["status", "correct.error.status"],
  address: ["place", "capture.error.address"],
  location: ["place", "capture.error.outside"],
};

/** The message for a refused capture or correction, next to the field it is about (chosen by
 * code and details, never by message text). */
export function captureErrorText(error: ApiError): CaptureErrorText {
  const found = error.code === "invalid_argument" ? FIELDS[error.details.what ?? ""] : undefined;
  if (found) {
    const [field, key] = found;
    const value = error.details.value ?? "";
    // A location refused with no value is a capture with neither point nor address.
    if (key === "capture.error.outside" && value === "")
      return { field, key: "capture.error.noPlace", values: {} };
    return { field, key, values: { value } };
  }
  return {
    field: null,
    key: errorMessageKey(error),
    values: { code: error.code, message: error.message },
  };
}
