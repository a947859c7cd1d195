// The lasso being drawn on the map: its vertices (lon/lat), when a click closes it, and what the
// map draws for it. Pure functions, so the rules are the same in the app and in its tests; the
// backend decides which incidents fall inside (`Selection` of kind `polygon`).
import type { Feature } from "geojson";

export type LonLat = [number, number];

/** A click this close to the first vertex (in screen pixels) closes the ring. */
export const CLOSE_RADIUS_PX = 10;
/** The backend's limit (`MAX_LASSO_VERTICES` in `crates/atalaya/src/view/lasso.rs`). */
export const MAX_VERTICES = 2000;

/** Whether a ring has enough distinct vertices to enclose something. */
export function canClose(ring: LonLat[]): boolean {
  const distinct = new Set(ring.map(([x, y]) => `${x},${y}`));
  return distinct.size >= 3;
}

/** Whether screen point `at` is close enough to the first vertex's screen point to close. */
export function nearFirst(first: { x: number; y: number }, at: { x: number; y: number }): boolean {
  return Math.hypot(first.x - at.x, first.y - at.y) <= CLOSE_RADIUS_PX;
}

/**
 * What to draw while drawing: the ring so far as a line (to the cursor when given), its
 * vertices, and its fill once it has three points.
 */
export function drawingFeatures(ring: LonLat[], cursor: LonLat | null): Feature[] {
  if (ring.length === 0) return [];
  const path = cursor ? [...ring, cursor] : ring;
  const features: Feature[] = ring.map((p, i) => ({
    type: "Feature",
    properties: { kind: "vertex", first: i === 0 },
    geometry: { type: "Point", coordinates: p },
  }));
  if (path.length >= 2)
    features.push({
      type: "Feature",
      properties: { kind: "outline" },
      geometry: { type: "LineString", coordinates: path },
    });
  if (path.length >= 3)
    features.push({
      type: "Feature",
      properties: { kind: "area" },
      geometry: { type: "Polygon", coordinates: [[...path, path[0]]] },
    });
  return features;
}
