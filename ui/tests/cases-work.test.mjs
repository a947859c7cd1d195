// Working a case against a mocked backend, in headless Chromium: creating one, a note,
// submitting it; the supervisor's review (a comment needed to send it back or reject); a change
// another workstation made first; a role that may not review; the conflict banner.
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
  ANALYST_CASES_STORE,
  CONFLICT_CASE,
  OPEN_CASE,
  REVIEW_CASE,
  incident,
} from "./support/cases-scenarios.mjs";
import { uiSession } from "./support/ui-session.mjs";

const ui = uiSession();

describe("working a case", () => {
  test("a new case needs a title; then a note is added and it is submitted for review", async () => {
    const { page, errors } = await openCases(ui);
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
    const { page, errors } = await openCases(ui);
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
    const { page, errors } = await openCases(ui);
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

describe("changes elsewhere", () => {
  test("a case closed elsewhere while an incident is being added says so, and the list is read again", async () => {
    const { page, errors } = await openAddToCase(ui);
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
    const { page, errors } = await openCases(ui);
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
    const { page, errors } = await openCases(ui);
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
    const { page, errors } = await openCases(ui, ANALYST_CASES_STORE);
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
    const { page, errors } = await openCases(ui);
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
