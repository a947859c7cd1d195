// Field capture and corrections in the mocked backend (see mock-backend.ts): `incident_capture`
// and `incident_correct` with the library's checks and errors — `invalid_argument` with `what`
// (`category`, `occurred at`, `description`, `status`, `address`, `location`) and the refused
// `value` — and the incidents they wrote, which the store's counts and `incident_detail` then
// include.
import type { IncidentDetail } from "../../src/lib/api";

export const FIELD_SOURCE = "Captura en terreno";

function refuse(what: string, value: string, expected: string): never {
  throw {
    code: "invalid_argument",
    message: `${what} ${value}: expected ${expected}`,
    details: { what, value },
  };
}

/** `comuna`: the boundary's box `[west, south, east, north]`; `streets`: addresses the
 * mocked gazetteer places, each at a point. */
export function captureBackend(
  categories: string[],
  comuna: [number, number, number, number],
  streets: Record<string, [number, number]>,
) {
  const written = new Map<string, IncidentDetail>();

  function inside([lon, lat]: [number, number]): boolean {
    const [w, s, e, n] = comuna;
    return lon >= w && lon <= e && lat >= s && lat <= n;
  }

  /** Local `YYYY-MM-DD HH:MM` as Santiago's ISO-8601 (March 2025 is summer time, −03:00). */
  function occurred(text: string): string {
    const m = /^\s*(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})\s*$/.exec(text);
    if (!m) refuse("occurred at", text, "a local date and time as YYYY-MM-DD HH:MM");
    const iso = `${m[1]}T${m[2]}:00-03:00`;
    if (Number.isNaN(Date.parse(iso))) refuse("occurred at", text, "a real date");
    if (Date.parse(iso) > Date.now() + 10 * 60_000)
      refuse("occurred at", text, "a time that has already happened");
    return iso;
  }

  function checkedCategory(value: unknown): string {
    const category = String(value ?? "").trim();
    if (!categories.includes(category))
      refuse("category", category, "a code of the standard taxonomy");
    return category;
  }

  function checkedDescription(value: unknown): string {
    const description = String(value ?? "").trim();
    if (description.length === 0 || description.length > 4000)
      refuse("description", description, "a description of 1 to 4000 characters");
    return description;
  }

  /** The point given, or the address's; refused as the library refuses. */
  function place(point: [number, number] | null, address: string | null): [number, number] {
    if (!point && address) {
      point = streets[address] ?? null;
      if (!point) refuse("address", address, "an address the street gazetteer can place");
    }
    if (!point) refuse("location", "", "a point (longitude and latitude) or an address");
    if (!inside(point))
      refuse("location", `${point[0].toFixed(6)}, ${point[1].toFixed(6)}`, "a point inside");
    return point;
  }

  function capture(args: Record<string, unknown>): IncidentDetail {
    const category = checkedCategory(args.category);
    const occurredAt = occurred(String(args.occurred_at ?? ""));
    const description = checkedDescription(args.description);
    const address = String(args.address ?? "").trim() || null;
    const point = place((args.point as [number, number] | null) ?? null, address);
    const n = written.size + 1;
    const detail: IncidentDetail = {
      rid: 2_000_000 + n,
      id: `0190c000-0000-7000-8000-${String(n).padStart(12, "0")}`,
      occurred_at: occurredAt,
      occurred_to: null,
      reported_at: "2025-03-10T09:00:00-03:00",
      category,
      original_category: null,
      description,
      address,
      lon: point[0],
      lat: point[1],
      accuracy_m: null,
      location_precision: args.point ? "reported" : "exact",
      cuadrante: "C01",
      barrio: null,
      status: "reported",
      sensitivity: "normal",
      source: FIELD_SOURCE,
      batch: null,
      sources: [FIELD_SOURCE],
      lineage: [],
      outside_jurisdiction: null,
      history: [
        {
          audit_seq: 100 + n,
          at: "2025-03-10T09:00:00-03:00",
          actor: "terreno",
          action: "incident.capture",
          fields: ["id", "category", "occurred_from", "description", "lon", "lat"],
        },
      ],
    };
    written.set(detail.id, detail);
    return detail;
  }

  const corrected = new Map<string, IncidentDetail>();

  /** `incident_correct` on `base` (the incident as the store holds it). */
  function correct(base: IncidentDetail, c: Record<string, unknown>): IncidentDetail {
    const next: IncidentDetail = { ...base };
    const fields: string[] = [];
    if (c.category != null) next.category = checkedCategory(c.category);
    if (c.description != null) next.description = checkedDescription(c.description);
    if (c.occurred_at != null) next.occurred_at = occurred(String(c.occurred_at));
    if (c.status != null) {
      const status = String(c.status).trim();
      if (!["reported", "verified", "discarded"].includes(status))
        refuse("status", status, "reported, verified or discarded");
      next.status = status;
    }
    const address = c.address == null ? null : String(c.address).trim();
    const point = (c.point as [number, number] | null) ?? null;
    if (point || (address && address !== (base.address ?? ""))) {
      [next.lon, next.lat] = place(point, point ? null : address);
      next.location_precision = point ? "reported" : "exact";
    }
    if (address !== null) next.address = address || null;
    for (const key of Object.keys(next) as (keyof IncidentDetail)[])
      if (next[key] !== base[key]) fields.push(key);
    next.history = [
      ...base.history,
      {
        audit_seq: 500 + corrected.size,
        at: "2025-03-10T10:00:00-03:00",
        actor: "analista",
        action: "incident.edit",
        fields,
      },
    ];
    corrected.set(next.id, next);
    return next;
  }

  return {
    /** How many incidents the captures added to the store. */
    count: () => written.size,
    /** A captured or corrected incident as the store now holds it. */
    detail: (id: string) => corrected.get(id) ?? written.get(id),
    handle(command: string, args: Record<string, unknown>): IncidentDetail | undefined {
      return command === "incident_capture" ? capture(args) : undefined;
    },
    correct,
  };
}
