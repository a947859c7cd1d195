// Field capture in the real app (WebKit WebView) on a real encrypted demo store: the "Nuevo
// incidente" form refuses an address the store's streets cannot place (in Spanish, writing
// nothing), then a point clicked on the map is saved; the detail opens on it, the counts move
// by one, and the CLI finds exactly that incident, from the field source, with an intact audit.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  cliJson,
  createDemoStore,
  DEMO_PASSPHRASE,
  queryIncidents,
} from "./support/demo-store.mjs";
import { launchDesktopApp, screenshot } from "./support/desktop-app.mjs";
import { clickAt, esCL, waitForTableTotal, waitForWorkbench } from "./support/workbench.mjs";

const DESCRIPTION = "Sustracción de mochila en paradero, e2e captura";

let store;

before(() => {
  store = createDemoStore({ seed: 19, incidents: 2000 });
});

after(() => store?.remove());

const field = (browser, name) => browser.$(`[data-testid="capture-panel"] [data-field="${name}"]`);

/** The form's refusals, as shown. */
function refusals(browser) {
  return browser.execute(() =>
    [...document.querySelectorAll('[data-testid="capture-panel"] [role="alert"]')].map((e) =>
      e.textContent.trim(),
    ),
  );
}

test("at 1366x768: an unplaceable address is refused in Spanish; a point picked on the map is saved and the CLI finds it", async () => {
  const auditBefore = cliJson(store, ["audit", "verify"]);
  const all = store.stats.incidents;
  const app = await launchDesktopApp({ ATALAYA_DB: store.db, ATALAYA_PASSPHRASE: DEMO_PASSPHRASE });
  try {
    const { browser } = app;
    await browser.setWindowSize(1366, 768);
    await waitForWorkbench(browser, all);

    await browser.$('[data-testid="capture-toggle"]').click();
    await browser.$('[data-testid="capture-panel"]').waitForDisplayed({ timeout: 10_000 });
    await (await field(browser, "category")).selectByAttribute("value", "dmcs.hurto");
    await (await field(browser, "day")).setValue("2024-03-02");
    await (await field(browser, "time")).setValue("21:15");
    await (await field(browser, "description")).setValue(DESCRIPTION);
    await (await field(browser, "address")).setValue("Calle Inventada 99");
    await browser.$('[data-testid="capture-panel"] [data-action="save"]').click();
    await browser.waitUntil(async () => (await refusals(browser)).length === 1, {
      timeout: 20_000,
      timeoutMsg: "the unplaceable address should be refused",
    });
    assert.match(
      (await refusals(browser))[0],
      /^No se pudo ubicar «Calle Inventada 99» en el callejero/,
    );

    // A point inside the comuna: the middle of the map, which shows the whole comuna.
    // Emptied as a person would (WebKit's clearValue fires no input event).
    await (await field(browser, "address")).click();
    await browser.keys(["Control", "a"]);
    await browser.keys("Backspace");
    await browser.waitUntil(
      () =>
        browser.execute(() => {
          const map = window.__atalayaMap;
          return map.getCanvas().clientWidth === map.getContainer().clientWidth;
        }),
      { timeout: 10_000, timeoutMsg: "the map should take the width the form leaves it" },
    );
    const spot = await browser.execute(() => {
      const map = window.__atalayaMap;
      const r = map.getCanvas().getBoundingClientRect();
      const [x, y] = [Math.round(r.width * 0.47), Math.round(r.height * 0.53)];
      const ll = map.unproject([x, y]);
      return { x: r.left + x, y: r.top + y, lon: ll.lng, lat: ll.lat };
    });
    await clickAt(browser, spot.x, spot.y);
    await browser.$('[data-testid="capture-marker"]').waitForDisplayed({ timeout: 10_000 });
    console.log(`screenshot: ${await screenshot(browser, "capture-1366x768-1-form")}`);
    await browser.$('[data-testid="capture-panel"] [data-action="save"]').click();

    // The detail of the new incident replaces the form; the counts move by one.
    const description = await browser.$('[data-testid="detail-description"]');
    await description.waitForDisplayed({ timeout: 20_000 });
    assert.equal(await description.getText(), DESCRIPTION);
    assert.equal(await browser.$('[data-field="source"]').getText(), "Captura en terreno");
    await waitForTableTotal(browser, esCL(all + 1));
    console.log(`screenshot: ${await screenshot(browser, "capture-1366x768-2-saved")}`);

    // The CLI, reading the same store, finds exactly it, where it was clicked.
    const found = queryIncidents(store, ["--text", "mochila paradero e2e"]);
    assert.equal(found.length, 1);
    const [incident] = found;
    assert.equal(incident.category, "dmcs.hurto");
    assert.equal(incident.source, "Captura en terreno");
    assert.equal(incident.description, DESCRIPTION);
    assert.equal(incident.address, null);
    assert.ok(Math.abs(incident.lon - spot.lon) < 1e-4, `lon ${incident.lon} vs ${spot.lon}`);
    assert.ok(Math.abs(incident.lat - spot.lat) < 1e-4, `lat ${incident.lat} vs ${spot.lat}`);
    // 21:15 on 2 March 2024 in Santiago (summer time, UTC−3).
    assert.equal(Date.parse(incident.occurred_at), Date.parse("2024-03-03T00:15:00Z"));
  } finally {
    await app.close();
  }
  assert.equal(cliJson(store, ["stats"]).incidents, all + 1);
  const auditAfter = cliJson(store, ["audit", "verify"]);
  assert.deepEqual(auditAfter.problems, []);
  assert.equal(auditAfter.entries, auditBefore.entries + 1, "one audited write: the capture");
});
