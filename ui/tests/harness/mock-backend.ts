// Test harness: answers the Tauri commands from a scenario the test injects, then starts the app.
// It mirrors the shell's contract (`src-tauri/src/commands/`), not its implementation: view
// answers are synthetic but consistent (a selection of N incidents lists N rows, and so on).
import { mockIPC } from "@tauri-apps/api/mocks";
import { analysisBackend, type AnalysisScenario } from "./mock-analysis";
import { captureBackend } from "./mock-capture";
import { casesBackend, type CasesScenario } from "./mock-cases";
import { importBackend, type ImportScenario } from "./mock-import";
import { linksBackend, type LinksScenario } from "./mock-links";
import { NO_SERVER, syncBackend, type SyncScenario } from "./mock-sync";
import type {
  FilterArgs,
  IncidentDetail,
  MapRequest,
  PageRequest,
  Selection,
  Stats,
  StoreStatus,
  TilesInfo,
  TableRow,
  ViewQuery,
} from "../../src/lib/api";

interface MockView {
  /** Incidents in the store (the table's length with no filter). */
  incidents: number;
}

/** Tiles files the mocked backend knows: a usable one's info, or the error code it is refused with. */
type MockTilesFiles = Record<string, TilesInfo | { error: string; message: string }>;

interface Scenario {
  status: StoreStatus;
  /** The base map in use at start and the files the user may type. */
  baseMap?: { path: string | null; files: MockTilesFiles };
  /** The passphrase that unlocks; absent when the keyring holds the key. */
  passphrase?: string;
  stats: Stats;
  view?: MockView;
  /** Files, profiles and quarantine for the import wizard and the quarantine review. */
  imports?: ImportScenario;
  /** Pairs waiting in the link review. */
  links?: LinksScenario;
  /** Cases and their timelines. */
  cases?: CasesScenario;
  /** The store's sync state; by default no server is configured. */
  sync?: SyncScenario;
  /** How analysis runs behave (pace, failures). */
  analysis?: AnalysisScenario;
}

interface Request {
  command: string;
  payload: Record<string, unknown>;
}

declare global {
  interface Window {
    __ATALAYA_SCENARIO__?: Scenario;
    __ATALAYA_CALLS__: string[];
    __ATALAYA_REQUESTS__: Request[];
    /** Changes a case as another workstation would (`mock-cases.ts`). */
    __atalayaCases: ReturnType<typeof casesBackend>["elsewhere"];
  }
}

const scenario = window.__ATALAYA_SCENARIO__;
if (!scenario) throw new Error("the test must set window.__ATALAYA_SCENARIO__");
const seeded = scenario.view?.incidents ?? scenario.stats.incidents;

let unlocked = scenario.status.unlocked;
const imports = importBackend(scenario.imports ?? { profiles: [], files: {} });
const links = linksBackend(scenario.links ?? { pairs: [] });
const sync = syncBackend(scenario.sync ?? NO_SERVER);
window.__ATALAYA_CALLS__ = [];
window.__ATALAYA_REQUESTS__ = [];

function fail(code: string, message: string): never {
  throw { code, message };
}

const CATEGORIES = scenario.stats.by_category.map((c) => c.code);
/** A cluster this many incidents strong sits at the centre of whatever the map shows. */
const CLUSTER_COUNT = 37;
const CENTER: [number, number] = [-70.611, -33.428];
/** Half the side of the comuna's square (see `areas`). */
const COMUNA_HALF = 0.02;
const capture = captureBackend(
  CATEGORIES,
  [
    CENTER[0] - COMUNA_HALF,
    CENTER[1] - COMUNA_HALF,
    CENTER[0] + COMUNA_HALF,
    CENTER[1] + COMUNA_HALF,
  ],
  {
    "Av. Providencia 1234": [CENTER[0] + 0.002, CENTER[1] + 0.001],
    "Los Leones con Providencia": [CENTER[0] - 0.003, CENTER[1] + 0.002],
  },
);
/** The store's incidents: the scenario's and those captured since. */
const incidentCount = () => seeded + capture.count();
/** Incidents any lasso encloses. */
const LASSO_COUNT = 23;

function square(code: string, name: string, [x, y]: [number, number], r: number) {
  return {
    type: "Feature" as const,
    properties: { code, name },
    geometry: {
      type: "Polygon" as const,
      coordinates: [
        [
          [x - r, y - r],
          [x + r, y - r],
          [x + r, y + r],
          [x - r, y + r],
          [x - r, y - r],
        ],
      ],
    },
  };
}

const collection = (features: ReturnType<typeof square>[]) => ({
  type: "FeatureCollection",
  features,
});

function cellOf(lon: number, lat: number, zoom: number): [number, number] {
  const cells = 8 * 2 ** zoom;
  const x = (lon + 180) / 360;
  const rad = (lat * Math.PI) / 180;
  const y = (1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2;
  return [Math.floor(x * cells), Math.floor(y * cells)];
}

/** How many incidents a filter (and selection) matches, in this synthetic store. */
function totalFor(filter: FilterArgs, selection: Selection | null = null): number {
  if (selection?.kind === "cell") return CLUSTER_COUNT;
  if (selection?.kind === "box") return 12;
  if (selection?.kind === "polygon") return LASSO_COUNT;
  if (selection?.kind === "incidents") return selection.rids.length;
  let n = incidentCount();
  if (filter.categories?.length) n = Math.floor(n / 10) * filter.categories.length;
  if (filter.areas?.length) n = Math.floor(n / 20) * filter.areas.length;
  if (filter.text) n = Math.min(n, 321);
  if (filter.from || filter.to) n = Math.floor(n / 4);
  return n;
}

const analysis = analysisBackend(scenario.analysis ?? {}, CENTER, totalFor);

/** The incident `id` names, as a case's timeline shows it; `null` when the store has none. */
function incidentRecord(id: string) {
  const match = /^0190a000-0000-7000-8000-(\d{12})$/.exec(id);
  if (!match || Number(match[1]) >= seeded) return null;
  const row = rowAt(Number(match[1]), { filter: {}, selection: null });
  const { category, occurred_at, address, description } = row;
  return { category, occurred_at, address, description };
}

// The role the workstation syncs as decides whether it may review, as in the library.
const cases = casesBackend(
  scenario.cases ?? { cases: [] },
  incidentRecord,
  scenario.sync?.status?.role ?? null,
);
window.__atalayaCases = cases.elsewhere;

function rowAt(index: number, query: ViewQuery): TableRow {
  const categories = query.filter.categories?.length ? query.filter.categories : CATEGORIES;
  const category = categories[index % categories.length];
  const rid =
    query.selection?.kind === "incidents" ? query.selection.rids[index] : 1_000_000 + index;
  const day = String(1 + (index % 28)).padStart(2, "0");
  return {
    rid,
    id: `0190a000-0000-7000-8000-${String(index).padStart(12, "0")}`,
    occurred_at: `2025-03-${day}T${String(index % 24).padStart(2, "0")}:15:00-03:00`,
    category: category.includes(".") ? category : `${category}.otro`,
    source: "Demo · Providencia sintética",
    cuadrante: `C${String(1 + (index % 12)).padStart(2, "0")}`,
    barrio: "B01",
    address: `Av. Providencia ${1000 + index}`,
    description: `Incidente número ${index + 1}`,
    lon: CENTER[0] + ((index % 7) - 3) * 0.001,
    lat: CENTER[1] + ((index % 5) - 2) * 0.001,
  };
}

function summary(filter: FilterArgs) {
  const total = totalFor(filter);
  const per = Math.floor(total / Math.max(1, CATEGORIES.length));
  return {
    total,
    by_category: CATEGORIES.map((key) => ({ key, count: per })),
    by_group: scenario!.stats.by_group.map((g) => ({
      key: g.code,
      count: per * CATEGORIES.filter((c) => c.startsWith(`${g.code}.`)).length,
    })),
    by_source: [{ key: "Demo · Providencia sintética", count: total }],
    by_cuadrante: [{ key: "C01", count: Math.floor(total / 12) }],
    days: {
      first_day: "2025-01-01",
      counts: Array.from({ length: 365 }, (_, i) => 5 + ((i * 7) % 11)),
    },
  };
}

function mapLayer(request: MapRequest) {
  const zoom = Math.floor(request.zoom);
  const [w, s, e, n] = request.bbox;
  const [lon, lat] = [(w + e) / 2, (s + n) / 2];
  const [x, y] = cellOf(lon, lat, zoom);
  return {
    grid_zoom: zoom,
    clusters: [{ zoom, x, y, lon, lat, count: CLUSTER_COUNT }],
    points: [{ rid: 42, lon: lon + (e - w) / 4, lat, category: CATEGORIES[0] }],
    in_view: CLUSTER_COUNT + 1,
    unlocated: 0,
  };
}

function page(request: PageRequest) {
  const total = totalFor(request.query.filter, request.query.selection);
  const start = Math.min(request.offset, total);
  const end = Math.min(total, start + Math.min(request.limit, 1000));
  const rows = [];
  for (let i = start; i < end; i++) rows.push(rowAt(i, request.query));
  return { total, offset: start, rows };
}

/** An incident as the library answers it for the user this workstation syncs as: outside a
 * field user's cuadrantes (`sync.cuadrantes`), the detail says so. */
function judged(d: IncidentDetail): IncidentDetail {
  const mine = scenario!.sync?.cuadrantes ?? null;
  const outside = mine !== null && !(d.cuadrante !== null && mine.includes(d.cuadrante));
  return { ...d, outside_jurisdiction: outside ? mine : null };
}

function detail(id: string) {
  const captured = capture.detail(id);
  if (captured) return captured;
  const index = Number(id.slice(-12));
  const row = rowAt(index, { filter: {}, selection: null });
  const sources = links.sourcesOf(id) ?? ["Patrullaje municipal"];
  return {
    ...row,
    occurred_to: null,
    reported_at: null,
    original_category: "Robo por sorpresa",
    accuracy_m: null,
    location_precision: "reported",
    status: "active",
    sensitivity: "normal",
    batch: "patrullaje.csv",
    sources,
    lineage: sources.map((source, n) => ({
      origin: n === 0 ? "patrullaje.csv" : `fuente-${n + 1}.csv`,
      row_number: index + 2,
      content: `PM-${index};01-03-2025;21:15;Robo por sorpresa`,
      status: "accepted",
      source_key: `PM-${index}`,
      profile: "patrullaje_municipal",
      header: ["N° Procedimiento", "Fecha", "Hora", "Tipo Procedimiento"],
      imported_at: "2025-03-02T09:00:00-03:00",
      source,
    })),
    outside_jurisdiction: null,
    history: [
      {
        audit_seq: 7,
        at: "2025-03-02T09:00:00-03:00",
        actor: "analista",
        action: "import",
        fields: ["id", "category"],
      },
    ],
  };
}

const catalog = () => ({
  incidents: incidentCount(),
  groups: scenario!.stats.by_group.map((g) => ({
    code: g.code,
    label_es: g.label_es,
    label_en: g.label_en,
    categories: scenario!.stats.by_category
      .filter((c) => c.group === g.code)
      .map((c) => ({ code: c.code, label_es: c.label_es, label_en: c.label_en })),
  })),
  sources: ["Demo · Providencia sintética"],
  cuadrantes: [
    { code: "C01", name: "Pedro de Valdivia Norte" },
    { code: "C02", name: "Los Leones" },
  ],
  barrios: [{ code: "B01", name: "Barrio Italia" }],
  first_day: "2025-01-01",
  last_day: "2025-12-31",
});

const areas = () => ({
  comuna: collection([square("13123", "Providencia", CENTER, COMUNA_HALF)]),
  cuadrantes: collection([
    square("C01", "Pedro de Valdivia Norte", [CENTER[0] - 0.01, CENTER[1]], 0.01),
    square("C02", "Los Leones", [CENTER[0] + 0.01, CENTER[1]], 0.01),
  ]),
  barrios: collection([square("B01", "Barrio Italia", CENTER, 0.005)]),
});

/** Three cameras around the centre; the first looks east. */
const cameras = () => [
  { code: "CAM-001", lon: CENTER[0] - 0.004, lat: CENTER[1] + 0.003, heading_deg: 90, zone: "C01" },
  {
    code: "CAM-002",
    lon: CENTER[0] + 0.005,
    lat: CENTER[1] - 0.002,
    heading_deg: 180,
    zone: "C02",
  },
  {
    code: "CAM-003",
    lon: CENTER[0] + 0.001,
    lat: CENTER[1] + 0.006,
    heading_deg: null,
    zone: null,
  },
];

/** Two shifts across the comuna; a date range keeps only the first, and says more matched. */
function tracks(filter: FilterArgs) {
  const track = (unit: string, dy: number, start: string, end: string) => ({
    id: `0190b000-0000-7000-8000-00000000000${unit.slice(-1)}`,
    unit,
    started_at: start,
    ended_at: end,
    points: [
      [CENTER[0] - 0.012, CENTER[1] + dy],
      [CENTER[0] - 0.002, CENTER[1] + dy + 0.004],
      [CENTER[0] + 0.012, CENTER[1] + dy],
    ],
  });
  const all = [
    track("M-01", -0.006, "2025-03-02T21:00:00-03:00", "2025-03-03T05:00:00-03:00"),
    track("M-02", 0.008, "2025-03-01T13:00:00-03:00", "2025-03-01T21:00:00-03:00"),
  ];
  const dated = Boolean(filter.from || filter.to);
  const sent = dated ? all.slice(0, 1) : all;
  return {
    tracks: sent,
    matched: dated ? 340 : 2,
    points_in_range: sent.length * 3,
    points_sent: sent.length * 3,
    truncated: dated,
  };
}

let baseMap = {
  path: scenario.baseMap?.path ?? null,
  version: 1,
};

function baseMapStatus() {
  const found = baseMap.path ? scenario!.baseMap?.files[baseMap.path] : undefined;
  const info = found && !("error" in found) ? found : null;
  return {
    path: info ? baseMap.path : null,
    info,
    version: baseMap.version,
    tile_url: info ? `atalayatiles://localhost/${baseMap.version}/{z}/{x}/{y}` : null,
    problem: null,
  };
}

function chooseBaseMap(path: string) {
  const found = scenario!.baseMap?.files[path];
  if (!found) fail("basemap_not_found", `opening ${path}: No such file or directory (os error 2)`);
  if ("error" in found) fail(found.error, found.message);
  baseMap = { path, version: baseMap.version + 1 };
  return baseMapStatus();
}

mockIPC(
  (command, payload) => {
    window.__ATALAYA_CALLS__.push(command);
    const args = (payload ?? {}) as Record<string, unknown>;
    window.__ATALAYA_REQUESTS__.push({ command, payload: JSON.parse(JSON.stringify(args)) });
    // As in the shell: the base map's status is the app's, not the store's, and is read
    // before the store is unlocked (the map starts while the unlock screen waits).
    const beforeUnlock = ["store_status", "unlock", "base_map_status"];
    if (!beforeUnlock.includes(command) && !unlocked) fail("store_locked", "store locked");
    switch (command) {
      case "store_status":
        return { ...scenario.status, unlocked };
      case "unlock": {
        const given = (payload as { passphrase: string | null }).passphrase;
        if (scenario.passphrase !== undefined && given === null)
          fail("passphrase_required", "passphrase required");
        if (scenario.passphrase !== undefined && given !== scenario.passphrase)
          fail("wrong_passphrase", "wrong passphrase");
        unlocked = true;
        return null;
      }
      case "stats":
        return { ...scenario.stats, incidents: incidentCount() };
      case "view_catalog":
        return catalog();
      case "view_areas":
        return areas();
      case "view_summary":
        return summary(args.filter as FilterArgs);
      case "view_map":
        return mapLayer(args.request as MapRequest);
      case "view_page":
        return page(args.request as PageRequest);
      case "incident_detail":
        return judged(detail(args.id as string) as IncidentDetail);
      case "incident_correct":
        return judged(
          capture.correct(
            detail(args.id as string) as IncidentDetail,
            args.correction as Record<string, unknown>,
          ),
        );
      case "incident_capture":
        return judged(capture.handle(command, args) as IncidentDetail);
      case "overlay_cameras":
        return cameras();
      case "overlay_tracks":
        return tracks(args.filter as FilterArgs);
      case "base_map_status":
        return baseMapStatus();
      case "base_map_choose":
        return chooseBaseMap(String(args.path).trim());
      case "base_map_clear":
        baseMap = { path: null, version: baseMap.version + 1 };
        return baseMapStatus();
      default: {
        let answer = imports(command, args);
        if (answer === undefined) answer = links.handle(command, args);
        if (answer === undefined) answer = cases.handle(command, args);
        if (answer === undefined) answer = sync.handle(command, args);
        if (answer === undefined) answer = analysis.handle(command, args);
        if (answer === undefined) answer = capture.handle(command, args);
        if (answer === undefined) fail("unknown_command", command);
        return answer;
      }
    }
  },
  { shouldMockEvents: true },
);

await import("../../src/main");

// For the tests of how the backend's English "expected" texts are worded in the UI's language.
const { get } = await import("svelte/store");
const { _ } = await import("svelte-i18n");
const { expectedText } = await import("../../src/components/import/expected");
(window as unknown as { __atalayaExpected: (raw: string) => string }).__atalayaExpected = (raw) =>
  expectedText(get(_), raw);
