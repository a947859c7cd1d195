// Correcting an incident against a mocked backend, in headless Chromium: "Corregir" in the
// detail turns its fields into a form; a click on the map moves the incident, or another
// address places it; only what changed is sent; the detail, the map marker and the view follow;
// every refusal is shown next to its field.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { mapPoints, newestRequest, requests } from "./support/app-page.mjs";
import { SCENARIOS } from "./support/scenarios.mjs";
import { uiSession } from "./support/ui-session.mjs";

const ui = uiSession();

/** The detail of the table's fifth incident, with the correction form open. */
async function openCorrection() {
  const opened = await ui.open(SCENARIOS.keyringStore);
  const { page } = opened;
  await page.waitForFunction(() => window.__atalayaMap?.loaded());
  await page.waitForSelector('[data-testid="incident-grid"] .row[data-rid]');
  await page.click('.row[data-index="4"]');
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-testid="detail-panel"] [data-field="id"]');
  // The panel narrows the map: wait until the map has taken its new width.
  await page.waitForFunction(() => {
    const map = window.__atalayaMap;
    return map.getCanvas().clientWidth === map.getContainer().clientWidth;
  });
  const id = await page.textContent('[data-testid="detail-panel"] [data-field="id"]');
  await page.click('[data-testid="detail-panel"] [data-action="correct"]');
  await page.waitForSelector('[data-testid="correction-form"]');
  return { ...opened, id };
}

const field = (name) => `[data-testid="correction-form"] [data-field="${name}"]`;
const save = (page) => page.click('[data-testid="correction-form"] [data-action="save"]');
const shown = (name) => `[data-testid="detail-panel"] [data-field="${name}"]`;

async function refusal(page) {
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="correction-form"] [role="alert"]').length === 1,
  );
  return page.textContent('[data-testid="correction-form"] [role="alert"]');
}

describe("correcting an incident", () => {
  test("a point clicked on the map and a new status: only those are sent, and the detail, marker and view follow", async () => {
    const { page, errors, id } = await openCorrection();
    // The form starts from the incident as it is.
    assert.equal(await page.inputValue(field("description")), "Incidente número 5");
    const address = await page.inputValue(field("address"));
    assert.ok(address.length > 0, "its address");
    await page.waitForSelector('[data-testid="correction-no-point"]');
    await page.waitForSelector('[data-testid="pick-hint"]');

    await page.selectOption(field("status"), "verified");
    const [spot] = await mapPoints(page, [[0.35, 0.45]]);
    await page.mouse.click(spot.x, spot.y);
    await page.waitForSelector('[data-testid="capture-marker"]');
    await page.waitForSelector('[data-testid="correction-point"]');
    // A click while correcting moves the incident; it selects nothing.
    assert.equal(
      (await requests(page, "view_page")).filter((r) => r.request.query.selection).length,
      0,
    );
    const pagesBefore = (await requests(page, "view_page")).length;

    await save(page);
    const sent = await newestRequest(page, "incident_correct");
    assert.equal(sent.id, id);
    assert.deepEqual(Object.keys(sent.correction).sort(), ["address", "point", "status"]);
    assert.equal(sent.correction.status, "verified");
    assert.equal(sent.correction.address, address, "kept as written beside the point");
    // Where the click was (a pixel is a few metres here).
    const [lon, lat] = sent.correction.point;
    assert.ok(Math.abs(lon - spot.lonlat[0]) < 1e-4, `${lon} vs ${spot.lonlat}`);
    assert.ok(Math.abs(lat - spot.lonlat[1]) < 1e-4, `${lat} vs ${spot.lonlat}`);

    // The form gives way to the corrected detail; the picking marker goes.
    await page.waitForSelector('[data-testid="correction-form"]', { state: "detached" });
    await page.waitForSelector('[data-testid="capture-marker"]', { state: "detached" });
    assert.equal(await page.textContent(shown("status")), "Verificado");
    assert.equal(await page.textContent(shown("location")), `${lat.toFixed(5)}, ${lon.toFixed(5)}`);
    assert.equal(await page.textContent(shown("point_origin")), "Informado por la fuente");
    assert.match(await page.textContent('[data-testid="history"]'), /incident\.edit/);
    // Map and table ask again.
    await page.waitForFunction(
      (n) => window.__ATALAYA_REQUESTS__.filter((r) => r.command === "view_page").length > n,
      pagesBefore,
    );
    // The map marks it where it now is (after the table took the new rows).
    await page.waitForFunction(
      ([x, y]) => {
        const features = window.__atalayaMap.getSource("highlight").serialize().data.features;
        const at = features[0]?.geometry.coordinates;
        return features.length === 1 && at[0] === x && at[1] === y;
      },
      [lon, lat],
    );
    assert.deepEqual(errors, []);
  });

  test("nothing changed sends nothing; an address alone moves it; a new time is sent as Santiago's; refusals are worded next to their field", async () => {
    const { page } = await openCorrection();
    await save(page);
    await page.waitForSelector('[data-testid="correction-form"]', { state: "detached" });
    assert.equal((await requests(page, "incident_correct")).length, 0);

    await page.click('[data-testid="detail-panel"] [data-action="correct"]');
    await page.fill(field("address"), "Calle Inventada 99");
    await save(page);
    assert.match(await refusal(page), /No se pudo ubicar «Calle Inventada 99» en el callejero/);

    await page.fill(field("address"), "Los Leones con Providencia");
    await page.fill(field("description"), "   ");
    await save(page);
    assert.match(await refusal(page), /^Describa qué ocurrió/);

    await page.fill(field("description"), "Robo por sorpresa, corregido");
    const day = await page.inputValue(field("day"));
    await page.fill(field("day"), "2099-01-01");
    await save(page);
    assert.match(await refusal(page), /«2099-01-01 .*» no sirve/);
    await page.fill(field("day"), day);
    await page.fill(field("time"), "22:05");
    const [outside] = await mapPoints(page, [[0.02, 0.5]]);
    await page.mouse.click(outside.x, outside.y);
    await save(page);
    assert.match(await refusal(page), /queda fuera de la comuna/);
    await page.click('[data-testid="correction-form"] [data-action="clear-point"]');

    await save(page);
    const sent = await newestRequest(page, "incident_correct", (r) => !r.correction.point);
    assert.deepEqual(sent.correction, {
      description: "Robo por sorpresa, corregido",
      occurred_at: `${day} 22:05`,
      address: "Los Leones con Providencia",
    });
    await page.waitForSelector('[data-testid="correction-form"]', { state: "detached" });
    assert.equal(await page.textContent(shown("address")), "Los Leones con Providencia");
    // Placed by the streets now: the detail says so.
    assert.equal(await page.textContent(shown("point_origin")), "Geocodificado en la intersección");
    assert.equal(
      await page.textContent('[data-testid="detail-description"]'),
      "Robo por sorpresa, corregido",
    );
  });

  test("cancel closes the form and its marker, and map clicks select incidents again", async () => {
    const { page } = await openCorrection();
    const [spot] = await mapPoints(page, [[0.4, 0.6]]);
    await page.mouse.click(spot.x, spot.y);
    await page.waitForSelector('[data-testid="capture-marker"]');
    await page.click('[data-testid="correction-form"] [data-action="cancel"]');
    await page.waitForSelector('[data-testid="correction-form"]', { state: "detached" });
    await page.waitForSelector('[data-testid="capture-marker"]', { state: "detached" });
    assert.equal(await page.$('[data-testid="pick-hint"]'), null);
    await page.waitForSelector('[data-testid="detail-panel"] [data-action="correct"]');
    assert.equal((await requests(page, "incident_correct")).length, 0);
  });

  test("new rows under the same filter keep the table where the reader is", async () => {
    const { page } = await openCorrection();
    await page.$eval('[data-testid="table-scroller"]', (el) => {
      el.scrollTop = 300 * 28;
    });
    await newestRequest(page, "view_page", (p) => p.request.offset > 0);
    await page.waitForSelector('.row[data-index="300"]');
    await page.fill(field("description"), "Descripción corregida");
    const pagesBefore = (await requests(page, "view_page")).length;
    await save(page);
    await page.waitForSelector('[data-testid="correction-form"]', { state: "detached" });

    // Read again around row 300, not from the top; the scroll position stays.
    const again = await newestRequest(page, "view_page", () => true).then(async () =>
      (await requests(page, "view_page")).slice(pagesBefore),
    );
    assert.ok(again.length > 0, "the table asked again");
    assert.ok(
      again.every((p) => p.request.offset > 0),
      `offsets ${again.map((p) => p.request.offset)}`,
    );
    assert.ok(
      (await page.$eval('[data-testid="table-scroller"]', (el) => el.scrollTop)) >= 299 * 28,
    );
    await page.waitForSelector('.row[data-index="300"]');
  });
});
