// The cases screen as its UI tests read and drive it: opening it and a case, the list, the
// timeline, the open case's status and the actions it offers.
import { CASES_STORE } from "./cases-scenarios.mjs";

/** The app on `scenario`, on the cases screen, once it has read the list. */
export async function openCases(ui, scenario = CASES_STORE) {
  const opened = await ui.open(scenario);
  await opened.page.click('nav button[data-screen="cases"]');
  await opened.page.waitForSelector('[data-testid="case-list"], [data-testid="cases-empty"]');
  return opened;
}

/** Opens case `id` from the list. */
export async function openCase(page, id) {
  await page.click(`[data-testid="case-item"][data-case="${id}"]`);
  await page.waitForSelector(`[data-testid="case-file"][data-case="${id}"]`);
}

export const text = async (page, selector) =>
  (await page.textContent(selector)).replace(/\s+/g, " ").trim();

/** The cases listed, in order: id, status shown, conflict marker. */
export const listed = (page) =>
  page.$$eval('[data-testid="case-item"]', (items) =>
    items.map((i) => [
      i.dataset.case,
      i.querySelector('[data-testid="case-status"]').textContent.trim(),
      i.querySelector('[data-testid="case-conflict-marker"]') !== null,
    ]),
  );

/** The open case's timeline, oldest first: each entry's kind and shown fields. */
export const timeline = (page) =>
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
export const caseStatus = (page) =>
  text(page, '[data-testid="case-file"] [data-testid="case-status"]');

/** The status changes offered for the open case, by `data-action`. */
export const actions = (page) =>
  page.$$eval('[data-testid="case-file"] [role="group"] button[data-action]', (buttons) =>
    buttons.map((b) => b.dataset.action),
  );

/** The main screen's detail of the table's fourth incident, its case choice open. */
export async function openAddToCase(ui) {
  const opened = await ui.open(CASES_STORE);
  const { page } = opened;
  await page.waitForSelector('[data-testid="incident-grid"] .row[data-rid]');
  await page.click('.row[data-index="3"]');
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-testid="detail-panel"] [data-action="pick-case"]');
  await page.click('[data-testid="detail-panel"] [data-action="pick-case"]');
  await page.waitForSelector('[data-testid="add-to-case-select"]');
  return opened;
}
