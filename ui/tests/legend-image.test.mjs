// What the exported PNG's legend says (`src/lib/legend-image.ts`'s `legendContent`), loaded
// through Vite as the app runs it, worded with the real catalogues: the analysis and its
// parameters, the colour rows the map draws (from `analysis-legend.ts`), the filter's dates
// (the backend's exclusive end shown as the last day) and the credit line, in both languages.
// How it is painted is checked on a real export in `analysis.test.mjs`.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { startModuleLoader } from "./support/server.mjs";

const uiRoot = fileURLToPath(new URL("..", import.meta.url));
let loader;
let lib;
let legend;

before(async () => {
  loader = await startModuleLoader();
  lib = await loader.load("/src/lib/legend-image.ts");
  legend = await loader.load("/src/lib/analysis-legend.ts");
});

after(() => loader?.close());

/** The catalogue's message for `key` with its `{placeholders}` and `one`/`other` plurals filled. */
function translator(locale) {
  const messages = JSON.parse(readFileSync(`${uiRoot}/src/i18n/${locale}.json`, "utf8"));
  return (key, options = {}) => {
    const message = key.split(".").reduce((m, part) => m?.[part], messages);
    assert.equal(typeof message, "string", `${locale} has ${key}`);
    return message
      .replace(/\{(\w+), plural, one \{([^}]*)\} other \{([^}]*)\}\}/g, (_, name, one, other) =>
        options.values?.[name] === 1 ? one : other,
      )
      .replace(/\{(\w+)\}/g, (_, name) => String(options.values?.[name]));
  };
}

const TODAY = new Date("2025-04-02T15:00:00Z");
const MARCH = { from: "2025-03-01", to: "2025-04-01" };

const cell = (index, extra) => ({
  index,
  count: 4,
  intensity_per_km2: null,
  z: null,
  p_value: null,
  q_value: null,
  class: null,
  class_fdr: null,
  ...extra,
});

const grid = (cells) => ({
  events: 40,
  outside: 0,
  bandwidth: 412.4,
  grid: { spec: { nx: 2, ny: 1, cell_size: 150 }, cells: [0, 1] },
  cells,
});

const base = {
  layer: null,
  unlocated: 0,
  ignored_from: false,
  selected: null,
  selection_ignored: false,
};

function check(run, locale, expected) {
  const content = lib.legendContent(run, translator(locale), locale, TODAY);
  assert.deepEqual(content, expected);
}

test("Gi*: the seven classes in the map's colours, the weights, FDR and the filter's dates", () => {
  check(
    {
      outcome: { ...base, kind: "hotspots", result: grid([cell(0, { class: 3, class_fdr: 2 })]) },
      request: { kind: "hotspots", cell: 150, weights: "distance:300", areas: null },
      filter: MARCH,
      fdr: true,
    },
    "es-CL",
    {
      title: "Puntos calientes Gi*",
      params: ["Celdas de 150 m · vecindad: banda de distancia 300 m", "Clases con corrección FDR"],
      heading: null,
      entries: legend.GI_CLASSES.map((c, i) => ({
        color: c.color,
        label: [
          "Punto caliente, 99 % de confianza",
          "Punto caliente, 95 %",
          "Punto caliente, 90 %",
          "No significativo",
          "Punto frío, 90 %",
          "Punto frío, 95 %",
          "Punto frío, 99 % de confianza",
        ][i],
        mark: "fill",
      })),
      dates: "Incidentes del 1 mar 2025 al 31 mar 2025",
      selection: null,
      credit: "Atalaya · 2 abr 2025",
    },
  );
});

test("Gi* on areas without FDR, in English, from a start date only", () => {
  const content = lib.legendContent(
    {
      outcome: {
        ...base,
        kind: "area_hotspots",
        result: { level: "cuadrante", events: 9, areas: [] },
      },
      request: { kind: "hotspots", cell: 150, weights: "knn:8", areas: "cuadrante" },
      filter: { from: "2025-03-01" },
      fdr: false,
    },
    translator("en"),
    "en",
    TODAY,
  );
  assert.equal(content.title, "Hot spots (Gi*)");
  assert.deepEqual(content.params, [
    "By cuadrantes · weights: k nearest neighbours, k = 8",
    "Classes without FDR correction (p-values)",
  ]);
  assert.equal(content.entries[0].label, "Hot spot, 99 % confidence");
  assert.equal(content.dates, "Incidents from Mar 1, 2025");
  assert.equal(content.credit, "Atalaya · Apr 2, 2025");
});

test("KDE: the intensity ramp up to the largest cell, as the map colours it", () => {
  check(
    {
      outcome: {
        ...base,
        kind: "kde",
        result: grid([cell(0, { intensity_per_km2: 20 }), cell(1, { intensity_per_km2: 100 })]),
      },
      request: { kind: "kde", cell: 150, bandwidth: "silverman", kernel: "quartic" },
      filter: { to: "2025-04-01" },
      fdr: true,
    },
    "es-CL",
    {
      title: "Densidad KDE",
      params: ["Celdas de 150 m · ancho de banda 412 m · núcleo cuártico"],
      heading: "Intensidad (incidentes por km²)",
      entries: legend.rampStops(100).map(([value, color]) => ({
        color,
        label: `hasta ${value}`,
        mark: "fill",
      })),
      dates: "Incidentes hasta el 31 mar 2025",
      selection: null,
      credit: "Atalaya · 2 abr 2025",
    },
  );
});

test("Knox: the chains' line and the limits as typed; no filter dates: all dates", () => {
  const content = lib.legendContent(
    {
      outcome: {
        ...base,
        kind: "knox",
        result: { test: {}, table: { spatial: [], temporal: [], cells: [] }, chains: [] },
      },
      request: { kind: "knox", delta: "100,200", tau: "7, 14", permutations: 999, seed: 1 },
      filter: {},
      fdr: true,
    },
    translator("es-CL"),
    "es-CL",
    TODAY,
  );
  assert.equal(content.title, "Casi-repetición Knox");
  assert.deepEqual(content.params, [
    "δ 100, 200 m · τ 7, 14 días",
    "999 permutaciones de Monte Carlo",
  ]);
  assert.deepEqual(content.entries, [
    { color: legend.CHAIN_COLOR, label: "Cadena de casi-repetición", mark: "line" },
  ]);
  assert.equal(content.dates, "Incidentes de todas las fechas");
  assert.equal(content.selection, null);
});

test("a run on a map selection says how many incidents it held, in both languages", () => {
  const run = (selected) => ({
    outcome: { ...base, kind: "rhythm", result: {}, selected },
    request: { kind: "rhythm" },
    filter: {},
    fdr: true,
  });
  const es = (selected) =>
    lib.legendContent(run(selected), translator("es-CL"), "es-CL", TODAY).selection;
  assert.equal(es(1234), "Selección del mapa: 1.234 incidentes");
  assert.equal(es(1), "Selección del mapa: 1 incidente");
  assert.equal(
    lib.legendContent(run(37), translator("en"), "en", TODAY).selection,
    "Map selection: 37 incidents",
  );
});

test("forecast: the score ramp and the flagged cells' outline; rhythms: no colour rows", () => {
  const forecast = lib.legendContent(
    {
      outcome: {
        ...base,
        kind: "forecast",
        result: {
          start: 0,
          cells: [{ index: 0, score: 5, rank: 1, flagged: true }],
          evaluation: {},
        },
      },
      request: { kind: "forecast", cell: 200, bandwidth: 400, weeks: 8, coverage: 5 },
      filter: {},
      fdr: true,
    },
    translator("es-CL"),
    "es-CL",
    TODAY,
  );
  assert.deepEqual(forecast.params, [
    "Celdas de 200 m · ancho de banda 400 m",
    "5 % de las celdas marcadas",
  ]);
  assert.equal(forecast.heading, "Puntaje prospectivo");
  assert.equal(forecast.entries.length, 6);
  assert.deepEqual(forecast.entries[5], {
    color: legend.FLAGGED_OUTLINE_COLOR,
    label: "Celda marcada para la próxima semana",
    mark: "outline",
  });
  const rhythm = lib.legendContent(
    {
      outcome: { ...base, kind: "rhythm", result: {} },
      request: { kind: "rhythm" },
      filter: {},
      fdr: true,
    },
    translator("es-CL"),
    "es-CL",
    TODAY,
  );
  assert.equal(rhythm.title, "Ritmos");
  assert.deepEqual([rhythm.params, rhythm.heading, rhythm.entries], [[], null, []]);
});
