// The map's inline style (a plain background, nothing fetched) and its layers: areas, incidents
// as clusters / points / heat, the table's highlighted rows and the map selection's outline.
// With an offline base map, its vector layers (streets, their names, barrio names) are added
// between the area fills and the incidents; see `BASE_MAP_LAYERS`.
import type { FeatureCollection } from "geojson";
import type {
  LayerSpecification,
  StyleSpecification,
  VectorSourceSpecification,
} from "maplibre-gl";

export const GROUP_COLOURS: Record<string, string> = {
  dmcs: "#c2410c",
  vif: "#7c3aed",
  inc: "#0f766e",
  ley: "#2563eb",
  otr: "#64748b",
};

/** Layer ids a user can switch on and off, in the order the toggles list them. */
export const TOGGLEABLE = [
  "comuna",
  "cuadrantes",
  "barrios",
  "incidents",
  "heat",
  "cameras",
  "tracks",
] as const;
export type ToggleableLayer = (typeof TOGGLEABLE)[number];

/** Which map layers each toggle controls. */
export const TOGGLE_LAYERS: Record<ToggleableLayer, string[]> = {
  comuna: ["comuna-fill", "comuna-line"],
  cuadrantes: ["cuadrantes-line"],
  barrios: ["barrios-fill", "barrios-line"],
  incidents: ["clusters", "points"],
  heat: ["heat"],
  cameras: ["cameras"],
  tracks: ["tracks-casing", "tracks"],
};

export const DEFAULT_VISIBLE: Record<ToggleableLayer, boolean> = {
  comuna: true,
  cuadrantes: true,
  barrios: false,
  incidents: true,
  heat: false,
  cameras: false,
  tracks: false,
};

/** The camera symbol's image id (drawn at start-up by `cameraIcon`). */
export const CAMERA_ICON = "camera-icon";
/** The colour of the patrol tracks: apart from every incident group's. */
export const TRACK_COLOUR = "#0891b2";

/** The comuna's fill without and with a base map (streets are white on a land tone). */
export const COMUNA_FILL = { plain: "#fbfcfd", withBaseMap: "#f1eee8" };

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
      lasso: { type: "geojson", data: empty() },
      cameras: { type: "geojson", data: empty() },
      tracks: { type: "geojson", data: empty() },
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
    paint: { "fill-color": COMUNA_FILL.plain, "fill-opacity": 0.95 },
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
  // Patrol tracks under the incidents: a white casing keeps them readable over streets.
  {
    id: "tracks-casing",
    type: "line",
    source: "tracks",
    layout: { visibility: "none", "line-join": "round", "line-cap": "round" },
    paint: { "line-color": "#ffffff", "line-width": 4.5, "line-opacity": 0.8 },
  },
  {
    id: "tracks",
    type: "line",
    source: "tracks",
    layout: { visibility: "none", "line-join": "round", "line-cap": "round" },
    paint: { "line-color": TRACK_COLOUR, "line-width": 2.2, "line-opacity": 0.85 },
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
  // Cameras over the incidents: a coloured body with its field of view pointing where it looks.
  {
    id: "cameras",
    type: "symbol",
    source: "cameras",
    layout: {
      visibility: "none",
      "icon-image": CAMERA_ICON,
      "icon-size": ["interpolate", ["linear"], ["zoom"], 12, 0.8, 16, 1.1] as never,
      "icon-rotate": ["coalesce", ["get", "heading"], 0] as never,
      "icon-rotation-alignment": "map",
      "icon-allow-overlap": true,
      "icon-ignore-placement": true,
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
    id: "selection-fill",
    type: "fill",
    source: "selection",
    paint: { "fill-color": "#f5b841", "fill-opacity": 0.1 },
  },
  {
    id: "selection-line",
    type: "line",
    source: "selection",
    paint: { "line-color": "#d97706", "line-width": 2, "line-dasharray": [2, 1] },
  },
  // The lasso while it is drawn (`LassoTool.svelte`).
  {
    id: "lasso-fill",
    type: "fill",
    source: "lasso",
    filter: ["==", ["get", "kind"], "area"],
    paint: { "fill-color": "#f5b841", "fill-opacity": 0.18 },
  },
  {
    id: "lasso-line",
    type: "line",
    source: "lasso",
    filter: ["==", ["get", "kind"], "outline"],
    layout: { "line-join": "round", "line-cap": "round" },
    paint: { "line-color": "#b45309", "line-width": 2.5, "line-dasharray": [2, 1.2] },
  },
  {
    id: "lasso-vertices",
    type: "circle",
    source: "lasso",
    filter: ["==", ["get", "kind"], "vertex"],
    paint: {
      "circle-radius": ["case", ["get", "first"], 6, 4] as never,
      "circle-color": ["case", ["get", "first"], "#b45309", "#ffffff"] as never,
      "circle-stroke-color": "#b45309",
      "circle-stroke-width": 2,
    },
  },
];

/** The cameras' colour: apart from every incident group's and the tracks'. */
export const CAMERA_COLOUR: [number, number, number] = [219, 39, 119];

/**
 * The camera symbol as RGBA pixels (drawn at pixel ratio 2): a translucent wedge (its field of
 * view, pointing up = north before the layer rotates it by the camera's heading) behind a
 * coloured disc with a white ring and a white lens, large enough to find among the incidents.
 */
export function cameraIcon(size = 64): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(size * size * 4);
  const c = size / 2;
  const body = size * 0.25;
  const ring = size * 0.06;
  const lens = size * 0.08;
  const reach = size * 0.5;
  const [r0, g0, b0] = CAMERA_COLOUR;
  const put = (i: number, rgba: [number, number, number, number]) => data.set(rgba, i * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const [dx, dy] = [x + 0.5 - c, y + 0.5 - c];
      const r = Math.hypot(dx, dy);
      // Angle from "up", in degrees: the wedge spans ±35°.
      const angle = Math.abs((Math.atan2(dx, -dy) * 180) / Math.PI);
      const i = y * size + x;
      if (r <= lens) put(i, [255, 255, 255, 255]);
      else if (r <= body - ring) put(i, [r0, g0, b0, 255]);
      else if (r <= body) put(i, [255, 255, 255, 255]);
      else if (r <= reach && angle <= 35) put(i, [r0, g0, b0, 110]);
    }
  return { width: size, height: size, data };
}

/** The vector source id of the offline base map. */
export const BASE_MAP_SOURCE = "basemap";

/** What the map needs to draw a base map (from `base_map_status`). */
export interface BaseMapSource {
  tileUrl: string;
  minZoom: number;
  maxZoom: number;
  bounds: [number, number, number, number] | null;
}

export function baseMapSource(source: BaseMapSource): VectorSourceSpecification {
  return {
    type: "vector",
    tiles: [source.tileUrl],
    minzoom: source.minZoom,
    // Beyond the file's last zoom MapLibre over-zooms its tiles.
    maxzoom: source.maxZoom,
    ...(source.bounds ? { bounds: source.bounds } : {}),
  };
}

// Labels are drawn from the system's sans-serif font by MapLibre itself (no `glyphs` URL in the
// style): nothing is fetched, and accents and ñ come out right.
const LABEL_FONT = ["sans-serif"];

const isMain: unknown = ["==", ["get", "class"], "main"];

/** Line width by zoom, `main` for main axes and `local` for the rest (at zoom 14). */
const streetWidth = (main: number, local: number): unknown => [
  "interpolate",
  ["exponential", 1.6],
  ["zoom"],
  ...[11, 14, 16, 18].flatMap((zoom) => {
    const scale = { 11: 0.4, 14: 1, 16: 2.5, 18: 7.5 }[zoom] as number;
    return [zoom, ["case", isMain, main * scale, local * scale]];
  }),
];

/**
 * The base map's layers, bottom to top, each with the style layer it goes beneath: streets over
 * the area fills and under the area outlines; names over the outlines and under the incidents.
 */
export const BASE_MAP_LAYERS: { layer: LayerSpecification; before: string }[] = [
  {
    before: "barrios-fill",
    layer: {
      id: "basemap-streets-casing",
      type: "line",
      source: BASE_MAP_SOURCE,
      "source-layer": "streets",
      layout: { "line-cap": "round", "line-join": "round" },
      paint: {
        "line-color": ["case", isMain, "#d9b676", "#c9ced6"] as never,
        "line-width": streetWidth(4.6, 2.8) as never,
      },
    },
  },
  {
    before: "barrios-fill",
    layer: {
      id: "basemap-streets",
      type: "line",
      source: BASE_MAP_SOURCE,
      "source-layer": "streets",
      layout: { "line-cap": "round", "line-join": "round" },
      paint: {
        "line-color": ["case", isMain, "#fbe3a8", "#ffffff"] as never,
        "line-width": streetWidth(3.2, 1.8) as never,
      },
    },
  },
  {
    before: "heat",
    layer: {
      id: "basemap-area-labels",
      type: "symbol",
      source: BASE_MAP_SOURCE,
      "source-layer": "area_labels",
      minzoom: 14,
      filter: ["==", ["get", "kind"], "barrio"],
      layout: {
        "text-field": ["get", "name"],
        "text-font": LABEL_FONT,
        "text-size": 12,
        "text-transform": "uppercase",
        "text-letter-spacing": 0.08,
        "text-max-width": 8,
      },
      paint: {
        "text-color": "#7b8794",
        "text-halo-color": "rgba(255, 255, 255, 0.85)",
        "text-halo-width": 1.2,
      },
    },
  },
  streetLabels("basemap-main-labels", 14, isMain),
  streetLabels("basemap-street-labels", 15.5, ["!", isMain]),
];

function streetLabels(
  id: string,
  minzoom: number,
  filter: unknown,
): { layer: LayerSpecification; before: string } {
  return {
    before: "heat",
    layer: {
      id,
      type: "symbol",
      source: BASE_MAP_SOURCE,
      "source-layer": "streets",
      minzoom,
      filter: filter as never,
      layout: {
        "symbol-placement": "line",
        "text-field": ["get", "name"],
        "text-font": LABEL_FONT,
        "text-size": ["interpolate", ["linear"], ["zoom"], 14, 10.5, 17, 13] as never,
        "text-max-angle": 30,
        "symbol-spacing": 320,
      },
      paint: {
        "text-color": "#3f4b5a",
        "text-halo-color": "#ffffff",
        "text-halo-width": 1.5,
      },
    },
  };
}
