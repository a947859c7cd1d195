// Correcting an incident in the real app (WebKit WebView) on a real encrypted demo store:
// "Corregir" in the detail, a new status and description, a click on the map to move it; the
// detail shows it corrected, and the CLI finds it at the clicked point with one more audited
// write and an intact chain.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  cliJson,
  createDemoStore,
  DEMO_PASSPHRASE,
  queryIncidents,
} from "./support/demo-store.mjs";
import { launchDesktopApp, screenshot } from "./support/desktop-app.mjs";
import { clickAt, waitForWorkbench } from "./support/workbench.mjs";

const DESCRIPTION = "Robo en local comercial, ubicación corregida e2e";

let store;

before(() => {
  store = createDemoStore({ seed: 23, incidents: 1500 });
});

after(() => store?.remove());

const field = (browser, name) =>
  browser.$(`[data-testid="correction-form"] [data-field="${name}"]`);

test("at 1366x768: an incident is moved on the map and re-described; the CLI finds it there", async () => {
  const auditBefore = cliJson(store, ["audit", "verify"]);
  const app = await launchDesktopApp({ ATALAYA_DB: store.db, ATALAYA_PASSPHRASE: DEMO_PASSPHRASE });
  let spot;
  try {
    const { browser } = app;
    await browser.setWindowSize(1366, 768);
    await waitForWorkbench(browser, store.stats.incidents);

    await browser.$('[data-testid="incident-grid"] .row[data-index="0"]').click();
    await browser.keys("Enter");
    const idField = browser.$('[data-testid="detail-panel"] [data-field="id"]');
    await idField.waitForDisplayed({ timeout: 20_000 });
    const id = await idField.getText();
    await browser.$('[data-testid="detail-panel"] [data-action="correct"]').click();
    await browser.$('[data-testid="correction-form"]').waitForDisplayed({ timeout: 10_000 });

    await (await field(browser, "status")).selectByAttribute("value", "verified");
    // Replaced as a person would (WebKit's clearValue fires no input event).
    await (await field(browser, "description")).click();
    await browser.keys(["Control", "a"]);
    await browser.keys("Backspace");
    await (await field(browser, "description")).setValue(DESCRIPTION);
    await browser.waitUntil(
      () =>
        browser.execute(() => {
          const map = window.__atalayaMap;
          return map.getCanvas().clientWidth === map.getContainer().clientWidth;
        }),
      { timeout: 10_000, timeoutMsg: "the map should take the width the panel leaves it" },
    );
    // The middle of the map, which shows the whole comuna.
    spot = await browser.execute(() => {
      const map = window.__atalayaMap;
      const r = map.getCanvas().getBoundingClientRect();
      const [x, y] = [Math.round(r.width * 0.52), Math.round(r.height * 0.48)];
      const ll = map.unproject([x, y]);
      return { x: r.left + x, y: r.top + y, lon: ll.lng, lat: ll.lat };
    });
    await clickAt(browser, spot.x, spot.y);
    await browser.$('[data-testid="capture-marker"]').waitForDisplayed({ timeout: 10_000 });
    console.log(`screenshot: ${await screenshot(browser, "correction-1366x768-1-form")}`);
    await browser.$('[data-testid="correction-form"] [data-action="save"]').click();

    const description = browser.$('[data-testid="detail-description"]');
    await description.waitForDisplayed({ timeout: 20_000 });
    assert.equal(await description.getText(), DESCRIPTION);
    assert.equal(
      await browser.$('[data-testid="detail-panel"] [data-field="status"]').getText(),
      "Verificado",
    );
    assert.equal(await browser.$('[data-testid="detail-panel"] [data-field="id"]').getText(), id);
    console.log(`screenshot: ${await screenshot(browser, "correction-1366x768-2-saved")}`);
  } finally {
    await app.close();
  }
  // The CLI, reading the same store, finds it where it was clicked.
  const found = queryIncidents(store, ["--text", "ubicacion corregida e2e"]);
  assert.equal(found.length, 1);
  const [incident] = found;
  assert.equal(incident.description, DESCRIPTION);
  assert.ok(Math.abs(incident.lon - spot.lon) < 1e-4, `lon ${incident.lon} vs ${spot.lon}`);
  assert.ok(Math.abs(incident.lat - spot.lat) < 1e-4, `lat ${incident.lat} vs ${spot.lat}`);
  assert.equal(cliJson(store, ["stats"]).incidents, store.stats.incidents, "none added");
  const auditAfter = cliJson(store, ["audit", "verify"]);
  assert.deepEqual(auditAfter.problems, []);
  assert.equal(auditAfter.entries, auditBefore.entries + 1, "one audited write: the correction");
});
