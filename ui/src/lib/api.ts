// The one typed mirror of the Tauri commands in `src-tauri/src/commands.rs`.
// Every call to the backend goes through here; components never call `invoke` themselves.
import { invoke, type InvokeArgs } from "@tauri-apps/api/core";

/** Where the store is and whether it can be read yet (`store_status`). */
export interface StoreStatus {
  path: string;
  exists: boolean;
  needs_passphrase: boolean;
  unlocked: boolean;
}

export interface CategoryCount {
  code: string;
  group: string;
  label_es: string;
  label_en: string;
  count: number;
}

export interface GroupCount {
  code: string;
  label_es: string;
  label_en: string;
  count: number;
}

export interface AreaCount {
  code: string;
  name: string;
  count: number;
}

export interface SourceCount {
  name: string;
  kind: string;
  count: number;
}

/** Aggregate counts over the whole store (`stats`), as `atalaya::Stats` serializes. */
export interface Stats {
  incidents: number;
  first_occurred: string | null;
  last_occurred: string | null;
  by_category: CategoryCount[];
  by_group: GroupCount[];
  by_cuadrante: AreaCount[];
  by_source: SourceCount[];
}

/** Codes the UI reacts to; others are shown as an unexpected error. */
export const KNOWN_ERROR_CODES = [
  "wrong_passphrase",
  "passphrase_required",
  "store_not_found",
  "keyring_unavailable",
  "key_not_in_keyring",
  "keyring_failed",
  "key_file_damaged",
  "wrong_key",
  "schema_too_new",
  "store_locked",
] as const;
export type KnownErrorCode = (typeof KNOWN_ERROR_CODES)[number];

/** A command failure: `code` is stable and meant for `switch`; `message` is for people. */
export class ApiError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
  }

  isKnown(): this is ApiError & { code: KnownErrorCode } {
    return (KNOWN_ERROR_CODES as readonly string[]).includes(this.code);
  }
}

function toApiError(raw: unknown): ApiError {
  if (raw instanceof ApiError) return raw;
  if (typeof raw === "object" && raw !== null && "code" in raw) {
    const { code, message } = raw as { code: unknown; message?: unknown };
    return new ApiError(String(code), String(message ?? ""));
  }
  return new ApiError("internal", raw instanceof Error ? raw.message : String(raw));
}

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw toApiError(raw);
  }
}

export const api = {
  storeStatus: (): Promise<StoreStatus> => call("store_status"),
  /** `null` lets the shell use the keyring or `ATALAYA_PASSPHRASE`. */
  unlock: (passphrase: string | null): Promise<void> => call("unlock", { passphrase }),
  stats: (): Promise<Stats> => call("stats"),
};
