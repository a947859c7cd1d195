// The sync half of the typed mirror of the Tauri commands (`src-tauri/src/commands/sync.rs`)
// and the event the shell sends around each sync session (`src-tauri/src/sync_runner.rs`).
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { call } from "./api";

/** How the last session failed (`atalaya::sync::SyncFailure`). */
export interface SyncFailure {
  code: string;
  message: string;
}

/** What the store knows about its sync (`sync_status`, `atalaya::sync::SyncStatus`). */
export interface SyncStatus {
  server: string | null;
  /** This workstation holds a device token (registered with the CLI). */
  registered: boolean;
  /** Who it syncs as, and that user's role, as the server said at registration. */
  user: string | null;
  role: "analyst" | "supervisor" | "field" | "admin" | null;
  /** Local changes the server has not acknowledged yet. */
  pending: number;
  /** Changes the server refused, kept here (oldest first). */
  refusals: RefusedChange[];
  open_conflicts: number;
  /** RFC 3339, UTC. */
  last_attempt_at: string | null;
  last_sync_at: string | null;
  last_error: SyncFailure | null;
}

/** A change the server refused (`atalaya::sync::RefusedChange`). */
export interface RefusedChange {
  /** Its number on this workstation (names it for `refusals_dismiss`). */
  change_no: number;
  table: string;
  record: string;
  columns: string[];
  /** The server's reason in English (the app words its own). */
  reason: string;
}

/** One side of a conflict (`atalaya::sync::ConflictSide`). */
export interface ConflictSide {
  value: string;
  device: string;
  /** Its user and the device's registered name, when the server said. */
  user: string | null;
  device_name: string | null;
  hlc: number;
  /** When it was written, RFC 3339 UTC. */
  at: string;
  /** This workstation wrote it. */
  mine: boolean;
}

/** The record a conflict is about, as this store holds it (`atalaya::sync::ConflictSubject`). */
export type ConflictSubject =
  | {
      kind: "incident";
      /** America/Santiago ISO-8601. */
      occurred_at: string;
      category: string;
      address: string | null;
      cuadrante: string | null;
      description: string;
    }
  | { kind: "case"; title: string };

/** A conflict in the inbox (`atalaya::sync::ConflictOut`). */
export interface ConflictOut {
  id: number;
  table: string;
  record: string;
  column: string;
  /** `null` when this store does not hold the record. */
  subject: ConflictSubject | null;
  kept: ConflictSide;
  incoming: ConflictSide;
  current: string;
  open: boolean;
  /** Other open conflicts over the same record's place: resolving this one settles them too,
   * from the same side. */
  settled_with?: number[];
}

/** What a session did (`sync_now`, `atalaya::sync::SyncReport`). */
export interface SyncReport {
  server: string;
  registered: string | null;
  pushed: number;
  refused: number;
  pulled: number;
  evicted: number;
  /** Records removed because they were deleted elsewhere (e.g. merged by linking). */
  deleted: number;
  /** Pulled records not taken: a different local record holds their name or code. */
  collisions: number;
  pending: number;
  open_conflicts: ConflictOut[];
}

/** Sent when a session starts (`running`) and when it ends (the rest). */
export interface SyncUpdate {
  running: boolean;
  status: SyncStatus | null;
  report: SyncReport | null;
  error: SyncFailure | null;
}

/** Which value a resolution keeps. */
export type KeepArg = { kind: "mine" } | { kind: "theirs" } | { kind: "value"; value: string };

export const SYNC_EVENT = "sync-update";

export const syncApi = {
  status: (): Promise<SyncStatus> => call("sync_status"),
  /** One session; while one runs already, its outcome. */
  now: (): Promise<SyncReport> => call("sync_now"),
  conflicts: (openOnly = true): Promise<ConflictOut[]> => call("conflicts_list", { openOnly }),
  resolve: (id: number, keep: KeepArg): Promise<ConflictOut> =>
    call("conflict_resolve", { id, keep }),
  /** Forget refused changes once read (these numbers, or all); answers how many. */
  dismissRefusals: (changeNos: number[] | null): Promise<number> =>
    call("refusals_dismiss", { changeNos }),
  onUpdate: (handler: (update: SyncUpdate) => void): Promise<UnlistenFn> =>
    listen<SyncUpdate>(SYNC_EVENT, (event) => handler(event.payload)),
};
