// Mocked backend states for the cases screen: three cases, one per stage of review, whose
// timelines refer to the mocked store's incidents (`0190a000-…-<row index>`: the main screen's
// rows), with notes, reviews, and one incident this store does not hold.
import { registeredSync, SCENARIOS } from "./scenarios.mjs";

/** The mocked store's incident on row `index` of the main screen's table. */
export const incident = (index) => `0190a000-0000-7000-8000-${String(index).padStart(12, "0")}`;
/** An incident outside this store (another jurisdiction, or not synced yet). */
export const FOREIGN_INCIDENT = "0190a000-0000-7000-8000-999999999999";

export const OPEN_CASE = "0190e000-0000-7000-8000-0000000000a1";
export const REVIEW_CASE = "0190e000-0000-7000-8000-0000000000a2";
export const CONFLICT_CASE = "0190e000-0000-7000-8000-0000000000a3";

let serial = 0;
const entry = (at, kind, author, fields = {}) => ({
  id: `0190f000-0000-7000-8000-0000000001${String(++serial).padStart(2, "0")}`,
  at,
  kind,
  author,
  note: null,
  ref_id: null,
  decision: null,
  ...fields,
});

const summary = (id, title, status, fields) => ({
  id,
  title,
  status,
  owner: "analista",
  supervisor: "supervisora",
  cuadrante: null,
  conflict: false,
  ...fields,
});

export const CASES = [
  {
    case: summary(OPEN_CASE, "Robos en paraderos de Av. Providencia", "open", {
      cuadrante: "C01",
      opened_at: "2025-03-03T10:00:00-03:00",
    }),
    timeline: [
      entry("2025-03-03T10:02:00-03:00", "incident", "analista", { ref_id: incident(0) }),
      entry("2025-03-03T10:03:00-03:00", "incident", "analista", { ref_id: incident(1) }),
      entry("2025-03-04T08:30:00-03:00", "note", "analista", {
        note: "Mismo modus operandi: dos sujetos en motocicleta.",
      }),
      entry("2025-03-05T12:10:00-03:00", "incident", "analista", { ref_id: FOREIGN_INCIDENT }),
    ],
  },
  {
    case: summary(REVIEW_CASE, "Daños en Barrio Italia", "in_review", {
      opened_at: "2025-03-01T09:00:00-03:00",
    }),
    timeline: [
      entry("2025-03-01T09:05:00-03:00", "incident", "analista", { ref_id: incident(2) }),
      entry("2025-03-02T16:00:00-03:00", "review", "supervisora", {
        decision: "request_changes",
        note: "Falta la denuncia del vecino.",
      }),
      entry("2025-03-06T11:20:00-03:00", "note", "analista", {
        note: "Se agregó la denuncia; enviado de nuevo.",
      }),
    ],
  },
  {
    case: summary(CONFLICT_CASE, "Hurtos en Los Leones", "approved", {
      cuadrante: "C02",
      conflict: true,
      opened_at: "2025-02-20T15:00:00-03:00",
    }),
    timeline: [
      entry("2025-02-20T15:10:00-03:00", "incident", "analista", { ref_id: incident(5) }),
      entry("2025-02-25T09:00:00-03:00", "review", "supervisora", { decision: "approve" }),
    ],
  },
];

export const CASES_STORE = { ...SCENARIOS.keyringStore, cases: { cases: CASES } };
export const NO_CASES_STORE = { ...SCENARIOS.keyringStore, cases: { cases: [] } };

/** The cases of `CASES_STORE` on a workstation registered as the analyst `ana`. */
export const ANALYST_CASES_STORE = {
  ...CASES_STORE,
  sync: registeredSync("ana", "analyst"),
};
