// Starting the incident map. A MapLibre map takes about half a second to start under WebKit
// (its WebGL context, its worker, the style, the base map's first tiles), and none of that
// needs the store: the app starts one, out of sight, while the unlock screen waits, and the
// main screen's map takes it over instead of starting its own (`takeStartedMap`).
import * as maplibregl from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import { api, type BaseMapStatus } from "./api";
import {
  BASE_MAP_LAYERS,
  BASE_MAP_SOURCE,
  baseMapSource,
  baseStyle,
  COMUNA_FILL,
} from "./map-style";
import { markStep } from "./timings";

/** A map and the element it draws into; `loaded` settles once its style has loaded, and
 * `isLoaded` tells the same at once (a map started early usually has). `baseMap` is the
 * base map's status, asked for as the map starts (`null` when it could not be read). */
export interface StartedMap {
  map: maplibregl.Map;
  element: HTMLDivElement;
  loaded: Promise<void>;
  isLoaded: boolean;
  baseMap: Promise<BaseMapStatus | null>;
}

/** Where a started map draws: the whole of its parent (the map panel). */
const IN_PANEL = "position: absolute; inset: 0;";
/** Where the early map draws until the main screen takes it: the window, out of sight. */
const OUT_OF_SIGHT =
  "position: fixed; left: 0; top: 0; width: 100vw; height: 100vh; visibility: hidden; " +
  "pointer-events: none; z-index: -1;";

let spare: StartedMap | null = null;
/** The base map's tile URL each map shows, so showing the same one again reloads nothing. */
const shownBaseMap = new WeakMap<maplibregl.Map, string | null>();

/** A new map drawing into a new element placed in `parent`. */
export function startMap(parent: HTMLElement, style = IN_PANEL): StartedMap {
  maplibregl.setWorkerUrl(workerUrl);
  const element = document.createElement("div");
  element.style.cssText = style;
  parent.append(element);
  const map = new maplibregl.Map({
    container: element,
    style: baseStyle(),
    center: [-70.61, -33.43],
    zoom: 13,
    boxZoom: false,
    dragRotate: false,
    pitchWithRotate: false,
    attributionControl: false,
    canvasContextAttributes: { preserveDrawingBuffer: true },
  });
  map.touchZoomRotate.disableRotation();
  const started: StartedMap = {
    map,
    element,
    loaded: Promise.resolve(),
    isLoaded: false,
    baseMap: api.baseMapStatus().catch(() => null),
  };
  started.loaded = new Promise<void>((resolve) =>
    map.once("load", () => {
      started.isLoaded = true;
      resolve();
    }),
  );
  return started;
}

/** Starts the map early, out of sight, with the base map when one is set. Once per app run;
 * a map that cannot start (no WebGL) is left to the map panel to report. */
export function startMapEarly(): void {
  if (spare) return;
  try {
    spare = startMap(document.body, OUT_OF_SIGHT);
  } catch {
    return;
  }
  markStep("map-early");
  const { map, loaded, baseMap } = spare;
  void Promise.all([baseMap, loaded]).then(([status]) => {
    showBaseMap(map, status);
    map.once("idle", () => markStep("map-early-idle"));
  });
}

/** The early map, moved into `host` (once; later calls get `null`). */
export function takeStartedMap(host: HTMLElement): StartedMap | null {
  const started = spare;
  spare = null;
  if (!started) return null;
  started.element.style.cssText = IN_PANEL;
  host.append(started.element);
  started.map.resize();
  return started;
}

/** Swaps the base map's source and layers for `status`'s (none: the plain background); the
 * one already shown is kept as it is, tiles and all. */
export function showBaseMap(target: maplibregl.Map, status: BaseMapStatus | null): void {
  const info = status?.info;
  const tileUrl = (info && status?.tile_url) || null;
  if (shownBaseMap.has(target) && shownBaseMap.get(target) === tileUrl) return;
  shownBaseMap.set(target, tileUrl);
  for (const { layer } of BASE_MAP_LAYERS)
    if (target.getLayer(layer.id)) target.removeLayer(layer.id);
  if (target.getSource(BASE_MAP_SOURCE)) target.removeSource(BASE_MAP_SOURCE);
  target.setPaintProperty(
    "comuna-fill",
    "fill-color",
    tileUrl ? COMUNA_FILL.withBaseMap : COMUNA_FILL.plain,
  );
  if (!info || !tileUrl) return;
  target.addSource(
    BASE_MAP_SOURCE,
    baseMapSource({
      tileUrl,
      minZoom: info.min_zoom,
      maxZoom: info.max_zoom,
      bounds: info.bounds,
    }),
  );
  for (const { layer, before } of BASE_MAP_LAYERS) target.addLayer(layer, before);
}
