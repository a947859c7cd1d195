// The analysis panel's half of the typed mirror of the Tauri commands
// (`src-tauri/src/commands/analysis.rs`); the rest is in `api.ts`, whose `call` it uses.
import { Channel } from "@tauri-apps/api/core";
import type { FeatureCollection } from "geojson";
import { call, type FilterArgs, type Selection } from "./api";

/** What to run (`atalaya::analysis::panel::AnalysisRequest`): `atalaya analyse`'s flags. */
export type AnalysisRequest =
  | { kind: "kde"; cell: number; bandwidth: string; kernel: "quartic" | "gaussian" }
  | { kind: "hotspots"; cell: number; weights: string; areas: "cuadrante" | "barrio" | null }
  | { kind: "knox"; delta: string; tau: string; permutations: number; seed: number }
  | { kind: "rhythm" }
  | { kind: "compstat" }
  | { kind: "forecast"; cell: number; bandwidth: number; weeks: number; coverage: number };

export type AnalysisKind = AnalysisRequest["kind"];

/** Where a run is (`AnalysisProgress`): `total` 0 when the stage cannot be measured. */
export interface AnalysisProgress {
  stage: "reading" | "computing" | "done";
  done: number;
  total: number;
}

export interface GridCell {
  index: number;
  count: number;
  intensity_per_km2: number | null;
  z: number | null;
  p_value: number | null;
  q_value: number | null;
  class: number | null;
  class_fdr: number | null;
}

export interface GridLayer {
  events: number;
  outside: number;
  bandwidth: number | null;
  grid: { spec: { nx: number; ny: number; cell_size: number }; cells: number[] };
  cells: GridCell[];
}

export interface AreaHotSpot {
  code: string;
  name: string;
  count: number;
  z: number;
  p_value: number;
  q_value: number;
  class: number;
  class_fdr: number;
}

export interface AreaHotSpots {
  level: "cuadrante" | "barrio";
  events: number;
  areas: AreaHotSpot[];
}

export interface MonteCarlo {
  permutations: number;
  expected: number;
  knox_ratio: number | null;
  p_value: number;
}

export interface NearRepeat {
  test: {
    n: number;
    space_pairs: number;
    time_pairs: number;
    observed: number;
    expected_analytic: number;
    p_poisson: number;
    monte_carlo: MonteCarlo | null;
  };
  table: {
    spatial: number[];
    temporal: number[];
    cells: { observed: number; monte_carlo: MonteCarlo }[];
  };
  chains: { events: { t: number }[]; span_days: number }[];
}

export interface MonthRow {
  year: number;
  month: number;
  count: number;
  moving_average: number | null;
  deseasonalised: number | null;
  trend: number;
}

export interface Rhythm {
  hour_weekday: { counts: number[][]; by_weekday: number[]; by_hour: number[]; total: number };
  monthly: {
    months: MonthRow[];
    seasonal_index: number[] | null;
    trend: { slope: number; percent_per_year: number | null };
  } | null;
}

export interface Comparison {
  current: number;
  previous: number;
  percent_change: number | null;
  p_value: number;
  hint: "Increase" | "Decrease" | "NoChange";
}

export interface CompStatRow {
  code: string;
  label: string;
  comparisons: Comparison[];
}

export interface CompStatReport {
  periods: {
    name: "week" | "28d" | "ytd";
    current: [string, string];
    previous: [string, string];
  }[];
  total: Comparison[];
  by_category: CompStatRow[];
  by_cuadrante: CompStatRow[];
}

export interface ScoreMean {
  hit_rate: number | null;
  pai: number | null;
  pei: number | null;
  weeks: number;
}

export interface ForecastLayer {
  start: number;
  cells: { index: number; score: number; rank: number; flagged: boolean }[];
  evaluation: {
    params: { coverage: number; weeks: number; bandwidth: number };
    weeks: {
      start: number;
      prospective: {
        events: number;
        hit_rate: number | null;
        pai: number | null;
        pei: number | null;
      };
      baseline: { events: number; hit_rate: number | null; pai: number | null; pei: number | null };
    }[];
    prospective_mean: ScoreMean;
    baseline_mean: ScoreMean;
  };
}

interface OutcomeBase {
  /** The map layer in WGS84, for the analyses that are layers. */
  layer: FeatureCollection | null;
  unlocated: number;
  /** CompStat set its own periods and did not use the filter's start date. */
  ignored_from: boolean;
  /** How many incidents the map selection held within the filter, when the run was on one. */
  selected: number | null;
  /** A selection was given, but Gi* on areas and CompStat read the rollup: the whole filter. */
  selection_ignored: boolean;
}

/** A finished analysis (`AnalysisOutcome`), tagged by `kind`. */
export type AnalysisOutcome = OutcomeBase &
  (
    | { kind: "kde"; result: GridLayer }
    | { kind: "hotspots"; result: GridLayer }
    | { kind: "area_hotspots"; result: AreaHotSpots }
    | { kind: "knox"; result: NearRepeat }
    | { kind: "rhythm"; result: Rhythm }
    | { kind: "compstat"; result: CompStatReport }
    | { kind: "forecast"; result: ForecastLayer }
  );

export type ExportFormat = "csv" | "geojson" | "png";

/** Where a file was saved (`Saved`). */
export interface Saved {
  path: string;
  bytes: number;
}

export const analysisApi = {
  /** One run at a time: another while one runs is `analysis_running`; a cancel is `cancelled`.
   * With a `selection`, only the incidents of the map selection within the filter (as the table
   * lists them). */
  run: (
    request: AnalysisRequest,
    filter: FilterArgs,
    selection: Selection | null,
    onProgress: (p: AnalysisProgress) => void,
  ): Promise<AnalysisOutcome> => {
    const channel = new Channel<AnalysisProgress>();
    channel.onmessage = onProgress;
    return call("analysis_run", { request, filter, selection, onProgress: channel });
  },
  /** Stops the running analysis; whether one was running. */
  cancel: (): Promise<boolean> => call("analysis_cancel"),
  /** Saves the last result (csv, geojson) or `png`, a data URL of the map view. No `path`: the
   * store's `exportaciones/` folder. */
  export: (format: ExportFormat, path: string | null, png: string | null = null): Promise<Saved> =>
    call("analysis_export", { format, path, png }),
};
