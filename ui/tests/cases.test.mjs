// The cases screen against a mocked backend, in headless Chromium: the list with statuses,
// counts and the conflict marker; a case's timeline (incidents with their category, notes,
// reviews, a record this store does not hold) and from it to the map; adding an incident from
// the main screen's detail; the screen in English. (Working a case: cases-work.test.mjs.)
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { requests } from "./support/app-page.mjs";
import {
  openAddToCase,
  openCases,
  openCase,
  text,
  listed,
  timeline,
  caseStatus,
  actions,
} from "./support/cases-page.mjs";
import {
  CONFLICT_CASE,
  FOREIGN_INCIDENT,
  NO_CASES_STORE,
  OPEN_CASE,
  REVIEW_CASE,
  incident,
} from "./support/cases-scenarios.mjs";
import { uiSession } from "./support/ui-session.mjs";

const ui = uiSession();

describe("list", () => {
  test("lists the cases, most recent activity first, with status, counts and the conflict marker", async () => {
    const { page, errors } = await openCases(ui);
    assert.equal(await text(page, '[data-testid="cases-count"]'), "3 casos");
    assert.deepEqual(await listed(page), [
      [REVIEW_CASE, "En revisión", false],
      [OPEN_CASE, "Abierto", false],
      [CONFLICT_CASE, "Aprobado", true],
    ]);
    assert.equal(
      await text(page, `[data-case="${OPEN_CASE}"] [data-field="counts"]`),
      "4 elementos · sin revisiones · analista · C01",
    );
    assert.equal(
      await text(page, `[data-case="${REVIEW_CASE}"] [data-field="counts"]`),
      "2 elementos · 1 revisión · analista",
    );
    assert.equal(
      await page.getAttribute('[data-testid="case-conflict-marker"]', "title"),
      "Estado en conflicto",
    );
    assert.deepEqual(await requests(page, "cases_list"), [{ status: null }]);

    await page.click('[data-filter="in_review"]');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="case-item"]').length === 1,
    );
    assert.deepEqual(await listed(page), [[REVIEW_CASE, "En revisión", false]]);
    assert.equal(await text(page, '[data-testid="cases-count"]'), "1 caso");
    await page.click('[data-filter="closed"]');
    await page.waitForSelector('[data-testid="cases-empty"]');
    assert.equal(await text(page, '[data-testid="cases-empty"]'), "No hay casos con este estado.");
    assert.deepEqual(await requests(page, "cases_list"), [
      { status: null },
      { status: "in_review" },
      { status: "closed" },
    ]);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("with no cases yet, says how to start", async () => {
    const { page, errors } = await openCases(ui, NO_CASES_STORE);
    assert.equal(
      await text(page, '[data-testid="cases-empty"]'),
      "Aún no hay casos. Cree el primero con «Nuevo caso».",
    );
    assert.equal(await text(page, '[data-testid="cases-count"]'), "Ningún caso");
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe("timeline", () => {
  test("shows incidents with category, when and where, notes, and a record this store does not hold", async () => {
    const { page, errors } = await openCases(ui);
    await openCase(page, OPEN_CASE);
    assert.equal(await text(page, "#case-title"), "Robos en paraderos de Av. Providencia");
    assert.equal(await caseStatus(page), "Abierto");
    assert.equal(await text(page, '[data-field="cuadrante"]'), "C01 · Pedro de Valdivia Norte");
    assert.equal(await text(page, '[data-field="supervisor"]'), "supervisora");
    assert.equal(await page.$('[data-testid="case-conflict"]'), null);
    assert.deepEqual(await timeline(page), [
      {
        kind: "incident",
        ref: incident(0),
        category: "Robo de vehículo motorizado",
        by: "analista · 3 mar 2025, 10:02",
        where: "Ocurrió el 1 mar 2025, 00:15 · Av. Providencia 1000",
        description: "Incidente número 1",
      },
      {
        kind: "incident",
        ref: incident(1),
        category: "Hurto",
        by: "analista · 3 mar 2025, 10:03",
        where: "Ocurrió el 2 mar 2025, 01:15 · Av. Providencia 1001",
        description: "Incidente número 2",
      },
      {
        kind: "note",
        by: "analista · 4 mar 2025, 08:30",
        note: "Mismo modus operandi: dos sujetos en motocicleta.",
      },
      {
        kind: "incident",
        ref: FOREIGN_INCIDENT,
        by: "analista · 5 mar 2025, 12:10",
        missing: `Este registro no está en este almacén: está fuera de su jurisdicción o aún no se sincroniza. ${FOREIGN_INCIDENT}`,
      },
    ]);
    assert.deepEqual(await actions(page), ["submit", "close"]);
    assert.deepEqual(await requests(page, "case_detail"), [{ id: OPEN_CASE }]);
    if (process.env.UI_SHOTS) await page.screenshot({ path: `${process.env.UI_SHOTS}/cases.png` });

    // A review shows its decision and comment.
    await openCase(page, REVIEW_CASE);
    assert.deepEqual((await timeline(page))[1], {
      kind: "review",
      decision: "Cambios solicitados",
      by: "supervisora · 2 mar 2025, 16:00",
      note: "Falta la denuncia del vecino.",
    });
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe("from a timeline to the map", () => {
  test("an incident of the timeline opens on the main screen: its detail, the map centred on it", async () => {
    const { page, errors } = await openCases(ui);
    await openCase(page, OPEN_CASE);
    const shows = await page.$$('[data-testid="timeline-show"]');
    assert.equal(shows.length, 2, "one per incident this store holds, none for the missing one");
    assert.equal((await shows[1].textContent()).trim(), "Ver en el mapa");
    await shows[1].click();
    await page.waitForSelector('[data-testid="detail-panel"] [data-field="location"]');
    assert.equal(await text(page, '[data-testid="detail-description"]'), "Incidente número 2");
    assert.equal((await requests(page, "incident_detail")).at(-1).id, incident(1));
    const [lat, lon] = (await text(page, '[data-field="location"]')).split(", ").map(Number);
    await page.waitForFunction(
      ([lon, lat]) => {
        const map = window.__atalayaMap;
        if (!map) return false;
        const c = map.getCenter();
        return Math.abs(c.lng - lon) < 1e-4 && Math.abs(c.lat - lat) < 1e-4 && map.getZoom() >= 16;
      },
      [lon, lat],
    );
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe("from the main screen", () => {
  test("an incident's detail adds it to an open case, which then shows it on its timeline", async () => {
    const { page, errors } = await openAddToCase(ui);
    // Only cases still worked on: the approved one is not offered.
    assert.deepEqual(
      await page.$$eval('[data-testid="add-to-case-select"] option', (options) =>
        options.map((o) => [o.value, o.textContent.trim()]),
      ),
      [
        [REVIEW_CASE, "Daños en Barrio Italia (En revisión)"],
        [OPEN_CASE, "Robos en paraderos de Av. Providencia (Abierto)"],
      ],
    );
    await page.selectOption('[data-testid="add-to-case-select"]', OPEN_CASE);
    await page.click('[data-testid="add-to-case"] [data-action="add"]');
    await page.waitForSelector('[data-testid="add-to-case-done"]');
    assert.equal(
      await text(page, '[data-testid="add-to-case-done"]'),
      "Añadido al caso «Robos en paraderos de Av. Providencia».",
    );
    assert.deepEqual(await requests(page, "case_add_incidents"), [
      { id: OPEN_CASE, incidents: [incident(3)] },
    ]);

    // Twice: the case already holds it, and says so.
    await page.click('[data-action="pick-case"]');
    await page.click('[data-testid="add-to-case"] [data-action="add"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="add-to-case-done"]')?.textContent.includes("Ya"),
    );
    assert.equal(
      await text(page, '[data-testid="add-to-case-done"]'),
      "Ya estaba en el caso «Robos en paraderos de Av. Providencia».",
    );

    await page.click('nav button[data-screen="cases"]');
    await page.waitForSelector('[data-testid="case-list"]');
    await openCase(page, OPEN_CASE);
    const entries = await timeline(page);
    assert.equal(entries.length, 5);
    assert.deepEqual(entries.at(-1), {
      kind: "incident",
      ref: incident(3),
      category: "Violencia intrafamiliar",
      by: "analista · 10 mar 2025, 09:01",
      where: "Ocurrió el 4 mar 2025, 03:15 · Av. Providencia 1003",
      description: "Incidente número 4",
    });
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe("language", () => {
  test("the screen switches to English: labels, statuses, dates and errors", async () => {
    const { page, errors } = await openCases(ui);
    await openCase(page, REVIEW_CASE);
    await page.click('button[data-locale="en"]');
    assert.equal(await text(page, 'nav button[data-screen="cases"]'), "Cases");
    assert.equal(await text(page, "#cases-title"), "Cases");
    assert.equal(await text(page, '[data-testid="cases-count"]'), "3 cases");
    assert.equal(await text(page, '[data-filter="all"]'), "All");
    assert.deepEqual(
      (await listed(page)).map(([, status]) => status),
      ["In review", "Open", "Approved"],
    );
    assert.equal(
      await text(page, `[data-case="${REVIEW_CASE}"] [data-field="counts"]`),
      "2 items · 1 review · analista",
    );
    assert.equal(await caseStatus(page), "In review");
    assert.deepEqual(
      await page.$$eval('[data-testid="case-review"] button', (b) =>
        b.map((x) => x.textContent.trim()),
      ),
      ["Approve", "Request changes", "Reject"],
    );
    assert.deepEqual(await timeline(page), [
      {
        kind: "incident",
        ref: incident(2),
        category: "Robbery with violence or intimidation",
        by: "analista · Mar 1, 2025, 09:05",
        where: "Occurred Mar 3, 2025, 02:15 · Av. Providencia 1002",
        description: "Incidente número 3",
      },
      {
        kind: "review",
        decision: "Changes requested",
        by: "supervisora · Mar 2, 2025, 16:00",
        note: "Falta la denuncia del vecino.",
      },
      {
        kind: "note",
        by: "analista · Mar 6, 2025, 11:20",
        note: "Se agregó la denuncia; enviado de nuevo.",
      },
    ]);
    assert.deepEqual(
      await page.$$eval('[data-testid="timeline-entry"] .kind', (k) =>
        k.map((x) => x.textContent.trim()),
      ),
      ["Incident", "Review", "Note"],
    );
    await page.click('[data-action="reject"]');
    await page.waitForSelector('[data-testid="cases-error"]');
    assert.equal(
      await text(page, '[data-testid="cases-error"]'),
      "To request changes or reject, write a comment saying why.",
    );

    await page.click('button[data-locale="es-CL"]');
    assert.equal(await caseStatus(page), "En revisión");
    assert.equal(
      await text(page, '[data-testid="cases-error"]'),
      "Para solicitar cambios o rechazar, escriba un comentario que explique por qué.",
    );
    assert.deepEqual(errors, []);
    await page.close();
  });
});
