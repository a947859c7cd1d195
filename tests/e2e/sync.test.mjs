// Sync in the real app (WebKit WebView) against a real `atalaya serve` over pinned TLS: two
// workstations registered with the CLI edit the same incident's category; A syncs first. The
// app, opened on B, shows the server and B's pending change; "Sincronizar ahora" brings the
// conflict (badge 1); in the inbox B keeps theirs (A's value); the next session sends the
// resolution, and A, after its own CLI sync, has no conflict open and holds its value on both.
// Screenshots at 1366×768.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { cliJson, createDemoStore, DEMO_PASSPHRASE } from "./support/demo-store.mjs";
import { launchDesktopApp, screenshot } from "./support/desktop-app.mjs";
import {
  cliConflicts,
  cliSync,
  createEmptyStore,
  setIncident,
  startSyncServer,
} from "./support/sync-server.mjs";

const APP_START_TIMEOUT = 60_000;
const SYNC_TIMEOUT = 60_000;

let server;
let a;
let b;

before(async () => {
  server = await startSyncServer();
  server.addUser("ana");
  server.addUser("beto");
  a = createDemoStore({ seed: 11, incidents: 30 });
  b = createEmptyStore();
  cliSync(a, server, "ana");
  cliSync(b, server, "beto");
});

after(async () => {
  await server?.stop();
  a?.remove();
  b?.remove();
});

const text = async (browser, testid) =>
  (await browser.$(`[data-testid="${testid}"]`).getText()).replace(/\s+/g, " ").trim();

const category = (store, id) => cliJson(store, ["query"]).find((r) => r.id === id).category;

test("at 1366x768: the app syncs B, shows the conflict, keeps theirs; A then has none open", async () => {
  const rows = cliJson(a, ["query"]);
  assert.equal(rows.length, 30);
  assert.deepEqual(
    cliJson(b, ["query"])
      .map((r) => r.id)
      .sort(),
    rows.map((r) => r.id).sort(),
  );
  const shared = rows.find((r) => !["ley.armas", "otr.receptacion"].includes(r.category)).id;
  setIncident(a, shared, "category=ley.armas");
  setIncident(b, shared, "category=otr.receptacion");
  cliSync(a, server);
  const labels = Object.fromEntries(
    cliJson(b, ["stats"]).by_category.map((c) => [c.code, c.label_es]),
  );

  const app = await launchDesktopApp({
    ATALAYA_DB: b.db,
    ATALAYA_PASSPHRASE: DEMO_PASSPHRASE,
    // No background loop (it would sync at once on unlock): this test syncs with the button.
    ATALAYA_SYNC_INTERVAL: "0",
  });
  try {
    const { browser } = app;
    await browser.setWindowSize(1366, 768);
    const status = await browser.$('[data-testid="sync-status"]');
    await status.waitForDisplayed({ timeout: APP_START_TIMEOUT });
    assert.equal(await text(browser, "sync-state"), "En línea");
    assert.equal(await text(browser, "sync-pending"), "1 cambio pendiente");
    assert.equal(
      await browser.$('[data-testid="sync-status"] .lines').getAttribute("title"),
      server.url,
    );
    assert.equal(await browser.$('[data-testid="sync-conflicts"]').isExisting(), false);
    console.log(`screenshot: ${await screenshot(browser, "sync-header-pending")}`);

    await browser.$('[data-testid="sync-now"]').click();
    const badge = await browser.$('[data-testid="sync-conflicts"]');
    await badge.waitForDisplayed({ timeout: SYNC_TIMEOUT });
    assert.equal(await badge.getText(), "1 conflicto");
    assert.equal(await text(browser, "sync-pending"), "Sin cambios pendientes");
    console.log(`screenshot: ${await screenshot(browser, "sync-header-conflict")}`);
    // A learns of the conflict at its next session.
    cliSync(a, server);
    assert.match(cliConflicts(a), /^1 conflict open/);

    await badge.click();
    const card = await browser.$('[data-testid="conflict"]');
    await card.waitForDisplayed({ timeout: 10_000 });
    const shown = await card.getText();
    // Which incident, as a person knows it (when, where, what), then its id.
    const incident = rows.find((r) => r.id === shared);
    const subject = await text(browser, "conflict-subject");
    assert.match(subject, /^Incidente · \d{1,2} \S+ \d{4}, \d{2}:\d{2}/);
    if (incident.address) assert.ok(subject.endsWith(incident.address), subject);
    assert.ok(shown.includes(incident.description), shown);
    assert.match(shown, new RegExp(`Registro ${shared}`));
    assert.match(shown, /Categoría/);
    // The side titles are drawn in capitals (CSS), which WebDriver's text reports.
    assert.match(shown, new RegExp(`El mío\\s+${labels["otr.receptacion"]}\\s+Este puesto`, "i"));
    // The server names who wrote the other side: A's user, on A's registered device name.
    assert.match(shown, new RegExp(`El de ellos\\s+${labels["ley.armas"]}\\s+ana, en \\S`, "i"));
    console.log(`screenshot: ${await screenshot(browser, "sync-inbox")}`);

    await browser.$('[data-testid="keep-theirs"]').click();
    await browser.$('[data-testid="conflicts-empty"]').waitForDisplayed({ timeout: 10_000 });
    await browser.$('[data-testid="sync-conflicts"]').waitForExist({ reverse: true });
    assert.equal(await text(browser, "sync-pending"), "1 cambio pendiente");

    await browser.$('[data-testid="sync-now"]').click();
    await browser.waitUntil(
      async () => (await text(browser, "sync-pending")) === "Sin cambios pendientes",
      { timeout: SYNC_TIMEOUT, timeoutMsg: "the resolution was not sent" },
    );
    assert.equal(await text(browser, "sync-state"), "En línea");
    console.log(`screenshot: ${await screenshot(browser, "sync-resolved")}`);
  } finally {
    await app.close();
  }

  cliSync(a, server);
  assert.match(cliConflicts(a), /^0 conflicts open/);
  assert.equal(category(a, shared), "ley.armas");
  assert.equal(category(b, shared), "ley.armas");
});

test("in the background: once unlocked, with a 1 h interval, the app at once sends B's edit and shows A's in the table unasked", async () => {
  // The table's first row is the latest incident; A rewrites its description, B another one.
  const rows = cliJson(a, ["query"]).sort((x, y) => y.occurred_at.localeCompare(x.occurred_at));
  const [latest, other] = rows;
  setIncident(a, latest.id, "description=revisado en el puesto A");
  cliSync(a, server);
  setIncident(b, other.id, "description=revisado en el puesto B");

  const app = await launchDesktopApp({
    ATALAYA_DB: b.db,
    ATALAYA_PASSPHRASE: DEMO_PASSPHRASE,
    // The first session must not wait for the interval.
    ATALAYA_SYNC_INTERVAL: "3600",
  });
  try {
    const { browser } = app;
    await browser.setWindowSize(1366, 768);
    const firstDescription = () =>
      browser.execute(
        () =>
          document.querySelector(
            '[data-testid="incident-grid"] .row[data-index="0"] [data-column="description"]',
          )?.textContent ?? "",
      );
    await browser.waitUntil(
      async () => (await firstDescription()).includes("revisado en el puesto A"),
      { timeout: SYNC_TIMEOUT, timeoutMsg: "A's edit never reached the table" },
    );
    await browser.waitUntil(
      async () => (await text(browser, "sync-pending")) === "Sin cambios pendientes",
      { timeout: SYNC_TIMEOUT, timeoutMsg: "B's edit was never sent" },
    );
    console.log(`screenshot: ${await screenshot(browser, "sync-background")}`);
  } finally {
    await app.close();
  }
  cliSync(a, server);
  const description = (id) => cliJson(a, ["query"]).find((r) => r.id === id).description;
  assert.equal(description(other.id), "revisado en el puesto B");
});
