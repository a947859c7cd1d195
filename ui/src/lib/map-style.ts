// The map's inline style (a plain background, nothing fetched) and its layers: areas, incidents
// as clusters / points / heat, the table's highlighted rows and the map selection's outline.
import type { FeatureCollection } from "geojson";
import type { LayerSpecification, StyleSpecification } from "maplibre-gl";

export const GROUP_COLOURS: Record<string, string> = {
  dmcs: "#c2410c",
  vif: "#7c3aed",
  inc: "#0f766e",
  ley: "#2563eb",
  otr: "#64748b",
};

/** Layer ids a user can switch on and off, in the order the toggles list them. */
export const TOGGLEABLE = ["comuna", "cuadrantes", "barrios", "incidents", "heat"] as const;
export type ToggleableLayer = (typeof TOGGLEABLE)[number];

/** Which map layers each toggle controls. */
export const TOGGLE_LAYERS: Record<ToggleableLayer, string[]> = {
  comuna: ["comuna-fill", "comuna-line"],
  cuadrantes: ["cuadrantes-line"],
  barrios: ["barrios-fill", "barrios-line"],
  incidents: ["clusters", "points"],
  heat: ["heat"],
};

export const DEFAULT_VISIBLE: Record<ToggleableLayer, boolean> = {
  comuna: true,
  cuadrantes: true,
  barrios: false,
  incidents: true,
  heat: false,
};

const empty = (): FeatureCollection => ({ type: "FeatureCollection", features: [] });

export function baseStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {
      comuna: { type: "geojson", data: empty() },
      cuadrantes: { type: "geojson", data: empty() },
      barrios: { type: "geojson", data: empty() },
      incidents: { type: "geojson", data: empty() },
      highlight: { type: "geojson", data: empty() },
      selection: { type: "geojson", data: empty() },
    },
    layers: LAYERS,
  };
}

const groupColour: unknown = [
  "match",
  ["get", "group"],
  ...Object.entries(GROUP_COLOURS).flat(),
  "#334155",
];

const LAYERS: LayerSpecification[] = [
  { id: "background", type: "background", paint: { "background-color": "#e4e9ee" } },
  {
    id: "comuna-fill",
    type: "fill",
    source: "comuna",
    paint: { "fill-color": "#fbfcfd", "fill-opacity": 0.95 },
  },
  {
    id: "barrios-fill",
    type: "fill",
    source: "barrios",
    layout: { visibility: "none" },
    paint: { "fill-color": "#94a3b8", "fill-opacity": 0.08 },
  },
  {
    id: "barrios-line",
    type: "line",
    source: "barrios",
    layout: { visibility: "none" },
    paint: { "line-color": "#64748b", "line-width": 1, "line-dasharray": [1, 2] },
  },
  {
    id: "cuadrantes-line",
    type: "line",
    source: "cuadrantes",
    paint: { "line-color": "#8a9bb0", "line-width": 1.2 },
  },
  {
    id: "comuna-line",
    type: "line",
    source: "comuna",
    paint: { "line-color": "#12324f", "line-width": 2.5 },
  },
  {
    id: "heat",
    type: "heatmap",
    source: "incidents",
    layout: { visibility: "none" },
    paint: {
      "heatmap-weight": ["interpolate", ["linear"], ["get", "count"], 1, 0.15, 200, 1],
      "heatmap-intensity": 1,
      "heatmap-radius": 28,
      "heatmap-opacity": 0.75,
    },
  },
  {
    id: "clusters",
    type: "circle",
    source: "incidents",
    filter: ["==", ["get", "kind"], "cluster"],
    paint: {
      "circle-color": "#2f6fa8",
      "circle-opacity": 0.82,
      "circle-stroke-color": "#ffffff",
      "circle-stroke-width": 1.5,
      "circle-radius": [
        "interpolate",
        ["linear"],
        ["sqrt", ["get", "count"]],
        1,
        9,
        10,
        16,
        60,
        30,
      ],
    },
  },
  {
    id: "points",
    type: "circle",
    source: "incidents",
    filter: ["==", ["get", "kind"], "point"],
    paint: {
      "circle-color": groupColour as never,
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 12, 3, 17, 6],
      "circle-stroke-color": "#ffffff",
      "circle-stroke-width": 1,
    },
  },
  {
    id: "highlight",
    type: "circle",
    source: "highlight",
    paint: {
      "circle-color": "rgba(245, 184, 65, 0.35)",
      "circle-radius": 9,
      "circle-stroke-color": "#d97706",
      "circle-stroke-width": 2.5,
    },
  },
  {
    id: "selection-line",
    type: "line",
    source: "selection",
    paint: { "line-color": "#d97706", "line-width": 2, "line-dasharray": [2, 1] },
  },
];
