// The analysis panel's pure logic (`src/lib/analysis-legend.ts`), loaded through Vite so the
// TypeScript runs as the app runs it: Gi* classes and their counts, colour ramps and the MapLibre
// expression built from them, heat shades, CompStat's change and hint, and which field an
// error's parameter names.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startModuleLoader } from "./support/server.mjs";

let loader;
let lib;

before(async () => {
  loader = await startModuleLoader();
  lib = await loader.load("/src/lib/analysis-legend.ts");
});

after(() => loader?.close());

test("Gi* classes run hot 99 % to cold 99 %, each with its own colour and legend key", () => {
  assert.deepEqual(
    lib.GI_CLASSES.map((c) => c.value),
    [3, 2, 1, 0, -1, -2, -3],
  );
  assert.equal(new Set(lib.GI_CLASSES.map((c) => c.color)).size, 7);
  assert.equal(lib.giClassColor(3), "#b2182b");
  assert.equal(lib.giClassColor(-3), "#2166ac");
  assert.equal(lib.giClassColor(7), lib.giClassColor(0), "unknown → not significant");
  assert.deepEqual(lib.giClassCounts([3, 3, 0, -1, 2, 0, 0]), [2, 1, 0, 3, 1, 0, 0]);
});

test("the ramp's top is the largest value, even over more cells than a call takes arguments", () => {
  const cells = Array.from({ length: 300_000 }, (_, i) => ({
    intensity_per_km2: i % 1000,
    score: i,
  }));
  cells[123_456].intensity_per_km2 = 4321.5;
  assert.equal(lib.rampMax({ kind: "kde", result: { cells } }), 4321.5);
  assert.equal(lib.rampMax({ kind: "forecast", result: { cells } }), 299_999);
  assert.equal(lib.forecastMax({ cells: [] }), 0);
  assert.equal(lib.rampMax({ kind: "knox", result: {} }), 0);
});

test("a ramp has five equal steps up to the maximum, and one colour when nothing is above 0", () => {
  assert.deepEqual(
    lib.rampStops(50).map(([v]) => v),
    [10, 20, 30, 40, 50],
  );
  assert.equal(lib.rampStops(0).length, 1);
  assert.equal(lib.rampStops(Number.NaN).length, 1);
  // step: below 10 the first colour, from 10 the second, …, from 40 the fifth.
  assert.deepEqual(lib.rampExpression("score", 50), [
    "step",
    ["to-number", ["get", "score"], 0],
    "#ffffb2",
    10,
    "#fecc5c",
    20,
    "#fd8d3c",
    30,
    "#f03b20",
    40,
    "#bd0026",
  ]);
});

test("heat shades go from white to the brand's blue, with readable text", () => {
  assert.equal(lib.heatColor(0, 10), "rgb(255 255 255)");
  assert.equal(lib.heatColor(10, 10), "rgb(18 50 79)");
  assert.equal(lib.heatColor(20, 10), "rgb(18 50 79)", "clamped");
  assert.equal(lib.heatColor(3, 0), "rgb(255 255 255)", "an empty table stays white");
  assert.equal(lib.heatTextDark(2, 10), true);
  assert.equal(lib.heatTextDark(9, 10), false);
});

test("CompStat's change reads in the locale, with a sign and 's/d' without a base", () => {
  assert.equal(lib.formatChange(12.5, "es-CL"), "+12,5 %");
  assert.equal(lib.formatChange(-40, "es-CL"), "-40,0 %");
  assert.equal(lib.formatChange(0, "es-CL"), "0,0 %");
  assert.equal(lib.formatChange(null, "es-CL"), "s/d");
  assert.equal(lib.formatChange(null, "en"), "n/a");
  assert.equal(lib.formatChange(7.25, "en"), "+7.3 %");
  assert.equal(lib.hintSymbol("Increase"), "▲");
  assert.equal(lib.hintSymbol("Decrease"), "▼");
  assert.equal(lib.hintSymbol("NoChange"), "");
});

test("an error's parameter names the panel field it is about", () => {
  assert.equal(lib.paramKey("--cell"), "analysis.param.cell");
  assert.equal(lib.paramKey("--delta"), "analysis.param.delta");
  assert.equal(lib.paramKey("coverage"), "analysis.param.coverage");
  assert.equal(lib.paramKey("--nonsense"), "analysis.param.other");
  assert.equal(lib.paramKey(undefined), "analysis.param.other");
  assert.equal(lib.formatDecimal(1234.567, "es-CL"), "1.234,57");
  assert.equal(lib.formatDecimal(null, "es-CL"), "—");
});
