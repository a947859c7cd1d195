// The import wizard and the quarantine review in the real app (WebKit WebView) on a temp copy of
// an encrypted demo store: a demo patrol export (35 000 rows, planted faults) is picked by path,
// its profile detected, previewed with its problems; the import shows its progress, is
// cancelled (the store stays as it was), resumed and summarized; a quarantined row with an
// unknown category is fixed in place; the main screen then counts the new incidents. The CLI
// reading the same store is the oracle. A screenshot per step, at 1366×768 and 1920×1080.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  cliJson,
  copyStore,
  createDemoStore,
  DEMO_PASSPHRASE,
  writeDemoSources,
} from "./support/demo-store.mjs";
import { launchDesktopApp, screenshot } from "./support/desktop-app.mjs";
import { esCL } from "./support/workbench.mjs";

const APP_START_TIMEOUT = 60_000;
const IMPORT_TIMEOUT = 180_000;

let store;
let sourcesDir;
let sources;

before(() => {
  store = createDemoStore({ seed: 11, incidents: 3000 });
  sourcesDir = mkdtempSync(join(tmpdir(), "atalaya-e2e-sources-"));
  // Enough rows that the import takes seconds in a debug build: progress can be seen and
  // cancelled before it ends.
  sources = writeDemoSources(sourcesDir, { seed: 3, events: 60_000 });
});

after(() => {
  store?.remove();
  if (sourcesDir) rmSync(sourcesDir, { recursive: true, force: true });
});

/** The text of `selector`, whitespace collapsed ("" when absent). */
function textOf(browser, selector) {
  return browser.execute(
    (s) => (document.querySelector(s)?.textContent ?? "").replace(/\s+/g, " ").trim(),
    selector,
  );
}

async function waitForText(browser, selector, pattern, timeout = 20_000) {
  await browser.waitUntil(async () => pattern.test(await textOf(browser, selector)), {
    timeout,
    timeoutMsg: `${selector} should match ${pattern}; shows "${await textOf(browser, selector)}"`,
  });
}

const quarantined = (copy) => cliJson(copy, ["quarantine", "list", "--limit", "1000000"]);

for (const [width, height] of [
  [1366, 768],
  [1920, 1080],
]) {
  const size = `${width}x${height}`;
  const shot = async (browser, step) => {
    // WebKit paints on its next frame: let what the step changed reach the screen first.
    await browser.pause(300);
    console.log(`screenshot: ${await screenshot(browser, `import-${size}-${step}`)}`);
  };

  test(`at ${size}: pick → profile → preview → progress, cancel, resume → summary → fix a quarantined row`, async () => {
    const copy = copyStore(store);
    const app = await launchDesktopApp({
      ATALAYA_DB: copy.db,
      ATALAYA_PASSPHRASE: DEMO_PASSPHRASE,
    });
    try {
      const { browser } = app;
      await browser.setWindowSize(width, height);
      const before = cliJson(copy, ["stats"]).incidents;
      assert.equal(quarantined(copy).length, 0);
      await browser.$('[data-testid="incident-grid"] .row[data-rid]').waitForDisplayed({
        timeout: APP_START_TIMEOUT,
      });

      // 1. The file, by its path.
      await browser.$('nav button[data-screen="import"]').click();
      await browser.$('[data-testid="import-path"]').setValue(sources.patrol);
      await shot(browser, "1-file");

      // 2. Its profile, detected from its columns.
      await browser.$('[data-action="next"]').click();
      await browser.$('[data-testid="profile-detected"]').waitForDisplayed({ timeout: 20_000 });
      assert.match(
        await textOf(browser, '[data-testid="profile-detected"]'),
        /Perfil detectado por las columnas del archivo: patrullaje_municipal/,
      );
      await shot(browser, "2-profile");

      // 3. The preview: standardized rows and every problem among the rows checked.
      await browser.$('[data-action="next"]').click();
      await browser.$('[data-testid="import-preview"]').waitForDisplayed({ timeout: 20_000 });
      assert.match(
        await textOf(browser, '[data-testid="preview-counts"]'),
        /^10\.000 filas revisadas: [\d.]+ correctas, [\d.]+ con problemas\. El archivo tiene más filas/,
      );
      const reasons = await browser.execute(() =>
        [...document.querySelectorAll('[data-testid="preview-problems"] tr[data-reason]')].map(
          (tr) => tr.dataset.reason,
        ),
      );
      assert.ok(reasons.includes("unknown_category"), `problems listed: ${reasons.length}`);
      await shot(browser, "3-preview");

      // 4. The import runs with a progress bar; cancelled, nothing of it is kept.
      await browser.$('[data-action="import"]').click();
      await browser.waitUntil(
        () =>
          browser.execute(
            () =>
              Number(
                document.querySelector('[role="progressbar"]')?.getAttribute("aria-valuenow"),
              ) > 0,
          ),
        { timeout: 30_000, timeoutMsg: "the progress bar should move" },
      );
      await waitForText(browser, '[data-testid="progress-counts"]', /filas leídas/);
      await shot(browser, "4-progress");
      await browser.$('[data-action="cancel"]').click();
      await browser.$('[data-testid="import-cancelled"]').waitForDisplayed({ timeout: 30_000 });
      assert.match(
        await textOf(browser, '[data-testid="import-cancelled"]'),
        /^Importación cancelada\. No se guardó ninguna fila: el almacén quedó como estaba\./,
      );
      assert.equal(cliJson(copy, ["stats"]).incidents, before, "the store is as it was");
      assert.equal(quarantined(copy).length, 0);
      await shot(browser, "5-cancelled");

      // 5. Resumed, it runs to the end: the summary agrees with the store.
      await browser.$('[data-action="resume"]').click();
      await browser.$('[data-testid="import-summary"]').waitForDisplayed({
        timeout: IMPORT_TIMEOUT,
      });
      const figures = await browser.execute(() =>
        Object.fromEntries(
          [...document.querySelectorAll('[data-testid="import-summary"] [data-figure]')].map(
            (d) => [d.dataset.figure, d.querySelector("dd").textContent],
          ),
        ),
      );
      const inQuarantine = quarantined(copy);
      const after = cliJson(copy, ["stats"]).incidents;
      assert.equal(figures.quarantined, esCL(inQuarantine.length));
      assert.equal(figures.created, esCL(after - before));
      assert.equal(figures.read, esCL(35_462));
      await shot(browser, "6-summary");

      // 6. The quarantine of this file; a row with an unknown category is fixed in place.
      await browser.$('[data-action="review"]').click();
      await browser.$('[data-testid="quarantine-rows"] li').waitForDisplayed({ timeout: 20_000 });
      await waitForText(
        browser,
        '[data-testid="quarantine-total"]',
        new RegExp(`^${esCL(inQuarantine.length).replace(".", "\\.")} filas en cuarentena$`),
      );
      const row = 'li[data-reason="unknown_category"]';
      const rowNumber = await browser.$(row).getAttribute("data-row");
      await browser.$(`${row} button[aria-expanded="false"]`).click();
      const category = browser.$(`${row} input[data-column="Tipo Procedimiento"]`);
      await category.waitForDisplayed({ timeout: 10_000 });
      await category.setValue("Hurto");
      await shot(browser, "7-quarantine-fix");
      await browser.$(`${row} [data-action="fix"]`).click();
      await browser
        .$('[data-testid="quarantine-outcome"][data-status="accepted"]')
        .waitForDisplayed({ timeout: 20_000 });
      assert.equal(
        await textOf(browser, '[data-testid="quarantine-outcome"]'),
        `Fila ${rowNumber} de patrullaje_municipal.csv aceptada: ya es un registro del almacén.`,
      );
      assert.equal(quarantined(copy).length, inQuarantine.length - 1);
      assert.equal(cliJson(copy, ["stats"]).incidents, after + 1);
      await shot(browser, "8-quarantine-fixed");

      // 7. The main screen counts every new incident, the fixed one included.
      await browser.$('nav button[data-screen="workbench"]').click();
      await browser.$('[data-testid="incident-grid"] .row[data-rid]').waitForDisplayed({
        timeout: APP_START_TIMEOUT,
      });
      await waitForText(
        browser,
        '[data-testid="table-total"] strong',
        new RegExp(`^${esCL(after + 1).replace(".", "\\.")}$`),
      );
      await browser.waitUntil(
        () =>
          browser.execute(() => {
            const map = window.__atalayaMap;
            return (
              !!map &&
              map.loaded() &&
              map.queryRenderedFeatures({ layers: ["clusters"] }).length > 0
            );
          }),
        { timeout: 30_000, timeoutMsg: "the map drew no clusters" },
      );
      await shot(browser, "9-workbench");
    } finally {
      await app.close();
      copy.remove();
    }
  });
}
