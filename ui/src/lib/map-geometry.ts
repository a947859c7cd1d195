// Web Mercator helpers mirroring `crates/atalaya/src/view/clusters.rs`: a grid cell's bounds,
// so a selected cluster can be outlined exactly where the backend counted it.
import type { Feature, Polygon } from "geojson";
import type { Selection } from "./api";

const CELLS_AT_ZOOM_0 = 8;

function lonOf(x: number): number {
  return x * 360 - 180;
}

function latOf(y: number): number {
  return (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
}

/** `[west, south, east, north]` of grid cell (x, y) at grid zoom `zoom`. */
export function cellBounds(zoom: number, x: number, y: number): [number, number, number, number] {
  const cells = CELLS_AT_ZOOM_0 * 2 ** zoom;
  return [lonOf(x / cells), latOf((y + 1) / cells), lonOf((x + 1) / cells), latOf(y / cells)];
}

export function boxPolygon([w, s, e, n]: [number, number, number, number]): Feature<Polygon> {
  return {
    type: "Feature",
    properties: {},
    geometry: {
      type: "Polygon",
      coordinates: [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ],
    },
  };
}

/** A lasso ring (open or closed) as a closed polygon. */
export function ringPolygon(ring: [number, number][]): Feature<Polygon> {
  const first = ring[0];
  const last = ring[ring.length - 1];
  const open = first && last && (first[0] !== last[0] || first[1] !== last[1]);
  return {
    type: "Feature",
    properties: {},
    geometry: { type: "Polygon", coordinates: [open ? [...ring, first] : ring] },
  };
}

/** The outline to draw for a map selection (none for picked incidents). */
export function selectionOutline(selection: Selection | null): Feature<Polygon>[] {
  if (!selection) return [];
  if (selection.kind === "cell")
    return [boxPolygon(cellBounds(selection.zoom, selection.x, selection.y))];
  if (selection.kind === "box") return [boxPolygon(selection.bbox)];
  if (selection.kind === "polygon") return [ringPolygon(selection.ring)];
  return [];
}

/** The bounds of every coordinate in a feature collection, if it has any. */
export function featureBounds(
  features: Feature[],
): [[number, number], [number, number]] | undefined {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === "number") {
      const [x, y] = c as number[];
      [w, s, e, n] = [Math.min(w, x), Math.min(s, y), Math.max(e, x), Math.max(n, y)];
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  for (const f of features)
    if (f.geometry && "coordinates" in f.geometry) visit(f.geometry.coordinates);
  return Number.isFinite(w)
    ? [
        [w, s],
        [e, n],
      ]
    : undefined;
}
