// Newest-wins requests: each channel (map, table, counts…) numbers its requests, the shell
// skips work for a request already overtaken, and an answer that arrives after a newer request
// was sent is dropped here. So a fast typist never sees an older result replace a newer one.
import { ApiError } from "./api";

export class LatestOnly {
  // Seeded from the clock so numbers keep growing across a reload of the window (the shell
  // remembers the newest number it saw per channel).
  private generation = Date.now() * 1000;

  /** Resolves to the answer, or `undefined` when a newer request was sent meanwhile. */
  async run<T>(request: (generation: number) => Promise<T>): Promise<T | undefined> {
    const mine = ++this.generation;
    try {
      const answer = await request(mine);
      return mine === this.generation ? answer : undefined;
    } catch (error) {
      if (mine !== this.generation) return undefined;
      if (error instanceof ApiError && error.code === "superseded") return undefined;
      throw error;
    }
  }

  /** Drops any answer still in flight. */
  cancel(): void {
    this.generation++;
  }
}
