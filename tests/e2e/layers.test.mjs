// The map's tools in the real app (WebKit WebView) on a real encrypted demo store with imported
// GPS tracks: the camera and track layers switched on (a camera's popup names it), and a lasso
// drawn by clicks selects exactly the incidents inside it (checked against the CLI). Screenshots
// at 1366×768 and 1920×1080, with the base-map panel open beside the layer list.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { CLI_BIN } from "./support/paths.mjs";
import { createDemoStore, DEMO_PASSPHRASE } from "./support/demo-store.mjs";
import { launchDesktopApp, screenshot } from "./support/desktop-app.mjs";
import { clickAt, esCL, waitForTableTotal } from "./support/workbench.mjs";

const APP_START_TIMEOUT = 60_000;

/** Two móviles' shifts along Providencia's main axes (lon, lat), one fix a minute. */
const TRACKS = [
  [
    "M-01",
    [
      [-70.633, -33.4265],
      [-70.626, -33.4245],
      [-70.619, -33.4225],
      [-70.612, -33.4205],
      [-70.605, -33.4185],
    ],
  ],
  [
    "M-02",
    [
      [-70.6155, -33.438],
      [-70.6135, -33.432],
      [-70.6115, -33.426],
      [-70.6095, -33.42],
      [-70.6075, -33.414],
    ],
  ],
];

function gpx() {
  const trk = ([unit, points]) =>
    `<trk><name>${unit}</name><trkseg>${points
      .map(
        ([lon, lat], i) =>
          `<trkpt lat="${lat}" lon="${lon}"><time>2024-03-01T21:0${i}:00Z</time></trkpt>`,
      )
      .join("")}</trkseg></trk>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="AVL" xmlns="http://www.topografix.com/GPX/1/1">
${TRACKS.map(trk).join("\n")}
</gpx>
`;
}

let store;

before(() => {
  store = createDemoStore({ seed: 17, incidents: 4000 });
  const file = join(store.db, "..", "recorridos-e2e.gpx");
  writeFileSync(file, gpx());
  execFileSync(CLI_BIN, ["--db", store.db, "import", file, "--profile", "patrullaje_gps"], {
    env: { ...process.env, ATALAYA_PASSPHRASE: DEMO_PASSPHRASE },
    stdio: ["ignore", "ignore", "inherit"],
  });
});

after(() => store?.remove());

/** Rendered features of `layer`, each with where it is in the viewport. */
function rendered(browser, layer) {
  return browser.execute((id) => {
    const map = window.__atalayaMap;
    const r = map.getCanvas().getBoundingClientRect();
    return map.queryRenderedFeatures({ layers: [id] }).map((f) => {
      const c = f.geometry.type === "Point" ? f.geometry.coordinates : f.geometry.coordinates[0];
      const p = map.project(c);
      return { properties: f.properties, x: r.left + p.x, y: r.top + p.y };
    });
  }, layer);
}

/** Viewport points at fractions of the map canvas. */
function mapPoints(browser, fractions) {
  return browser.execute((list) => {
    const r = window.__atalayaMap.getCanvas().getBoundingClientRect();
    return list.map(([fx, fy]) => ({ x: r.left + r.width * fx, y: r.top + r.height * fy }));
  }, fractions);
}

/** Whether (lon, lat) is inside the ring (ray casting; points exactly on an edge are rare). */
function inside([lon, lat], ring) {
  let odd = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}

for (const [width, height] of [
  [1366, 768],
  [1920, 1080],
]) {
  const size = `${width}x${height}`;

  test(`at ${size}: cameras and tracks on, a camera's popup, a lasso selects exactly what it encloses`, async () => {
    const app = await launchDesktopApp({ ATALAYA_DB: store.db, ATALAYA_PASSPHRASE: null });
    try {
      const { browser } = app;
      await browser.setWindowSize(width, height);
      const field = await browser.$("#passphrase");
      await field.waitForDisplayed({ timeout: APP_START_TIMEOUT });
      await field.setValue(DEMO_PASSPHRASE);
      await browser.$('button[type="submit"]').click();
      await browser.$('[data-testid="incident-grid"] .row[data-rid]').waitForDisplayed({
        timeout: APP_START_TIMEOUT,
      });
      await waitForTableTotal(browser, esCL(store.stats.incidents));

      // Cameras and tracks on: the demo city's 60 cameras and the two imported shifts.
      await browser.$('input[data-layer="cameras"]').click();
      await browser.$('input[data-layer="tracks"]').click();
      await browser.waitUntil(async () => (await rendered(browser, "cameras")).length > 20, {
        timeout: 20_000,
        timeoutMsg: "the cameras were not drawn",
      });
      await browser.waitUntil(async () => (await rendered(browser, "tracks")).length >= 2, {
        timeout: 20_000,
        timeoutMsg: "the tracks were not drawn",
      });
      const status = await browser.$('[data-testid="tracks-status"]');
      await status.waitForDisplayed({ timeout: 20_000 });
      assert.equal((await status.getText()).trim(), "2 recorridos");
      const units = new Set((await rendered(browser, "tracks")).map((f) => f.properties.unit));
      assert.deepEqual([...units].sort(), ["M-01", "M-02"]);

      // A camera away from the map's edges: its popup names it and its zone.
      const cameras = await rendered(browser, "cameras");
      const box = await browser.execute(() => {
        const r = window.__atalayaMap.getCanvas().getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      });
      const camera = cameras.find(
        (c) =>
          c.x > box.left + 200 &&
          c.x < box.right - 260 &&
          c.y > box.top + 120 &&
          c.y < box.bottom - 80,
      );
      assert.ok(camera, "a camera inside the map");
      await clickAt(browser, camera.x, camera.y);
      const popup = await browser.$(".maplibregl-popup .overlay-popup");
      await popup.waitForDisplayed({ timeout: 10_000 });
      const popupText = await popup.getText();
      assert.match(popupText, new RegExp(`Cámara ${camera.properties.code}`));
      assert.match(popupText, new RegExp(`Zona ${camera.properties.zone}`));
      console.log(`screenshot: ${await screenshot(browser, `layers-${size}-1-cameras-tracks`)}`);
      await browser.$(".maplibregl-popup-close-button").click();

      // The base-map panel open beside the layer list: nothing overlaps (see the screenshot).
      await browser.$('[data-testid="base-map-toggle"]').click();
      await browser.$('[data-testid="base-map-path"]').waitForDisplayed({ timeout: 10_000 });
      const overlaps = await browser.execute(() => {
        const r = (s) => document.querySelector(s).getBoundingClientRect();
        const [a, b] = [r('[data-testid="layer-toggles"]'), r('[data-testid="base-map"] form')];
        return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      });
      assert.equal(overlaps, false, "the base-map panel covers the layer list");
      console.log(`screenshot: ${await screenshot(browser, `layers-${size}-2-base-map-panel`)}`);
      await browser.$('[data-testid="base-map-toggle"]').click();

      // A lasso: three clicks, then the first vertex again.
      await browser.$('[data-testid="lasso-tool"]').click();
      await browser.$('[data-testid="lasso-hint"]').waitForDisplayed({ timeout: 10_000 });
      const vertices = await mapPoints(browser, [
        [0.3, 0.25],
        [0.62, 0.35],
        [0.4, 0.8],
      ]);
      for (const v of vertices) {
        await clickAt(browser, v.x, v.y);
        await browser.pause(600);
      }
      console.log(`screenshot: ${await screenshot(browser, `layers-${size}-3-lasso-drawing`)}`);
      await clickAt(browser, vertices[0].x + 2, vertices[0].y + 1);
      await browser.$('[data-testid="map-selection"]').waitForDisplayed({ timeout: 20_000 });
      assert.equal(
        await browser.$('[data-testid="map-selection"]').getAttribute("data-kind"),
        "polygon",
      );

      // The ring the map outlines is the one sent; the CLI lists the incidents in its box, and
      // those inside it are exactly as many as the table shows.
      const ring = await browser.executeAsync((done) => {
        window.__atalayaMap
          .getSource("selection")
          .getData()
          .then((data) => done(data.features[0].geometry.coordinates[0]));
      });
      assert.equal(ring.length, 4, "three vertices, closed");
      const lons = ring.map((p) => p[0]);
      const lats = ring.map((p) => p[1]);
      const bbox = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
      const inBox = JSON.parse(
        execFileSync(
          CLI_BIN,
          ["--db", store.db, "query", "--bbox", bbox.join(","), "--format", "json"],
          {
            env: { ...process.env, ATALAYA_PASSPHRASE: DEMO_PASSPHRASE },
            encoding: "utf8",
            maxBuffer: 256 * 1024 * 1024,
            stdio: ["ignore", "pipe", "inherit"],
          },
        ),
      );
      const expected = inBox.filter((i) => inside([i.lon, i.lat], ring)).length;
      assert.ok(expected > 0 && expected < store.stats.incidents, `${expected} inside`);
      await waitForTableTotal(browser, esCL(expected));
      assert.equal(
        await browser.$('[data-testid="incident-grid"]').getAttribute("aria-rowcount"),
        String(expected),
      );
      console.log(`screenshot: ${await screenshot(browser, `layers-${size}-4-lasso-selected`)}`);
    } finally {
      await app.close();
    }
  });
}
