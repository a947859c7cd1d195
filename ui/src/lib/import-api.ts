// The import and quarantine half of the typed mirror of the Tauri commands
// (`src-tauri/src/commands/import.rs`); the rest is in `api.ts`, whose `call` both use.
import { Channel } from "@tauri-apps/api/core";
import { open } from "@tauri-apps/plugin-dialog";
import { call } from "./api";

/** A built-in source profile (`import_profiles`, as `atalaya profile list`). */
export interface ProfileInfo {
  name: string;
  kind: string;
  source: string;
  format: string;
  record: string;
  description: string;
}

/** How a file is read: picked from its header, a built-in profile, or a profile TOML file. */
export type ProfileArg =
  { kind: "auto" } | { kind: "named"; name: string } | { kind: "file"; path: string };

export interface PreviewValue {
  field: string;
  value: string;
}

export interface PreviewRow {
  row: number;
  /** `ok`, or the reason code the row would be quarantined for. */
  status: string;
  record_id: string | null;
  values: PreviewValue[];
}

export interface PreviewProblem {
  row: number;
  reason: string;
  column: string | null;
  value: string | null;
  expected: string;
}

/** The store already holds this file. */
export interface PreviousImport {
  batch_id: string;
  imported_at: string;
  rows_read: number;
  complete: boolean;
  last_row: number;
}

/** What importing a file would do (`import_preview`); nothing is written. */
export interface ImportPreview {
  file: string;
  file_bytes: number;
  profile: string;
  profile_auto: boolean;
  format: string;
  source: string;
  record: string;
  header: string[];
  rows: PreviewRow[];
  scanned: number;
  more: boolean;
  ok: number;
  rejected: number;
  by_reason: Record<string, number>;
  problems: PreviewProblem[];
  previous: PreviousImport | null;
}

/** Where a running import is (sent on the `import_start` channel). */
export interface ImportProgress {
  rows_read: number;
  rows_saved: number;
  last_row: number;
  total_lines: number | null;
  chunks: number;
  done: boolean;
}

/** What an import did with the file (`atalaya::ImportSummary`). */
export interface ImportSummary {
  file: string;
  profile: string;
  profile_auto: boolean;
  source: string;
  batch_id: string;
  content_hash: string;
  already_imported: boolean;
  resumed_after_row: number | null;
  read: number;
  accepted: number;
  created: number;
  updated: number;
  quarantined: number;
  duplicate: number;
  /** Incidents of this file merged into another source's incident (the same event). */
  linked: number;
  /** Pairs with another source's incident waiting in the link review. */
  link_queued: number;
  by_reason: Record<string, number>;
  chunks: number;
  notes: string[];
}

export interface FieldValue {
  column: string;
  value: string;
  edited: boolean;
}

/** A quarantined row with its fault and its fields. */
export interface QuarantineEntry {
  id: string;
  file: string;
  row: number;
  reason: string;
  column: string | null;
  value: string | null;
  expected: string;
  content: string;
  batch_id: string;
  fields: FieldValue[];
}

export interface QuarantinePage {
  total: number;
  offset: number;
  rows: QuarantineEntry[];
}

export interface QuarantineBatch {
  id: string;
  file: string;
  source: string;
  imported_at: string;
  quarantined: number;
}

export interface QuarantineOutcome {
  id: string;
  /** `accepted`, `duplicate`, or still `quarantined`. */
  status: string;
  incident_id: string | null;
  reason: string | null;
}

/** Rows a preview shows, and rows it reads looking for problems. */
export const PREVIEW_ROWS = 25;
export const PREVIEW_SCAN = 10_000;

/** What the file chooser offers first: the formats the readers know. */
const SOURCE_EXTENSIONS = ["csv", "tsv", "txt", "xlsx", "geojson", "json", "ndjson", "gpx"];

export const importApi = {
  /** The system's file chooser (offline, native); `null` when the analyst closed it. */
  chooseFile: async (filterName: string, title: string): Promise<string | null> => {
    const picked = await open({
      title,
      multiple: false,
      directory: false,
      filters: [{ name: filterName, extensions: SOURCE_EXTENSIONS }],
    });
    return typeof picked === "string" ? picked : null;
  },
  profiles: (): Promise<ProfileInfo[]> => call("import_profiles"),
  preview: (path: string, profile: ProfileArg): Promise<ImportPreview> =>
    call("import_preview", { path, profile, rows: PREVIEW_ROWS, scan: PREVIEW_SCAN }),
  /** Resolves with the summary; rejects with `cancelled` when `cancel` stopped it. */
  start: (
    path: string,
    profile: ProfileArg,
    onProgress: (progress: ImportProgress) => void,
  ): Promise<ImportSummary> => {
    const channel = new Channel<ImportProgress>(onProgress);
    return call("import_start", { path, profile, onProgress: channel });
  },
  /** Whether an import was running to be cancelled. */
  cancel: (): Promise<boolean> => call("import_cancel"),
  quarantinePage: (batch: string | null, offset: number, limit: number): Promise<QuarantinePage> =>
    call("quarantine_page", { batch, offset, limit }),
  quarantineBatches: (): Promise<QuarantineBatch[]> => call("quarantine_batches"),
  quarantineFix: (
    id: string,
    edits: { field: string; value: string }[],
  ): Promise<QuarantineOutcome> => call("quarantine_fix", { id, edits }),
  quarantineAccept: (id: string): Promise<QuarantineOutcome> => call("quarantine_accept", { id }),
};
