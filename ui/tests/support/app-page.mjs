// Opens the app against a mocked backend scenario and reads what the user sees.
export async function openApp(browser, baseUrl, scenario) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
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
