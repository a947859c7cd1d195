// The window's view of sync, shared by the header and the conflict inbox: the store's sync
// status, whether a session runs, and the last session's error. It follows the shell's
// `sync-update` event (manual and background sessions alike) and re-reads the status every
// half minute, since local edits change what is pending.
import { ApiError } from "./api";
import { syncApi, type SyncUpdate } from "./sync-api";
import type { SyncStatus } from "./sync-api";

/** How often the status is re-read and "hace N min" recomputed. */
const REFRESH_MS = 30_000;

class SyncState {
  status = $state<SyncStatus | null>(null);
  running = $state(false);
  /** Why the last session asked for here failed, when it did. */
  error = $state<ApiError | null>(null);
  /** Now, for relative times; moves with each refresh. */
  now = $state(Date.now());
  #timer: ReturnType<typeof setInterval> | null = null;
  #unlisten: (() => void) | null = null;
  #onPulled: () => void = () => {};

  /** Starts following the store's sync; `onPulled` runs after a session changed records here. */
  async start(onPulled: () => void): Promise<void> {
    this.#onPulled = onPulled;
    if (this.#timer === null) this.#timer = setInterval(() => void this.refresh(), REFRESH_MS);
    try {
      this.#unlisten ??= await syncApi.onUpdate((u) => this.#apply(u));
    } catch {
      // No event channel (a test page): the periodic refresh still keeps the header current.
    }
    await this.refresh();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.#unlisten?.();
    this.#unlisten = null;
  }

  async refresh(): Promise<void> {
    this.now = Date.now();
    try {
      this.status = await syncApi.status();
    } catch {
      // Locked or gone: keep what was shown.
    }
  }

  /** One session now (or the outcome of the one already running). */
  async syncNow(): Promise<void> {
    this.running = true;
    await this.#act(
      () => syncApi.now(),
      () => (this.running = false),
    );
  }

  /** Dismiss refused changes once read (these numbers, or all), then re-read the status. */
  async dismissRefusals(changeNos: number[] | null): Promise<void> {
    await this.#act(() => syncApi.dismissRefusals(changeNos));
  }

  /** Runs a command asked for from the header: its failure becomes `error`; once it has
   *  ended, `settle` runs and the status is read again. */
  async #act(command: () => Promise<unknown>, settle: () => void = () => {}): Promise<void> {
    this.error = null;
    try {
      await command();
    } catch (e) {
      this.error = e instanceof ApiError ? e : new ApiError("internal", String(e));
    } finally {
      settle();
      await this.refresh();
    }
  }

  #apply(update: SyncUpdate): void {
    this.running = update.running;
    this.now = Date.now();
    if (update.status) this.status = update.status;
    if (update.running) return;
    this.error = update.error ? new ApiError(update.error.code, update.error.message) : null;
    const report = update.report;
    if (report && report.pulled + report.evicted + report.deleted > 0) this.#onPulled();
  }
}

export const sync = new SyncState();
