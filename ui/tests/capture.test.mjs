// Field capture against a mocked backend, in headless Chromium: the "Nuevo incidente" form on
// the main screen, its place picked on the map or typed as an address, what it sends, what
// the screen shows after it is written, and every refusal shown next to its field.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { clickFirstCluster, mapPoints, newestRequest, requests } from "./support/app-page.mjs";
import { registeredSync, SCENARIOS } from "./support/scenarios.mjs";
import { uiSession } from "./support/ui-session.mjs";

const ui = uiSession();

async function openCapture(scenario = SCENARIOS.keyringStore) {
  const opened = await ui.open(scenario);
  const { page } = opened;
  await page.waitForFunction(() => window.__atalayaMap?.loaded());
  await page.waitForSelector('[data-testid="view-total"]');
  await page.click('[data-testid="capture-toggle"]');
  await page.waitForSelector('[data-testid="capture-panel"]');
  // The panel narrows the map: wait until the map has taken its new width (a point computed
  // before would be clicked somewhere else).
  await page.waitForFunction(() => {
    const map = window.__atalayaMap;
    return map.getCanvas().clientWidth === map.getContainer().clientWidth;
  });
  return opened;
}

/** The store of `SCENARIOS.keyringStore` on a laptop registered as a field user of `cuadrantes`. */
const fieldUserStore = (cuadrantes) => ({
  ...SCENARIOS.keyringStore,
  sync: registeredSync("flor", "field", { cuadrantes }),
});

const field = (name) => `[data-testid="capture-panel"] [data-field="${name}"]`;
const save = (page) => page.click('[data-testid="capture-panel"] [data-action="save"]');
const refusals = (page) =>
  page.$$eval('[data-testid="capture-panel"] [role="alert"]', (els) =>
    els.map((e) => e.textContent.trim()),
  );
const total = (page) => page.textContent('[data-testid="view-total"] strong');

/** Waits until the form shows exactly one refusal, and returns it. */
async function refusal(page) {
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="capture-panel"] [role="alert"]').length === 1,
  );
  return (await refusals(page))[0];
}

/** Fills every field but the place. */
async function fillForm(page, { day = "2025-03-09", time = "21:15" } = {}) {
  await page.selectOption(field("category"), "dmcs.hurto");
  await page.fill(field("day"), day);
  await page.fill(field("time"), time);
  await page.fill(field("description"), "Sustracción de mochila en paradero");
}

describe("field capture", () => {
  test("a point clicked on the map and the form filled: the incident is written as typed, its detail opens and the counts move", async () => {
    const { page, errors } = await openCapture();
    assert.equal(await total(page), "4.755");
    await page.waitForSelector('[data-testid="pick-hint"]');
    await page.waitForSelector('[data-testid="capture-no-point"]');

    const [spot] = await mapPoints(page, [[0.35, 0.4]]);
    await page.mouse.click(spot.x, spot.y);
    await page.waitForSelector('[data-testid="capture-marker"]');
    // The form shows the point as latitude, longitude (a pixel is a few metres here).
    const shown = await page.textContent('[data-testid="capture-point"]');
    const [lat, lon] = shown.match(/-?\d+\.\d{5}/g).map(Number);
    assert.ok(Math.abs(lat - spot.lonlat[1]) < 1e-4, `${shown} vs ${spot.lonlat}`);
    assert.ok(Math.abs(lon - spot.lonlat[0]) < 1e-4, `${shown} vs ${spot.lonlat}`);
    // A click while picking places the point; it selects nothing.
    assert.equal(
      (await requests(page, "view_page")).filter((r) => r.request.query.selection).length,
      0,
    );

    await fillForm(page);
    await save(page);

    const sent = await newestRequest(page, "incident_capture");
    assert.equal(sent.category, "dmcs.hurto");
    assert.equal(sent.occurred_at, "2025-03-09 21:15");
    assert.equal(sent.description, "Sustracción de mochila en paradero");
    assert.equal(sent.address, null);
    assert.equal(sent.point[0].toFixed(5), lon.toFixed(5), "longitude as shown");
    assert.equal(sent.point[1].toFixed(5), lat.toFixed(5), "latitude as shown");

    // The form gives way to the new incident's detail; map, table and counts ask again.
    await page.waitForSelector('[data-testid="capture-panel"]', { state: "detached" });
    await page.waitForSelector('[data-testid="capture-marker"]', { state: "detached" });
    assert.equal(
      await page.textContent('[data-testid="detail-description"]'),
      "Sustracción de mochila en paradero",
    );
    assert.equal(await page.textContent('[data-field="source"]'), "Captura en terreno");
    await page.waitForFunction(
      () => document.querySelector('[data-testid="view-total"] strong')?.textContent === "4.756",
    );
    // The table asks again too: its total counts the new incident.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="table-total"] strong')?.textContent === "4.756",
    );
    assert.equal(
      await page.getAttribute('[data-testid="capture-toggle"]', "aria-pressed"),
      "false",
    );
    assert.deepEqual(errors, []);
  });

  test("an address the streets can place is enough; with a point marked too, the point is used and the address kept", async () => {
    const { page } = await openCapture();
    await fillForm(page);
    await page.fill(field("address"), "Av. Providencia 1234");
    await save(page);
    let sent = await newestRequest(page, "incident_capture");
    assert.equal(sent.address, "Av. Providencia 1234");
    assert.equal(sent.point, null);
    await page.waitForSelector('[data-testid="detail-panel"] [data-field="address"]');
    assert.equal(await page.textContent('[data-field="address"]'), "Av. Providencia 1234");

    await page.click('[data-testid="capture-toggle"]');
    await fillForm(page);
    await page.fill(field("address"), "Frente al metro");
    const [spot] = await mapPoints(page, [[0.3, 0.6]]);
    await page.mouse.click(spot.x, spot.y);
    await page.waitForSelector('[data-testid="capture-point"]');
    assert.match(
      await page.textContent('[data-testid="capture-panel"] fieldset'),
      /Se usa el punto marcado/,
    );
    await save(page);
    sent = await newestRequest(page, "incident_capture", (r) => r.address === "Frente al metro");
    assert.ok(Array.isArray(sent.point));
    await page.waitForFunction(
      () => document.querySelector('[data-testid="view-total"] strong')?.textContent === "4.757",
    );
  });

  test("each refusal is shown next to its field, worded for the user, and nothing is written", async () => {
    const { page } = await openCapture();

    await save(page);
    assert.equal(await refusal(page), "Elija la categoría del incidente.");
    assert.equal(await page.getAttribute(field("category"), "aria-invalid"), "true");

    await page.selectOption(field("category"), "inc.amenazas");
    await save(page);
    assert.match(await refusal(page), /^Describa qué ocurrió/);

    await page.fill(field("description"), "Amenazas a guardia de edificio");
    await save(page);
    assert.equal(await refusal(page), "Marque el punto en el mapa o escriba la dirección.");

    await page.fill(field("address"), "Calle Inventada 99");
    await save(page);
    assert.match(await refusal(page), /No se pudo ubicar «Calle Inventada 99» en el callejero/);

    await page.fill(field("address"), "");
    // The place changed: its refusal no longer holds and goes.
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="capture-panel"] [role="alert"]').length === 0,
    );
    await page.fill(field("day"), "2099-01-01");
    await page.fill(field("time"), "10:00");
    const [inside, outside] = await mapPoints(page, [
      [0.35, 0.6],
      [0.02, 0.5],
    ]);
    await page.mouse.click(inside.x, inside.y);
    await page.waitForSelector('[data-testid="capture-point"]');
    await save(page);
    assert.match(
      await refusal(page),
      /«2099-01-01 10:00» no sirve: debe ser una hora de Santiago que ya haya ocurrido/,
    );

    await page.fill(field("day"), "2025-03-09");
    await page.mouse.click(outside.x, outside.y);
    await save(page);
    assert.match(await refusal(page), /queda fuera de la comuna/);

    // Nothing was written: the counts never moved, and the form is still open with its values.
    assert.equal(await total(page), "4.755");
    assert.equal(await page.inputValue(field("description")), "Amenazas a guardia de edificio");
  });

  test("the form starts at Santiago's date and time, whatever the machine's zone", async () => {
    const { page } = await openCapture();
    const before = Date.now();
    const day = await page.inputValue(field("day"));
    const time = await page.inputValue(field("time"));
    const santiago = (ms) => {
      const parts = Object.fromEntries(
        new Intl.DateTimeFormat("en-CA", {
          timeZone: "America/Santiago",
          year: "numeric",
          month: "2-digit",
          day: "2-digit",
          hour: "2-digit",
          minute: "2-digit",
          hourCycle: "h23",
        })
          .formatToParts(new Date(ms))
          .map((p) => [p.type, p.value]),
      );
      return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
    };
    // The form opened within the last minute or two.
    const candidates = [0, 1, 2].map((m) => santiago(before - m * 60_000));
    assert.ok(candidates.includes(`${day} ${time}`), `${day} ${time} not in ${candidates}`);
  });

  test("closing the form removes its marker, and clicks on the map select incidents again", async () => {
    const { page } = await openCapture();
    const [spot] = await mapPoints(page, [[0.4, 0.65]]);
    await page.mouse.click(spot.x, spot.y);
    await page.waitForSelector('[data-testid="capture-marker"]');

    await page.click('[data-testid="capture-panel"] [data-action="cancel"]');
    await page.waitForSelector('[data-testid="capture-panel"]', { state: "detached" });
    await page.waitForSelector('[data-testid="capture-marker"]', { state: "detached" });
    assert.equal(await page.$('[data-testid="pick-hint"]'), null);

    await clickFirstCluster(page);
    const sent = await newestRequest(page, "view_page", (r) => r.request.query.selection !== null);
    assert.equal(sent.request.query.selection.kind, "cell");
    assert.equal((await requests(page, "incident_capture")).length, 0);
  });

  test("on a field user's laptop, an incident captured outside their cuadrantes says the server will not take it", async () => {
    for (const [cuadrantes, warned] of [
      [["C02"], true],
      [["C01", "C02"], false],
    ]) {
      const { page, errors } = await openCapture(fieldUserStore(cuadrantes));
      const [spot] = await mapPoints(page, [[0.4, 0.5]]);
      await page.mouse.click(spot.x, spot.y);
      await fillForm(page);
      await save(page);
      await page.waitForSelector('[data-testid="detail-description"]');
      // The mocked store places every capture in C01.
      const note = await page.$('[data-testid="detail-outside-jurisdiction"]');
      assert.equal(note !== null, warned, `field user of ${cuadrantes}`);
      if (warned) {
        const text = await note.textContent();
        assert.match(text, /Fuera de su jurisdicción \(C02[^)]*\): el servidor no aceptará/);
      }
      assert.deepEqual(errors, []);
    }
  });
});
