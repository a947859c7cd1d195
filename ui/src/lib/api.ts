// The one typed mirror of the Tauri commands in `src-tauri/src/commands/`.
// Every call to the backend goes through here; components never call `invoke` themselves.
import { invoke, type InvokeArgs } from "@tauri-apps/api/core";
import type { FeatureCollection } from "geojson";

/** Where the store is and whether it can be read yet (`store_status`). */
export interface StoreStatus {
  path: string;
  exists: boolean;
  needs_passphrase: boolean;
  unlocked: boolean;
}

export interface CategoryCount {
  code: string;
  group: string;
  label_es: string;
  label_en: string;
  count: number;
}

export interface GroupCount {
  code: string;
  label_es: string;
  label_en: string;
  count: number;
}

export interface AreaCount {
  code: string;
  name: string;
  count: number;
}

export interface SourceCount {
  name: string;
  kind: string;
  count: number;
}

/** Aggregate counts over the whole store (`stats`), as `atalaya::Stats` serializes. */
export interface Stats {
  incidents: number;
  first_occurred: string | null;
  last_occurred: string | null;
  by_category: CategoryCount[];
  by_group: GroupCount[];
  by_cuadrante: AreaCount[];
  by_source: SourceCount[];
}

/** The filter panel's state as the backend reads it (`atalaya::FilterArgs`). */
export interface FilterArgs {
  /** Inclusive, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (America/Santiago). */
  from?: string | null;
  /** Exclusive, same forms. */
  to?: string | null;
  categories?: string[];
  sources?: string[];
  areas?: string[];
  bbox?: string | null;
  text?: string | null;
}

/** Incidents picked on the map, on top of the filter. */
export type Selection =
  | { kind: "cell"; zoom: number; x: number; y: number }
  | { kind: "box"; bbox: [number, number, number, number] }
  /** A lasso: `[lon, lat]` vertices, open or closed; edges included. */
  | { kind: "polygon"; ring: [number, number][] }
  | { kind: "incidents"; rids: number[] };

export interface ViewQuery {
  filter: FilterArgs;
  selection: Selection | null;
}

export interface CatalogCategory {
  code: string;
  label_es: string;
  label_en: string;
}

export interface CatalogGroup extends CatalogCategory {
  categories: CatalogCategory[];
}

export interface AreaOption {
  code: string;
  name: string;
}

/** What the filter panel can offer (`view_catalog`). */
export interface ViewCatalog {
  incidents: number;
  groups: CatalogGroup[];
  sources: string[];
  cuadrantes: AreaOption[];
  barrios: AreaOption[];
  first_day: string | null;
  last_day: string | null;
}

export interface KeyCount {
  key: string;
  count: number;
}

/** Counts over the filtered incidents (`view_summary`). */
export interface ViewSummary {
  total: number;
  by_category: KeyCount[];
  by_group: KeyCount[];
  by_source: KeyCount[];
  by_cuadrante: KeyCount[];
  /** Incidents per day from `first_day`, ignoring the filter's own dates. */
  days: { first_day: string | null; counts: number[] };
}

/** GeoJSON feature collections of the store's areas (`view_areas`). */
export interface AreaLayers {
  comuna: FeatureCollection;
  cuadrantes: FeatureCollection;
  barrios: FeatureCollection;
}

export interface MapRequest {
  filter: FilterArgs;
  bbox: [number, number, number, number];
  zoom: number;
}

export interface Cluster {
  zoom: number;
  x: number;
  y: number;
  lon: number;
  lat: number;
  count: number;
}

export interface MapPoint {
  rid: number;
  lon: number;
  lat: number;
  category: string;
}

/** What the map draws for a viewport (`view_map`). */
export interface MapLayer {
  grid_zoom: number;
  clusters: Cluster[];
  points: MapPoint[];
  in_view: number;
  unlocated: number;
}

/** A CCTV camera (`overlay_cameras`). */
export interface CameraOut {
  code: string;
  lon: number;
  lat: number;
  /** Where it looks, degrees clockwise from north. */
  heading_deg: number | null;
  zone: string | null;
}

/** A patrol track cut to the filter's dates and simplified. */
export interface TrackOut {
  id: string;
  unit: string;
  started_at: string;
  ended_at: string;
  points: [number, number][];
}

/** The patrol tracks within the filter's dates (`overlay_tracks`), capped by the backend. */
export interface TrackLayer {
  tracks: TrackOut[];
  /** Tracks overlapping the dates in the store (more than `tracks` when `truncated`). */
  matched: number;
  points_in_range: number;
  points_sent: number;
  truncated: boolean;
}

export type SortColumn = "occurred_at" | "category" | "source" | "cuadrante" | "barrio";

export interface SortSpec {
  column: SortColumn;
  descending: boolean;
}

export interface PageRequest {
  query: ViewQuery;
  sort: SortSpec;
  offset: number;
  limit: number;
}

export interface TableRow {
  rid: number;
  id: string;
  occurred_at: string;
  category: string;
  source: string | null;
  cuadrante: string | null;
  barrio: string | null;
  address: string | null;
  description: string;
  lon: number | null;
  lat: number | null;
}

/** Rows `offset..offset + rows.length` of `total` (`view_page`). */
export interface TablePage {
  total: number;
  offset: number;
  rows: TableRow[];
}

export interface LineageRow {
  origin: string;
  row_number: number;
  content: string;
  status: string;
  source_key: string | null;
  profile: string | null;
  header: string[];
  imported_at: string;
  /** The source the file came from. */
  source: string;
}

export interface HistoryRow {
  audit_seq: number;
  at: string;
  actor: string;
  action: string;
  fields: string[];
}

/** One incident in full (`incident_detail`). */
export interface IncidentDetail {
  rid: number;
  id: string;
  occurred_at: string;
  occurred_to: string | null;
  reported_at: string | null;
  category: string;
  original_category: string | null;
  description: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  accuracy_m: number | null;
  /** Where the point comes from: `reported`, or geocoded (`exact`, `interpolated`,
   * `street_only`). */
  location_precision: string | null;
  cuadrante: string | null;
  barrio: string | null;
  status: string;
  sensitivity: string;
  source: string | null;
  batch: string | null;
  /** The sources of its input rows, first import first: several once records were linked. */
  sources: string[];
  lineage: LineageRow[];
  history: HistoryRow[];
  /** The cuadrantes of the user this workstation syncs as, when the server limits them to some
   * and this incident lies outside them (the server will refuse it and changes to it). */
  outside_jurisdiction: string[] | null;
}

/** What a tiles file holds (`atalaya::TilesInfo`). */
export interface TilesInfo {
  format: "pmtiles" | "mbtiles";
  min_zoom: number;
  max_zoom: number;
  bounds: [number, number, number, number] | null;
  center: [number, number] | null;
  tile_count: number;
  compression: string;
  layers: string[];
  name: string | null;
  bytes: number;
}

/** The offline base map in use (`base_map_status`, `base_map_choose`, `base_map_clear`). */
export interface BaseMapStatus {
  /** The tiles file, or `null` for the plain background. */
  path: string | null;
  info: TilesInfo | null;
  version: number;
  /** MapLibre's tile URL template (the shell's `atalayatiles` protocol), when there is a file. */
  tile_url: string | null;
  /** The saved file that could not be opened when the app started. */
  problem: { path: string; code: string; message: string } | null;
}

/** Codes the UI reacts to; others are shown as an unexpected error. */
export const KNOWN_ERROR_CODES = [
  "wrong_passphrase",
  "passphrase_required",
  "store_not_found",
  "keyring_unavailable",
  "key_not_in_keyring",
  "keyring_failed",
  "key_file_damaged",
  "wrong_key",
  "schema_too_new",
  "store_locked",
  "invalid_argument",
  "not_found",
  "empty_file",
  "profile_mismatch",
  "invalid_profile",
  "bad_file",
  "io",
  "cancelled",
  "import_running",
  "cannot_accept",
  "analysis_running",
  "no_analysis",
  "unreachable",
  "please_update",
  "server_too_old",
  "not_registered",
  "no_server",
  "refused",
  "fingerprint",
  "bad_answer",
  "already_resolved",
  "case_state",
  "role_required",
] as const;
export type KnownErrorCode = (typeof KNOWN_ERROR_CODES)[number];

/** A command failure: `code` is stable and meant for `switch`; `message` is for people. */
export class ApiError extends Error {
  readonly code: string;
  /** Facts the message is worded around (`header`, `column`, `file`, `row`), when given. */
  readonly details: Record<string, string>;

  constructor(code: string, message: string, details: Record<string, string> = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.details = details;
  }

  isKnown(): this is ApiError & { code: KnownErrorCode } {
    return (KNOWN_ERROR_CODES as readonly string[]).includes(this.code);
  }
}

/** Any failure as an `ApiError`: a command's is already one; anything else is `internal`. */
export function toApiError(raw: unknown): ApiError {
  if (raw instanceof ApiError) return raw;
  if (typeof raw === "object" && raw !== null && "code" in raw) {
    const { code, message, details } = raw as {
      code: unknown;
      message?: unknown;
      details?: Record<string, string>;
    };
    return new ApiError(String(code), String(message ?? ""), details ?? {});
  }
  return new ApiError("internal", raw instanceof Error ? raw.message : String(raw));
}

export async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw toApiError(raw);
  }
}

export const api = {
  storeStatus: (): Promise<StoreStatus> => call("store_status"),
  /** `null` lets the shell use the keyring or `ATALAYA_PASSPHRASE`. */
  unlock: (passphrase: string | null): Promise<void> => call("unlock", { passphrase }),
  stats: (): Promise<Stats> => call("stats"),
  viewCatalog: (): Promise<ViewCatalog> => call("view_catalog"),
  viewAreas: (): Promise<AreaLayers> => call("view_areas"),
  /** `generation`: newer requests on the same channel make older ones `superseded`. */
  viewSummary: (filter: FilterArgs, generation: number): Promise<ViewSummary> =>
    call("view_summary", { filter, generation }),
  viewMap: (request: MapRequest, generation: number): Promise<MapLayer> =>
    call("view_map", { request, generation }),
  viewPage: (request: PageRequest, generation: number): Promise<TablePage> =>
    call("view_page", { request, generation }),
  incidentDetail: (id: string, generation: number): Promise<IncidentDetail> =>
    call("incident_detail", { id, generation }),
  overlayCameras: (): Promise<CameraOut[]> => call("overlay_cameras"),
  /** Only the filter's dates apply to tracks. */
  overlayTracks: (filter: FilterArgs, generation: number): Promise<TrackLayer> =>
    call("overlay_tracks", { filter, generation }),
  baseMapStatus: (): Promise<BaseMapStatus> => call("base_map_status"),
  /** Validated first: a file that is not usable is an error and the previous map stays. */
  baseMapChoose: (path: string): Promise<BaseMapStatus> => call("base_map_choose", { path }),
  baseMapClear: (): Promise<BaseMapStatus> => call("base_map_clear"),
};
