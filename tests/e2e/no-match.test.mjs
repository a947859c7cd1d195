// A query that matches nothing, in the real app: the table says so in Spanish, the counts and
// the map are empty, clearing the filter brings every incident back, and the store is exactly as
// it was (the same counts, the same audit trail, verified by the CLI afterwards).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { cliJson, createDemoStore, DEMO_PASSPHRASE } from "./support/demo-store.mjs";
import { launchDesktopApp, screenshot } from "./support/desktop-app.mjs";
import { esCL, waitForTableTotal, waitForWorkbench } from "./support/workbench.mjs";

let store;

before(() => {
  store = createDemoStore({ seed: 13, incidents: 3000 });
});

after(() => store?.remove());

test("given a search no incident matches, the app says so in Spanish and the store is unchanged", async () => {
  const auditBefore = cliJson(store, ["audit", "verify"]);
  const app = await launchDesktopApp({ ATALAYA_DB: store.db, ATALAYA_PASSPHRASE: DEMO_PASSPHRASE });
  try {
    const { browser } = app;
    await browser.setWindowSize(1366, 768);
    await waitForWorkbench(browser, store.stats.incidents);

    const search = await browser.$("#filter-text");
    await search.setValue("palabrainexistente");
    await browser.keys("Enter");
    await waitForTableTotal(browser, "0");
    const empty = await browser.$('[data-testid="table-empty"]');
    await empty.waitForDisplayed({ timeout: 20_000 });
    assert.equal(await empty.getText(), "Ningún incidente cumple el filtro.");
    await browser.waitUntil(
      () =>
        browser.execute(() => {
          const map = window.__atalayaMap;
          return map.queryRenderedFeatures({ layers: ["clusters", "points"] }).length === 0;
        }),
      { timeout: 20_000, timeoutMsg: "the map should draw nothing for an empty result" },
    );
    console.log(`screenshot: ${await screenshot(browser, "no-match-1366x768")}`);

    // "Limpiar" empties the filter: every incident is back.
    await browser.$('[data-testid="filter-panel"] button.clear').click();
    await waitForTableTotal(browser, esCL(store.stats.incidents));
  } finally {
    await app.close();
  }
  assert.deepEqual(cliJson(store, ["stats"]), store.stats, "the store's counts are unchanged");
  const auditAfter = cliJson(store, ["audit", "verify"]);
  assert.deepEqual(auditAfter.problems, []);
  assert.equal(auditAfter.entries, auditBefore.entries, "viewing wrote no audit entry");
});
