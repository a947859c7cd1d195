// The analyst's main screen against a mocked backend, in headless Chromium: filters drive every
// query, map and table select each other, the table stays virtual over a million rows.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { clickFirstCluster, gridRows, newestRequest, requests } from "./support/app-page.mjs";
import { SCENARIOS } from "./support/scenarios.mjs";
import { uiSession } from "./support/ui-session.mjs";

const ui = uiSession();

async function openWorkbench(scenario = SCENARIOS.bigStore, options = {}) {
  const opened = await ui.open(scenario, options);
  await opened.page.waitForSelector('[data-testid="incident-grid"] .row[data-rid]');
  return opened;
}

const ROW_HEIGHT = 28;

describe("filters", () => {
  test("when a category group is ticked, counts, map and table are all asked with it", async () => {
    const { page, errors } = await openWorkbench();
    await page.click('[data-testid="category-tree"] input[data-group="dmcs"]');

    const hasDmcs = (filter) => JSON.stringify(filter.categories) === '["dmcs"]';
    await newestRequest(page, "view_summary", (p) => hasDmcs(p.filter));
    await newestRequest(page, "view_map", (p) => hasDmcs(p.request.filter));
    await newestRequest(page, "view_page", (p) => hasDmcs(p.request.query.filter));
    await page.waitForFunction(
      () => document.querySelector('[data-testid="table-total"] strong')?.textContent === "100.000",
    );
    assert.equal(
      (await page.textContent('[data-testid="view-total"]')).replace(/\s+/g, " ").trim(),
      "100.000 incidentes de 1.000.000",
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("when one category of a ticked group is unticked, the others are sent one by one", async () => {
    const { page } = await openWorkbench();
    await page.click('[data-testid="category-tree"] input[data-group="dmcs"]');
    await page.click('[data-testid="category-tree"] button[aria-expanded="false"]');
    await page.click('input[data-category="dmcs.hurto"]');

    const sent = await newestRequest(page, "view_summary", (p) => p.filter.categories.length === 2);
    assert.deepEqual(sent.filter.categories.sort(), ["dmcs.robo_vehiculo", "dmcs.robo_violencia"]);
    await page.close();
  });

  test("dates, areas and text reach the backend; the 'to' day is included", async () => {
    const { page } = await openWorkbench();
    await page.fill('[data-testid="filter-from"]', "2025-03-01");
    await page.fill('[data-testid="filter-to"]', "2025-03-31");
    await page.click('[data-testid="checklist-cuadrantes"] input[data-value="C02"]');
    await page.fill("#filter-text", "celular robado");

    const sent = await newestRequest(
      page,
      "view_page",
      (p) => p.request.query.filter.text !== null,
    );
    assert.deepEqual(sent.request.query.filter, {
      from: "2025-03-01",
      to: "2025-04-01",
      categories: [],
      sources: [],
      areas: ["C02"],
      text: "celular robado",
    });
    await newestRequest(page, "view_map", (p) => p.request.filter.text === "celular robado");

    await page.click('[data-testid="filter-panel"] button.clear');
    await newestRequest(page, "view_summary", (p) => p.filter.text === null && !p.filter.from);
    assert.equal(await page.inputValue("#filter-text"), "");
    await page.close();
  });

  test("dragging across the day histogram sets the date range", async () => {
    const { page } = await openWorkbench();
    const svg = await page.waitForSelector('[data-testid="day-histogram"] svg');
    const box = await svg.boundingBox();
    await page.mouse.move(box.x, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();

    const sent = await newestRequest(page, "view_summary", (p) => p.filter.from !== null);
    assert.equal(sent.filter.from, "2025-01-01");
    assert.match(sent.filter.to, /^2025-0[67]-\d\d$/);
    assert.equal(await page.inputValue('[data-testid="filter-from"]'), "2025-01-01");
    await page.close();
  });

  test("a saved filter set comes back after the filter was cleared", async () => {
    const { page } = await openWorkbench();
    await page.click('[data-testid="category-tree"] input[data-group="vif"]');
    await page.fill('[data-testid="saved-filters"] input', "VIF");
    await page.click('[data-testid="saved-filters"] button[type="submit"]');
    await page.click('[data-testid="filter-panel"] button.clear');
    await newestRequest(page, "view_summary", (p) => p.filter.categories.length === 0);

    await page.click('[data-testid="saved-filters"] button.apply');
    await newestRequest(page, "view_summary", (p) => p.filter.categories[0] === "vif");
    const saved = await page.evaluate(() => localStorage.getItem("atalaya.savedFilters"));
    assert.equal(JSON.parse(saved)[0].name, "VIF");
    await page.close();
  });
});

describe("map and table linked", () => {
  test("when a cluster is clicked, the table lists exactly its incidents", async () => {
    const { page, errors } = await openWorkbench();
    const cluster = await clickFirstCluster(page);

    const sent = await newestRequest(page, "view_page", (p) => p.request.query.selection !== null);
    assert.deepEqual(sent.request.query.selection, {
      kind: "cell",
      zoom: cluster.zoom,
      x: cluster.x,
      y: cluster.y,
    });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="table-total"] strong')?.textContent === "37",
    );
    assert.equal(await page.getAttribute('[data-testid="incident-grid"]', "aria-rowcount"), "37");
    assert.equal(await page.getAttribute('[data-testid="map-selection"]', "data-kind"), "cell");

    await page.click('[data-testid="map-selection"] button');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="table-total"] strong')?.textContent === "1.000.000",
    );
    assert.equal(await page.isVisible('[data-testid="map-selection"]'), false);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("when a box is shift-dragged on the map, the table is asked for that box", async () => {
    const { page } = await openWorkbench();
    await page.waitForFunction(() => window.__atalayaMap?.loaded());
    const canvas = await (await page.$(".maplibregl-canvas")).boundingBox();
    const [x, y] = [canvas.x + 100, canvas.y + 80];
    await page.keyboard.down("Shift");
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 120, y + 90, { steps: 6 });
    await page.mouse.up();
    await page.keyboard.up("Shift");

    const sent = await newestRequest(page, "view_page", (p) => p.request.query.selection !== null);
    const { kind, bbox } = sent.request.query.selection;
    assert.equal(kind, "box");
    assert.ok(bbox[0] < bbox[2] && bbox[1] < bbox[3], `west < east, south < north: ${bbox}`);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="table-total"] strong')?.textContent === "12",
    );
    await page.close();
  });

  test("when rows are selected in the table, the map highlights exactly those", async () => {
    const { page } = await openWorkbench();
    await page.waitForFunction(() => window.__atalayaMap?.loaded());
    await page.click('.row[data-index="1"]');
    await page.click('.row[data-index="3"]', { modifiers: ["Shift"] });

    const highlighted = () =>
      page.evaluate(() =>
        window.__atalayaMap
          .getSource("highlight")
          .serialize()
          .data.features.map((f) => f.properties.rid),
      );
    await page.waitForFunction(
      () => window.__atalayaMap.getSource("highlight").serialize().data.features.length === 3,
    );
    assert.deepEqual(await highlighted(), [1_000_001, 1_000_002, 1_000_003]);
    assert.equal(
      (await page.textContent('[data-testid="table-selected"]')).trim(),
      "· 3 seleccionadas",
    );
    await page.close();
  });
});

describe("the table", () => {
  test("given a million rows, only a window is in the DOM and scrolling fetches the right page", async () => {
    const { page, errors } = await openWorkbench();
    assert.equal(
      await page.getAttribute('[data-testid="incident-grid"]', "aria-rowcount"),
      "1000000",
    );
    assert.ok((await gridRows(page)).length < 60, "a window of rows, not a million");

    // Half way down the scrollbar is half way through the rows, even with a scaled scrollbar.
    await page.$eval('[data-testid="table-scroller"]', (el) => {
      el.scrollTop = (el.scrollHeight - el.clientHeight) / 2;
    });
    const sent = await newestRequest(page, "view_page", (p) => p.request.offset > 400_000);
    assert.ok(
      sent.request.offset > 499_900 && sent.request.offset < 500_000,
      `offset ${sent.request.offset}`,
    );
    await page.waitForFunction(() =>
      [...document.querySelectorAll(".row[data-rid]")].some((r) => +r.dataset.index > 499_990),
    );
    const rows = await gridRows(page);
    assert.ok(rows.length < 60);
    const middle = rows.find((r) => r.index === 500_000);
    assert.ok(middle, `row 500000 is rendered: ${rows.map((r) => r.index)}`);
    assert.ok(middle.cells.includes("Incidente número 500001"), middle.cells.join(" | "));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("arrows, PgDn, End and Home move the selection and keep it in view", async () => {
    const { page } = await openWorkbench();
    await page.focus('[data-testid="incident-grid"]');
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    const selected = async () =>
      (await gridRows(page)).filter((r) => r.selected).map((r) => r.index);
    assert.deepEqual(await selected(), [1]);

    await page.keyboard.press("PageDown");
    const afterPage = (await selected())[0];
    assert.ok(afterPage > 5, `PgDn moved to ${afterPage}`);

    await page.keyboard.press("End");
    await page.waitForFunction(() => document.querySelector('.row[data-index="999999"][data-rid]'));
    assert.deepEqual(await selected(), [999_999]);
    const last = (await gridRows(page)).find((r) => r.index === 999_999);
    assert.ok(last.cells.includes("Incidente número 1000000"));

    await page.keyboard.press("Home");
    await page.waitForSelector('.row[data-index="0"][aria-selected="true"]');
    await page.close();
  });

  test("a sortable header sorts, and again reverses", async () => {
    const { page } = await openWorkbench();
    await page.click('.head[data-column="category"] button');
    await newestRequest(page, "view_page", (p) => p.request.sort.column === "category");
    assert.equal(
      await page.getAttribute('.head[data-column="category"]', "aria-sort"),
      "ascending",
    );
    await page.click('.head[data-column="category"] button');
    const sent = await newestRequest(page, "view_page", (p) => p.request.sort.descending);
    assert.deepEqual(sent.request.sort, { column: "category", descending: true });
    await page.close();
  });

  test("the column chooser adds a column and remembers it", async () => {
    const { page } = await openWorkbench();
    await page.click('[data-testid="column-chooser"]');
    await page.click('input[data-column="source"]');
    await page.waitForSelector('.row .cell[data-column="source"]');
    const saved = JSON.parse(
      await page.evaluate(() => localStorage.getItem("atalaya.tableColumns")),
    );
    assert.ok(saved.includes("source"));
    await page.close();
  });

  test("Ctrl+C copies the selected rows as tab-separated text", async () => {
    const { page } = await openWorkbench(SCENARIOS.bigStore, {
      permissions: ["clipboard-read", "clipboard-write"],
    });
    await page.click('.row[data-index="0"]');
    await page.click('.row[data-index="1"]', { modifiers: ["Shift"] });
    await page.keyboard.press("Control+C");
    await page.waitForSelector('[data-testid="incident-table"] .notice');
    const text = await page.evaluate(() => navigator.clipboard.readText());
    const lines = text.trimEnd().split("\n");
    assert.equal(lines.length, 3);
    assert.deepEqual(lines[0].split("\t"), [
      "Fecha y hora",
      "Categoría",
      "Cuadrante",
      "Dirección",
      "Descripción",
    ]);
    assert.deepEqual(lines[1].split("\t"), [
      "2025-03-01 00:15",
      "Robo de vehículo motorizado",
      "C01",
      "Av. Providencia 1000",
      "Incidente número 1",
    ]);
    await page.close();
  });

  test("Enter opens the detail with fields, lineage and history", async () => {
    const { page } = await openWorkbench();
    await page.click('.row[data-index="4"]');
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-testid="lineage"]');
    assert.equal(
      await page.textContent('[data-testid="detail-description"]'),
      "Incidente número 5",
    );
    assert.match(await page.textContent('[data-testid="lineage"]'), /patrullaje\.csv · fila 6/);
    assert.match(
      await page.textContent('[data-testid="lineage"]'),
      /Tipo Procedimiento\s*Robo por sorpresa/,
    );
    assert.match(await page.textContent('[data-testid="history"]'), /analista/);
    // A barrio reads by its name; codes the catalogue lacks, and unknown statuses, stay as they are.
    const field = (name) => page.textContent(`[data-testid="detail-panel"] [data-field="${name}"]`);
    assert.equal(await field("barrio"), "Barrio Italia");
    assert.equal(await field("cuadrante"), "C05");
    assert.equal(await field("status"), "active");
    const sent = await requests(page, "incident_detail");
    assert.equal(sent.at(-1).id, "0190a000-0000-7000-8000-000000000004");
    await page.close();
  });
});

describe("language", () => {
  test("when the user picks English, the main screen switches language and number format", async () => {
    const { page, errors } = await openWorkbench();
    await page.click('button[data-locale="en"]');

    assert.equal(await page.textContent("#filters-title"), "Filters");
    assert.equal(
      (await page.textContent('.head[data-column="occurred_at"]')).trim(),
      "Date and time ▼",
    );
    assert.equal(
      (await page.textContent('[data-testid="table-total"]')).replace(/\s+/g, " ").trim(),
      "1,000,000 rows",
    );
    assert.match(await page.textContent('[data-testid="layer-toggles"]'), /Heat map/);
    assert.equal(await page.textContent('button[data-tab="analysis"]'), "Map and table");
    assert.deepEqual(errors, []);
    await page.close();
  });
});
