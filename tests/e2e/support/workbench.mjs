// What the e2e tests of the main screen read and do in the real window: the table's total,
// a mouse click at a point of the viewport, and counts written as the app writes them.

/** A count as es-CL writes it ("12.345"). */
export const esCL = (n) => new Intl.NumberFormat("es-CL", { useGrouping: "always" }).format(n);

/** The table's row count as shown ("4.755"). */
export async function tableTotal(browser) {
  return browser.execute(
    () => document.querySelector('[data-testid="table-total"] strong')?.textContent ?? "",
  );
}

export async function waitForTableTotal(browser, expected) {
  await browser.waitUntil(async () => (await tableTotal(browser)) === expected, {
    timeout: 20_000,
    timeoutMsg: `the table should show ${expected} rows, shows ${await tableTotal(browser)}`,
  });
}

/** A left click at viewport point (`x`, `y`). */
export async function clickAt(browser, x, y) {
  await browser
    .action("pointer", { parameters: { pointerType: "mouse" } })
    .move({ x: Math.round(x), y: Math.round(y), origin: "viewport" })
    .down({ button: 0 })
    .up({ button: 0 })
    .perform();
}

/** How long the app may take to start and show its first rows (a debug build under Xvfb). */
export const APP_START_TIMEOUT = 60_000;

/** Waits until the main screen shows the table with all `incidents` of the store. */
export async function waitForWorkbench(browser, incidents) {
  await browser.$('[data-testid="incident-grid"] .row[data-rid]').waitForDisplayed({
    timeout: APP_START_TIMEOUT,
  });
  await waitForTableTotal(browser, esCL(incidents));
}
