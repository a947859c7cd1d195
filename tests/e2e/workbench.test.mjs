// The analyst's main screen in the real app (WebKit WebView) on a real encrypted demo store with
// an imported patrol export: map and table show the data, a category filter, a cluster picked on
// the map lists exactly its incidents, and a record's detail shows the input row it came from.
// A screenshot per step, at 1366×768 and at 1920×1080.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  createDemoStore,
  DEMO_PASSPHRASE,
  importPatrolExport,
  queryIncidents,
} from "./support/demo-store.mjs";
import { launchDesktopApp, screenshot } from "./support/desktop-app.mjs";
import { clickAt, esCL, waitForTableTotal } from "./support/workbench.mjs";

const APP_START_TIMEOUT = 60_000;
const NOTE = "Procedimiento e2e linaje";

let store;

before(() => {
  store = createDemoStore({ seed: 11, incidents: 5000 });
  importPatrolExport(store, [
    {
      id: "PM-E2E-1",
      date: "01-03-2024",
      type: "Robo por sorpresa",
      address: "Av. Providencia 1234",
      lat: "-33,4175",
      lon: "-70,6155",
      note: NOTE,
    },
  ]);
});

after(() => store?.remove());

/** Waits until the map has drawn clusters; returns the biggest one and where it is on screen. */
async function biggestCluster(browser) {
  await browser.waitUntil(
    () =>
      browser.execute(() => {
        const map = window.__atalayaMap;
        return (
          !!map && map.loaded() && map.queryRenderedFeatures({ layers: ["clusters"] }).length > 0
        );
      }),
    { timeout: 30_000, timeoutMsg: "the map drew no clusters" },
  );
  return browser.execute(() => {
    const map = window.__atalayaMap;
    const features = map.queryRenderedFeatures({ layers: ["clusters"] });
    const best = features.reduce((a, b) => (b.properties.count > a.properties.count ? b : a));
    const p = map.project(best.geometry.coordinates);
    const r = map.getCanvas().getBoundingClientRect();
    return { ...best.properties, x: Math.round(r.left + p.x), y: Math.round(r.top + p.y) };
  });
}

for (const [width, height] of [
  [1366, 768],
  [1920, 1080],
]) {
  const size = `${width}x${height}`;

  test(`at ${size}: unlock → map and table → category filter → cluster → detail with lineage`, async () => {
    const app = await launchDesktopApp({ ATALAYA_DB: store.db, ATALAYA_PASSPHRASE: null });
    try {
      const { browser } = app;
      // No window manager under Xvfb: the window keeps the size it is given.
      await browser.setWindowSize(width, height);

      const field = await browser.$("#passphrase");
      await field.waitForDisplayed({ timeout: APP_START_TIMEOUT });
      console.log(`screenshot: ${await screenshot(browser, `main-${size}-1-unlock`)}`);
      await field.setValue(DEMO_PASSPHRASE);
      await browser.$('button[type="submit"]').click();

      // Map and table show the whole store.
      const all = store.stats.incidents;
      assert.equal(all, 5001);
      await browser.$('[data-testid="incident-grid"] .row[data-rid]').waitForDisplayed({
        timeout: APP_START_TIMEOUT,
      });
      await waitForTableTotal(browser, esCL(all));
      await biggestCluster(browser);
      console.log(`screenshot: ${await screenshot(browser, `main-${size}-2-map-and-table`)}`);

      // Filter by a category group: counts, table and map follow.
      const dmcs = store.stats.by_group.find((g) => g.code === "dmcs").count;
      await browser.$('[data-testid="category-tree"] input[data-group="dmcs"]').click();
      await waitForTableTotal(browser, esCL(dmcs));
      await browser.waitUntil(
        async () => (await browser.$('[data-testid="view-total"] strong').getText()) === esCL(dmcs),
        { timeout: 20_000, timeoutMsg: "the headline count should follow the filter" },
      );
      // Let the map answer for the new filter before picking a cluster.
      await browser.pause(500);
      const cluster = await biggestCluster(browser);
      console.log(`screenshot: ${await screenshot(browser, `main-${size}-3-filtered`)}`);

      // Click the biggest cluster: the table holds exactly its incidents.
      await clickAt(browser, cluster.x, cluster.y);
      await browser.$('[data-testid="map-selection"]').waitForDisplayed({ timeout: 20_000 });
      await waitForTableTotal(browser, esCL(cluster.count));
      assert.equal(
        await browser.$('[data-testid="incident-grid"]').getAttribute("aria-rowcount"),
        String(cluster.count),
      );
      const dmcsLabels = new Set(
        store.stats.by_category.filter((c) => c.group === "dmcs").map((c) => c.label_es),
      );
      const categories = await browser.execute(() =>
        [...document.querySelectorAll('.row[data-rid] [data-column="category"]')].map((c) =>
          c.textContent.trim(),
        ),
      );
      assert.ok(categories.length > 0);
      assert.ok(
        categories.every((c) => dmcsLabels.has(c)),
        `every row is a dmcs incident: ${categories}`,
      );
      console.log(`screenshot: ${await screenshot(browser, `main-${size}-4-cluster-selected`)}`);

      // Find the imported record and open its detail: the raw patrol row is its lineage.
      await browser.$('[data-testid="map-selection"] button').click();
      const search = await browser.$("#filter-text");
      await search.setValue("linaje");
      await browser.keys("Enter");
      const expected = queryIncidents(store, ["--category", "dmcs", "--text", "linaje"]);
      assert.equal(expected.length, 1);
      await waitForTableTotal(browser, "1");
      const row = await browser.$('.row[data-index="0"][data-rid]');
      await row.waitForDisplayed({ timeout: 20_000 });
      await row.doubleClick();
      const lineage = await browser.$('[data-testid="lineage"]');
      await lineage.waitForDisplayed({ timeout: 20_000 });
      const lineageText = await browser.execute(
        () => document.querySelector('[data-testid="lineage"]').textContent,
      );
      assert.match(lineageText, /patrullaje-e2e\.csv/);
      assert.match(lineageText, /fila 2/);
      assert.match(lineageText, /PM-E2E-1/);
      assert.match(lineageText, new RegExp(NOTE));
      const id = await browser.execute(
        () => document.querySelector('[data-field="id"]').textContent,
      );
      assert.equal(id, expected[0].id);
      console.log(`screenshot: ${await screenshot(browser, `main-${size}-5-detail-lineage`)}`);
    } finally {
      await app.close();
    }
  });
}
