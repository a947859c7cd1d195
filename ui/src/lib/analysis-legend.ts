// What the analysis panel draws and how it words numbers: Gi* classes with their colours and
// legend keys, colour ramps for intensities and scores, heat shades for the hour × weekday
// table, CompStat's change and hint, and the Spanish label of a parameter an error names.
// Pure functions, unit-tested in `tests/analysis-logic.test.mjs`.
import type { AppLocale } from "../i18n";
import type { AnalysisOutcome, ForecastLayer } from "./analysis-api";

/** Gi* classes −3 … 3: cold/hot at 99, 95, 90 % (ArcGIS's usual colours), 0 not significant. */
export const GI_CLASSES = [
  { value: 3, color: "#b2182b", key: "analysis.legend.hot99" },
  { value: 2, color: "#ef8a62", key: "analysis.legend.hot95" },
  { value: 1, color: "#fddbc7", key: "analysis.legend.hot90" },
  { value: 0, color: "#f2f2f2", key: "analysis.legend.none" },
  { value: -1, color: "#d1e5f0", key: "analysis.legend.cold90" },
  { value: -2, color: "#67a9cf", key: "analysis.legend.cold95" },
  { value: -3, color: "#2166ac", key: "analysis.legend.cold99" },
] as const;

/** The colour of a Gi* class (an unknown value is "not significant"). */
export function giClassColor(value: number): string {
  return GI_CLASSES.find((c) => c.value === value)?.color ?? GI_CLASSES[3].color;
}

/** How many cells or areas fall in each class, in `GI_CLASSES` order. */
export function giClassCounts(classes: number[]): number[] {
  return GI_CLASSES.map((c) => classes.filter((v) => v === c.value).length);
}

/** A sequential ramp (light yellow → dark red) of `n` colours. */
const RAMP = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"];

/** Breaks for a continuous value: `RAMP.length` equal steps from just above 0 to the maximum. */
export function rampStops(max: number): [number, string][] {
  if (!(max > 0) || !Number.isFinite(max)) return [[0, RAMP[0]]];
  return RAMP.map((color, i) => [(max * (i + 1)) / RAMP.length, color]);
}

/** The largest of `values`, at least 0. A loop: spreading tens of thousands of cells into
 * `Math.max` overflows the engine's argument limit. */
function largest(values: Iterable<number>): number {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** The largest forecast score (the top of the forecast's ramp). */
export function forecastMax(result: ForecastLayer): number {
  return largest(result.cells.map((c) => c.score));
}

/** The largest value a result's ramp spans: KDE intensity or forecast score (0 for the rest). */
export function rampMax(outcome: AnalysisOutcome): number {
  if (outcome.kind === "kde")
    return largest(outcome.result.cells.map((c) => c.intensity_per_km2 ?? 0));
  if (outcome.kind === "forecast") return forecastMax(outcome.result);
  return 0;
}

/** Near-repeat chains' line, the forecast's flagged-cell outline, and the areas' outline. */
export const CHAIN_COLOR = "#7b3294";
export const FLAGGED_OUTLINE_COLOR = "#12324f";
export const AREA_OUTLINE_COLOR = "#5b6b7b";

/** A MapLibre `step` expression over `property`: below the first break `RAMP[0]`, then each
 * break of `rampStops(max)` starts the next colour. */
export function rampExpression(property: string, max: number): unknown[] {
  const stops = rampStops(max);
  const expr: unknown[] = ["step", ["to-number", ["get", property], 0], stops[0][1]];
  for (let i = 0; i + 1 < stops.length; i++) expr.push(stops[i][0], stops[i + 1][1]);
  return expr;
}

/** The shade of a heat-table cell: white at 0, the brand's dark blue at `max`. */
export function heatColor(value: number, max: number): string {
  const share = max > 0 ? Math.min(Math.max(value / max, 0), 1) : 0;
  const mix = (from: number, to: number) => Math.round(from + (to - from) * share);
  // #ffffff → #12324f
  return `rgb(${mix(255, 18)} ${mix(255, 50)} ${mix(255, 79)})`;
}

/** Whether dark text is readable on `heatColor(value, max)`. */
export function heatTextDark(value: number, max: number): boolean {
  return max <= 0 || value / max < 0.55;
}

/** `+12,5 %`, `−40,0 %`, or `s/d` (no base period count) in the locale. */
export function formatChange(percent: number | null, locale: AppLocale): string {
  if (percent === null || !Number.isFinite(percent)) return locale === "en" ? "n/a" : "s/d";
  const text = new Intl.NumberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: "exceptZero",
  }).format(percent);
  return `${text} %`;
}

/** CompStat's significance hint as an arrow ("" when not significant). */
export function hintSymbol(hint: string): string {
  return hint === "Increase" ? "▲" : hint === "Decrease" ? "▼" : "";
}

/** A decimal in the locale with at most `digits` fraction digits; "—" for none. */
export function formatDecimal(value: number | null, locale: AppLocale, digits = 2): string {
  if (value === null || !Number.isFinite(value)) return "—";
  return new Intl.NumberFormat(locale, {
    maximumFractionDigits: digits,
    useGrouping: "always",
  }).format(value);
}

/** The panel field a backend parameter name (`--cell`, `--delta`, …) refers to. */
export function paramKey(what: string | undefined): string {
  const known = [
    "cell",
    "bandwidth",
    "kernel",
    "weights",
    "areas",
    "delta",
    "tau",
    "permutations",
    "coverage",
    "from",
    "to",
    "input",
    "png",
  ];
  const name = (what ?? "").replace(/^--/, "");
  return known.includes(name) ? `analysis.param.${name}` : "analysis.param.other";
}
