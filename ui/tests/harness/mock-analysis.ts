// The analysis commands of the mocked backend (see mock-backend.ts), mirroring
// `src-tauri/src/commands/analysis.rs`: a run streams `reading`, `computing` steps and `done` on
// the channel the UI passes (through the mocks' `runCallback`, as the shell's Channel does), then
// answers a small synthetic result for its kind (with how many incidents a map selection held,
// as the view's count says), or the scenario's error; a cancel makes the
// running one answer `cancelled`; an export answers where the file went, and needs a finished
// result for CSV and GeoJSON (`no_analysis`), as the shell does.
import type { FilterArgs, Selection } from "../../src/lib/api";
import type {
  AnalysisKind,
  AnalysisOutcome,
  AnalysisProgress,
  AnalysisRequest,
  GridCell,
} from "../../src/lib/analysis-api";

export interface AnalysisScenario {
  /** Pause between two progress steps, per kind (ms); Knox is slow unless said otherwise. */
  stepMs?: Partial<Record<AnalysisKind, number>>;
  /** A run of this kind fails like this. */
  fail?: Partial<Record<AnalysisKind, { code: string; message: string; details?: object }>>;
}

interface ChannelLike {
  id: number;
}

declare global {
  interface Window {
    __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void };
  }
}

const STEPS = 4;
const BASE = { unlocated: 0, ignored_from: false, selected: null, selection_ignored: false };
const DEFAULT_STEP_MS: Partial<Record<AnalysisKind, number>> = { knox: 2_000 };

function fail(code: string, message: string, details?: object): never {
  throw { code, message, details };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A 4 × 3 grid of 0.004° cells around `[lon, lat]`, its cells numbered row-major from the south. */
function gridCells(center: [number, number]) {
  const size = 0.004;
  const cells = [];
  for (let row = 0; row < 3; row++)
    for (let col = 0; col < 4; col++) {
      const [x, y] = [center[0] + (col - 2) * size, center[1] + (row - 1.5) * size];
      cells.push({
        index: row * 4 + col,
        ring: [
          [x, y],
          [x + size, y],
          [x + size, y + size],
          [x, y + size],
          [x, y],
        ],
      });
    }
  return cells;
}

/** Gi* classes of the twelve cells: a hot corner, a cold one, the rest not significant. */
const CLASSES = [3, 3, 2, 0, 1, 0, 0, -1, 0, 0, -2, -3];

function gridOutcome(kind: "kde" | "hotspots", center: [number, number]): AnalysisOutcome {
  const cells: GridCell[] = gridCells(center).map((c) => {
    const count = 2 + ((c.index * 7) % 11);
    return {
      index: c.index,
      count,
      intensity_per_km2: kind === "kde" ? count * 12.5 : null,
      z: kind === "hotspots" ? CLASSES[c.index] * 1.2 : null,
      p_value: kind === "hotspots" ? 0.2 : null,
      q_value: kind === "hotspots" ? 0.3 : null,
      class: kind === "hotspots" ? CLASSES[c.index] : null,
      class_fdr: kind === "hotspots" ? CLASSES[c.index] : null,
    };
  });
  const layer = {
    type: "FeatureCollection" as const,
    features: gridCells(center).map((c) => ({
      type: "Feature" as const,
      properties: cells[c.index],
      geometry: { type: "Polygon" as const, coordinates: [c.ring] },
    })),
  };
  const result = {
    events: cells.reduce((n, c) => n + c.count, 0),
    outside: 0,
    bandwidth: kind === "kde" ? 412.5 : null,
    grid: { spec: { nx: 4, ny: 3, cell_size: 150 }, cells: cells.map((c) => c.index) },
    cells,
  };
  return { ...BASE, kind, result, layer, unlocated: 3 } as AnalysisOutcome;
}

function knoxOutcome(center: [number, number]): AnalysisOutcome {
  const mc = (ratio: number) => ({
    permutations: 99,
    expected: 10,
    knox_ratio: ratio,
    p_value: 0.01,
  });
  return {
    kind: "knox",
    result: {
      test: {
        n: 410,
        space_pairs: 900,
        time_pairs: 1200,
        observed: 14,
        expected_analytic: 10,
        p_poisson: 0.1,
        monte_carlo: mc(1.4),
      },
      table: {
        spatial: [100],
        temporal: [7],
        cells: [{ observed: 14, monte_carlo: mc(1.4) }],
      },
      chains: [{ events: [{ t: 0 }, { t: 2 }], span_days: 2 }],
    },
    layer: {
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: { events: 2 },
          geometry: {
            type: "LineString",
            coordinates: [center, [center[0] + 0.003, center[1] + 0.002]],
          },
        },
      ],
    },
    ...BASE,
  };
}

function rhythmOutcome(): AnalysisOutcome {
  const counts = Array.from({ length: 7 }, (_, d) =>
    Array.from({ length: 24 }, (_, h) => (d * 3 + h) % 9),
  );
  return {
    kind: "rhythm",
    result: {
      hour_weekday: {
        counts,
        by_weekday: counts.map((r) => r.reduce((a, b) => a + b, 0)),
        by_hour: counts[0].map((_, h) => counts.reduce((n, r) => n + r[h], 0)),
        total: counts.flat().reduce((a, b) => a + b, 0),
      },
      monthly: null,
    },
    layer: null,
    ...BASE,
  };
}

function outcomeOf(request: AnalysisRequest, center: [number, number]): AnalysisOutcome {
  switch (request.kind) {
    case "kde":
    case "hotspots":
      return gridOutcome(request.kind, center);
    case "knox":
      return knoxOutcome(center);
    case "rhythm":
      return rhythmOutcome();
    default:
      return fail("internal", `the mocked backend has no ${request.kind} result`);
  }
}

/** `count(filter, selection)`: how many incidents the view lists for them. */
export function analysisBackend(
  scenario: AnalysisScenario,
  center: [number, number],
  count: (filter: FilterArgs, selection: Selection | null) => number,
) {
  let running = false;
  let cancelRequested = false;
  let last: AnalysisOutcome | null = null;

  async function run(
    request: AnalysisRequest,
    filter: FilterArgs,
    selection: Selection | null,
    channel: ChannelLike,
  ): Promise<AnalysisOutcome> {
    if (running) fail("analysis_running", "an analysis is already running");
    running = true;
    cancelRequested = false;
    let index = 0;
    const send = (message: AnalysisProgress) =>
      window.__TAURI_INTERNALS__.runCallback(channel.id, { index: index++, message });
    const stepMs = scenario.stepMs?.[request.kind] ?? DEFAULT_STEP_MS[request.kind] ?? 100;
    try {
      send({ stage: "reading", done: 0, total: 0 });
      await pause(stepMs);
      for (let done = 0; done < STEPS; done++) {
        if (cancelRequested) fail("cancelled", "cancelled");
        send({ stage: "computing", done, total: STEPS });
        await pause(stepMs);
      }
      if (cancelRequested) fail("cancelled", "cancelled");
      const failure = scenario.fail?.[request.kind];
      if (failure) fail(failure.code, failure.message, failure.details);
      const outcome = {
        ...outcomeOf(request, center),
        selected: selection ? count(filter, selection) : null,
      };
      send({ stage: "done", done: 1, total: 1 });
      last = outcome;
      return outcome;
    } finally {
      running = false;
    }
  }

  function exportResult(format: string, path: string | null, png: string | null) {
    if (format === "png") {
      if (!png?.startsWith("data:image/png;base64,"))
        fail("invalid_argument", "invalid png: expected a PNG data URL", { what: "png" });
    } else if (!last) fail("no_analysis", "no analysis to save yet");
    const kind = last?.kind === "area_hotspots" ? "hotspots" : (last?.kind ?? "mapa");
    const file =
      path ??
      `/home/analista/.local/share/atalaya/exportaciones/analisis-${kind}-20250301T120000Z.${format}`;
    return { path: file, bytes: format === "png" ? Math.floor((png!.length * 3) / 4) : 1234 };
  }

  function handle(command: string, args: Record<string, unknown>): unknown {
    switch (command) {
      case "analysis_run":
        return run(
          args.request as AnalysisRequest,
          (args.filter ?? {}) as FilterArgs,
          (args.selection ?? null) as Selection | null,
          args.onProgress as ChannelLike,
        );
      case "analysis_cancel":
        cancelRequested = running;
        return running;
      case "analysis_export":
        return exportResult(
          String(args.format),
          (args.path as string | null) ?? null,
          (args.png as string | null) ?? null,
        );
      default:
        return undefined;
    }
  }

  return { handle };
}
