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
