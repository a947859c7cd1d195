// The header's sync status and the conflict inbox against a mocked backend, in headless
// Chromium: no server (the CLI command to register), online with pending changes, a session
// that brings a conflict, resolving it from the inbox, offline without an error dialog, and
// "please update" said plainly, and the changes the server refused (listed, then dismissed).
import assert from "node:assert/strict";
import { test } from "node:test";
import { requests } from "./support/app-page.mjs";
import { SCENARIOS } from "./support/scenarios.mjs";
import { uiSession } from "./support/ui-session.mjs";

const ui = uiSession();

const ME = "0190a5c3-7e21-7000-8000-00000000000a";
const OTHER = "0190b7d4-1111-7000-8000-00000000000b";
const INCIDENT = "0190a000-0000-7000-8000-000000000000";

const minutesAgo = (m) => new Date(Date.now() - m * 60_000 - 10_000).toISOString();

const registered = (over = {}) => ({
  server: "https://127.0.0.1:8443",
  registered: true,
  pending: 12,
  refusals: [],
  open_conflicts: 0,
  last_attempt_at: minutesAgo(3),
  last_sync_at: minutesAgo(3),
  last_error: null,
  ...over,
});

const CONFLICT = {
  id: 7,
  table: "incident",
  record: INCIDENT,
  column: "category",
  subject: {
    kind: "incident",
    occurred_at: "2024-03-02T23:05:00-03:00",
    category: "dmcs.robo_violencia",
    address: "Avenida Providencia 2124",
    cuadrante: "C05",
    description: "Sujeto arrebata celular a transeúnte.",
  },
  kept: {
    value: "dmcs.hurto",
    device: OTHER,
    user: "beto",
    device_name: "portatil-3",
    hlc: 1,
    at: "2024-03-04T21:15:00Z",
    mine: false,
  },
  incoming: {
    value: "dmcs.robo_violencia",
    device: ME,
    user: "ana",
    device_name: "escritorio-1",
    hlc: 2,
    at: "2024-03-04T22:40:00Z",
    mine: true,
  },
  current: "dmcs.robo_violencia",
  open: true,
};

const text = async (page, selector) =>
  (await page.textContent(selector)).replace(/\s+/g, " ").trim();

async function openWith(sync) {
  const opened = await ui.open({ ...SCENARIOS.bigStore, sync });
  await opened.page.waitForSelector('[data-testid="sync-status"]');
  return opened;
}

test("without a server, the header says so and shows the CLI command that registers", async () => {
  const { page, errors } = await ui.open(SCENARIOS.bigStore);
  try {
    await page.waitForSelector('[data-testid="sync-status"]');
    assert.match(
      await text(page, '[data-testid="sync-status"]'),
      /^Sin servidor de sincronización/,
    );
    assert.equal(
      await text(page, '[data-testid="sync-register"]'),
      "atalaya sync --server URL --fingerprint FP --user NAME",
    );
    assert.equal(await page.$('[data-testid="sync-now"]'), null);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test("online: last sync 3 min ago, 12 pending; a session brings a conflict resolved from the inbox", async () => {
  const { page, errors } = await openWith({ status: registered(), incoming: [CONFLICT] });
  try {
    assert.equal(await text(page, '[data-testid="sync-state"]'), "En línea");
    assert.equal(
      await text(page, '[data-testid="sync-detail"]'),
      "Última sincronización hace 3 min",
    );
    assert.equal(await text(page, '[data-testid="sync-pending"]'), "12 cambios pendientes");
    assert.equal(await page.$('[data-testid="sync-conflicts"]'), null);

    await page.click('[data-testid="sync-now"]');
    await page.waitForSelector('[data-testid="sync-conflicts"]');
    assert.equal(await text(page, '[data-testid="sync-conflicts"]'), "1 conflicto");
    assert.equal(await text(page, '[data-testid="sync-pending"]'), "Sin cambios pendientes");
    assert.equal(await text(page, '[data-testid="sync-detail"]'), "Última sincronización: recién");

    await page.click('[data-testid="sync-conflicts"]');
    await page.waitForSelector('[data-testid="conflict"]');
    const card = await text(page, '[data-testid="conflict"]');
    // Which incident, as a person knows it: when, where and what; the id only below.
    assert.match(
      card,
      new RegExp(
        `^Incidente · 2 mar 2024, 23:05 · Avenida Providencia 2124 Categoría ` +
          `Sujeto arrebata celular a transeúnte\\. Ver en el mapa Registro ${INCIDENT}`,
      ),
    );
    assert.match(card, /El mío Robo con violencia o intimidación Este puesto · 4 mar 2024, 19:40/);
    assert.match(card, /El de ellos Hurto beto, en portatil-3 · 4 mar 2024, 18:15/);

    await page.click('[data-testid="keep-theirs"]');
    await page.waitForSelector('[data-testid="conflicts-empty"]');
    assert.equal(
      await text(page, '[data-testid="conflicts-empty"]'),
      "No hay conflictos abiertos.",
    );
    const resolve = (await requests(page, "conflict_resolve")).at(-1);
    assert.deepEqual(resolve, { id: 7, keep: { kind: "theirs" } });
    await page.waitForSelector('[data-testid="sync-conflicts"]', { state: "detached" });
    assert.equal(await text(page, '[data-testid="sync-pending"]'), "1 cambio pendiente");
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test("a place in conflict: each part says it is settled with the others, and one choice closes them all", async () => {
  const part = (id, column, mine, theirs, settled_with) => ({
    ...CONFLICT,
    id,
    column,
    kept: { ...CONFLICT.kept, value: theirs },
    incoming: { ...CONFLICT.incoming, value: mine },
    current: mine,
    settled_with,
  });
  const place = [
    part(11, "lon", "-70.6202", "-70.6101", [12]),
    part(12, "lat", "-33.4402", "-33.4301", [11]),
  ];
  const { page, errors } = await openWith({ status: registered(), open: place });
  try {
    await page.click('[data-testid="sync-conflicts"]');
    await page.waitForSelector('[data-testid="conflict"]');
    const notes = await page.$$eval('[data-testid="conflict-together"]', (els) =>
      els.map((e) => e.textContent.replace(/\s+/g, " ").trim()),
    );
    assert.deepEqual(notes, [
      "Es parte del lugar del incidente: al elegir un lado, el otro conflicto del lugar (n.º 12) se resuelve igual, para que el lugar quede entero.",
      "Es parte del lugar del incidente: al elegir un lado, el otro conflicto del lugar (n.º 11) se resuelve igual, para que el lugar quede entero.",
    ]);

    await page.click('[data-testid="conflict"][data-id="12"] [data-testid="keep-theirs"]');
    await page.waitForSelector('[data-testid="conflicts-empty"]');
    assert.deepEqual(await requests(page, "conflict_resolve"), [
      { id: 12, keep: { kind: "theirs" } },
    ]);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test("a conflict from a server that does not name users shows the other device's short id", async () => {
  const unnamed = { ...CONFLICT, kept: { ...CONFLICT.kept, user: null, device_name: null } };
  const { page, errors } = await openWith({ status: registered(), open: [unnamed] });
  try {
    await page.click('[data-testid="sync-conflicts"]');
    await page.waitForSelector('[data-testid="conflict"]');
    const card = await text(page, '[data-testid="conflict"]');
    assert.match(card, /El de ellos Hurto Otro puesto \(0190b7d4\) · 4 mar 2024, 18:15/);
    assert.equal(await page.$('[data-testid="conflict-author"]'), null);
    await page.click('button[data-locale="en"]');
    assert.match(
      await text(page, '[data-testid="conflict"]'),
      /Theirs Larceny Another workstation \(0190b7d4\)/,
    );
    assert.match(
      await text(page, '[data-testid="conflict"]'),
      /^Incident · Mar 2, 2024, 23:05 · Avenida Providencia 2124 Category/,
    );
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test("a case's status conflict names the case; a record this store lacks says so", async () => {
  const caseConflict = {
    ...CONFLICT,
    id: 8,
    table: "case_file",
    column: "status",
    subject: { kind: "case", title: "Robos en paraderos de Av. Providencia" },
    kept: { ...CONFLICT.kept, value: "approved" },
    incoming: { ...CONFLICT.incoming, value: "closed" },
    current: "closed",
  };
  const missing = { ...CONFLICT, id: 9, subject: null };
  const { page, errors } = await openWith({
    status: registered({ open_conflicts: 2 }),
    open: [caseConflict, missing],
  });
  try {
    await page.click('[data-testid="sync-conflicts"]');
    await page.waitForSelector('[data-testid="conflict"]');
    const subjects = await page.$$eval('[data-testid="conflict-subject"]', (els) =>
      els.map((e) => e.textContent.replace(/\s+/g, " ").trim()),
    );
    assert.deepEqual(subjects, ["Caso «Robos en paraderos de Av. Providencia»", "Incidente"]);
    const cards = await page.$$eval('[data-testid="conflict"]', (els) =>
      els.map((e) => e.textContent.replace(/\s+/g, " ").trim()),
    );
    assert.match(cards[1], /Este puesto no tiene el registro/);
    assert.match(cards[1], new RegExp(`Registro ${INCIDENT}`));
    await page.click('button[data-locale="en"]');
    assert.equal(
      await text(page, '[data-testid="conflict-subject"]'),
      "Case «Robos en paraderos de Av. Providencia»",
    );
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test("an incident in conflict opens on the main screen from the inbox", async () => {
  const { page, errors } = await openWith({
    status: registered({ open_conflicts: 1 }),
    open: [CONFLICT],
  });
  try {
    await page.click('[data-testid="sync-conflicts"]');
    await page.click('[data-testid="conflict-show"]');
    await page.waitForSelector('[data-testid="detail-panel"] [data-testid="detail-description"]');
    assert.equal((await requests(page, "incident_detail")).at(-1).id, INCIDENT);
    assert.equal(await page.$('[data-testid="conflict-inbox"]'), null);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test("a server that cannot be reached turns the light to offline, with no error dialog", async () => {
  const { page, errors } = await openWith({
    status: registered({ pending: 2 }),
    fail: { code: "unreachable", message: "cannot reach the sync server at … after 2 attempts" },
  });
  try {
    await page.click('[data-testid="sync-now"]');
    await page.waitForSelector('[data-testid="sync-status"][data-light="offline"]');
    assert.equal(await text(page, '[data-testid="sync-state"]'), "Sin conexión");
    assert.equal(
      await text(page, '[data-testid="sync-detail"]'),
      "Última sincronización hace 3 min",
    );
    assert.equal(await text(page, '[data-testid="sync-pending"]'), "2 cambios pendientes");
    assert.equal(await page.$('[role="alert"]'), null);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test("a newer server asks plainly for an update; in English too", async () => {
  const { page, errors } = await openWith({
    status: registered(),
    fail: { code: "please_update", message: "please update Atalaya: …" },
  });
  try {
    await page.click('[data-testid="sync-now"]');
    await page.waitForSelector('[data-testid="sync-status"][data-light="update"]');
    assert.equal(await text(page, '[data-testid="sync-state"]'), "Actualización necesaria");
    assert.match(await text(page, '[data-testid="sync-detail"]'), /^Actualice Atalaya/);
    await page.click('button[data-locale="en"]');
    assert.equal(await text(page, '[data-testid="sync-state"]'), "Update needed");
    assert.match(await text(page, '[data-testid="sync-detail"]'), /^Please update Atalaya/);
    assert.equal(await text(page, '[data-testid="sync-now"]'), "Sync now");
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

/** Ten refused changes: an incident, an area and eight streets, numbered 1–10. */
function tenRefusals() {
  const refusal = (change_no, table, record, columns) => ({
    change_no,
    table,
    record,
    columns,
    reason: `${table} ${record} is outside what your user may change (jurisdiction or role)`,
  });
  return [
    refusal(1, "incident", INCIDENT, ["category", "description"]),
    refusal(2, "area", "C05", ["name"]),
    ...Array.from({ length: 8 }, (_, i) => refusal(3 + i, "street", `S000${i}`, ["name"])),
  ];
}

test("refused changes: a red badge counts them and lists each record, in Spanish and English", async () => {
  const refusals = tenRefusals();
  const { page, errors } = await openWith({ status: registered({ refusals }) });
  try {
    assert.equal(await text(page, '[data-testid="sync-refused"] summary'), "10 rechazados");
    assert.equal(await page.isVisible('[data-testid="sync-refused-list"]'), false);
    await page.click('[data-testid="sync-refused"] summary');
    await page.waitForSelector('[data-testid="sync-refused-list"]', { state: "visible" });
    const list = await text(page, '[data-testid="sync-refused-list"]');
    assert.match(list, /^El servidor rechazó estos cambios/);
    assert.match(list, new RegExp(`Incidente ${INCIDENT} Categoría, Descripción`));
    assert.match(list, /Área C05 Nombre/);
    assert.match(list, /y 2 más/);
    assert.equal(await page.$$eval('[data-testid="sync-refused-list"] li', (li) => li.length), 8);
    await page.click('button[data-locale="en"]');
    assert.equal(await text(page, '[data-testid="sync-refused"] summary'), "10 refused");
    assert.match(await text(page, '[data-testid="sync-refused-list"]'), /Area C05 Name/);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test("refused changes: each is dismissed once read, then the rest at once, and the badge goes", async () => {
  const { page, errors } = await openWith({ status: registered({ refusals: tenRefusals() }) });
  try {
    await page.click('[data-testid="sync-refused"] summary');
    await page.waitForSelector('[data-testid="sync-refused-list"]', { state: "visible" });
    const first = '[data-testid="sync-refused-list"] li:first-child';
    assert.match(await text(page, first), new RegExp(`^Incidente ${INCIDENT}`));
    assert.equal(
      await page.getAttribute(`${first} [data-testid="sync-refused-dismiss"]`, "aria-label"),
      `Descartar el rechazo de Incidente ${INCIDENT}`,
    );
    await page.click(`${first} [data-testid="sync-refused-dismiss"]`);
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="sync-refused"] summary')?.textContent?.trim() ===
        "9 rechazados",
    );
    // The next one moves up; the list still shows eight, and one more is counted.
    assert.match(await text(page, first), /^Área C05/);
    assert.match(await text(page, '[data-testid="sync-refused-list"]'), /y 1 más/);
    assert.equal(await text(page, '[data-testid="sync-refused-dismiss-all"]'), "Descartar los 9");
    await page.click('[data-testid="sync-refused-dismiss-all"]');
    await page.waitForSelector('[data-testid="sync-refused"]', { state: "detached" });
    assert.equal(await text(page, '[data-testid="sync-state"]'), "En línea");
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
