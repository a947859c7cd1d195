// How long a filter change takes to reach the screen: from the change to the moment map, table
// and counts have all been updated with the new answers. Each measure is a `performance`
// entry named "atalaya:filter" and is also kept in `window.__atalayaTimings` for benchmarks.

type Part = "map" | "table" | "counts";

declare global {
  interface Window {
    __atalayaTimings?: number[];
  }
}

export class FilterTimer {
  private pending: Set<Part> | null = null;
  private serial = 0;

  start(): void {
    this.serial++;
    this.pending = new Set<Part>(["map", "table", "counts"]);
    performance.mark(`atalaya:filter-start:${this.serial}`);
  }

  done(part: Part): void {
    if (!this.pending) return;
    this.pending.delete(part);
    if (this.pending.size > 0) return;
    this.pending = null;
    const measure = performance.measure("atalaya:filter", `atalaya:filter-start:${this.serial}`);
    (window.__atalayaTimings ??= []).push(measure.duration);
  }
}

// Unlock to first map frame: from the passphrase's submission (or from the app's start, when
// the store opens without asking) to the map's first idle frame with incidents drawn. The
// measure is a `performance` entry named "atalaya:first-frame", also kept in
// `window.__atalayaFirstFrame` (ms) for benchmarks.

declare global {
  interface Window {
    __atalayaFirstFrame?: number;
  }
}

const UNLOCK_START = "atalaya:unlock-start";
let firstFrameSeen = false;

export function markUnlockStart(): void {
  performance.mark(UNLOCK_START);
}

/** A step on the way to the first frame ("unlocked", "map-load", …), for the benchmark's
 * breakdown: a `performance` mark named `atalaya:step:<name>`. */
export function markStep(name: string): void {
  if (!firstFrameSeen) performance.mark(`atalaya:step:${name}`);
}

export function markFirstMapFrame(): void {
  if (firstFrameSeen) return;
  firstFrameSeen = true;
  const from = performance.getEntriesByName(UNLOCK_START).length > 0 ? UNLOCK_START : undefined;
  window.__atalayaFirstFrame = performance.measure("atalaya:first-frame", from).duration;
}
