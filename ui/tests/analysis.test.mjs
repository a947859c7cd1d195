// The Análisis panel against a mocked backend, in headless Chromium: a run shows its progress
// then its result and map layer; a cancelled or failed run shows only its message, never the
// previous result; an export sends the chosen format and the PNG carries the legend; a map
// selection reaches the run and the result says so.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { test } from "node:test";
import { clickFirstCluster, newestRequest, requests } from "./support/app-page.mjs";
import { SCENARIOS } from "./support/scenarios.mjs";
import { uiSession } from "./support/ui-session.mjs";

const ui = uiSession();

const text = async (page, selector) =>
  (await page.textContent(selector)).replace(/\s+/g, " ").trim();

/** Opens the app with `analysis` as the backend's analysis behaviour and the panel open. */
async function openPanel(analysis = {}) {
  const opened = await ui.open({ ...SCENARIOS.bigStore, analysis });
  const { page } = opened;
  await page.waitForFunction(() => window.__atalayaMap?.loaded());
  await page.click('[data-testid="analysis-toggle"]');
  await page.waitForSelector('[data-testid="analysis-panel"]');
  return opened;
}

/** Whether the map holds the analysis source and any of its layers. */
const analysisOnMap = (page) =>
  page.evaluate(() => {
    const map = window.__atalayaMap;
    return Boolean(
      map.getSource("analysis") ||
      ["analysis-fill", "analysis-outline", "analysis-line"].some((id) => map.getLayer(id)),
    );
  });

/** Runs `kind` (already chosen parameters) and waits for its result. */
async function runToResult(page, kind) {
  await page.selectOption('[data-testid="analysis-kind"]', kind);
  await page.click('[data-testid="analysis-run"]');
  await page.waitForSelector(`[data-testid="analysis-result"][data-kind="${kind}"]`);
}

test("a run shows its progress, then the Gi* result with its legend and its layer on the map", async () => {
  const { page, errors } = await openPanel({ stepMs: { hotspots: 300 } });
  try {
    assert.equal(await analysisOnMap(page), false);
    await page.click('[data-testid="analysis-run"]');
    await page.waitForSelector('[data-testid="analysis-progress"]');
    assert.equal(await page.isDisabled('[data-testid="analysis-run"]'), true);
    await page.waitForFunction(() =>
      /^Calculando: \d de 4$/.test(
        document.querySelector('[data-testid="analysis-progress"] span')?.textContent.trim() ?? "",
      ),
    );
    await page.waitForSelector('[data-testid="analysis-result"][data-kind="hotspots"]');
    assert.equal(await page.$('[data-testid="analysis-progress"]'), null);
    assert.match(
      await text(page, '[data-testid="analysis-result"]'),
      /^Puntos calientes Gi\* 79 incidentes en 12 celdas de 150 m/,
    );
    const legend = await page.$$eval('[data-testid="analysis-legend"] li', (items) =>
      items.map((li) => li.textContent.replace(/\s+/g, " ").trim()),
    );
    assert.deepEqual(legend, [
      "Punto caliente, 99 % de confianza 2",
      "Punto caliente, 95 % 1",
      "Punto caliente, 90 % 1",
      "No significativo 5",
      "Punto frío, 90 % 1",
      "Punto frío, 95 % 1",
      "Punto frío, 99 % de confianza 1",
    ]);
    assert.equal(await analysisOnMap(page), true);
    const [sent] = await requests(page, "analysis_run");
    assert.deepEqual(sent.request, { kind: "hotspots", cell: 150, weights: "queen", areas: null });
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test("Cancelar during a slow run shows only the cancelled message: no old result, no layer", async () => {
  const { page, errors } = await openPanel();
  try {
    await runToResult(page, "hotspots");
    assert.equal(await analysisOnMap(page), true);

    await page.selectOption('[data-testid="analysis-kind"]', "knox");
    await page.click('[data-testid="analysis-run"]');
    await page.waitForSelector('[data-testid="analysis-cancel"]');
    // From the start of the new run, the old result is neither in the panel nor on the map.
    assert.equal(await page.$('[data-testid="analysis-result"]'), null);
    assert.equal(await analysisOnMap(page), false);
    await page.click('[data-testid="analysis-cancel"]');
    assert.equal(await text(page, '[data-testid="analysis-progress"] span'), "Cancelando…");
    await page.waitForSelector('[data-testid="analysis-cancelled"]');
    assert.equal(
      await text(page, '[data-testid="analysis-cancelled"]'),
      "El análisis se canceló. No se muestra ningún resultado parcial.",
    );
    assert.equal(await page.$('[data-testid="analysis-result"]'), null);
    assert.equal(await page.$('[data-testid="analysis-progress"]'), null);
    assert.equal(await analysisOnMap(page), false);
    assert.equal((await requests(page, "analysis_cancel")).length, 1);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test("a failing run shows the Spanish error and not the previous result", async () => {
  const { page, errors } = await openPanel({
    fail: {
      kde: {
        code: "invalid_argument",
        message: "invalid --cell `900 × 900 cells`: expected at most 250000 cells",
        details: { what: "--cell", value: "900 × 900 cells" },
      },
    },
  });
  try {
    await runToResult(page, "hotspots");
    await page.selectOption('[data-testid="analysis-kind"]', "kde");
    await page.click('[data-testid="analysis-run"]');
    await page.waitForSelector('[data-testid="analysis-error"]');
    assert.equal(
      await text(page, '[data-testid="analysis-error"]'),
      "Celda (m): el valor «900 × 900 cells» no es válido. Detalle: invalid --cell `900 × 900 cells`: expected at most 250000 cells",
    );
    assert.equal(await page.$('[data-testid="analysis-result"]'), null);
    assert.equal(await page.$('[data-testid="analysis-cancelled"]'), null);
    assert.equal(await analysisOnMap(page), false);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test("the export buttons send the chosen format, the typed path and, for PNG, the map image", async () => {
  const { page, errors } = await openPanel();
  try {
    await runToResult(page, "hotspots");
    await page.click('[data-export="csv"]');
    await page.waitForSelector('[data-testid="analysis-saved"]');
    assert.equal(
      await text(page, '[data-testid="analysis-saved"]'),
      "Guardado en /home/analista/.local/share/atalaya/exportaciones/analisis-hotspots-20250301T120000Z.csv",
    );
    assert.deepEqual((await requests(page, "analysis_export")).at(-1), {
      format: "csv",
      path: null,
      png: null,
    });

    await page.fill('[data-testid="analysis-export-path"]', "/tmp/calor.geojson");
    await page.click('[data-export="geojson"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="analysis-saved"]')?.textContent.includes("calor"),
    );
    assert.deepEqual((await requests(page, "analysis_export")).at(-1), {
      format: "geojson",
      path: "/tmp/calor.geojson",
      png: null,
    });

    await page.fill('[data-testid="analysis-export-path"]', "");
    await page.click('[data-export="png"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="analysis-saved"]')?.textContent.endsWith(".png"),
    );
    const png = (await requests(page, "analysis_export")).at(-1);
    assert.equal(png.format, "png");
    assert.equal(png.path, null);
    assert.match(png.png, /^data:image\/png;base64,/);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

/** Pixels of `png` (a data URL) and of the bare map canvas, compared in two corners. */
function compareWithMap(page, png) {
  return page.evaluate(async (url) => {
    const image = new Image();
    image.src = url;
    await image.decode();
    const map = window.__atalayaMap.getCanvas();
    const pixels = (source) => {
      const canvas = document.createElement("canvas");
      canvas.width = map.width;
      canvas.height = map.height;
      const ctx = canvas.getContext("2d");
      ctx.drawImage(source, 0, 0);
      return ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    };
    const exported = pixels(image);
    const bare = pixels(map);
    const scale = map.width / map.clientWidth;
    /** Share of pixels that differ in a square of `side` CSS px at (`x`, `y`) CSS px. */
    const differing = (x, y, side) => {
      let n = 0;
      let total = 0;
      for (let py = Math.round(y * scale); py < Math.round((y + side) * scale); py++)
        for (let px = Math.round(x * scale); px < Math.round((x + side) * scale); px++) {
          const i = 4 * (py * map.width + px);
          const d = [0, 1, 2].some((c) => Math.abs(exported[i + c] - bare[i + c]) > 8);
          n += d ? 1 : 0;
          total++;
        }
      return n / total;
    };
    const h = map.clientHeight;
    const w = map.clientWidth;
    return {
      size: [image.naturalWidth, image.naturalHeight, map.width, map.height],
      legendCorner: differing(12, h - 60, 50),
      otherCorner: differing(w - 60, 10, 50),
    };
  }, png);
}

test("the PNG export is the map with the analysis legend painted in its lower-left corner", async () => {
  const { page, errors } = await openPanel();
  try {
    await runToResult(page, "hotspots");
    await page.click('[data-export="png"]');
    await page.waitForSelector('[data-testid="analysis-saved"]');
    const { png } = (await requests(page, "analysis_export")).at(-1);
    if (process.env.ATALAYA_LEGEND_PNG)
      writeFileSync(process.env.ATALAYA_LEGEND_PNG, Buffer.from(png.split(",")[1], "base64"));
    const seen = await compareWithMap(page, png);
    assert.deepEqual(seen.size.slice(0, 2), seen.size.slice(2), "the map's pixel size");
    assert.ok(seen.legendCorner > 0.3, `the legend covers its corner: ${seen.legendCorner}`);
    assert.equal(seen.otherCorner, 0, "the rest is the map as drawn");
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test("a cluster picked on the map is sent with the run, and the result says it ran on it", async () => {
  const { page, errors } = await openPanel();
  try {
    assert.equal(
      await text(page, '[data-testid="analysis-scope"]'),
      "Se aplica a los incidentes del filtro actual.",
    );
    await clickFirstCluster(page);
    const { query } = (
      await newestRequest(page, "view_page", (p) => p.request.query.selection?.kind === "cell")
    ).request;
    assert.equal(
      await text(page, '[data-testid="analysis-scope"]'),
      "Se aplica a los incidentes de la selección del mapa, dentro del filtro actual.",
    );

    await runToResult(page, "hotspots");
    const sent = (await requests(page, "analysis_run")).at(-1);
    assert.deepEqual(sent.selection, query.selection);
    assert.deepEqual(sent.filter, query.filter);
    assert.equal(
      await text(page, '[data-testid="analysis-selected"]'),
      "Sobre la selección del mapa: 37 incidentes.",
    );

    await page.click('[data-testid="map-selection"] button');
    await page.waitForSelector('[data-testid="map-selection"]', { state: "detached" });
    assert.equal(
      await text(page, '[data-testid="analysis-scope"]'),
      "Se aplica a los incidentes del filtro actual.",
    );
    await runToResult(page, "kde");
    assert.equal((await requests(page, "analysis_run")).at(-1).selection, null);
    assert.equal(await page.$('[data-testid="analysis-selected"]'), null);
    await page.click('button[data-locale="en"]');
    assert.equal(
      await text(page, '[data-testid="analysis-scope"]'),
      "Runs on the incidents of the current filter.",
    );
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
