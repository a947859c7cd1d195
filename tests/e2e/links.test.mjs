// The link review in the real app (WebKit WebView) on a temp copy of an encrypted store where
// the demo sources' import left pairs the linker could not decide: the queue is listed best
// first as `atalaya links review` lists it, one pair is confirmed with its button (the two
// incidents become one, with both sources in its detail) and the next is rejected with the
// keyboard (both stay). The CLI reading the same store is the oracle. A screenshot per step, at
// 1366×768 and 1920×1080.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
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
import { CLI_BIN } from "./support/paths.mjs";
import { esCL } from "./support/workbench.mjs";

const APP_START_TIMEOUT = 60_000;

let store;
let sourcesDir;

before(() => {
  // An empty comuna, then the raw files of 12 000 demo events from three sources: their import
  // merges most cross-source pairs and queues a few dozen for an analyst.
  store = createDemoStore({ seed: 1, incidents: 0 });
  sourcesDir = mkdtempSync(join(tmpdir(), "atalaya-e2e-links-"));
  writeDemoSources(sourcesDir, { seed: 5, events: 12_000 });
  execFileSync(CLI_BIN, ["--db", store.db, "import", sourcesDir], {
    env: { ...process.env, ATALAYA_PASSPHRASE: DEMO_PASSPHRASE },
    stdio: ["ignore", "ignore", "inherit"],
  });
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

/** The link ids listed on screen, in order. */
const listed = (browser) =>
  browser.execute(() =>
    [...document.querySelectorAll('[data-testid="link-pair"]')].map((c) => c.dataset.link),
  );

const queued = (copy) => cliJson(copy, ["links", "review", "--limit", "1000000"]);
const incidents = (copy) => cliJson(copy, ["stats"]).incidents;
const pendingText = (n) => new RegExp(`^${esCL(n).replace(".", "\\.")} pares pendientes$`);

/** A day and a word of `incident` that the main screen's filter narrows to a few incidents. */
function isolate(copy, incident) {
  const day = incident.occurred_at.slice(0, 10);
  const next = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const words = `${incident.address ?? ""} ${incident.description}`.match(/[\p{L}\d]{4,}/gu);
  for (const word of words) {
    const found = cliJson(copy, ["query", "--text", word, "--from", day, "--to", next]);
    if (found.length <= 5 && found.some((i) => i.id === incident.id))
      return { day, word, matches: found.length };
  }
  throw new Error(`no word of ${JSON.stringify(incident)} narrows the day to a few incidents`);
}

/** Opens the detail of each listed row until it is incident `id`'s. */
async function openDetail(browser, id, rows) {
  const shownId = () => textOf(browser, '[data-testid="detail-panel"] [data-field="id"]');
  let shown = "";
  for (let index = 0; index < rows; index++) {
    const row = browser.$(`.row[data-index="${index}"][data-rid]`);
    await row.waitForDisplayed({ timeout: 20_000 });
    await row.doubleClick();
    const previous = shown;
    await browser.waitUntil(
      async () => {
        shown = await shownId();
        return shown !== "" && shown !== previous;
      },
      { timeout: 20_000, timeoutMsg: `row ${index}'s detail should open` },
    );
    if (shown === id) return;
  }
  throw new Error(`incident ${id} is not among the ${rows} rows listed`);
}

for (const [width, height] of [
  [1366, 768],
  [1920, 1080],
]) {
  const size = `${width}x${height}`;
  const shot = async (browser, step) => {
    // WebKit paints on its next frame: let what the step changed reach the screen first.
    await browser.pause(300);
    console.log(`screenshot: ${await screenshot(browser, `links-${size}-${step}`)}`);
  };

  test(`at ${size}: the queue as the CLI lists it → confirm one pair → reject the next with R`, async () => {
    const copy = copyStore(store);
    const app = await launchDesktopApp({
      ATALAYA_DB: copy.db,
      ATALAYA_PASSPHRASE: DEMO_PASSPHRASE,
    });
    try {
      const { browser } = app;
      await browser.setWindowSize(width, height);
      const queue = queued(copy);
      assert.ok(queue.length >= 3, `pairs queued by the import: ${queue.length}`);
      const before = incidents(copy);
      await browser.$('[data-testid="incident-grid"] .row[data-rid]').waitForDisplayed({
        timeout: APP_START_TIMEOUT,
      });

      // 1. The queue, best first, as `atalaya links review` lists it.
      await browser.$('nav button[data-screen="links"]').click();
      await browser.$('[data-testid="link-pair"]').waitForDisplayed({ timeout: 20_000 });
      await waitForText(browser, '[data-testid="links-pending"]', pendingText(queue.length));
      assert.deepEqual(
        await listed(browser),
        queue.map((q) => q.id),
      );
      const [first, second] = queue;
      const card = `[data-testid="link-pair"][data-link="${first.id}"]`;
      assert.equal(
        await textOf(browser, `${card} [data-side="a"] [data-field="source"]`),
        first.incident.source,
      );
      assert.equal(
        await textOf(browser, `${card} [data-side="b"] [data-field="description"]`),
        first.candidate.description,
      );
      assert.equal(
        await textOf(browser, `${card} [data-field="distance"]`),
        `${esCL(Math.round(first.parts.distance_m))} m de distancia`,
      );
      assert.equal(
        await textOf(browser, `${card} [data-field="minutes"]`),
        `${esCL(Math.round(first.parts.minutes))} min de diferencia`,
      );
      await shot(browser, "1-queue");

      // 2. Confirmar: the candidate is merged into the incident, which now has both sources.
      await browser.$(`${card} [data-action="confirm"]`).click();
      await browser
        .$('[data-testid="link-outcome"][data-decision="confirmed"]')
        .waitForDisplayed({ timeout: 20_000 });
      await waitForText(browser, '[data-testid="links-pending"]', pendingText(queue.length - 1));
      assert.equal(incidents(copy), before - 1, "two incidents became one");
      assert.deepEqual(
        queued(copy).map((q) => q.id),
        queue.slice(1).map((q) => q.id),
      );
      await shot(browser, "2-confirmed");

      // 3. The next pair is marked; R rejects it: both incidents stay, the pair is gone.
      assert.equal(
        await browser.execute(
          () =>
            document.querySelector('[data-testid="link-pair"][aria-current="true"]')?.dataset.link,
        ),
        second.id,
      );
      await browser.keys("r");
      await browser
        .$('[data-testid="link-outcome"][data-decision="rejected"]')
        .waitForDisplayed({ timeout: 20_000 });
      await waitForText(browser, '[data-testid="links-pending"]', pendingText(queue.length - 2));
      assert.equal(incidents(copy), before - 1, "a rejected pair stays two incidents");
      assert.deepEqual(
        queued(copy).map((q) => q.id),
        queue.slice(2).map((q) => q.id),
      );
      await shot(browser, "3-rejected");

      // 4. The main screen counts one incident less; the kept one's detail names both sources.
      await browser.$('nav button[data-screen="workbench"]').click();
      await browser.$('[data-testid="incident-grid"] .row[data-rid]').waitForDisplayed({
        timeout: APP_START_TIMEOUT,
      });
      await waitForText(
        browser,
        '[data-testid="table-total"] strong',
        new RegExp(`^${esCL(before - 1).replace(".", "\\.")}$`),
      );
      const { day, word, matches } = isolate(copy, first.incident);
      await browser.$('[data-testid="filter-from"]').setValue(day);
      await browser.keys("Tab");
      await browser.$('[data-testid="filter-to"]').setValue(day);
      await browser.keys("Tab");
      await browser.$("#filter-text").setValue(word);
      await browser.keys("Enter");
      await waitForText(browser, '[data-testid="table-total"] strong', new RegExp(`^${matches}$`));
      await openDetail(browser, first.incident.id, matches);
      await waitForText(
        browser,
        '[data-testid="detail-sources"]',
        new RegExp(`^Fuentes: 2 ${first.incident.source} · ${first.candidate.source}$`),
      );
      await shot(browser, "4-detail-sources");
    } finally {
      await app.close();
      copy.remove();
    }
  });
}
