// The sync commands of the mocked backend (see mock-backend.ts): a status from the scenario, a
// session that either fails with the scenario's error or settles what is pending and brings the
// scenario's conflicts, the conflict inbox with resolutions (a resolution is a pending change
// until the next session, as in the library), and refused changes dismissed by number or all.
import type { ConflictOut, SyncReport, SyncStatus } from "../../src/lib/sync-api";

export interface SyncScenario {
  status: SyncStatus;
  /** Conflicts the next session reports (open), and those open already. */
  incoming?: ConflictOut[];
  open?: ConflictOut[];
  /** `sync_now` fails like this (and the status remembers it). */
  fail?: { code: string; message: string };
  /** The field user's cuadrantes (as registration said); absent: the whole comuna. */
  cuadrantes?: string[];
}

export const NO_SERVER: SyncScenario = {
  status: {
    server: null,
    registered: false,
    user: null,
    role: null,
    pending: 0,
    refusals: [],
    open_conflicts: 0,
    last_attempt_at: null,
    last_sync_at: null,
    last_error: null,
  },
};

function fail(code: string, message: string): never {
  throw { code, message };
}

export function syncBackend(scenario: SyncScenario) {
  let status: SyncStatus = { ...scenario.status };
  let open: ConflictOut[] = [...(scenario.open ?? [])];
  const count = () => ({ ...status, open_conflicts: open.length });

  function handle(command: string, args: Record<string, unknown>): unknown {
    switch (command) {
      case "sync_status":
        return count();
      case "sync_now": {
        const at = new Date().toISOString();
        if (scenario.fail) {
          status = { ...status, last_attempt_at: at, last_error: scenario.fail };
          fail(scenario.fail.code, scenario.fail.message);
        }
        open = [...open, ...(scenario.incoming ?? [])];
        scenario.incoming = [];
        const pushed = status.pending;
        status = { ...status, pending: 0, last_attempt_at: at, last_sync_at: at, last_error: null };
        const report: SyncReport = {
          server: status.server ?? "",
          registered: null,
          pushed,
          refused: 0,
          pulled: 0,
          evicted: 0,
          deleted: 0,
          collisions: 0,
          pending: 0,
          open_conflicts: open,
        };
        return report;
      }
      case "conflicts_list":
        return open;
      case "conflict_resolve": {
        const conflict = open.find((c) => c.id === Number(args.id));
        if (!conflict) fail("not_found", `no conflict ${args.id} in this store`);
        // As in the library: the other parts of the same place are settled with it.
        const settled = conflict.settled_with ?? [];
        open = open.filter((c) => c !== conflict && !settled.includes(c.id));
        status = { ...status, pending: status.pending + 1 };
        return { ...conflict, open: false };
      }
      case "refusals_dismiss": {
        const wanted = args.changeNos as number[] | null;
        const gone = status.refusals.filter((r) => wanted === null || wanted.includes(r.change_no));
        if (wanted && gone.length !== wanted.length)
          fail("invalid_argument", `invalid refused change: ${wanted.join(",")}`);
        status = { ...status, refusals: status.refusals.filter((r) => !gone.includes(r)) };
        return gone.length;
      }
      default:
        return undefined;
    }
  }

  return { handle };
}
