// Opens the app against a mocked backend scenario and reads what the user sees.
export async function openApp(browser, baseUrl, scenario, options = {}) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, ...options });
  const errors = [];
  page.on("pageerror", (error) => errors.push(error));
  await page.addInitScript((s) => {
    window.__ATALAYA_SCENARIO__ = s;
  }, scenario);
  await page.goto(`${baseUrl}/tests/harness/index.html`);
  return { page, errors };
}

/** The table as rows of cell texts, one array per `<tr>`, header and footer included. */
export function tableRows(page) {
  return page.$$eval('[data-testid="category-counts"] tr', (rows) =>
    rows.map((row) => [...row.children].map((cell) => cell.textContent.trim())),
  );
}

/** The big figure above the table, whitespace collapsed ("4.755 incidentes"). */
export async function headline(page) {
  const text = await page.textContent('[data-testid="counts-headline"]');
  return text.replace(/\s+/g, " ").trim();
}

/** Switches from the map and table to the counts by category (the store must be open). */
export async function openCounts(page) {
  await page.click('button[data-tab="counts"]');
  await page.waitForSelector('[data-testid="category-counts"]');
}

/** The requests the app sent for `command`, oldest first (payloads as sent). */
export function requests(page, command) {
  return page.evaluate(
    (name) => window.__ATALAYA_REQUESTS__.filter((r) => r.command === name).map((r) => r.payload),
    command,
  );
}

/** Waits until the newest `command` request satisfies `check(payload)`; returns it. */
export async function newestRequest(page, command, check = () => true, timeout = 5000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const sent = await requests(page, command);
    const newest = sent.at(-1);
    if (newest && check(newest)) return newest;
    if (Date.now() > deadline)
      throw new Error(`no ${command} request matched; newest: ${JSON.stringify(newest)}`);
    await page.waitForTimeout(50);
  }
}

/** The virtualized table's rows now in the DOM: index and cell texts. */
export function gridRows(page) {
  return page.$$eval('[data-testid="incident-grid"] .row', (rows) =>
    rows.map((row) => ({
      index: Number(row.dataset.index),
      cells: [...row.querySelectorAll('[role="gridcell"]')].map((c) => c.textContent.trim()),
      selected: row.getAttribute("aria-selected") === "true",
    })),
  );
}

/** Waits for the map to have drawn, then clicks the first cluster where it is on screen. */
export async function clickFirstCluster(page) {
  await page.waitForFunction(() => {
    const map = window.__atalayaMap;
    return map?.loaded() && map.queryRenderedFeatures({ layers: ["clusters"] }).length > 0;
  });
  const point = await page.evaluate(() => {
    const map = window.__atalayaMap;
    const [feature] = map.queryRenderedFeatures({ layers: ["clusters"] });
    const p = map.project(feature.geometry.coordinates);
    const r = map.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y, props: feature.properties };
  });
  await page.mouse.click(point.x, point.y);
  return point.props;
}

/** Screen points at fractions of the map canvas, and the lon/lat the map puts there. */
export async function mapPoints(page, fractions) {
  return page.evaluate((list) => {
    const map = window.__atalayaMap;
    const r = map.getCanvas().getBoundingClientRect();
    return list.map(([fx, fy]) => {
      const [x, y] = [Math.round(r.width * fx), Math.round(r.height * fy)];
      const ll = map.unproject([x, y]);
      return { x: r.left + x, y: r.top + y, lonlat: [ll.lng, ll.lat] };
    });
  }, fractions);
}
