// What the capture and correction forms share: one request at a time, and the refusal to show
// next to the field it is about (one about the place no longer holds once the place changes).
import { untrack } from "svelte";
import { toApiError } from "./api";
import { captureErrorText, type CaptureErrorText, type CaptureField } from "./capture-api";

export class RecordForm {
  busy = $state(false);
  refusal = $state<CaptureErrorText | null>(null);

  /** Runs `send` unless one is under way; what the library refuses is kept to show. */
  async submit(send: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.refusal = null;
    try {
      await send();
    } catch (raw) {
      this.refusal = captureErrorText(toApiError(raw));
    } finally {
      this.busy = false;
    }
  }

  /** A refusal about the place goes whenever `place` reads something new (a point picked, an
   * address edited). Call it while the component starts. */
  followPlace(place: () => unknown): void {
    $effect(() => {
      place();
      untrack(() => {
        if (this.refusal?.field === "place") this.refusal = null;
      });
    });
  }

  /** The refusal worded by `t`, when it is about `field` (or about none, for `null`). */
  message(
    field: CaptureField | null,
    t: (key: string, options: { values: Record<string, string> }) => string,
  ): string | null {
    const refusal = this.refusal;
    return refusal && refusal.field === field ? t(refusal.key, { values: refusal.values }) : null;
  }
}
