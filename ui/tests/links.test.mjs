// The link review against a mocked backend, in headless Chromium: the queue best first with
// both records side by side, confirming (the merged incident's detail then names both sources)
// and rejecting with the buttons and the keyboard, the empty queue, errors in Spanish, and the
// screen in English.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { requests } from "./support/app-page.mjs";
import { LINKS_STORE, NO_LINKS_STORE, PAIRS } from "./support/links-scenarios.mjs";
import { uiSession } from "./support/ui-session.mjs";

const ui = uiSession();

/** The app on `scenario`, on the link review, once it has read the queue. */
async function openReview(scenario = LINKS_STORE) {
  const opened = await ui.open(scenario);
  await opened.page.click('nav button[data-screen="links"]');
  await opened.page.waitForSelector(
    '[data-testid="link-pairs"], [data-testid="links-empty"], [data-testid="links-error"]',
  );
  return opened;
}

const text = async (page, selector) =>
  (await page.textContent(selector)).replace(/\s+/g, " ").trim();

/** The pairs listed, in order: link id and whether it is the one the keyboard acts on. */
const listed = (page) =>
  page.$$eval('[data-testid="link-pair"]', (cards) =>
    cards.map((c) => [c.dataset.link, c.getAttribute("aria-current") === "true"]),
  );

/** One side's fields as shown, by `data-field`. */
const sideFields = (page, link, side) =>
  page.$eval(`[data-link="${link}"] [data-side="${side}"]`, (s) =>
    Object.fromEntries(
      [...s.querySelectorAll("dd[data-field]")].map((dd) => [
        dd.dataset.field,
        dd.textContent.trim(),
      ]),
    ),
  );

const [FIRST, SECOND, THIRD] = PAIRS.map((p) => p.id);

describe("queue", () => {
  test("lists the pairs best first, both records side by side, with distance, time and positions", async () => {
    const { page, errors } = await openReview();
    assert.equal(await text(page, '[data-testid="links-pending"]'), "3 pares pendientes");
    assert.deepEqual(await listed(page), [
      [FIRST, true],
      [SECOND, false],
      [THIRD, false],
    ]);
    assert.deepEqual(await sideFields(page, FIRST, "a"), {
      when: "4 mar 2024, 21:15",
      source: "Patrullaje municipal",
      category: "Robo con violencia o intimidación",
      address: "Av. Providencia 1234",
      description: "Le arrebatan el celular",
    });
    assert.deepEqual(await sideFields(page, FIRST, "b"), {
      when: "4 mar 2024, 21:45",
      source: "Denuncias ciudadanas",
      category: "Hurto",
      address: "Providencia con Lyon",
      description: "Me amenazaron en la esquina",
    });
    assert.deepEqual(await sideFields(page, SECOND, "a").then((f) => f.address), "—");
    assert.equal(
      await text(page, `[data-link="${FIRST}"] [data-testid="pair-apart"]`),
      "55 m de distancia · 30 min de diferencia puntaje 0,49",
    );
    assert.equal(
      await text(page, `[data-link="${SECOND}"] [data-field="distance"]`),
      "113 m de distancia",
    );

    // The candidate was reported north of the incident, at the same longitude.
    const [a, b] = await page.$$eval(`[data-link="${FIRST}"] [data-point]`, (dots) =>
      dots.map((d) => [Number(d.getAttribute("cx")), Number(d.getAttribute("cy"))]),
    );
    assert.ok(Math.abs(a[0] - b[0]) < 0.5, `same x: ${a} ${b}`);
    assert.ok(b[1] < a[1], `B above A: ${a} ${b}`);
    assert.equal(
      await page.getAttribute(`[data-link="${FIRST}"] [data-testid="pair-positions"]`, "role"),
      "img",
    );
    assert.deepEqual(await requests(page, "links_queue"), [{ limit: 200 }]);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("when nothing waits, says so", async () => {
    const { page, errors } = await openReview(NO_LINKS_STORE);
    assert.equal(
      await text(page, '[data-testid="links-empty"]'),
      "No hay coincidencias pendientes Cuando una importación encuentre registros de distintas fuentes que podrían ser el mismo hecho, aparecerán aquí.",
    );
    assert.equal(await text(page, '[data-testid="links-pending"]'), "0 pares pendientes");
    assert.equal(await page.$('[data-testid="link-pair"]'), null);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe("decisions", () => {
  test("Confirmar merges the pair: the queue shrinks and the incident's detail names both sources", async () => {
    const { page, errors } = await openReview();
    await page.click(`[data-link="${FIRST}"] [data-action="confirm"]`);
    await page.waitForSelector('[data-testid="link-outcome"][data-decision="confirmed"]');
    assert.deepEqual(await requests(page, "link_confirm"), [{ id: FIRST }]);
    assert.equal(
      await text(page, '[data-testid="link-outcome"]'),
      "Par confirmado: los dos registros son ahora un solo incidente con ambas fuentes.",
    );
    assert.equal(await text(page, '[data-testid="links-pending"]'), "2 pares pendientes");
    assert.deepEqual(await listed(page), [
      [SECOND, true],
      [THIRD, false],
    ]);

    // The main screen reloads its counts, and the kept incident now has two sources.
    const statsBefore = (await requests(page, "stats")).length;
    await page.click('nav button[data-screen="workbench"]');
    await page.waitForSelector('[data-testid="incident-grid"] .row[data-rid]');
    assert.equal((await requests(page, "stats")).length, statsBefore + 1);
    await page.click('.row[data-index="0"]');
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-testid="detail-sources"]');
    assert.equal(
      await text(page, '[data-testid="detail-sources"]'),
      "Fuentes: 2 Patrullaje municipal · Denuncias ciudadanas",
    );
    assert.equal(await page.getAttribute('[data-testid="detail-sources"]', "data-count"), "2");

    // An incident from one source says so too.
    await page.click('.row[data-index="1"]');
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-testid="detail-sources"][data-count="1"]');
    assert.equal(
      await text(page, '[data-testid="detail-sources"]'),
      "Fuente: 1 Patrullaje municipal",
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("Rechazar keeps both apart and drops the pair", async () => {
    const { page, errors } = await openReview();
    await page.click(`[data-link="${SECOND}"] [data-action="reject"]`);
    await page.waitForSelector('[data-testid="link-outcome"][data-decision="rejected"]');
    assert.deepEqual(await requests(page, "link_reject"), [{ id: SECOND }]);
    assert.deepEqual(await requests(page, "link_confirm"), []);
    assert.equal(
      await text(page, '[data-testid="link-outcome"]'),
      "Par rechazado: los dos incidentes quedan separados y no se volverán a proponer.",
    );
    assert.equal(await text(page, '[data-testid="links-pending"]'), "2 pares pendientes");
    assert.deepEqual(
      (await listed(page)).map(([id]) => id),
      [FIRST, THIRD],
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("the keyboard: ↓ marks the next pair, R rejects it, C confirms the one after", async () => {
    const { page, errors } = await openReview();
    await page.keyboard.press("ArrowDown");
    assert.deepEqual(await listed(page), [
      [FIRST, false],
      [SECOND, true],
      [THIRD, false],
    ]);
    assert.equal(
      await page.getAttribute(
        `[data-link="${SECOND}"] [data-action="reject"]`,
        "aria-keyshortcuts",
      ),
      "R",
    );
    await page.keyboard.press("r");
    await page.waitForSelector('[data-testid="link-outcome"][data-decision="rejected"]');
    assert.deepEqual(await requests(page, "link_reject"), [{ id: SECOND }]);
    // The pair after the rejected one is marked now.
    assert.deepEqual(await listed(page), [
      [FIRST, false],
      [THIRD, true],
    ]);
    await page.keyboard.press("c");
    await page.waitForSelector('[data-testid="link-outcome"][data-decision="confirmed"]');
    assert.deepEqual(await requests(page, "link_confirm"), [{ id: THIRD }]);
    assert.deepEqual(await listed(page), [[FIRST, true]]);
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("c");
    await page.waitForSelector('[data-testid="links-empty"]');
    assert.deepEqual(await requests(page, "link_confirm"), [{ id: THIRD }, { id: FIRST }]);
    assert.equal(await text(page, '[data-testid="links-pending"]'), "0 pares pendientes");
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe("errors", () => {
  test("a pair that can no longer be decided is explained in Spanish and the list refreshed", async () => {
    const { page, errors } = await openReview({
      ...LINKS_STORE,
      links: {
        pairs: PAIRS,
        fail: {
          command: "link_confirm",
          id: FIRST,
          code: "invalid_argument",
          message: "invalid link id: expected a link waiting for review (this one is rejected)",
        },
      },
    });
    await page.click(`[data-link="${FIRST}"] [data-action="confirm"]`);
    await page.waitForSelector('[data-testid="links-error"]');
    assert.equal(
      await text(page, '[data-testid="links-error"]'),
      "Este par ya no se puede decidir: ya fue revisado, o sus incidentes ya tienen registros de la misma fuente. La lista se actualizó.",
    );
    assert.equal(await page.getAttribute('[data-testid="links-error"]', "role"), "alert");
    assert.equal((await requests(page, "links_queue")).length, 2, "read again");
    assert.equal(await page.$('[data-testid="link-outcome"]'), null);

    // The next decision that works clears the error.
    await page.click(`[data-link="${SECOND}"] [data-action="reject"]`);
    await page.waitForSelector('[data-testid="link-outcome"][data-decision="rejected"]');
    assert.equal(await page.$('[data-testid="links-error"]'), null);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a queue that cannot be read says why, in Spanish", async () => {
    const { page, errors } = await openReview({
      ...LINKS_STORE,
      links: {
        pairs: PAIRS,
        fail: { command: "links_queue", code: "store_locked", message: "the store is locked" },
      },
    });
    assert.equal(
      await text(page, '[data-testid="links-error"]'),
      "El almacén está bloqueado. Desbloquéelo para ver los datos.",
    );
    assert.equal(await page.$('[data-testid="link-pair"]'), null);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe("language", () => {
  test("the review switches to English, labels and numbers alike", async () => {
    const { page, errors } = await openReview();
    await page.click('button[data-locale="en"]');
    assert.equal(await text(page, 'nav button[data-screen="links"]'), "Matches");
    assert.equal(await text(page, "#link-review-title"), "Matches to review");
    assert.equal(await text(page, '[data-testid="links-pending"]'), "3 pairs pending");
    assert.equal(
      await text(page, `[data-link="${FIRST}"] [data-testid="pair-apart"]`),
      "55 m apart · 30 min apart score 0.49",
    );
    assert.deepEqual(await sideFields(page, FIRST, "a").then((f) => [f.when, f.category]), [
      "Mar 4, 2024, 21:15",
      "Robbery with violence or intimidation",
    ]);
    assert.equal(await text(page, `[data-link="${FIRST}"] [data-action="confirm"]`), "Confirm C");
    assert.equal(await text(page, `[data-link="${FIRST}"] [data-action="reject"]`), "Reject R");

    await page.click('button[data-locale="es-CL"]');
    assert.equal(await text(page, '[data-testid="links-pending"]'), "3 pares pendientes");
    assert.equal(await text(page, `[data-link="${FIRST}"] [data-action="confirm"]`), "Confirmar C");
    assert.deepEqual(errors, []);
    await page.close();
  });
});
