// The map's tools against a mocked backend, in headless Chromium: the lasso (drawn ring → a
// polygon selection → the table lists what the backend returns for it) and the camera and patrol
// track layers switched on and off.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { clickFirstCluster, mapPoints, newestRequest, requests } from "./support/app-page.mjs";
import { SCENARIOS } from "./support/scenarios.mjs";
import { uiSession } from "./support/ui-session.mjs";

const ui = uiSession();

async function openWorkbench(scenario = SCENARIOS.bigStore) {
  const opened = await ui.open(scenario);
  await opened.page.waitForSelector('[data-testid="incident-grid"] .row[data-rid]');
  await opened.page.waitForFunction(() => window.__atalayaMap?.loaded());
  return opened;
}

/** The kinds of the features the map's lasso source holds now, sorted. */
async function lassoKinds(page) {
  return page.evaluate(async () => {
    const data = await window.__atalayaMap.getSource("lasso").getData();
    return data.features.map((f) => f.properties.kind).sort();
  });
}

/** Waits until the lasso source holds `count` features. */
async function waitForLasso(page, count) {
  for (let i = 0; i < 100; i++) {
    if ((await lassoKinds(page)).length === count) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`the lasso source should hold ${count} features: ${await lassoKinds(page)}`);
}

const tableTotal = (page) => page.textContent('[data-testid="table-total"] strong');

const TRIANGLE = [
  [0.3, 0.3],
  [0.7, 0.35],
  [0.45, 0.75],
];

describe("lasso", () => {
  test("when a ring is drawn and closed on its first vertex, the table lists the polygon's rows", async () => {
    const { page, errors } = await openWorkbench();
    await page.click('[data-testid="lasso-tool"]');
    assert.equal(await page.getAttribute('[data-testid="lasso-tool"]', "aria-pressed"), "true");
    await page.waitForSelector('[data-testid="lasso-hint"]');

    const points = await mapPoints(page, TRIANGLE);
    for (const p of points) await page.mouse.click(p.x, p.y);
    await waitForLasso(page, 5);
    assert.deepEqual(await lassoKinds(page), ["area", "outline", "vertex", "vertex", "vertex"]);
    // Back on the first vertex (a few pixels off still counts): the ring closes.
    await page.mouse.click(points[0].x + 3, points[0].y - 2);

    const sent = await newestRequest(page, "view_page", (p) => p.request.query.selection !== null);
    assert.equal(sent.request.query.selection.kind, "polygon");
    const ring = sent.request.query.selection.ring;
    assert.equal(ring.length, 3);
    ring.forEach(([lon, lat], i) => {
      assert.ok(Math.abs(lon - points[i].lonlat[0]) < 1e-4, `vertex ${i} lon`);
      assert.ok(Math.abs(lat - points[i].lonlat[1]) < 1e-4, `vertex ${i} lat`);
    });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="table-total"] strong')?.textContent === "23",
    );
    assert.equal(await page.getAttribute('[data-testid="incident-grid"]', "aria-rowcount"), "23");
    assert.equal(await page.getAttribute('[data-testid="map-selection"]', "data-kind"), "polygon");
    assert.equal(
      (await page.textContent('[data-testid="map-selection"] span')).trim(),
      "Tabla: solo el polígono dibujado en el mapa",
    );
    // The tool is off again, the drawing is gone and the selection's outline is on the map.
    assert.equal(await page.getAttribute('[data-testid="lasso-tool"]', "aria-pressed"), "false");
    await waitForLasso(page, 0);
    await page.waitForFunction(
      () => window.__atalayaMap.queryRenderedFeatures({ layers: ["selection-line"] }).length > 0,
    );

    // Clearing the selection brings every row back.
    await page.click('[data-testid="map-selection"] button');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="table-total"] strong')?.textContent === "1.000.000",
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a double click closes the ring; clicks on a cluster while drawing add vertices, not a selection", async () => {
    const { page, errors } = await openWorkbench();
    await page.click('[data-testid="lasso-tool"]');
    // The mocked map has a cluster at the centre: it becomes a vertex like any other point.
    const [a, centre, c] = await mapPoints(page, [
      [0.25, 0.7],
      [0.5, 0.5],
      [0.75, 0.7],
    ]);
    await page.mouse.click(a.x, a.y);
    await page.mouse.click(centre.x, centre.y);
    await page.mouse.dblclick(c.x, c.y);

    const sent = await newestRequest(page, "view_page", (p) => p.request.query.selection !== null);
    assert.equal(sent.request.query.selection.kind, "polygon");
    assert.ok(sent.request.query.selection.ring.length >= 3);
    const kinds = (await requests(page, "view_page")).map((p) => p.request.query.selection?.kind);
    assert.ok(!kinds.includes("cell"), `no cluster was selected: ${kinds}`);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="table-total"] strong')?.textContent === "23",
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("Esc cancels a ring being drawn: nothing is selected and the drawing goes away", async () => {
    const { page } = await openWorkbench();
    await page.click('[data-testid="lasso-tool"]');
    const points = await mapPoints(page, TRIANGLE);
    for (const p of points.slice(0, 2)) await page.mouse.click(p.x, p.y);
    // Two vertices, and the line and area to the cursor.
    await waitForLasso(page, 4);
    await page.keyboard.press("Escape");

    assert.equal(await page.getAttribute('[data-testid="lasso-tool"]', "aria-pressed"), "false");
    await waitForLasso(page, 0);
    assert.equal(await page.$('[data-testid="lasso-hint"]'), null);
    const selections = (await requests(page, "view_page")).filter(
      (p) => p.request.query.selection !== null,
    );
    assert.deepEqual(selections, []);
    assert.equal(await tableTotal(page), "1.000.000");
    await page.close();
  });
});

/** Whether each MapLibre layer is shown, by id. */
function layerVisibility(page, ids) {
  return page.evaluate(
    (list) =>
      Object.fromEntries(
        list.map((id) => [id, window.__atalayaMap.getLayoutProperty(id, "visibility")]),
      ),
    ids,
  );
}

describe("camera and track layers", () => {
  test("the toggles list cameras and tracks, both off at first and nothing asked for", async () => {
    const { page } = await openWorkbench();
    const labels = await page.$$eval('[data-testid="layer-toggles"] label', (all) =>
      all.map((l) => [l.querySelector("input").dataset.layer, l.textContent.trim()]),
    );
    assert.deepEqual(labels.slice(-2), [
      ["cameras", "Cámaras"],
      ["tracks", "Recorridos GPS"],
    ]);
    assert.equal(await page.isChecked('input[data-layer="cameras"]'), false);
    assert.deepEqual(await layerVisibility(page, ["cameras", "tracks"]), {
      cameras: "none",
      tracks: "none",
    });
    assert.deepEqual(await requests(page, "overlay_cameras"), []);
    assert.deepEqual(await requests(page, "overlay_tracks"), []);
    await page.close();
  });

  test("when cameras are switched on they are drawn, and a click names the camera and its zone", async () => {
    const { page, errors } = await openWorkbench();
    await page.check('input[data-layer="cameras"]');
    await page.waitForFunction(
      () => window.__atalayaMap.queryRenderedFeatures({ layers: ["cameras"] }).length === 3,
    );
    assert.equal((await requests(page, "overlay_cameras")).length, 1);

    const at = await page.evaluate(() => {
      const map = window.__atalayaMap;
      const [f] = map
        .queryRenderedFeatures({ layers: ["cameras"] })
        .filter((x) => x.properties.code === "CAM-001");
      const p = map.project(f.geometry.coordinates);
      const r = map.getCanvas().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    });
    await page.mouse.click(at.x, at.y);
    const popup = await page.waitForSelector(".maplibregl-popup .overlay-popup");
    assert.deepEqual(await popup.$$eval(":scope > *", (lines) => lines.map((l) => l.textContent)), [
      "Cámara CAM-001",
      "Zona C01",
      "Orientación 90°",
    ]);

    // Off and on again: hidden, then shown without asking the backend again.
    await page.uncheck('input[data-layer="cameras"]');
    assert.deepEqual(await layerVisibility(page, ["cameras"]), { cameras: "none" });
    await page.waitForSelector(".maplibregl-popup", { state: "detached" });
    await page.check('input[data-layer="cameras"]');
    assert.deepEqual(await layerVisibility(page, ["cameras"]), { cameras: "visible" });
    assert.equal((await requests(page, "overlay_cameras")).length, 1);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("when tracks are switched on they follow the filter's dates and say when they were cut", async () => {
    const { page, errors } = await openWorkbench();
    await page.check('input[data-layer="tracks"]');
    const first = await newestRequest(page, "overlay_tracks");
    assert.equal(first.filter.from, null);
    await page.waitForFunction(
      () => window.__atalayaMap.queryRenderedFeatures({ layers: ["tracks"] }).length >= 2,
    );
    assert.deepEqual(await layerVisibility(page, ["tracks", "tracks-casing"]), {
      tracks: "visible",
      "tracks-casing": "visible",
    });
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="tracks-status"]')?.textContent.trim() ===
        "2 recorridos",
    );

    await page.fill('[data-testid="filter-from"]', "2025-03-01");
    await page.press('[data-testid="filter-from"]', "Tab");
    await newestRequest(page, "overlay_tracks", (p) => p.filter.from === "2025-03-01");
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="tracks-status"]')?.textContent.trim() ===
        "1 de 340 recorridos (los más recientes)",
    );

    // A category does not change tracks: no new request.
    const sent = (await requests(page, "overlay_tracks")).length;
    await page.click('[data-testid="category-tree"] input[data-group="dmcs"]');
    await newestRequest(page, "view_summary", (p) => p.filter.categories[0] === "dmcs");
    assert.equal((await requests(page, "overlay_tracks")).length, sent);

    await page.uncheck('input[data-layer="tracks"]');
    assert.deepEqual(await layerVisibility(page, ["tracks"]), { tracks: "none" });
    assert.equal(await page.$('[data-testid="tracks-status"]'), null);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe("map controls layout", () => {
  /** The boxes of the map's controls on screen, by name. */
  function controlBoxes(page) {
    return page.evaluate(() => {
      const box = (selector) => {
        const el = document.querySelector(selector);
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      };
      return {
        map: box('[data-testid="incident-map"]'),
        toggles: box('[data-testid="layer-toggles"]'),
        baseMapButton: box('[data-testid="base-map-toggle"]'),
        baseMapPanel: box('[data-testid="base-map"] form'),
        lasso: box('[data-testid="lasso-tool"]'),
        hint: box('[data-testid="lasso-hint"]'),
        legend: box('[data-testid="map-status"]'),
        chip: box('[data-testid="map-selection"]'),
      };
    });
  }

  const overlap = (a, b) =>
    a && b && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

  for (const [width, height] of [
    [1366, 768],
    [1920, 1080],
  ]) {
    test(`at ${width}×${height} the open base-map panel, the layer list and the other controls do not overlap`, async () => {
      const opened = await ui.open(SCENARIOS.bigStore, {
        viewport: { width, height },
      });
      const { page } = opened;
      await page.waitForSelector('[data-testid="incident-grid"] .row[data-rid]');
      await page.click('[data-testid="base-map-toggle"]');
      await page.waitForSelector('[data-testid="base-map-path"]');
      // A selection chip at the top and the lasso's hint while drawing.
      await clickFirstCluster(page);
      await page.waitForSelector('[data-testid="map-selection"]');
      await page.check('input[data-layer="tracks"]');
      await page.click('[data-testid="lasso-tool"]');
      await page.waitForSelector('[data-testid="lasso-hint"]');
      await page.waitForSelector('[data-testid="tracks-status"]');
      if (process.env.UI_SHOTS)
        await page.screenshot({ path: `${process.env.UI_SHOTS}/map-${width}x${height}.png` });

      const boxes = await controlBoxes(page);
      const names = Object.keys(boxes).filter((n) => n !== "map" && boxes[n]);
      for (const [i, a] of names.entries())
        for (const b of names.slice(i + 1))
          assert.ok(
            !overlap(boxes[a], boxes[b]),
            `${a} and ${b} overlap: ${JSON.stringify(boxes)}`,
          );
      // Everything inside the map.
      for (const n of names) {
        const [c, m] = [boxes[n], boxes.map];
        assert.ok(
          c.left >= m.left && c.right <= m.right && c.top >= m.top && c.bottom <= m.bottom,
          `${n} leaves the map: ${JSON.stringify(boxes)}`,
        );
      }
      // Every layer toggle can be reached.
      for (const id of ["comuna", "heat", "cameras", "tracks"]) {
        await page.locator(`input[data-layer="${id}"]`).scrollIntoViewIfNeeded();
        assert.ok(await page.isVisible(`input[data-layer="${id}"]`), id);
      }
      await page.close();
    });
  }
});
