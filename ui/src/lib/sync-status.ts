// What the header says about sync, from the store's sync status: which light, how long ago the
// last session completed, and which side of a conflict is whose. Pure, so it is tested alone.
import type { AppLocale } from "../i18n";
import type { ConflictOut, ConflictSide, SyncStatus } from "./sync-api";

/**
 * - `none`: no server remembered (register with the CLI);
 * - `unregistered`: a server but no device token;
 * - `syncing`: a session is under way;
 * - `online`: the last session completed;
 * - `offline`: the last session could not reach the server;
 * - `update`: the server or this program must be updated;
 * - `error`: the last session failed otherwise;
 * - `idle`: registered, but no session tried yet.
 */
export type SyncLight =
  "none" | "unregistered" | "syncing" | "online" | "offline" | "update" | "error" | "idle";

const UPDATE_CODES = new Set(["please_update", "server_too_old"]);

export function syncLight(status: SyncStatus | null, running: boolean): SyncLight {
  if (!status?.server) return "none";
  if (!status.registered) return "unregistered";
  if (running) return "syncing";
  const code = status.last_error?.code;
  if (code === "unreachable") return "offline";
  if (code && UPDATE_CODES.has(code)) return "update";
  if (code) return "error";
  return status.last_sync_at ? "online" : "idle";
}

/** "hace 3 min" / "3 minutes ago"; `null` under a minute (the caller says "just now"). */
export function formatAge(iso: string, nowMs: number, locale: AppLocale): string | null {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return null;
  const seconds = Math.max(0, Math.round((nowMs - then) / 1000));
  if (seconds < 60) return null;
  const rtf = new Intl.RelativeTimeFormat(locale, {
    numeric: "always",
    style: locale === "en" ? "long" : "short",
  });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return rtf.format(-minutes, "minute");
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return rtf.format(-hours, "hour");
  return rtf.format(-Math.floor(hours / 24), "day");
}

/** This workstation's side and the other one's; `null` when the two edits are not one of
 * each (two other workstations', or two of this one's): then only a typed value settles it. */
export function conflictSides(
  conflict: ConflictOut,
): { mine: ConflictSide; theirs: ConflictSide } | null {
  const { kept, incoming } = conflict;
  if (kept.mine === incoming.mine) return null;
  return kept.mine ? { mine: kept, theirs: incoming } : { mine: incoming, theirs: kept };
}

/** A device id as people can compare it: its first eight characters. */
export function shortDevice(device: string): string {
  return device.replace(/-/g, "").slice(0, 8);
}

/** The CLI command that registers this workstation, for the "no server" hint. */
export const REGISTER_COMMAND = "atalaya sync --server URL --fingerprint FP --user NAME";

/** A synced field's label in the UI's language (`sync.field.*`); its column name if it has none. */
export function fieldLabel(column: string, t: (key: string) => string): string {
  const key = `sync.field.${column}`;
  const text = t(key);
  return text === key ? column : text;
}
