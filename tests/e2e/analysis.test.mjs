// The Análisis panel in the real app (WebKit WebView) on a real encrypted demo store: a Gi*
// hot spot run draws its layer with the 90/95/99 % legend, whose class counts are the CLI's for
// the same parameters; a CompStat run lists the CLI's counts; a long near-repeat run shows its
// progress and stops on Cancelar; the result and the map view are saved. Screenshots at
// 1366×768 and 1920×1080. Then KDE, rhythms and the prospective forecast, each against the CLI
// and drawn (a layer or the table and chart).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { after, before, test } from "node:test";
import { CLI_BIN } from "./support/paths.mjs";
import { createDemoStore, DEMO_PASSPHRASE } from "./support/demo-store.mjs";
import { launchDesktopApp, screenshot } from "./support/desktop-app.mjs";
import { esCL } from "./support/workbench.mjs";

const APP_START_TIMEOUT = 60_000;

let store;

before(() => {
  store = createDemoStore({ seed: 21, incidents: 6000 });
});

after(() => store?.remove());

function analyse(args) {
  return JSON.parse(
    execFileSync(CLI_BIN, ["--db", store.db, "analyse", ...args, "--format", "json"], {
      env: { ...process.env, ATALAYA_PASSPHRASE: DEMO_PASSPHRASE },
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
}

async function unlock(browser) {
  const field = await browser.$("#passphrase");
  await field.waitForDisplayed({ timeout: APP_START_TIMEOUT });
  await field.setValue(DEMO_PASSPHRASE);
  await browser.$('button[type="submit"]').click();
  await browser.$('[data-testid="incident-grid"] .row[data-rid]').waitForDisplayed({
    timeout: APP_START_TIMEOUT,
  });
}

async function choose(browser, kind) {
  await browser.$('[data-testid="analysis-kind"]').selectByAttribute("value", kind);
}

async function setParam(browser, name, value) {
  const input = await browser.$(`[data-param="${name}"]`);
  await input.setValue(String(value));
}

/** Runs the panel's analysis and waits for its result of `kind`. */
async function runAndWait(browser, kind, timeout = 120_000) {
  await browser.$('[data-testid="analysis-run"]').click();
  await browser.waitUntil(
    async () => {
      const error = await browser.$('[data-testid="analysis-error"]');
      if (await error.isExisting()) throw new Error(`analysis error: ${await error.getText()}`);
      const result = await browser.$(`[data-testid="analysis-result"][data-kind="${kind}"]`);
      return result.isExisting();
    },
    { timeout, interval: 300, timeoutMsg: `no ${kind} result` },
  );
}

/** Features MapLibre draws for the analysis layer. */
function renderedAnalysis(browser, layer) {
  return browser.execute(
    (id) =>
      window.__atalayaMap.getLayer(id)
        ? window.__atalayaMap.queryRenderedFeatures({ layers: [id] }).length
        : -1,
    layer,
  );
}

for (const [width, height] of [
  [1366, 768],
  [1920, 1080],
]) {
  const size = `${width}x${height}`;

  test(`at ${size}: Gi* hot spots and CompStat match the CLI, a long Knox run is cancelled, exports are written`, async () => {
    const app = await launchDesktopApp({ ATALAYA_DB: store.db, ATALAYA_PASSPHRASE: null });
    try {
      const { browser } = app;
      await browser.setWindowSize(width, height);
      await unlock(browser);
      await browser.$('[data-testid="analysis-toggle"]').click();
      await browser.$('[data-testid="analysis-panel"]').waitForDisplayed({ timeout: 10_000 });

      // Gi* on 150 m cells with queen weights: the legend's counts are the CLI's FDR classes.
      await choose(browser, "hotspots");
      await setParam(browser, "cell", 150);
      await runAndWait(browser, "hotspots");
      const cli = analyse(["hotspots", "--cell", "150", "--weights", "queen"]);
      const expected = [3, 2, 1, 0, -1, -2, -3].map(
        (k) => cli.cells.filter((c) => c.class_fdr === k).length,
      );
      assert.ok(expected[0] > 0, "the demo has hot spots at 99 %");
      const legend = await browser.execute(() =>
        [...document.querySelectorAll('[data-testid="analysis-legend"] li')].map((li) => ({
          cls: Number(li.dataset.class),
          label: li.querySelector(".label").textContent.trim(),
          count: li.querySelector(".count").textContent.trim(),
        })),
      );
      assert.deepEqual(
        legend.map((l) => l.count),
        expected.map(esCL),
      );
      assert.equal(legend[0].label, "Punto caliente, 99 % de confianza");
      assert.equal(legend[3].label, "No significativo");
      await browser.waitUntil(async () => (await renderedAnalysis(browser, "analysis-fill")) > 0, {
        timeout: 20_000,
        timeoutMsg: "the hot spot layer was not drawn",
      });
      console.log(`screenshot: ${await screenshot(browser, `analysis-${size}-1-hotspots`)}`);

      // Exports: CSV (the CLI's table), GeoJSON and a PNG of the map, beside the store.
      await browser.$('[data-export="csv"]').click();
      const saved = await browser.$('[data-testid="analysis-saved"]');
      await saved.waitForDisplayed({ timeout: 20_000 });
      const csvPath = (await saved.getText()).replace(/^Guardado en /, "").trim();
      assert.match(csvPath, /exportaciones\/analisis-hotspots-\d{8}-\d{6}\.csv$/);
      const csv = readFileSync(csvPath, "utf8").trim().split("\n");
      assert.equal(csv.length, 1 + cli.cells.length);
      assert.match(csv[0], /^cell,col,row,x,y,lon,lat,count,z,p_value,q_value,class,class_fdr$/);
      await browser.$('[data-export="png"]').click();
      await browser.waitUntil(async () => (await saved.getText()).endsWith(".png"), {
        timeout: 20_000,
        timeoutMsg: "the PNG was not saved",
      });
      const pngPath = (await saved.getText()).replace(/^Guardado en /, "").trim();
      assert.ok(existsSync(pngPath) && statSync(pngPath).size > 10_000, "a real map image");
      assert.deepEqual([...readFileSync(pngPath).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);

      // CompStat: the total row is the CLI's, for each period.
      await choose(browser, "compstat");
      await runAndWait(browser, "compstat");
      const compstat = analyse(["compstat"]);
      const totalRow = await browser.execute(() =>
        [
          ...document.querySelectorAll('[data-testid="compstat-table"] tbody tr:first-child td'),
        ].map((td) => td.textContent.trim()),
      );
      assert.equal(totalRow[0], esCL(compstat.total[0].current));
      assert.equal(totalRow[1], esCL(compstat.total[0].previous));
      assert.match(totalRow[2], /%|s\/d/);
      const rows = await browser.execute(
        () => document.querySelectorAll('[data-testid="compstat-table"] tbody tr').length,
      );
      assert.equal(rows, 1 + compstat.by_category.length + compstat.by_cuadrante.length);
      assert.equal(await renderedAnalysis(browser, "analysis-fill"), -1, "no layer for CompStat");
      console.log(`screenshot: ${await screenshot(browser, `analysis-${size}-2-compstat`)}`);
      await browser.$('[data-period="28d"]').click();
      const total28 = await browser.execute(
        () =>
          document.querySelector('[data-testid="compstat-table"] tbody tr:first-child td')
            .textContent,
      );
      assert.equal(total28.trim(), esCL(compstat.total[1].current));

      // A long near-repeat run: progress counts permutations; Cancelar stops it.
      await choose(browser, "knox");
      await setParam(browser, "delta", "100,200,300,400");
      await setParam(browser, "tau", "7,14,21,28");
      await setParam(browser, "permutations", 99999);
      await browser.$('[data-testid="analysis-run"]').click();
      const progress = await browser.$('[data-testid="analysis-progress"]');
      await progress.waitForDisplayed({ timeout: 20_000 });
      await browser.waitUntil(async () => /de 99\.999/.test(await progress.getText()), {
        timeout: 60_000,
        timeoutMsg: "the progress never counted permutations",
      });
      console.log(`screenshot: ${await screenshot(browser, `analysis-${size}-3-knox-running`)}`);
      // The map still answers while it computes (the store is not held): zoomed in, it counts
      // fewer incidents in view.
      const status = await browser.$('[data-testid="map-status"]');
      const before = await status.getText();
      await browser.$('button[aria-label="Acercar"]').click();
      await browser.$('button[aria-label="Acercar"]').click();
      await browser.waitUntil(async () => (await status.getText()) !== before, {
        timeout: 15_000,
        timeoutMsg: "the map did not answer during the analysis",
      });
      assert.ok(await progress.isExisting(), "still computing");
      const started = Date.now();
      await browser.$('[data-testid="analysis-cancel"]').click();
      const cancelled = await browser.$('[data-testid="analysis-cancelled"]');
      await cancelled.waitForDisplayed({ timeout: 30_000 });
      assert.ok(Date.now() - started < 30_000);
      assert.equal(await progress.isExisting(), false);
      assert.match(await cancelled.getText(), /El análisis se canceló/);
      // Only the message: no partial result, and not the previous (CompStat) one either.
      assert.equal(await browser.$('[data-testid="analysis-result"]').isExisting(), false);
      console.log(`screenshot: ${await screenshot(browser, `analysis-${size}-4-knox-cancelled`)}`);

      // A short Knox run: its table and chains.
      await setParam(browser, "delta", "100,200");
      await setParam(browser, "tau", "7,14");
      await setParam(browser, "permutations", 19);
      await runAndWait(browser, "knox");
      const cells = await browser.execute(
        () => document.querySelectorAll('[data-testid="knox-table"] tbody td').length,
      );
      assert.equal(cells, 4);
      console.log(`screenshot: ${await screenshot(browser, `analysis-${size}-5-knox`)}`);
    } finally {
      await app.close();
    }
  });
}

/** The numbers in the cells of `selector` (es-CL grouping removed), in document order. */
function numbersIn(browser, selector) {
  return browser.execute(
    (s) =>
      [...document.querySelectorAll(s)].map((td) =>
        Number(td.textContent.trim().replace(/\./g, "")),
      ),
    selector,
  );
}

test("at 1366x768: KDE, rhythms and the prospective forecast match the CLI and draw their results", async () => {
  const app = await launchDesktopApp({ ATALAYA_DB: store.db, ATALAYA_PASSPHRASE: null });
  try {
    const { browser } = app;
    await browser.setWindowSize(1366, 768);
    await unlock(browser);
    await browser.$('[data-testid="analysis-toggle"]').click();
    await browser.$('[data-testid="analysis-panel"]').waitForDisplayed({ timeout: 10_000 });
    const facts = () => browser.$('[data-testid="analysis-result"] .facts').getText();

    // KDE (quartic, Silverman's bandwidth) on 150 m cells: the CLI's events and cells, drawn.
    await choose(browser, "kde");
    await setParam(browser, "cell", 150);
    await runAndWait(browser, "kde");
    const kde = analyse(["kde", "--cell", "150"]);
    assert.ok(kde.cells.length > 100, "a real grid");
    const kdeFacts = await facts();
    assert.ok(kdeFacts.includes(esCL(kde.events)), `${kdeFacts} / ${kde.events} events`);
    assert.ok(kdeFacts.includes(esCL(kde.cells.length)), `${kdeFacts} / ${kde.cells.length}`);
    await browser.waitUntil(async () => (await renderedAnalysis(browser, "analysis-fill")) > 0, {
      timeout: 20_000,
      timeoutMsg: "the density layer was not drawn",
    });
    console.log(`screenshot: ${await screenshot(browser, "analysis-1366x768-6-kde")}`);

    // Rhythms: the hour × weekday table is the CLI's, cell for cell (hours down, days
    // across), with the monthly chart; no map layer.
    await choose(browser, "rhythm");
    await runAndWait(browser, "rhythm");
    const rhythm = analyse(["rhythm"]);
    const shown = await numbersIn(browser, '[data-testid="rhythm-table"] tbody td');
    const expected = [];
    for (let h = 0; h < 24; h++)
      for (let d = 0; d < 7; d++) expected.push(rhythm.hour_weekday.counts[d][h]);
    assert.deepEqual(shown, expected);
    assert.equal(
      shown.reduce((a, b) => a + b, 0),
      rhythm.hour_weekday.total,
    );
    assert.ok(await browser.$('[data-testid="rhythm-chart"]').isDisplayed());
    assert.equal(await renderedAnalysis(browser, "analysis-fill"), -1, "no layer for rhythms");
    console.log(`screenshot: ${await screenshot(browser, "analysis-1366x768-7-rhythm")}`);

    // The prospective forecast (400 m bandwidth, 8 held-out weeks, 5 % of cells): the CLI's
    // flagged cells, its scores beside the baseline's, and its layer drawn.
    await choose(browser, "forecast");
    await setParam(browser, "cell", 150);
    await runAndWait(browser, "forecast");
    const forecast = analyse(["forecast", "--cell", "150"]);
    const flagged = forecast.cells.filter((c) => c.flagged).length;
    assert.ok(flagged > 0, "the forecast flags cells");
    const forecastFacts = await facts();
    assert.ok(forecastFacts.includes(esCL(flagged)), `${forecastFacts} / ${flagged} flagged`);
    const scoreRows = await browser.execute(
      () => document.querySelectorAll('[data-testid="forecast-scores"] tbody tr').length,
    );
    assert.equal(scoreRows, 2, "the forecast and the baseline");
    await browser.waitUntil(async () => (await renderedAnalysis(browser, "analysis-fill")) > 0, {
      timeout: 20_000,
      timeoutMsg: "the forecast layer was not drawn",
    });
    console.log(`screenshot: ${await screenshot(browser, "analysis-1366x768-8-forecast")}`);
  } finally {
    await app.close();
  }
});
