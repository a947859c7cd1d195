// The link review commands of the mocked backend (see mock-backend.ts): a queue of pairs from
// the scenario, best first as given; a confirm merges the candidate's sources into the
// incident (its detail then names both), a reject drops the pair. A decision on a pair that is
// not pending fails `invalid_argument`, as the library does.
import type { LinkQueue, QueuedLink } from "../../src/lib/links-api";

export interface LinksScenario {
  pairs: QueuedLink[];
  /** `links_queue` (or a decision, by link id) fails with this instead. */
  fail?: { command: string; code: string; message: string; id?: string };
}

function fail(code: string, message: string): never {
  throw { code, message };
}

export function linksBackend(scenario: LinksScenario) {
  let pending = [...scenario.pairs];
  /** Incident id → its sources after confirmed merges. */
  const merged = new Map<string, string[]>();

  function take(id: string): QueuedLink {
    const pair = pending.find((p) => p.id === id);
    if (!pair)
      fail("invalid_argument", `invalid link id '${id}': expected a link waiting for review`);
    pending = pending.filter((p) => p !== pair);
    return pair;
  }

  function handle(command: string, args: Record<string, unknown>): unknown {
    const failure = scenario.fail;
    if (failure?.command === command && (failure.id === undefined || failure.id === args.id))
      fail(failure.code, failure.message);
    switch (command) {
      case "links_queue": {
        const queue: LinkQueue = {
          pending: pending.length,
          pairs: pending.slice(0, Number(args.limit)),
        };
        return queue;
      }
      case "link_confirm": {
        const pair = take(String(args.id));
        const sources = [
          ...(merged.get(pair.incident.id) ?? [pair.incident.source ?? ""]),
          ...(merged.get(pair.candidate.id) ?? [pair.candidate.source ?? ""]),
        ];
        merged.set(pair.incident.id, [...new Set(sources)]);
        return { id: pair.id, decision: "confirmed", incident: pair.incident.id };
      }
      case "link_reject": {
        const pair = take(String(args.id));
        return { id: pair.id, decision: "rejected", incident: null };
      }
      default:
        return undefined;
    }
  }

  return {
    handle,
    /** The sources of `incident` once a confirm merged others into it. */
    sourcesOf: (incident: string): string[] | undefined => merged.get(incident),
  };
}
