// The link review half of the typed mirror of the Tauri commands
// (`src-tauri/src/commands/links.rs`); the rest is in `api.ts`, whose `call` it uses.
import { call } from "./api";

/** One side of a queued pair (`atalaya::links::LinkSide`). */
export interface LinkSide {
  id: string;
  /** America/Santiago ISO-8601. */
  occurred_at: string;
  category: string;
  source: string | null;
  description: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
}

/** What the linker's score is made of, each part `0..=1` (`atalaya_ingest::link::LinkScore`). */
export interface LinkScoreParts {
  total: number;
  space: number;
  time: number;
  category: number;
  text: number;
  distance_m: number;
  minutes: number;
}

/** A pair the linker could not decide. Confirmed, `candidate` is merged into `incident`. */
export interface QueuedLink {
  id: string;
  score: number;
  /** `null` when a side has no position any more. */
  parts: LinkScoreParts | null;
  incident: LinkSide;
  candidate: LinkSide;
}

/** The review queue (`links_queue`): every pending pair counted, the best `limit` listed. */
export interface LinkQueue {
  pending: number;
  pairs: QueuedLink[];
}

/** What a decision did (`link_confirm`, `link_reject`). */
export interface LinkDecision {
  id: string;
  decision: "confirmed" | "rejected";
  /** The incident holding both records now, when confirmed. */
  incident: string | null;
}

/** Pairs listed at once; the count above the list says how many wait in all. */
export const LINK_QUEUE_LIMIT = 200;

export const linksApi = {
  queue: (limit: number = LINK_QUEUE_LIMIT): Promise<LinkQueue> => call("links_queue", { limit }),
  /** The two are one event: the candidate is merged into the incident. */
  confirm: (id: string): Promise<LinkDecision> => call("link_confirm", { id }),
  /** The two are different events: both stay, and the pair is never proposed again. */
  reject: (id: string): Promise<LinkDecision> => call("link_reject", { id }),
};
