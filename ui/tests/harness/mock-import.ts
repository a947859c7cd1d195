// The import and quarantine commands of the mocked backend (see mock-backend.ts). Files are
// looked up by path in the scenario; an import streams its progress on the channel the UI
// passed, the way the shell does (`{ index, message }`), and stops with `cancelled` when asked.
import type {
  ImportPreview,
  ImportProgress,
  ImportSummary,
  ProfileArg,
  ProfileInfo,
  QuarantineEntry,
} from "../../src/lib/import-api";

/** A file the mocked backend knows. */
export interface MockFile {
  /** What `import_preview` answers (with `auto`, or with the profile named in `byProfile`). */
  preview?: ImportPreview;
  byProfile?: Record<string, ImportPreview>;
  /** What `import_preview` and `import_start` fail with instead. */
  error?: { code: string; message: string; details?: Record<string, string> };
  /** The import's result; its rows are read in `steps` progress messages `stepMs` apart. */
  summary?: ImportSummary;
  steps?: number;
  stepMs?: number;
  /** Rows the import adds to the quarantine. */
  quarantine?: QuarantineEntry[];
}

export interface ImportScenario {
  profiles: ProfileInfo[];
  files: Record<string, MockFile>;
  /** Rows already in quarantine. */
  quarantine?: QuarantineEntry[];
  /** What the system file chooser answers (`null`: the analyst closed it). */
  chosenFile?: string | null;
}

interface ChannelLike {
  id: number;
}

declare global {
  interface Window {
    __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void };
  }
}

function fail(code: string, message: string, details?: Record<string, string>): never {
  throw { code, message, details };
}

const ACCEPTABLE = new Set(["unknown_category", "no_location", "outside_comuna"]);

export function importBackend(scenario: ImportScenario) {
  let quarantine = [...(scenario.quarantine ?? [])];
  let cancelRequested = false;
  let running = false;

  const file = (path: string) => {
    const known = scenario.files[path];
    if (!known) fail("io", `reading ${path}: No such file or directory (os error 2)`);
    return known;
  };

  function preview(path: string, profile: ProfileArg): ImportPreview {
    const f = file(path);
    if (f.error) fail(f.error.code, f.error.message, f.error.details);
    const named = profile.kind === "named" ? f.byProfile?.[profile.name] : undefined;
    const answer = named ?? f.preview;
    if (!answer) fail("profile_mismatch", "no profile matches", { header: "", file: path });
    return answer;
  }

  async function start(path: string, channel: ChannelLike): Promise<ImportSummary> {
    const f = file(path);
    if (f.error) fail(f.error.code, f.error.message, f.error.details);
    if (running) fail("import_running", "an import is already running");
    const summary = f.summary!;
    const steps = f.steps ?? 4;
    const totalLines = summary.read + 1;
    running = true;
    cancelRequested = false;
    let index = 0;
    const send = (message: ImportProgress) =>
      window.__TAURI_INTERNALS__.runCallback(channel.id, { index: index++, message });
    try {
      for (let i = 0; i <= steps; i++) {
        if (cancelRequested) fail("cancelled", "cancelled");
        const read = Math.round((summary.read * i) / steps);
        const saved = i === steps ? read : Math.floor(read / 2);
        send({
          rows_read: read,
          rows_saved: saved,
          last_row: read + 1,
          total_lines: totalLines,
          chunks: i,
          done: i === steps,
        });
        if (i < steps) await new Promise((resolve) => setTimeout(resolve, f.stepMs ?? 150));
      }
      quarantine = [...quarantine, ...(f.quarantine ?? [])];
      return summary;
    } finally {
      running = false;
    }
  }

  function resolve(id: string, status: "accepted" | "quarantined") {
    const entry = quarantine.find((q) => q.id === id);
    if (!entry) fail("invalid_argument", `invalid raw record id \`${id}\``);
    if (status === "accepted") quarantine = quarantine.filter((q) => q.id !== id);
    return {
      id,
      status,
      incident_id: status === "accepted" ? `0190b000-0000-7000-8000-${id.slice(-12)}` : null,
      reason: status === "accepted" ? null : `row ${entry.row}: ${entry.reason}`,
    };
  }

  /** A fix passes when it changes a column at fault to a value that is not empty. */
  function fix(id: string, edits: { field: string; value: string }[]) {
    const entry = quarantine.find((q) => q.id === id);
    if (!entry) fail("invalid_argument", `invalid raw record id \`${id}\``);
    const faulty = (entry.column ?? "").split(" + ");
    for (const edit of edits) {
      const field = entry.fields.find((f) => f.column === edit.field);
      if (field) Object.assign(field, { value: edit.value, edited: true });
    }
    const good = edits.some((e) => faulty.includes(e.field) && e.value.trim() !== "");
    return resolve(id, good ? "accepted" : "quarantined");
  }

  function batches() {
    const byBatch = new Map<string, { file: string; count: number }>();
    for (const q of quarantine) {
      const b = byBatch.get(q.batch_id) ?? { file: q.file, count: 0 };
      b.count++;
      byBatch.set(q.batch_id, b);
    }
    return [...byBatch].map(([id, b]) => ({
      id,
      file: b.file,
      source: "Patrullaje municipal",
      imported_at: "2025-03-02T09:00:00-03:00",
      quarantined: b.count,
    }));
  }

  /** The answer to `command`, or `undefined` when it is not an import command. */
  return function handle(command: string, args: Record<string, unknown>): unknown {
    switch (command) {
      case "import_profiles":
        return scenario.profiles;
      case "plugin:dialog|open":
        return scenario.chosenFile ?? null;
      case "import_preview":
        return preview(args.path as string, args.profile as ProfileArg);
      case "import_start":
        return start(args.path as string, args.onProgress as ChannelLike);
      case "import_cancel":
        cancelRequested = running;
        return running;
      case "quarantine_page": {
        const rows = quarantine.filter((q) => !args.batch || q.batch_id === args.batch);
        const offset = args.offset as number;
        return {
          total: rows.length,
          offset,
          rows: rows.slice(offset, offset + (args.limit as number)),
        };
      }
      case "quarantine_batches":
        return batches();
      case "quarantine_fix":
        return fix(args.id as string, args.edits as { field: string; value: string }[]);
      case "quarantine_accept": {
        const entry = quarantine.find((q) => q.id === args.id);
        if (entry && !ACCEPTABLE.has(entry.reason))
          fail("cannot_accept", `row ${args.id} cannot be accepted as it is`);
        return resolve(args.id as string, "accepted");
      }
      default:
        return undefined;
    }
  };
}
