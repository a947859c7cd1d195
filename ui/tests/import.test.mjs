// The import wizard and the quarantine review against a mocked backend, in headless Chromium:
// every step of the wizard, the errors a person must understand (a file no profile reads, an
// empty file, a file already imported), progress and cancel, fixing and accepting quarantined
// rows, and both screens in English.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { newestRequest, requests } from "./support/app-page.mjs";
import {
  BIG_FILE,
  DONE_FILE,
  EMPTY_FILE,
  FOREIGN_FILE,
  IMPORT_STORE,
  PATROL_FILE,
  QUARANTINE_STORE,
} from "./support/import-scenarios.mjs";
import { PAIRS } from "./support/links-scenarios.mjs";
import { uiSession } from "./support/ui-session.mjs";

const ui = uiSession();

/** The app on `scenario`, on the import wizard. */
async function openWizard(scenario = IMPORT_STORE) {
  const opened = await ui.open(scenario);
  await opened.page.click('nav button[data-screen="import"]');
  await opened.page.waitForSelector('[data-testid="import-wizard"][data-step="file"]');
  return opened;
}

async function pickFile(page, path) {
  await page.fill('[data-testid="import-path"]', path);
  await page.click('[data-action="next"]');
}

const text = async (page, selector) =>
  (await page.textContent(selector)).replace(/\s+/g, " ").trim();

const step = (page) => page.getAttribute('[data-testid="import-wizard"]', "data-step");

describe("import wizard", () => {
  test("file → detected profile → preview with problems → progress → summary", async () => {
    const { page, errors } = await openWizard();
    assert.equal(
      await page.getAttribute('[data-step-marker="file"]', "aria-current"),
      "step",
      "the stepper shows step 1",
    );

    await pickFile(page, `  "${PATROL_FILE}"  `);
    await page.waitForSelector('[data-testid="import-wizard"][data-step="profile"]');
    assert.deepEqual(await newestRequest(page, "import_preview"), {
      path: PATROL_FILE,
      profile: { kind: "auto" },
      rows: 25,
      scan: 10000,
    });
    const detected = await text(page, '[data-testid="profile-detected"]');
    assert.match(detected, /Perfil detectado por las columnas del archivo: patrullaje_municipal/);
    assert.match(detected, /Partes de patrullaje de Seguridad Municipal/);
    assert.match(detected, /cada fila es un incidente/);
    assert.equal(await page.isChecked('input[data-choice="auto"]'), true);

    await page.click('[data-action="next"]');
    await page.waitForSelector('[data-testid="import-preview"]');
    assert.equal(
      await text(page, '[data-testid="preview-counts"]'),
      "1.204 filas revisadas: 1.202 correctas, 2 con problemas.",
    );
    const rows = await page.$$eval('[data-testid="preview-rows"] tbody tr', (trs) =>
      trs.map((tr) => [tr.dataset.row, tr.children[1].textContent.trim()]),
    );
    assert.deepEqual(rows, [
      ["2", "Correcta"],
      ["3", "Fecha u hora no válida"],
      ["4", "Correcta"],
      ["5", "Categoría desconocida"],
    ]);
    assert.match(await text(page, '[data-testid="preview-rows"] tr[data-row="2"]'), /1 mar 2025/);
    const problems = await page.$$eval('[data-testid="preview-problems"] tbody tr', (trs) =>
      trs.map((tr) => [...tr.children].map((td) => td.textContent.trim())),
    );
    assert.deepEqual(problems, [
      [
        "3",
        "Fecha u hora no válida",
        "Fecha + Hora",
        "31-02-2025 21:15",
        "una fecha con formato «dd-mm-aaaa HH:MM» o «dd-mm-aaaa HH:MM:SS»",
      ],
      [
        "5",
        "Categoría desconocida",
        "Tipo Procedimiento",
        "Abigeato",
        "una categoría de la fuente listada en [category.map] del perfil (o un código de la taxonomía)",
      ],
    ]);

    await page.click('[data-action="import"]');
    await page.waitForSelector('[data-testid="import-progress"] [role="progressbar"]');
    assert.equal(
      await page.isDisabled('nav button[data-screen="workbench"]'),
      true,
      "the other screens wait while the import holds the store",
    );
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[role="progressbar"]')?.getAttribute("aria-valuenow")) > 0,
    );
    await page.waitForSelector('[data-testid="import-summary"]', { timeout: 10_000 });
    const started = await newestRequest(page, "import_start");
    assert.equal(started.path, PATROL_FILE);
    assert.deepEqual(started.profile, { kind: "auto" });
    assert.match(started.onProgress, /^__CHANNEL__:\d+$/);
    const figures = await page.$$eval('[data-testid="import-summary"] [data-figure]', (divs) =>
      Object.fromEntries(divs.map((d) => [d.dataset.figure, d.querySelector("dd").textContent])),
    );
    assert.deepEqual(figures, {
      read: "1.204",
      accepted: "1.202",
      created: "1.199",
      updated: "3",
      quarantined: "2",
      duplicate: "0",
      linked: "1.034",
      link_queued: "3",
    });
    assert.equal(await page.isDisabled('nav button[data-screen="workbench"]'), false);

    // The summary leads to the quarantine of this batch.
    await page.click('[data-action="review"]');
    await page.waitForSelector('[data-testid="quarantine-rows"] li');
    const sent = await newestRequest(page, "quarantine_page");
    assert.equal(sent.batch, "0190c000-0000-7000-8000-000000000001");
    assert.equal(await text(page, '[data-testid="quarantine-total"]'), "2 filas en cuarentena");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("the summary counts records linked to other sources and leads to the pairs to review", async () => {
    const { page, errors } = await openWizard({ ...IMPORT_STORE, links: { pairs: PAIRS } });
    await pickFile(page, PATROL_FILE);
    await page.waitForSelector('[data-testid="import-wizard"][data-step="profile"]');
    await page.click('[data-action="next"]');
    await page.waitForSelector('[data-testid="import-preview"]');
    await page.click('[data-action="import"]');
    await page.waitForSelector('[data-testid="import-summary"]', { timeout: 10_000 });

    const linking = await page.$$eval('[data-testid="summary-linking"] [data-figure]', (divs) =>
      divs.map((d) => [d.querySelector("dt").textContent, d.querySelector("dd").textContent]),
    );
    assert.deepEqual(linking, [
      ["Unidos a otra fuente", "1.034"],
      ["Por revisar", "3"],
    ]);
    assert.equal(await text(page, '[data-action="links"]'), "Revisar coincidencias (3)");

    await page.click('[data-action="links"]');
    await page.waitForSelector('[data-testid="link-pairs"]');
    assert.equal(
      await page.getAttribute('nav button[data-screen="links"]', "aria-current"),
      "page",
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("with nothing to review the summary offers no link review", async () => {
    const { page } = await openWizard();
    await pickFile(page, BIG_FILE);
    await page.waitForSelector('[data-testid="import-wizard"][data-step="profile"]');
    await page.click('[data-action="next"]');
    await page.waitForSelector('[data-testid="import-preview"]');
    await page.click('[data-action="import"]');
    await page.waitForSelector('[data-testid="import-summary"]', { timeout: 20_000 });
    assert.equal(await text(page, '[data-figure="link_queued"] dd'), "0");
    assert.equal(await page.$('[data-action="links"]'), null);
    await page.close();
  });

  test("the system file chooser fills the path", async () => {
    const { page } = await openWizard();
    await page.click('[data-action="browse"]');

    await page.waitForFunction(
      (path) => document.querySelector('[data-testid="import-path"]').value === path,
      PATROL_FILE,
    );
    const asked = await newestRequest(page, "plugin:dialog|open");
    assert.equal(asked.options.multiple, false);
    assert.deepEqual(asked.options.filters[0].extensions.slice(0, 2), ["csv", "tsv"]);
    assert.equal(asked.options.title, "Elegir el archivo a importar");
    await page.close();
  });

  test("a file no profile can read is explained in Spanish, with its columns and the way out", async () => {
    const { page, errors } = await openWizard();
    await pickFile(page, FOREIGN_FILE);

    await page.waitForSelector('[data-testid="profile-not-detected"]');
    const message = await text(page, '[data-testid="profile-not-detected"]');
    assert.match(message, /^No se detectó un perfil\. Ningún perfil puede leer este archivo\./);
    assert.match(message, /Columnas encontradas: folio, fecha_hecho, comuna, delito\./);
    assert.match(
      message,
      /«atalaya profile infer \/home\/analista\/exportaciones\/datos-abiertos\.csv»/,
    );
    assert.match(message, /archivo de perfil \(\.toml\)/);
    assert.equal(await page.isDisabled('input[data-choice="auto"]'), true);
    assert.equal(await page.isChecked('input[data-choice="named"]'), true);

    // Choosing a profile file that does not fit either: the same clear message, nothing imported.
    await page.click('input[data-choice="file"]');
    await page.fill('[data-testid="profile-file"]', "/home/analista/perfiles/otro.toml");
    await page.click('[data-action="next"]');
    await page.waitForSelector('[data-testid="import-error"][data-code="profile_mismatch"]');
    assert.deepEqual((await newestRequest(page, "import_preview")).profile, {
      kind: "file",
      path: "/home/analista/perfiles/otro.toml",
    });
    assert.equal(await step(page), "profile");
    assert.deepEqual(await requests(page, "import_start"), [], "nothing was imported");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("an empty file is said to be empty and the wizard stays on the file", async () => {
    const { page } = await openWizard();
    await pickFile(page, EMPTY_FILE);

    await page.waitForSelector('[data-testid="import-error"][data-code="empty_file"]');
    assert.equal(
      await text(page, '[data-testid="import-error"]'),
      "El archivo está vacío: no tiene encabezado ni filas. Revise que sea la exportación correcta.",
    );
    assert.equal(await step(page), "file");

    await page.fill('[data-testid="import-path"]', "");
    await page.click('[data-action="next"]');
    await page.waitForSelector('[data-testid="import-error"][data-code="file_required"]');
    await page.close();
  });

  test("a file already imported is flagged in the preview and cannot be imported twice", async () => {
    const { page } = await openWizard();
    await pickFile(page, DONE_FILE);
    await page.waitForSelector('[data-step="profile"]');
    await page.click('[data-action="next"]');

    await page.waitForSelector('[data-testid="preview-already-imported"]');
    assert.equal(
      await text(page, '[data-testid="preview-already-imported"]'),
      "Este archivo ya se importó el 2 mar 2025, 09:00 (1.204 filas leídas). Importarlo otra vez no agrega nada.",
    );
    assert.equal(await page.isDisabled('[data-action="import"]'), true);
    await page.close();
  });

  test("a running import shows its progress and, cancelled, says what the store kept", async () => {
    const { page, errors } = await openWizard();
    await pickFile(page, BIG_FILE);
    await page.waitForSelector('[data-step="profile"]');
    await page.click('[data-action="next"]');
    await page.waitForSelector('[data-testid="preview-counts"]');
    assert.match(
      await text(page, '[data-testid="preview-counts"]'),
      /se revisaron las primeras 10\.000; la importación lee todas/,
    );
    await page.click('[data-action="import"]');

    await page.waitForFunction(() =>
      /filas leídas/.test(document.querySelector('[data-testid="progress-counts"]')?.textContent),
    );
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[role="progressbar"]')?.getAttribute("aria-valuenow")) >= 5,
    );
    assert.match(await text(page, '[data-testid="progress-counts"]'), /% del archivo/);
    await page.click('[data-action="cancel"]');

    await page.waitForSelector('[data-testid="import-cancelled"]');
    assert.equal((await requests(page, "import_cancel")).length, 1);
    assert.match(
      await text(page, '[data-testid="import-cancelled"]'),
      /^Importación cancelada\. Se guardaron [\d.]+ filas en bloques completos; el resto no se escribió\. El almacén quedó consistente/,
    );
    assert.equal(await page.isDisabled('nav button[data-screen="workbench"]'), false);
    assert.equal(await page.textContent('[data-action="resume"]'), "Continuar la importación");
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe("quarantine review", () => {
  async function openQuarantine() {
    const opened = await ui.open(QUARANTINE_STORE);
    await opened.page.click('nav button[data-screen="quarantine"]');
    await opened.page.waitForSelector('[data-testid="quarantine-rows"] li');
    return opened;
  }

  test("a bad date fixed in place becomes a record; an empty fix keeps it in quarantine", async () => {
    const { page, errors } = await openQuarantine();
    assert.equal(await text(page, '[data-testid="quarantine-total"]'), "2 filas en cuarentena");
    const row = 'li[data-reason="bad_date"]';
    assert.match(
      await text(page, row),
      /partes-marzo\.csv, fila 3 Fecha u hora no válida «Fecha \+ Hora» 31-02-2025 21:15/,
    );
    await page.click(`${row} button[aria-expanded="false"]`);
    assert.equal(await page.inputValue(`${row} input[data-column="Fecha"]`), "31-02-2025");
    assert.match(
      await page.getAttribute(`${row} label:has(input[data-column="Fecha"])`, "class"),
      /faulty/,
    );

    // Validating without a change asks for one.
    await page.click(`${row} [data-action="fix"]`);
    await page.waitForSelector(`${row} .error`);
    assert.deepEqual(await requests(page, "quarantine_fix"), []);

    await page.fill(`${row} input[data-column="Fecha"]`, " ");
    await page.click(`${row} [data-action="fix"]`);
    await page.waitForSelector('[data-testid="quarantine-outcome"][data-status="quarantined"]');
    assert.match(await text(page, '[data-testid="quarantine-outcome"]'), /sigue en cuarentena/);

    await page.fill(`${row} input[data-column="Fecha"]`, "28-02-2025");
    await page.click(`${row} [data-action="fix"]`);
    await page.waitForSelector('[data-testid="quarantine-outcome"][data-status="accepted"]');
    assert.deepEqual(await newestRequest(page, "quarantine_fix"), {
      id: "0190d000-0000-7000-8000-000000000003",
      edits: [{ field: "Fecha", value: "28-02-2025" }],
    });
    assert.equal(
      await text(page, '[data-testid="quarantine-outcome"]'),
      "Fila 3 de partes-marzo.csv aceptada: ya es un registro del almacén.",
    );
    await page.waitForFunction(() => !document.querySelector('li[data-reason="bad_date"]'));
    assert.equal(await text(page, '[data-testid="quarantine-total"]'), "1 fila en cuarentena");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("an unknown category can be accepted as it is; a bad date cannot be offered that", async () => {
    const { page } = await openQuarantine();
    await page.click('li[data-reason="bad_date"] button[aria-expanded="false"]');
    assert.equal(await page.$('li[data-reason="bad_date"] [data-action="accept"]'), null);

    const row = 'li[data-reason="unknown_category"]';
    await page.click(`${row} button[aria-expanded="false"]`);
    await page.click(`${row} [data-action="accept"]`);
    await page.waitForSelector('[data-testid="quarantine-outcome"][data-status="accepted"]');
    assert.equal(
      (await newestRequest(page, "quarantine_accept")).id,
      "0190d000-0000-7000-8000-000000000005",
    );
    await page.waitForFunction(() => !document.querySelector('li[data-reason="unknown_category"]'));

    // Going back to the map reloads the counts: the store changed.
    const before = (await requests(page, "stats")).length;
    await page.click('nav button[data-screen="workbench"]');
    await newestRequest(page, "stats", () => true);
    assert.equal((await requests(page, "stats")).length, before + 1);
    await page.close();
  });

  test("the batch filter asks for one file's rows", async () => {
    const { page } = await openQuarantine();
    await page.selectOption(
      '[data-testid="quarantine-batch"]',
      "0190c000-0000-7000-8000-000000000001",
    );
    const sent = await newestRequest(page, "quarantine_page", (p) => p.batch !== null);
    assert.deepEqual(sent, {
      batch: "0190c000-0000-7000-8000-000000000001",
      offset: 0,
      limit: 50,
    });
    await page.close();
  });
});

describe("language", () => {
  test("the wizard and the quarantine switch to English", async () => {
    const { page } = await openWizard(QUARANTINE_STORE);
    await page.click('button[data-locale="en"]');
    assert.equal(await text(page, '[data-step-marker="file"]'), "1 File");
    assert.equal(
      await text(page, '[data-testid="import-wizard"] label[for="import-path"]'),
      "File path",
    );

    await pickFile(page, FOREIGN_FILE);
    await page.waitForSelector('[data-testid="profile-not-detected"]');
    assert.match(
      await text(page, '[data-testid="profile-not-detected"]'),
      /^No profile was detected\. No profile can read this file\. Columns found: folio, fecha_hecho, comuna, delito\./,
    );

    await page.click('nav button[data-screen="quarantine"]');
    await page.waitForSelector('[data-testid="quarantine-rows"] li');
    assert.equal(await text(page, '[data-testid="quarantine-total"]'), "2 rows in quarantine");
    assert.match(
      await text(page, 'li[data-reason="bad_date"]'),
      /partes-marzo\.csv, row 3 Invalid date or time/,
    );
    assert.equal(await text(page, 'nav button[data-screen="import"]'), "Import");

    await page.click('button[data-locale="es-CL"]');
    assert.equal(await text(page, '[data-testid="quarantine-total"]'), "2 filas en cuarentena");
    await page.close();
  });
});
