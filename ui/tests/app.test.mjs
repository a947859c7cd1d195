// The app against a mocked backend, in headless Chromium: what an analyst sees and does.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { headline, openCounts, tableRows } from "./support/app-page.mjs";
import { SCENARIOS } from "./support/scenarios.mjs";
import { uiSession } from "./support/ui-session.mjs";

const ui = uiSession();

const SPANISH_TABLE = [
  ["Categoría", "Incidentes", "Proporción", ""],
  ["Delitos de mayor connotación social"],
  ["Hurto", "1.234", "26,0%", ""],
  ["Robo con violencia o intimidación", "567", "11,9%", ""],
  ["Robo de vehículo motorizado", "89", "1,9%", ""],
  ["Subtotal", "1.890", "39,7%", ""],
  ["Violencia intrafamiliar"],
  ["Violencia intrafamiliar", "420", "8,8%", ""],
  ["Subtotal", "420", "8,8%", ""],
  ["Incivilidades"],
  ["Amenazas", "2.345", "49,3%", ""],
  ["Daños", "100", "2,1%", ""],
  ["Subtotal", "2.445", "51,4%", ""],
  ["Total", "4.755", "100,0%", ""],
];

const ENGLISH_TABLE = [
  ["Category", "Incidents", "Share", ""],
  ["Crimes of major social concern"],
  ["Larceny", "1,234", "26.0%", ""],
  ["Robbery with violence or intimidation", "567", "11.9%", ""],
  ["Motor vehicle theft", "89", "1.9%", ""],
  ["Subtotal", "1,890", "39.7%", ""],
  ["Domestic violence"],
  ["Domestic violence", "420", "8.8%", ""],
  ["Subtotal", "420", "8.8%", ""],
  ["Incivilities"],
  ["Threats", "2,345", "49.3%", ""],
  ["Criminal damage", "100", "2.1%", ""],
  ["Subtotal", "2,445", "51.4%", ""],
  ["Total", "4,755", "100.0%", ""],
];

describe("counts by category", () => {
  test("given a store unlocked by the keyring, the table shows counts in Spanish with group subtotals", async () => {
    const { page, errors } = await ui.open(SCENARIOS.keyringStore);
    await openCounts(page);

    assert.equal(await page.textContent("h1"), "Atalaya");
    assert.equal(await page.textContent("#counts-title"), "Incidentes por categoría");
    assert.equal(await page.getAttribute("html", "lang"), "es-CL");
    assert.deepEqual(await tableRows(page), SPANISH_TABLE);
    assert.equal(
      (await page.textContent('[data-testid="counts-period"]')).trim(),
      "Del 3 ene 2025 al 28 dic 2025",
    );
    assert.equal(await headline(page), "4.755 incidentes");
    assert.match(await page.textContent('[data-testid="store-path"]'), /atalaya\/atalaya\.db$/);
    assert.equal(await page.isVisible('[data-testid="unlock-screen"]'), false);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("when the user picks English, the labels and number format switch", async () => {
    const { page, errors } = await ui.open(SCENARIOS.keyringStore);
    await openCounts(page);

    await page.click('button[data-locale="en"]');

    assert.equal(await page.textContent("#counts-title"), "Incidents by category");
    assert.deepEqual(await tableRows(page), ENGLISH_TABLE);
    assert.equal(
      (await page.textContent('[data-testid="counts-period"]')).trim(),
      "From Jan 3, 2025 to Dec 28, 2025",
    );
    assert.equal(await headline(page), "4,755 incidents");
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.equal(await page.getAttribute('button[data-locale="en"]', "aria-pressed"), "true");

    await page.click('button[data-locale="es-CL"]');
    assert.equal(await page.textContent("#counts-title"), "Incidentes por categoría");
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe("unlocking", () => {
  test("given a passphrase-protected store, a wrong passphrase shows the Spanish error", async () => {
    const { page, errors } = await ui.open(SCENARIOS.passphraseStore);
    await page.waitForSelector('[data-testid="unlock-screen"]');
    assert.equal(await page.textContent("#unlock-title"), "Desbloquear el almacén");

    await page.fill("#passphrase", "contraseña equivocada");
    await page.click('button[type="submit"]');

    const error = await page.waitForSelector('[data-testid="unlock-error"]');
    assert.equal(
      (await error.textContent()).trim(),
      "La frase de paso no es correcta. Revísela e inténtelo de nuevo.",
    );
    assert.equal(await page.getAttribute("#passphrase", "aria-invalid"), "true");
    assert.equal(await page.isVisible('[data-testid="category-counts"]'), false);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("given a passphrase-protected store, the right passphrase opens the counts", async () => {
    const { page, errors } = await ui.open(SCENARIOS.passphraseStore);
    await page.waitForSelector('[data-testid="unlock-screen"]');

    await page.fill("#passphrase", SCENARIOS.passphraseStore.passphrase);
    await page.press("#passphrase", "Enter");

    await openCounts(page);
    assert.deepEqual((await tableRows(page)).at(-1), ["Total", "4.755", "100,0%", ""]);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("given no store at the path, the app says so in Spanish and asks for nothing", async () => {
    const { page, errors } = await ui.open(SCENARIOS.missingStore);
    const problem = await page.waitForSelector('[data-testid="store-problem"]');

    assert.equal(await problem.getAttribute("data-code"), "store_not_found");
    assert.match(await problem.textContent(), /No se encontró un almacén en \/home\/analista\//);
    assert.equal(await page.isVisible("#passphrase"), false);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
