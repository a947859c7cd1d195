// The legend painted onto the exported PNG of the map, so the image says what it shows once it
// leaves the app: the analysis and its main parameters, its colour classes (from
// `analysis-legend.ts`, as the map draws them), the filter's dates, the map selection it ran on
// and an "Atalaya" credit line.
// `legendContent` words it (pure: the caller passes its translator and locale); `drawLegend`
// paints it in a box in the lower-left corner of a 2D context; `mapWithLegend` composes the map
// canvas and the legend on a new canvas at the map's pixel ratio.
import type { AppLocale } from "../i18n";
import type { AnalysisOutcome, AnalysisRequest } from "./analysis-api";
import type { FilterArgs } from "./api";
import {
  CHAIN_COLOR,
  FLAGGED_OUTLINE_COLOR,
  formatDecimal,
  GI_CLASSES,
  rampMax,
  rampStops,
} from "./analysis-legend";
import { addDays } from "./filters";
import { formatCount, formatPlainDay } from "./format";

/** svelte-i18n's `$_`, or anything that words a key the same way. */
export type Translate = (
  key: string,
  options?: { values?: Record<string, string | number> },
) => string;

/** What a run was: its result and what it ran with (the panel's inputs at the time). */
export interface LegendRun {
  outcome: AnalysisOutcome;
  request: AnalysisRequest;
  filter: FilterArgs;
  /** Gi*: classes from the FDR q-values. */
  fdr: boolean;
}

/** One legend row: a filled swatch, a line, or an outlined empty swatch. */
export interface LegendEntry {
  color: string;
  label: string;
  mark: "fill" | "line" | "outline";
}

export interface LegendContent {
  title: string;
  /** The main parameters, one short line each. */
  params: string[];
  /** What the colours measure ("Intensidad …"), when the entries need saying. */
  heading: string | null;
  entries: LegendEntry[];
  /** The filter's dates. */
  dates: string;
  /** How many incidents of the map selection the analysis ran on, when it ran on one. */
  selection: string | null;
  credit: string;
}

function datesLine(filter: FilterArgs, t: Translate, locale: AppLocale): string {
  const day = (d: string) => formatPlainDay(d, locale);
  const from = filter.from ? day(filter.from) : null;
  // The backend's `to` is exclusive: the last day shown is the day before.
  const to = filter.to
    ? day(/^\d{4}-\d{2}-\d{2}$/.test(filter.to) ? addDays(filter.to, -1) : filter.to)
    : null;
  if (from && to) return t("analysis.png.dates", { values: { from, to } });
  if (from) return t("analysis.png.since", { values: { from } });
  if (to) return t("analysis.png.until", { values: { to } });
  return t("analysis.png.allDates");
}

function paramLines(run: LegendRun, t: Translate, locale: AppLocale): string[] {
  const { outcome, request } = run;
  const count = (n: number) => formatCount(n, locale);
  const lower = (s: string) => s.toLocaleLowerCase(locale);
  const list = (s: string) =>
    s
      .split(",")
      .map((v) => v.trim())
      .join(", ");
  const cellOf = (size: number) => t("analysis.png.cell", { values: { size: count(size) } });
  const fdr = t(run.fdr ? "analysis.png.fdrOn" : "analysis.png.fdrOff");
  switch (request.kind) {
    case "kde": {
      const h = outcome.kind === "kde" ? outcome.result.bandwidth : null;
      return [
        [
          cellOf(request.cell),
          t("analysis.grid.bandwidth", { values: { h: formatDecimal(h, locale, 0) } }),
          t("analysis.png.kernel", {
            values: { kernel: lower(t(`analysis.kernel.${request.kernel}`)) },
          }),
        ].join(" · "),
      ];
    }
    case "hotspots": {
      const [name, value] = request.weights.split(":");
      const label = lower(t(`analysis.weights.${name}`));
      const weights =
        name === "distance"
          ? `${label} ${value} m`
          : name === "knn"
            ? `${label}, k = ${value}`
            : label;
      const unit = request.areas
        ? t("analysis.png.byArea", {
            values: { level: lower(t(`analysis.units.${request.areas}`)) },
          })
        : cellOf(request.cell);
      return [[unit, t("analysis.png.weights", { values: { weights } })].join(" · "), fdr];
    }
    case "knox":
      return [
        t("analysis.png.knox", {
          values: { delta: list(request.delta), tau: list(request.tau) },
        }),
        t("analysis.png.permutations", {
          values: { permutations: count(request.permutations) },
        }),
      ];
    case "forecast":
      return [
        [
          cellOf(request.cell),
          t("analysis.grid.bandwidth", { values: { h: count(request.bandwidth) } }),
        ].join(" · "),
        t("analysis.png.coverage", {
          values: { coverage: formatDecimal(request.coverage, locale, 1) },
        }),
      ];
    default:
      return [];
  }
}

/** The legend's texts and colour rows for `run`, in the translator's language. */
export function legendContent(
  run: LegendRun,
  t: Translate,
  locale: AppLocale,
  today: Date = new Date(),
): LegendContent {
  const { outcome } = run;
  const kind = outcome.kind === "area_hotspots" ? "hotspots" : outcome.kind;
  let heading: string | null = null;
  let entries: LegendEntry[] = [];
  if (outcome.kind === "hotspots" || outcome.kind === "area_hotspots") {
    entries = GI_CLASSES.map((c) => ({ color: c.color, label: t(c.key), mark: "fill" }));
  } else if (outcome.kind === "kde" || outcome.kind === "forecast") {
    const digits = outcome.kind === "kde" ? 0 : 1;
    heading = t(outcome.kind === "kde" ? "analysis.legend.intensity" : "analysis.legend.score");
    entries = rampStops(rampMax(outcome)).map(([value, color]) => ({
      color,
      label: t("analysis.legend.upTo", { values: { value: formatDecimal(value, locale, digits) } }),
      mark: "fill",
    }));
    if (outcome.kind === "forecast")
      entries.push({
        color: FLAGGED_OUTLINE_COLOR,
        label: t("analysis.legend.flagged"),
        mark: "outline",
      });
  } else if (outcome.kind === "knox") {
    entries = [{ color: CHAIN_COLOR, label: t("analysis.png.chain"), mark: "line" }];
  }
  const date = formatPlainDay(today.toISOString().slice(0, 10), locale);
  return {
    title: t(`analysis.kinds.${kind}`),
    params: paramLines(run, t, locale),
    heading,
    entries,
    dates: datesLine(run.filter, t, locale),
    selection:
      outcome.selected === null
        ? null
        : t("analysis.png.selection", {
            values: { n: outcome.selected, count: formatCount(outcome.selected, locale) },
          }),
    credit: t("analysis.png.credit", { values: { date } }),
  };
}

const FONT_FAMILY = '"Inter", "Cantarell", "Noto Sans", "DejaVu Sans", system-ui, sans-serif';
const INK = "#1c2733";
const MUTED = "#5b6877";
/** Sizes in CSS pixels; `drawLegend` scales them to the canvas's pixels. */
const MARGIN = 10;
const PADDING = 9;
const MAX_WIDTH = 300;
const SWATCH = { width: 18, height: 11 };

interface Line {
  text: string;
  font: string;
  color: string;
  height: number;
  /** Space above the line. */
  gap: number;
  entry?: LegendEntry;
}

/** Splits `text` into lines no wider than `width`: between its " · " parts first, then between
 * words (a single too-long word stays whole). */
function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const fits = (line: string) => ctx.measureText(line).width <= width;
  const pack = (pieces: string[], joiner: string): string[] => {
    const lines: string[] = [];
    let line = "";
    for (const piece of pieces) {
      const next = line ? `${line}${joiner}${piece}` : piece;
      if (line && !fits(next)) {
        lines.push(line);
        line = piece;
      } else line = next;
    }
    if (line) lines.push(line);
    return lines;
  };
  return pack(text.split(" · "), " · ").flatMap((line) =>
    fits(line) ? [line] : pack(line.split(" "), " "),
  );
}

/** Paints `content` in a box in the lower-left corner of a `width` × `height` (canvas pixels)
 * context, `scale` canvas pixels per CSS pixel; returns the box in canvas pixels. */
export function drawLegend(
  ctx: CanvasRenderingContext2D,
  content: LegendContent,
  width: number,
  height: number,
  scale: number,
): { x: number; y: number; width: number; height: number } {
  ctx.save();
  ctx.scale(scale, scale);
  const cssWidth = width / scale;
  const cssHeight = height / scale;
  const font = (px: number, weight = 400) => `${weight} ${px}px ${FONT_FAMILY}`;

  // The rows as written, then the box as wide as the widest (up to MAX_WIDTH), then wrapped.
  const rows: Line[] = [
    { text: content.title, font: font(14, 700), color: INK, height: 18, gap: 0 },
    ...content.params.map((text) => ({ text, font: font(11), color: MUTED, height: 14, gap: 1 })),
    { text: content.dates, font: font(11), color: MUTED, height: 14, gap: 1 },
  ];
  if (content.selection)
    rows.push({ text: content.selection, font: font(11), color: MUTED, height: 14, gap: 1 });
  if (content.heading)
    rows.push({ text: content.heading, font: font(11, 600), color: INK, height: 14, gap: 6 });
  content.entries.forEach((entry, i) =>
    rows.push({
      text: entry.label,
      font: font(11),
      color: INK,
      height: 15,
      gap: i === 0 ? (content.heading ? 2 : 6) : 0,
      entry,
    }),
  );
  rows.push({ text: content.credit, font: font(10), color: MUTED, height: 13, gap: 6 });
  const indent = (row: Line) => (row.entry ? SWATCH.width + 6 : 0);
  const widest = Math.max(
    ...rows.map((row) => {
      ctx.font = row.font;
      return indent(row) + ctx.measureText(row.text).width;
    }),
  );
  const inner =
    Math.min(MAX_WIDTH, cssWidth - 2 * MARGIN, Math.ceil(widest) + 2 * PADDING) - 2 * PADDING;
  const lines: Line[] = rows.flatMap((row) => {
    ctx.font = row.font;
    const parts = wrap(ctx, row.text, inner - indent(row));
    // An entry keeps one line beside its swatch.
    const kept = row.entry ? parts.slice(0, 1) : parts;
    return kept.map((text, i) => ({ ...row, text, gap: i === 0 ? row.gap : 0 }));
  });

  // Wrapped lines may all be narrower than the limit: the box hugs them.
  const boxWidth =
    2 * PADDING +
    Math.ceil(
      Math.max(
        ...lines.map((line) => {
          ctx.font = line.font;
          return indent(line) + ctx.measureText(line.text).width;
        }),
      ),
    );
  const boxHeight = 2 * PADDING + lines.reduce((h, l) => h + l.gap + l.height, 0);
  const x = MARGIN;
  const y = Math.max(MARGIN, cssHeight - MARGIN - boxHeight);

  ctx.fillStyle = "rgba(255, 255, 255, 0.93)";
  ctx.strokeStyle = "#b9c3ce";
  ctx.lineWidth = 1;
  ctx.beginPath();
  if (typeof ctx.roundRect === "function") ctx.roundRect(x, y, boxWidth, boxHeight, 5);
  else ctx.rect(x, y, boxWidth, boxHeight);
  ctx.fill();
  ctx.stroke();

  ctx.textBaseline = "middle";
  let top = y + PADDING;
  for (const line of lines) {
    top += line.gap;
    const middle = top + line.height / 2;
    let textX = x + PADDING;
    if (line.entry) {
      const sx = textX;
      const sy = middle - SWATCH.height / 2;
      if (line.entry.mark === "fill") {
        ctx.fillStyle = line.entry.color;
        ctx.fillRect(sx, sy, SWATCH.width, SWATCH.height);
        ctx.strokeStyle = "rgba(0, 0, 0, 0.2)";
        ctx.strokeRect(sx + 0.5, sy + 0.5, SWATCH.width - 1, SWATCH.height - 1);
      } else if (line.entry.mark === "outline") {
        ctx.strokeStyle = line.entry.color;
        ctx.lineWidth = 2;
        ctx.strokeRect(sx + 1, sy + 1, SWATCH.width - 2, SWATCH.height - 2);
        ctx.lineWidth = 1;
      } else {
        ctx.strokeStyle = line.entry.color;
        ctx.lineWidth = 3;
        ctx.lineCap = "round";
        ctx.beginPath();
        ctx.moveTo(sx + 2, middle);
        ctx.lineTo(sx + SWATCH.width - 2, middle);
        ctx.stroke();
        ctx.lineWidth = 1;
      }
      textX += SWATCH.width + 6;
    }
    ctx.font = line.font;
    ctx.fillStyle = line.color;
    ctx.fillText(line.text, textX, middle);
    top += line.height;
  }
  ctx.restore();
  return {
    x: x * scale,
    y: y * scale,
    width: boxWidth * scale,
    height: boxHeight * scale,
  };
}

/** A new canvas with `map` (the map's canvas, at its pixel size) and the legend on top, drawn
 * at `scale` canvas pixels per CSS pixel (the map's pixel ratio). */
export function mapWithLegend(
  map: HTMLCanvasElement,
  content: LegendContent,
  scale: number,
): HTMLCanvasElement {
  const out = document.createElement("canvas");
  out.width = map.width;
  out.height = map.height;
  const ctx = out.getContext("2d");
  if (!ctx) return map;
  ctx.drawImage(map, 0, 0);
  drawLegend(ctx, content, out.width, out.height, scale);
  return out;
}
