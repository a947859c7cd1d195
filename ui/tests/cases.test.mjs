// The cases screen against a mocked backend, in headless Chromium: the list with statuses,
// counts and the conflict marker; a case's timeline (incidents with their category, notes,
// reviews, a record this store does not hold); creating a case, a note, submitting it; the
// supervisor's review (a comment needed to send it back or reject); adding an incident from
// the main screen's detail; a change another workstation made first; the conflict banner; the
// screen in English.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { requests } from "./support/app-page.mjs";
import {
  ANALYST_CASES_STORE,
  CASES_STORE,
  CONFLICT_CASE,
  FOREIGN_INCIDENT,
  NO_CASES_STORE,
  OPEN_CASE,
  REVIEW_CASE,
  incident,
} from "./support/cases-scenarios.mjs";
import { uiSession } from "./support/ui-session.mjs";

const ui = uiSession();

/** The app on `scenario`, on the cases screen, once it has read the list. */
async function openCases(scenario = CASES_STORE) {
  const opened = await ui.open(scenario);
  await opened.page.click('nav button[data-screen="cases"]');
  await opened.page.waitForSelector('[data-testid="case-list"], [data-testid="cases-empty"]');
  return opened;
}

/** Opens case `id` from the list. */
async function openCase(page, id) {
  await page.click(`[data-testid="case-item"][data-case="${id}"]`);
  await page.waitForSelector(`[data-testid="case-file"][data-case="${id}"]`);
}

const text = async (page, selector) =>
  (await page.textContent(selector)).replace(/\s+/g, " ").trim();

/** The cases listed, in order: id, status shown, conflict marker. */
const listed = (page) =>
  page.$$eval('[data-testid="case-item"]', (items) =>
    items.map((i) => [
      i.dataset.case,
      i.querySelector('[data-testid="case-status"]').textContent.trim(),
      i.querySelector('[data-testid="case-conflict-marker"]') !== null,
    ]),
  );

/** The open case's timeline, oldest first: each entry's kind and shown fields. */
const timeline = (page) =>
  page.$$eval('[data-testid="timeline-entry"]', (entries) =>
    entries.map((e) => {
      const field = (name) =>
        e.querySelector(`[data-field="${name}"]`)?.textContent.replace(/\s+/g, " ").trim();
      const shown = {
        kind: e.dataset.kind,
        ref: e.dataset.ref,
        category: field("category"),
        decision: field("decision"),
        by: field("by"),
        where: field("where"),
        description: field("description"),
        note: field("note"),
        missing: e.querySelector('[data-testid="record-missing"]')?.textContent.trim(),
      };
      return Object.fromEntries(Object.entries(shown).filter(([, v]) => v !== undefined));
    }),
  );

/** The open case's status as its badge says it. */
const caseStatus = (page) => text(page, '[data-testid="case-file"] [data-testid="case-status"]');

/** The status changes offered for the open case, by `data-action`. */
const actions = (page) =>
  page.$$eval('[data-testid="case-file"] [role="group"] button[data-action]', (buttons) =>
    buttons.map((b) => b.dataset.action),
  );

describe("list", () => {
  test("lists the cases, most recent activity first, with status, counts and the conflict marker", async () => {
    const { page, errors } = await openCases();
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
    const { page, errors } = await openCases(NO_CASES_STORE);
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
    const { page, errors } = await openCases();
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
    const { page, errors } = await openCases();
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

describe("working a case", () => {
  test("a new case needs a title; then a note is added and it is submitted for review", async () => {
    const { page, errors } = await openCases();
    await page.click('[data-action="new-case"]');
    await page.click('[data-testid="new-case"] [data-action="create"]');
    await page.waitForSelector('[data-testid="cases-error"]');
    assert.equal(
      await text(page, '[data-testid="cases-error"]'),
      "Escriba un título para el caso.",
    );

    await page.fill('[data-testid="new-case"] [data-field="title"]', "Hurtos en ferias libres");
    await page.selectOption('[data-testid="new-case"] [data-field="cuadrante"]', "C02");
    await page.fill('[data-testid="new-case"] [data-field="supervisor"]', "supervisora");
    await page.click('[data-testid="new-case"] [data-action="create"]');
    await page.waitForSelector('[data-testid="case-outcome"][data-outcome="opened"]');
    assert.equal(await text(page, '[data-testid="case-outcome"]'), "Caso creado.");
    assert.equal(await page.$('[data-testid="cases-error"]'), null);
    assert.equal(await text(page, "#case-title"), "Hurtos en ferias libres");
    assert.equal(await caseStatus(page), "Abierto");
    assert.equal(await text(page, '[data-field="cuadrante"]'), "C02 · Los Leones");
    assert.ok(await page.isVisible('[data-testid="timeline-empty"]'));
    assert.deepEqual(await requests(page, "case_open"), [
      { title: "", cuadrante: null, supervisor: null },
      { title: "Hurtos en ferias libres", cuadrante: "C02", supervisor: "supervisora" },
    ]);
    const created = await page.getAttribute('[data-testid="case-file"]', "data-case");
    assert.equal((await listed(page))[0][0], created, "newest activity first");
    assert.equal(await text(page, '[data-testid="cases-count"]'), "4 casos");

    await page.fill('[data-testid="note-text"]', "Primera observación.");
    await page.click('[data-action="note"]');
    await page.waitForSelector('[data-testid="case-outcome"][data-outcome="note"]');
    assert.equal(await text(page, '[data-testid="case-outcome"]'), "Nota añadida.");
    assert.equal(await page.inputValue('[data-testid="note-text"]'), "");
    assert.deepEqual(await timeline(page), [
      { kind: "note", by: "analista · 10 mar 2025, 09:02", note: "Primera observación." },
    ]);

    await page.click('[data-action="submit"]');
    await page.waitForSelector('[data-testid="case-outcome"][data-outcome="submit"]');
    assert.equal(await text(page, '[data-testid="case-outcome"]'), "Caso enviado a revisión.");
    assert.equal(await caseStatus(page), "En revisión");
    assert.deepEqual(await actions(page), ["approve", "request_changes", "reject"]);
    assert.equal((await listed(page))[0][1], "En revisión");
    assert.deepEqual(await requests(page, "case_submit"), [{ id: created }]);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("asking for changes needs a comment; with one the case is open again; then it is approved", async () => {
    const { page, errors } = await openCases();
    await openCase(page, REVIEW_CASE);
    await page.click('[data-action="request_changes"]');
    await page.waitForSelector('[data-testid="cases-error"]');
    assert.equal(
      await text(page, '[data-testid="cases-error"]'),
      "Para solicitar cambios o rechazar, escriba un comentario que explique por qué.",
    );
    assert.equal(await page.getAttribute('[data-testid="cases-error"]', "role"), "alert");
    assert.equal(await caseStatus(page), "En revisión");

    await page.fill('[data-testid="review-comment"]', "Agregue las imágenes de la cámara.");
    await page.click('[data-action="request_changes"]');
    await page.waitForSelector('[data-testid="case-outcome"][data-outcome="request_changes"]');
    assert.equal(
      await text(page, '[data-testid="case-outcome"]'),
      "Se solicitaron cambios: el caso vuelve a estar abierto.",
    );
    assert.equal(await page.$('[data-testid="cases-error"]'), null);
    assert.equal(await caseStatus(page), "Abierto");
    assert.deepEqual(await actions(page), ["submit", "close"]);
    assert.deepEqual((await timeline(page)).at(-1), {
      kind: "review",
      decision: "Cambios solicitados",
      by: "analista · 10 mar 2025, 09:01",
      note: "Agregue las imágenes de la cámara.",
    });
    assert.deepEqual(await requests(page, "case_review"), [
      { id: REVIEW_CASE, decision: "request_changes", comment: "" },
      {
        id: REVIEW_CASE,
        decision: "request_changes",
        comment: "Agregue las imágenes de la cámara.",
      },
    ]);

    await page.click('[data-action="submit"]');
    await page.waitForSelector('[data-testid="case-outcome"][data-outcome="submit"]');
    // Approving needs no comment; the box is empty again.
    assert.equal(await page.inputValue('[data-testid="review-comment"]'), "");
    await page.click('[data-action="approve"]');
    await page.waitForSelector('[data-testid="case-outcome"][data-outcome="approve"]');
    assert.equal(await text(page, '[data-testid="case-outcome"]'), "Caso aprobado.");
    assert.equal(await caseStatus(page), "Aprobado");
    assert.deepEqual(await actions(page), ["reopen", "close"]);
    // Notes go only on cases still worked on.
    assert.equal(await page.$('[data-testid="note-composer"]'), null);
    const last = (await timeline(page)).at(-1);
    assert.deepEqual([last.kind, last.decision, last.note], ["review", "Aprobado", undefined]);
    assert.equal(
      await text(page, `[data-case="${REVIEW_CASE}"] [data-field="counts"]`),
      "2 elementos · 3 revisiones · analista",
    );

    await page.click('[data-action="close"]');
    await page.waitForSelector('[data-testid="case-outcome"][data-outcome="close"]');
    assert.equal(await caseStatus(page), "Cerrado");
    assert.deepEqual(await actions(page), ["reopen"]);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a rejection needs a comment too, and closes the case", async () => {
    const { page, errors } = await openCases();
    await openCase(page, REVIEW_CASE);
    await page.fill('[data-testid="review-comment"]', "No corresponde a un patrón.");
    await page.click('[data-action="reject"]');
    await page.waitForSelector('[data-testid="case-outcome"][data-outcome="reject"]');
    assert.equal(
      await text(page, '[data-testid="case-outcome"]'),
      "Caso rechazado: quedó cerrado.",
    );
    assert.equal(await caseStatus(page), "Cerrado");
    assert.deepEqual(await actions(page), ["reopen"]);
    await page.click('[data-action="reopen"]');
    await page.waitForSelector('[data-testid="case-outcome"][data-outcome="reopen"]');
    assert.equal(await caseStatus(page), "Abierto");
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe("from the main screen", () => {
  test("an incident's detail adds it to an open case, which then shows it on its timeline", async () => {
    const { page, errors } = await ui.open(CASES_STORE);
    await page.waitForSelector('[data-testid="incident-grid"] .row[data-rid]');
    await page.click('.row[data-index="3"]');
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-testid="detail-panel"] [data-action="pick-case"]');
    await page.click('[data-action="pick-case"]');
    await page.waitForSelector('[data-testid="add-to-case-select"]');
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

describe("changes elsewhere", () => {
  test("a case closed elsewhere while an incident is being added says so, and the list is read again", async () => {
    const { page, errors } = await ui.open(CASES_STORE);
    await page.waitForSelector('[data-testid="incident-grid"] .row[data-rid]');
    await page.click('.row[data-index="3"]');
    await page.keyboard.press("Enter");
    await page.click('[data-testid="detail-panel"] [data-action="pick-case"]');
    await page.waitForSelector('[data-testid="add-to-case-select"]');
    await page.selectOption('[data-testid="add-to-case-select"]', OPEN_CASE);
    await page.evaluate((id) => window.__atalayaCases.setStatus(id, "closed"), OPEN_CASE);
    await page.click('[data-testid="add-to-case"] [data-action="add"]');
    await page.waitForSelector('[data-testid="add-to-case-error"]');
    assert.equal(
      await text(page, '[data-testid="add-to-case-error"]'),
      "Ya no se pueden añadir incidentes ni notas a este caso porque ahora está cerrado: probablemente otro puesto lo cambió. La lista de casos se actualizó.",
    );
    assert.deepEqual(
      await page.$$eval('[data-testid="add-to-case-select"] option', (o) => o.map((x) => x.value)),
      [REVIEW_CASE],
    );
    assert.equal(await page.$('[data-testid="add-to-case-done"]'), null);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a status another workstation changed first is explained in Spanish and the case read again", async () => {
    const { page, errors } = await openCases();
    await openCase(page, OPEN_CASE);
    await page.evaluate((id) => window.__atalayaCases.setStatus(id, "approved"), OPEN_CASE);
    await page.click('[data-action="submit"]');
    await page.waitForSelector('[data-testid="cases-error"][data-code="case_state"]');
    assert.equal(
      await text(page, '[data-testid="cases-error"]'),
      "No se puede enviar a revisión este caso porque ahora está aprobado: probablemente otro puesto lo cambió. Se volvió a cargar el caso.",
    );
    assert.equal(await caseStatus(page), "Aprobado");
    assert.deepEqual(await actions(page), ["reopen", "close"]);
    assert.deepEqual(await requests(page, "case_detail"), [{ id: OPEN_CASE }, { id: OPEN_CASE }]);
    assert.equal(
      (await listed(page)).find(([id]) => id === OPEN_CASE)[1],
      "Aprobado",
      "the list too",
    );
    assert.equal(await page.$('[data-testid="case-outcome"]'), null);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a workstation synced as an analyst is told in Spanish that only a supervisor reviews", async () => {
    const { page, errors } = await openCases();
    await openCase(page, REVIEW_CASE);
    await page.evaluate(() => window.__atalayaCases.setRole("analyst"));
    await page.click('[data-testid="case-review"] [data-action="approve"]');
    await page.waitForSelector('[data-testid="cases-error"][data-code="role_required"]');
    assert.match(
      await text(page, '[data-testid="cases-error"]'),
      /^Solo un supervisor o un administrador puede revisar un caso: este puesto sincroniza como analista\. El caso no cambió\./,
    );
    assert.equal(await caseStatus(page), "En revisión");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a workstation registered as an analyst is not offered the review of a case", async () => {
    const { page, errors } = await openCases(ANALYST_CASES_STORE);
    await openCase(page, REVIEW_CASE);
    await page.waitForSelector('[data-testid="review-not-allowed"]');
    assert.equal(
      await text(page, '[data-testid="review-not-allowed"]'),
      "Este caso espera la revisión de un supervisor: este puesto sincroniza como un usuario que no revisa casos.",
    );
    assert.equal(await page.$('[data-testid="case-review"]'), null);
    assert.deepEqual(await requests(page, "case_review"), []);
    // An open case is still submitted and closed as before.
    await openCase(page, OPEN_CASE);
    assert.deepEqual(await actions(page), ["submit", "close"]);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a case whose status is in conflict says so and leads to the conflict inbox", async () => {
    const { page, errors } = await openCases();
    await openCase(page, CONFLICT_CASE);
    assert.equal(
      await text(page, '[data-testid="case-conflict"] p'),
      "El estado de este caso está en conflicto: dos puestos lo cambiaron sin ver el cambio del otro. Resuélvalo en la bandeja de conflictos.",
    );
    assert.equal(await page.getAttribute('[data-testid="case-conflict"]', "role"), "alert");
    await page.click('[data-testid="case-conflict"] [data-action="conflicts"]');
    await page.waitForSelector('[data-testid="conflict-inbox"]');
    assert.equal(await page.$('[data-testid="cases-screen"]'), null);

    // A case without a conflict has no banner.
    await page.click('nav button[data-screen="cases"]');
    await page.waitForSelector('[data-testid="case-list"]');
    await openCase(page, REVIEW_CASE);
    assert.equal(await page.$('[data-testid="case-conflict"]'), null);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe("language", () => {
  test("the screen switches to English: labels, statuses, dates and errors", async () => {
    const { page, errors } = await openCases();
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
