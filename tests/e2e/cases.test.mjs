// The cases screen in the real app (WebKit WebView) on a temp encrypted demo store where the
// CLI opened a case with two incidents and a note: the screen lists it and shows its timeline
// as `atalaya case show` does; a note written on screen, a submission and a supervisor's
// request for changes land in the store (the CLI reading the same file is the oracle), each
// step on the timeline. A screenshot per step, at 1366×768 and 1920×1080.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import { cliJson, copyStore, createDemoStore, DEMO_PASSPHRASE } from "./support/demo-store.mjs";
import { launchDesktopApp, screenshot } from "./support/desktop-app.mjs";
import { CLI_BIN } from "./support/paths.mjs";

const APP_START_TIMEOUT = 60_000;
const TITLE = "Robos en paraderos de Av. Providencia";

let store;

/** `atalaya --db … ARGS` acting as `user`; its standard output. */
function cliAs(db, user, args) {
  return execFileSync(CLI_BIN, ["--db", db, ...args], {
    env: { ...process.env, ATALAYA_PASSPHRASE: DEMO_PASSPHRASE, USER: user },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
}

before(() => {
  store = createDemoStore({ seed: 3, incidents: 2000 });
});

after(() => store?.remove());

/** Opens a case with two incidents and a note on `copy`, as analyst `ana`; its id. */
function openCase(copy) {
  // Two incidents with a point, so the map can be centred on them.
  const [a, b] = cliJson(copy, ["query", "--limit", "20"]).filter((i) => i.lon !== null);
  const id = cliAs(copy.db, "ana", ["case", "new", TITLE, "--supervisor", "sara"]);
  cliAs(copy.db, "ana", ["case", "add", id, "--incident", a.id, "--incident", b.id]);
  cliAs(copy.db, "ana", ["case", "add", id, "--note", "Dos sujetos en motocicleta."]);
  return { id, incidents: [a, b] };
}

/** The timeline on screen: each entry's kind. */
const kindsOnScreen = (browser) =>
  browser.execute(() =>
    [...document.querySelectorAll('[data-testid="timeline-entry"]')].map((e) => e.dataset.kind),
  );

const shown = (copy, id) => cliJson(copy, ["case", "show", id]);

async function waitForKinds(browser, expected) {
  await browser.waitUntil(
    async () => JSON.stringify(await kindsOnScreen(browser)) === JSON.stringify(expected),
    {
      timeout: 20_000,
      timeoutMsg: `the timeline should be ${expected}; shows ${await kindsOnScreen(browser)}`,
    },
  );
}

async function waitForStatus(browser, status) {
  await browser
    .$(`[data-testid="case-file"] [data-testid="case-status"][data-status="${status}"]`)
    .waitForDisplayed({ timeout: 20_000 });
}

for (const [width, height] of [
  [1366, 768],
  [1920, 1080],
]) {
  const size = `${width}x${height}`;
  const shot = async (browser, step) => {
    // WebKit paints on its next frame: let what the step changed reach the screen first.
    await browser.pause(300);
    console.log(`screenshot: ${await screenshot(browser, `cases-${size}-${step}`)}`);
  };

  test(`at ${size}: a case opened by the CLI → a note → submit → changes requested`, async () => {
    const copy = copyStore(store);
    const { id, incidents } = openCase(copy);
    const app = await launchDesktopApp({
      ATALAYA_DB: copy.db,
      ATALAYA_PASSPHRASE: DEMO_PASSPHRASE,
      USER: "sara",
    });
    try {
      const { browser } = app;
      await browser.setWindowSize(width, height);
      await browser.$('[data-testid="incident-grid"] .row[data-rid]').waitForDisplayed({
        timeout: APP_START_TIMEOUT,
      });

      // 1. The case is listed and its timeline is the CLI's: two incidents, then the note.
      await browser.$('nav button[data-screen="cases"]').click();
      const item = browser.$(`[data-testid="case-item"][data-case="${id}"]`);
      await item.waitForDisplayed({ timeout: 20_000 });
      await item.click();
      await waitForKinds(browser, ["incident", "incident", "note"]);
      const refs = await browser.execute(() =>
        [...document.querySelectorAll('[data-testid="timeline-entry"][data-kind="incident"]')].map(
          (e) => e.dataset.ref,
        ),
      );
      assert.deepEqual(refs.sort(), incidents.map((i) => i.id).sort());
      await shot(browser, "1-timeline");

      // 2. A note written on screen is in the store, by the app's user.
      await browser.$('[data-testid="note-text"]').setValue("Cámara 12 confirma la hora.");
      await browser.$('[data-testid="note-composer"] [data-action="note"]').click();
      await waitForKinds(browser, ["incident", "incident", "note", "note"]);
      const noted = shown(copy, id).timeline.at(-1);
      assert.deepEqual(
        [noted.kind, noted.note, noted.author],
        ["note", "Cámara 12 confirma la hora.", "sara"],
      );

      // 3. Sent for review: the status moves and the step is on the timeline.
      await browser.$('[data-testid="case-file"] [data-action="submit"]').click();
      await waitForStatus(browser, "in_review");
      await waitForKinds(browser, ["incident", "incident", "note", "note", "status"]);
      assert.equal(shown(copy, id).case.status, "in_review");
      await shot(browser, "2-in-review");

      // 4. Changes requested with a comment: back to open, the review on the timeline.
      await browser.$('[data-testid="review-comment"]').setValue("Falta el parte policial.");
      await browser.$('[data-testid="case-review"] [data-action="request_changes"]').click();
      await waitForStatus(browser, "open");
      await waitForKinds(browser, ["incident", "incident", "note", "note", "status", "review"]);
      const after = shown(copy, id);
      assert.equal(after.case.status, "open");
      const review = after.timeline.at(-1);
      assert.deepEqual(
        [review.decision, review.note, review.author],
        ["request_changes", "Falta el parte policial.", "sara"],
      );
      await shot(browser, "3-changes-requested");

      // 5. "Ver en el mapa" on an incident: the main screen, its detail open, the map on it.
      const first = browser.$(
        `[data-testid="timeline-entry"][data-ref="${incidents[0].id}"] [data-testid="timeline-show"]`,
      );
      await first.click();
      const description = browser.$(
        '[data-testid="detail-panel"] [data-testid="detail-description"]',
      );
      await description.waitForDisplayed({ timeout: 20_000 });
      assert.equal(await description.getText(), incidents[0].description);
      // Its status in words, its cuadrante and barrio as people know them, not as codes.
      const field = (name) =>
        browser.$(`[data-testid="detail-panel"] [data-field="${name}"]`).getText();
      assert.equal(await field("status"), "Reportado");
      assert.match(await field("cuadrante"), /^C\d+ · \S/);
      assert.doesNotMatch(await field("barrio"), /^B\d+$/);
      await browser.waitUntil(
        () =>
          browser.execute(
            ([lon, lat]) => {
              const c = window.__atalayaMap?.getCenter();
              return !!c && Math.abs(c.lng - lon) < 1e-4 && Math.abs(c.lat - lat) < 1e-4;
            },
            [incidents[0].lon, incidents[0].lat],
          ),
        { timeout: 20_000, timeoutMsg: "the map should centre on the incident" },
      );
      await shot(browser, "4-incident-on-map");
    } finally {
      await app.close();
      copy.remove();
    }
  });
}
