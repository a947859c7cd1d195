// The header's sync logic (`src/lib/sync-status.ts`), loaded through Vite so the TypeScript runs
// as the app runs it: which light a status shows, "hace 3 min" in both languages, and which side
// of a conflict is this workstation's.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startModuleLoader } from "./support/server.mjs";

let loader;
let lib;

before(async () => {
  loader = await startModuleLoader();
  lib = await loader.load("/src/lib/sync-status.ts");
});

after(() => loader?.close());

const status = (over) => ({
  server: "https://10.0.0.5:8443",
  registered: true,
  pending: 0,
  refusals: [],
  open_conflicts: 0,
  last_attempt_at: "2026-03-02T12:00:00Z",
  last_sync_at: "2026-03-02T12:00:00Z",
  last_error: null,
  ...over,
});
const failed = (code) => ({ code, message: "…" });

test("the light: no server, not registered, syncing, online, offline, update, error, idle", () => {
  const check = (s, running, expected) => assert.equal(lib.syncLight(s, running), expected);
  check(null, false, "none");
  check(status({ server: null, registered: false }), false, "none");
  check(status({ registered: false }), false, "unregistered");
  check(status({}), true, "syncing");
  check(status({}), false, "online");
  check(status({ last_error: failed("unreachable") }), false, "offline");
  check(status({ last_error: failed("please_update") }), false, "update");
  check(status({ last_error: failed("server_too_old") }), false, "update");
  check(status({ last_error: failed("refused") }), false, "error");
  check(status({ last_attempt_at: null, last_sync_at: null }), false, "idle");
  // A session under way wins over the last one's failure.
  check(status({ last_error: failed("unreachable") }), true, "syncing");
});

test("the age of the last sync: nothing under a minute, then minutes, hours, days", () => {
  const at = "2026-03-02T12:00:00Z";
  const now = (s) => Date.parse(at) + s * 1000;
  const check = (seconds, locale, expected) =>
    assert.equal(lib.formatAge(at, now(seconds), locale), expected, `${seconds} s, ${locale}`);
  check(0, "es-CL", null);
  check(59, "es-CL", null);
  check(-30, "es-CL", null);
  check(190, "es-CL", "hace 3 min");
  check(2 * 3600 + 5, "es-CL", "hace 2 h");
  check(3 * 86400, "es-CL", "hace 3 días");
  check(190, "en", "3 minutes ago");
  check(3600, "en", "1 hour ago");
  assert.equal(lib.formatAge("not a date", now(0), "es-CL"), null);
});

test("a conflict's sides: mine and theirs whichever order the server gave, none when ambiguous", () => {
  const side = (value, mine) => ({
    value,
    device: "d",
    user: null,
    device_name: null,
    hlc: 1,
    at: "2026-03-02T12:00:00Z",
    mine,
  });
  const conflict = (kept, incoming) => ({
    id: 1,
    table: "incident",
    record: "r",
    column: "category",
    kept,
    incoming,
    current: incoming.value,
    open: true,
  });
  const a = lib.conflictSides(conflict(side("ley.armas", false), side("dmcs.hurto", true)));
  assert.deepEqual([a.mine.value, a.theirs.value], ["dmcs.hurto", "ley.armas"]);
  const b = lib.conflictSides(conflict(side("ley.armas", true), side("dmcs.hurto", false)));
  assert.deepEqual([b.mine.value, b.theirs.value], ["ley.armas", "dmcs.hurto"]);
  assert.equal(lib.conflictSides(conflict(side("x", false), side("y", false))), null);
  assert.equal(lib.conflictSides(conflict(side("x", true), side("y", true))), null);
});

test("a device id is shown by its first eight hex digits", () => {
  assert.equal(lib.shortDevice("0190a5c3-7e21-7000-8000-000000000001"), "0190a5c3");
});
