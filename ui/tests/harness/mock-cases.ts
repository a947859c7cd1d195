// The case commands of the mocked backend (see mock-backend.ts): cases from the scenario held in
// memory, with the library's transition rules (open → in_review → approved / open / closed;
// close from open or approved; reopen from closed or approved; incidents and notes only while
// open or in review) and its errors: `case_state` with the current status and the refused
// action, `not_found`, `invalid_argument` with `what`.
// Timeline entries that refer to an incident show it as the store holds it (`recordOf`), or
// `null` when this store does not hold it. `elsewhere` changes a case as another workstation
// would, for the tests.
import type {
  CaseAction,
  CaseDetail,
  CaseStatus,
  CaseSummary,
  ReviewDecision,
  TimelineEntry,
  TimelineRecord,
} from "../../src/lib/cases-api";

/** A seeded entry; an incident's `record` is looked up when not given. */
export type SeedEntry = Omit<TimelineEntry, "record"> & { record?: TimelineRecord | null };

export interface CasesScenario {
  /** Counts and last activity are computed from the timeline. */
  cases: {
    case: Omit<CaseSummary, "items" | "reviews" | "last_activity" | "takes_items">;
    timeline: SeedEntry[];
  }[];
  /** Who this workstation's user is (authors what it writes). */
  user?: string;
  /** The clock's first reading (America/Santiago, `-03:00`); each write moves it a minute. */
  now?: string;
}

function fail(code: string, message: string, details?: Record<string, string>): never {
  throw { code, message, details };
}

const TRANSITIONS: Record<"submit" | "close" | "reopen", [CaseStatus[], CaseStatus]> = {
  submit: [["open"], "in_review"],
  close: [["open", "approved"], "closed"],
  reopen: [["closed", "approved"], "open"],
};

const AFTER_REVIEW: Record<ReviewDecision, CaseStatus> = {
  approve: "approved",
  request_changes: "open",
  reject: "closed",
};

/** Most incidents one `case_add_incidents` takes. */
const MAX_INCIDENTS = 500;

export function casesBackend(
  scenario: CasesScenario,
  recordOf: (id: string) => TimelineRecord | null,
  syncRole: string | null = null,
) {
  const user = scenario.user ?? "analista";
  let role = syncRole;
  let clock = Date.parse(scenario.now ?? "2025-03-10T09:00:00-03:00");
  let serial = 0;

  type Held = { case: Omit<CaseSummary, "takes_items">; timeline: TimelineEntry[] };
  const held: Held[] = scenario.cases.map((seed) => ({
    case: { ...seed.case, items: 0, reviews: 0, last_activity: seed.case.opened_at },
    timeline: seed.timeline.map((e) => ({
      ...e,
      record:
        e.record !== undefined
          ? e.record
          : e.kind === "incident" && e.ref_id
            ? recordOf(e.ref_id)
            : null,
    })),
  }));
  held.forEach(recount);

  /** The next clock reading, as the library writes Santiago times. */
  function now(): string {
    clock += 60_000;
    return new Date(clock - 3 * 3_600_000).toISOString().slice(0, 19) + "-03:00";
  }

  function newId(prefix: string): string {
    serial += 1;
    return `${prefix}-0000-7000-8000-${String(serial).padStart(12, "0")}`;
  }

  function recount(h: Held): void {
    const reviews = h.timeline.filter((e) => e.kind === "review").length;
    const items = h.timeline.filter((e) => e.kind !== "review" && e.kind !== "status").length;
    const last = h.timeline.at(-1)?.at ?? h.case.opened_at;
    h.case = { ...h.case, items, reviews, last_activity: last };
  }

  function find(id: unknown): Held {
    const h = held.find((x) => x.case.id === id);
    if (!h) fail("not_found", `no case ${String(id)}`);
    return h;
  }

  /** A case as the library reports it: whether it takes items, from its status. */
  const summaryOf = (c: Held["case"]): CaseSummary => ({
    ...c,
    takes_items: c.status === "open" || c.status === "in_review",
  });
  /** The library's `CaseDetail::actions`: the moves the status allows; a review only for a
   * role that reviews cases (any, when the workstation never registered). */
  const mayReview = () => role === null || role === "supervisor" || role === "admin";
  const actionsOf = (status: CaseStatus): CaseDetail["actions"] => [
    ...(["submit", "close", "reopen"] as const).filter((a) => TRANSITIONS[a][0].includes(status)),
    ...(status === "in_review" && mayReview() ? (["review"] as const) : []),
  ];
  const answer = (h: Held): CaseDetail =>
    structuredClone({
      case: summaryOf(h.case),
      timeline: h.timeline,
      actions: actionsOf(h.case.status),
    });

  function entry(kind: TimelineEntry["kind"], fields: Partial<TimelineEntry>): TimelineEntry {
    return {
      id: newId("0190f000"),
      at: now(),
      kind,
      author: user,
      note: null,
      ref_id: null,
      record: null,
      decision: null,
      ...fields,
    };
  }

  function append(h: Held, e: TimelineEntry): void {
    h.timeline.push(e);
    recount(h);
  }

  function required(what: string, value: unknown): string {
    const text = String(value ?? "").trim();
    if (!text) fail("invalid_argument", `${what} must not be empty`, { what, value: "" });
    return text;
  }

  function allowed(h: Held, action: CaseAction, from: CaseStatus[]): void {
    if (!from.includes(h.case.status))
      fail("case_state", `cannot ${action} a case that is ${h.case.status}`, {
        status: h.case.status,
        action,
      });
  }

  function handle(command: string, args: Record<string, unknown>): unknown {
    switch (command) {
      case "cases_list": {
        const status = args.status as CaseStatus | null;
        return held
          .filter((h) => status === null || h.case.status === status)
          .map((h) => summaryOf(h.case))
          .sort((a, b) => Date.parse(b.last_activity) - Date.parse(a.last_activity));
      }
      case "case_detail":
        return answer(find(args.id));
      case "case_open": {
        const title = required("case title", args.title);
        const at = now();
        const h: Held = {
          case: {
            id: newId("0190e000"),
            title,
            status: "open",
            owner: user,
            supervisor: (args.supervisor as string | null) ?? null,
            cuadrante: (args.cuadrante as string | null) ?? null,
            opened_at: at,
            items: 0,
            reviews: 0,
            last_activity: at,
            conflict: false,
          },
          timeline: [],
        };
        held.push(h);
        return answer(h);
      }
      case "case_add_incidents": {
        const h = find(args.id);
        const ids = args.incidents as string[];
        if (ids.length === 0 || ids.length > MAX_INCIDENTS)
          fail("invalid_argument", `expected 1 to ${MAX_INCIDENTS} incidents`, {
            what: "incident list",
            value: String(ids.length),
          });
        const records = ids.map((id) => {
          const record = recordOf(id);
          if (!record) fail("not_found", `no incident ${id}`);
          return [id, record] as const;
        });
        allowed(h, "add", ["open", "in_review"]);
        for (const [id, record] of records)
          if (!h.timeline.some((e) => e.kind === "incident" && e.ref_id === id))
            append(h, entry("incident", { ref_id: id, record }));
        return answer(h);
      }
      case "case_add_note": {
        const h = find(args.id);
        const note = required("note", args.note);
        allowed(h, "add", ["open", "in_review"]);
        append(h, entry("note", { note }));
        return answer(h);
      }
      case "case_review": {
        const h = find(args.id);
        if (!mayReview())
          fail("role_required", `a ${role} may not review a case`, { role: role ?? "" });
        const decision = args.decision as ReviewDecision;
        allowed(h, "review", ["in_review"]);
        const comment = String(args.comment ?? "").trim();
        if (decision !== "approve") required("review comment", comment);
        h.case = { ...h.case, status: AFTER_REVIEW[decision] };
        append(h, entry("review", { decision, note: comment || null }));
        return answer(h);
      }
      case "case_submit":
      case "case_close":
      case "case_reopen": {
        const action = command.slice("case_".length) as keyof typeof TRANSITIONS;
        const h = find(args.id);
        const [from, to] = TRANSITIONS[action];
        allowed(h, action, from);
        h.case = { ...h.case, status: to };
        append(h, entry("status", { note: to }));
        return answer(h);
      }
      default:
        return undefined;
    }
  }

  /** What another workstation does to a case (for the tests). */
  const elsewhere = {
    /** The role the workstation syncs as (`null`: never registered, so any role may review). */
    setRole(next: string | null): void {
      role = next;
    },
    setStatus(id: string, status: CaseStatus): void {
      const h = find(id);
      h.case = { ...h.case, status };
    },
  };

  return { handle, elsewhere };
}
