// The base map control against a mocked backend, in headless Chromium: it says which file the
// map draws, a usable file adds the base map's layers, a foreign or damaged file is refused with
// a Spanish message and the previous map stays, and clearing goes back to the plain background.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SCENARIOS } from "./support/scenarios.mjs";
import { uiSession } from "./support/ui-session.mjs";

const DEMO = "/home/analista/mapas/providencia.pmtiles";
const CSV = "/home/analista/incidentes.csv";
const CUT = "/home/analista/mapas/cortado.pmtiles";

const INFO = {
  format: "pmtiles",
  min_zoom: 11,
  max_zoom: 16,
  bounds: [-70.636, -33.45, -70.582, -33.409],
  center: [-70.61, -33.43],
  tile_count: 1156,
  compression: "gzip",
  layers: ["areas", "area_labels", "streets"],
  name: "Atalaya base map",
  bytes: 151779,
};

const withBaseMap = (path) => ({
  ...SCENARIOS.bigStore,
  baseMap: {
    path,
    files: {
      [DEMO]: INFO,
      [CSV]: {
        error: "basemap_not_tiles",
        message: `${CSV} is not a PMTiles or MBTiles file (its content looks like text (CSV, JSON or similar))`,
      },
      [CUT]: { error: "basemap_truncated", message: `${CUT}: truncated file` },
    },
  },
});

const ui = uiSession();

async function openMap(scenario) {
  const opened = await ui.open(scenario);
  await opened.page.waitForFunction(() => window.__atalayaMap?.loaded());
  await opened.page.waitForSelector('[data-testid="base-map-toggle"]');
  return opened;
}

/** The base map source's tile URLs and the base map layers now in the style. */
function mapBaseMap(page) {
  return page.evaluate(() => {
    const map = window.__atalayaMap;
    const source = map.getSource("basemap");
    return {
      tiles: source ? source.tiles : null,
      layers: map
        .getStyle()
        .layers.map((l) => l.id)
        .filter((id) => id.startsWith("basemap-")),
      comunaFill: map.getPaintProperty("comuna-fill", "fill-color"),
    };
  });
}

async function choose(page, path) {
  await page.fill('[data-testid="base-map-path"]', path);
  await page.click('[data-testid="base-map-use"]');
}

describe("base map", () => {
  test("without a tiles file the map keeps its plain background and says so", async () => {
    const { page, errors } = await openMap(withBaseMap(null));
    assert.equal(
      (await page.textContent('[data-testid="base-map-toggle"]')).trim(),
      "Mapa base: Fondo simple",
    );
    assert.deepEqual(await mapBaseMap(page), { tiles: null, layers: [], comunaFill: "#fbfcfd" });
    await page.click('[data-testid="base-map-toggle"]');
    assert.match(await page.textContent('[data-testid="base-map-status"]'), /fondo simple/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("when a usable file is chosen, the map draws its streets under the areas and incidents", async () => {
    const { page } = await openMap(withBaseMap(null));
    await page.click('[data-testid="base-map-toggle"]');
    await choose(page, `  ${DEMO} `);

    await page.waitForFunction(() => !!window.__atalayaMap.getSource("basemap"));
    const drawn = await mapBaseMap(page);
    assert.deepEqual(drawn.tiles, ["atalayatiles://localhost/2/{z}/{x}/{y}"]);
    assert.deepEqual(drawn.layers, [
      "basemap-streets-casing",
      "basemap-streets",
      "basemap-area-labels",
      "basemap-main-labels",
      "basemap-street-labels",
    ]);
    assert.equal(drawn.comunaFill, "#f1eee8");
    const order = await page.evaluate(() => window.__atalayaMap.getStyle().layers.map((l) => l.id));
    const at = (id) => order.indexOf(id);
    assert.ok(at("comuna-fill") < at("basemap-streets"), order.join(" "));
    assert.ok(at("basemap-streets") < at("cuadrantes-line"), order.join(" "));
    assert.ok(at("basemap-street-labels") < at("clusters"), order.join(" "));
    assert.equal(
      (await page.textContent('[data-testid="base-map-status"]')).replace(/\s+/g, " ").trim(),
      "providencia.pmtiles PMTiles · zoom 11–16 · 1.156 teselas",
    );
    assert.equal(
      (await page.textContent('[data-testid="base-map-toggle"]')).trim(),
      "Mapa base: providencia.pmtiles",
    );
    const sent = page.evaluate(() =>
      window.__ATALAYA_REQUESTS__.filter((r) => r.command === "base_map_choose"),
    );
    assert.deepEqual((await sent)[0].payload, { path: DEMO });
    await page.close();
  });

  test("when a CSV is chosen, a Spanish message says why and the previous base map stays", async () => {
    const { page, errors } = await openMap(withBaseMap(DEMO));
    await page.waitForFunction(() => !!window.__atalayaMap.getSource("basemap"));
    await page.click('[data-testid="base-map-toggle"]');
    await choose(page, CSV);

    const error = await page.waitForSelector('[data-testid="base-map-error"]');
    assert.equal(
      (await error.textContent()).replace(/\s+/g, " ").trim(),
      `El archivo ${CSV} no es un mapa base PMTiles ni MBTiles. Elija otro archivo. ` +
        "Se mantiene el mapa base anterior.",
    );
    assert.deepEqual((await mapBaseMap(page)).tiles, ["atalayatiles://localhost/1/{z}/{x}/{y}"]);
    assert.match(await page.textContent('[data-testid="base-map-status"]'), /providencia\.pmtiles/);

    // A cut file says so; a good one afterwards clears the message.
    await choose(page, CUT);
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="base-map-error"]')?.textContent.includes("truncado"),
    );
    await choose(page, DEMO);
    await page.waitForSelector('[data-testid="base-map-error"]', { state: "detached" });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("clearing goes back to the plain background; in English the control speaks English", async () => {
    const { page } = await openMap(withBaseMap(DEMO));
    await page.waitForFunction(() => !!window.__atalayaMap.getSource("basemap"));
    await page.click('[data-testid="base-map-toggle"]');
    await page.click('[data-testid="base-map-clear"]');
    await page.waitForFunction(() => !window.__atalayaMap.getSource("basemap"));
    assert.deepEqual(await mapBaseMap(page), { tiles: null, layers: [], comunaFill: "#fbfcfd" });

    await page.click('button[data-locale="en"]');
    assert.equal(
      (await page.textContent('[data-testid="base-map-toggle"]')).trim(),
      "Base map: Plain background",
    );
    await choose(page, "/nowhere/map.pmtiles");
    await page.waitForSelector('[data-testid="base-map-error"]');
    assert.match(
      await page.textContent('[data-testid="base-map-error"]'),
      /The file \/nowhere\/map\.pmtiles was not found\.\s+The plain background is kept\./,
    );
    await page.close();
  });
});
