// The offline base map in the real app (WebKit WebView): the demo store's streets and areas
// written as PMTiles by `atalaya tiles build`, handed to the app with ATALAYA_TILES and fetched
// by MapLibre through the `atalayatiles://` protocol; then a cut tiles file typed into the base
// map control is refused in Spanish and the streets stay. Screenshots at 1366×768 and 1920×1080.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createDemoStore, DEMO_PASSPHRASE } from "./support/demo-store.mjs";
import { launchDesktopApp, screenshot } from "./support/desktop-app.mjs";
import { CLI_BIN } from "./support/paths.mjs";

const APP_START_TIMEOUT = 60_000;

let store;
let tiles;
let cut;

before(() => {
  store = createDemoStore({ seed: 5, incidents: 3000 });
  const dir = join(store.db, "..");
  tiles = join(dir, "providencia.pmtiles");
  execFileSync(CLI_BIN, ["--db", store.db, "tiles", "build", "--out", tiles], {
    env: { ...process.env, ATALAYA_PASSPHRASE: DEMO_PASSPHRASE },
    stdio: ["ignore", "inherit", "inherit"],
  });
  cut = join(dir, "cortado.pmtiles");
  writeFileSync(cut, readFileSync(tiles).subarray(0, 5000));
});

after(() => store?.remove());

/** An element's text as the user reads it (whitespace collapsed). */
function textOf(browser, testId) {
  return browser.execute(
    (id) =>
      document.querySelector(`[data-testid="${id}"]`)?.textContent.replace(/\s+/g, " ").trim(),
    testId,
  );
}

/** Waits until MapLibre has drawn base map tiles fetched through the protocol; returns counts. */
async function baseMapDrawn(browser) {
  await browser.waitUntil(
    () =>
      browser.execute(() => {
        const map = window.__atalayaMap;
        return (
          !!map?.getSource("basemap") &&
          map.isSourceLoaded("basemap") &&
          map.queryRenderedFeatures({ layers: ["basemap-streets"] }).length > 0
        );
      }),
    { timeout: 30_000, timeoutMsg: "the base map's streets were not drawn" },
  );
  return browser.execute(() => {
    const map = window.__atalayaMap;
    const streets = map.queryRenderedFeatures({ layers: ["basemap-streets"] });
    return {
      tiles: map.getSource("basemap").tiles,
      streets: new Set(streets.map((f) => f.properties.name)).size,
      labels: map.queryRenderedFeatures({ layers: ["basemap-main-labels"] }).length,
    };
  });
}

for (const [width, height] of [
  [1366, 768],
  [1920, 1080],
]) {
  const size = `${width}x${height}`;

  test(`at ${size}: the demo base map is served by the app and a cut file is refused in Spanish`, async () => {
    const app = await launchDesktopApp({
      ATALAYA_DB: store.db,
      ATALAYA_PASSPHRASE: DEMO_PASSPHRASE,
      ATALAYA_TILES: tiles,
    });
    try {
      const { browser } = app;
      await browser.setWindowSize(width, height);
      await browser.$('[data-testid="base-map-toggle"]').waitForDisplayed({
        timeout: APP_START_TIMEOUT,
      });

      const whole = await baseMapDrawn(browser);
      assert.match(whole.tiles[0], /^atalayatiles:\/\/localhost\/\d+\/\{z\}\/\{x\}\/\{y\}$/);
      assert.ok(whole.streets >= 10, `many streets drawn at the comuna's zoom: ${whole.streets}`);
      assert.equal(await textOf(browser, "base-map-toggle"), "Mapa base: providencia.pmtiles");
      console.log(`screenshot: ${await screenshot(browser, `basemap-${size}-1-comuna`)}`);

      // Close in on Avenida Providencia: street names are drawn (glyphs rendered locally).
      await browser.execute(() => {
        window.__atalayaMap.jumpTo({ center: [-70.6115, -33.4245], zoom: 15.6 });
      });
      await browser.waitUntil(
        () =>
          browser.execute(
            () =>
              window.__atalayaMap.loaded() &&
              window.__atalayaMap.queryRenderedFeatures({ layers: ["basemap-main-labels"] })
                .length > 0,
          ),
        { timeout: 30_000, timeoutMsg: "no street names were drawn at zoom 15.6" },
      );
      const close = await baseMapDrawn(browser);
      assert.ok(close.labels > 0);
      console.log(`screenshot: ${await screenshot(browser, `basemap-${size}-2-streets`)}`);

      // A cut tiles file: refused with the Spanish reason; the base map in use stays.
      await browser.$('[data-testid="base-map-toggle"]').click();
      await browser.$('[data-testid="base-map-path"]').setValue(cut);
      await browser.$('[data-testid="base-map-use"]').click();
      await browser.$('[data-testid="base-map-error"]').waitForDisplayed({ timeout: 20_000 });
      const message = await textOf(browser, "base-map-error");
      assert.equal(
        message,
        `El archivo ${cut} está incompleto (truncado). Vuelva a copiarlo. ` +
          "Se mantiene el mapa base anterior.",
      );
      const after = await baseMapDrawn(browser);
      assert.deepEqual(after.tiles, close.tiles, "the same base map, same version");
      console.log(`screenshot: ${await screenshot(browser, `basemap-${size}-3-cut-file-refused`)}`);
    } finally {
      await app.close();
    }
  });
}
