// The real desktop app (WebKit WebView) on a real encrypted demo store made by the CLI.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createDemoStore, DEMO_PASSPHRASE } from "./support/demo-store.mjs";
import { launchDesktopApp, screenshot } from "./support/desktop-app.mjs";
import { esCL } from "./support/workbench.mjs";

const SPANISH_WRONG_PASSPHRASE = "La frase de paso no es correcta. Revísela e inténtelo de nuevo.";
const APP_START_TIMEOUT = 60_000;

// The oracle's own formatting, independent of the UI's code: es-CL groups thousands with ".".

let store;

before(() => {
  store = createDemoStore({ seed: 7, incidents: 2000 });
});

after(() => store?.remove());

/** Switches the main screen to the counts by category. */
async function openCounts(browser) {
  const tab = await browser.$('button[data-tab="counts"]');
  await tab.waitForClickable({ timeout: APP_START_TIMEOUT });
  await tab.click();
}

/** Category and subtotal rows as the user reads them: code → [label, count]. */
function readCountsTable(browser) {
  return browser.execute(() => {
    const cells = (row) => [...row.children].map((cell) => cell.textContent.trim());
    const byAttribute = (name) =>
      Object.fromEntries(
        [...document.querySelectorAll(`tr[${name}]`)].map((row) => [
          row.getAttribute(name),
          cells(row).slice(0, 2),
        ]),
      );
    return { categories: byAttribute("data-category"), subtotals: byAttribute("data-subtotal") };
  });
}

test("given ATALAYA_PASSPHRASE, the window shows the Spanish counts table with the CLI's numbers", async () => {
  const app = await launchDesktopApp({ ATALAYA_DB: store.db, ATALAYA_PASSPHRASE: DEMO_PASSPHRASE });
  try {
    const { browser } = app;
    await openCounts(browser);
    const total = await browser.$('[data-testid="counts-total"]');
    await total.waitForDisplayed({ timeout: APP_START_TIMEOUT });

    assert.equal(await browser.getTitle(), "Atalaya");
    assert.equal(await browser.$("h1").getText(), "Atalaya");
    assert.equal(await browser.$("#counts-title").getText(), "Incidentes por categoría");
    // WebKitWebDriver's getText() drops text clipped by `text-overflow`, so read the DOM.
    const storePath = await browser.$('[data-testid="store-path"] code');
    assert.equal(await storePath.isDisplayed(), true);
    assert.equal(await storePath.getProperty("textContent"), store.db);
    assert.equal(store.stats.incidents, 2000);
    assert.equal(await total.$("th").getText(), "Total");
    assert.equal(await total.$("td").getText(), "2.000");
    assert.equal(await browser.$('[data-testid="counts-headline"]').getText(), "2.000 incidentes");

    const table = await readCountsTable(browser);
    const shown = store.stats.by_category.filter((c) => c.count > 0);
    assert.deepEqual(
      table.categories,
      Object.fromEntries(shown.map((c) => [c.code, [c.label_es, esCL(c.count)]])),
    );
    const groups = store.stats.by_group.filter((g) => g.count > 0);
    assert.deepEqual(
      table.subtotals,
      Object.fromEntries(groups.map((g) => [g.code, ["Subtotal", esCL(g.count)]])),
    );
    console.log(`screenshot: ${await screenshot(browser, "counts-es-CL")}`);
    await browser.execute(() =>
      document.querySelector('[data-testid="counts-total"]').scrollIntoView({ block: "end" }),
    );
    console.log(`screenshot: ${await screenshot(browser, "counts-es-CL-total")}`);
  } finally {
    await app.close();
  }
});

test("given no ATALAYA_PASSPHRASE, a wrong passphrase shows the Spanish error and the right one opens the store", async () => {
  const app = await launchDesktopApp({ ATALAYA_DB: store.db, ATALAYA_PASSPHRASE: null });
  try {
    const { browser } = app;
    const field = await browser.$("#passphrase");
    await field.waitForDisplayed({ timeout: APP_START_TIMEOUT });
    assert.equal(await browser.$("#unlock-title").getText(), "Desbloquear el almacén");

    await field.setValue("no es la frase");
    await browser.$('button[type="submit"]').click();

    const error = await browser.$('[data-testid="unlock-error"]');
    await error.waitForDisplayed({ timeout: APP_START_TIMEOUT });
    assert.equal(await error.getText(), SPANISH_WRONG_PASSPHRASE);
    assert.equal(await browser.$('[data-testid="category-counts"]').isExisting(), false);
    console.log(`screenshot: ${await screenshot(browser, "unlock-wrong-passphrase-es-CL")}`);

    await field.setValue(DEMO_PASSPHRASE);
    await browser.$('button[type="submit"]').click();
    await openCounts(browser);
    const total = await browser.$('[data-testid="counts-total"] td');
    await total.waitForDisplayed({ timeout: APP_START_TIMEOUT });
    assert.equal(await total.getText(), "2.000");
  } finally {
    await app.close();
  }
});
