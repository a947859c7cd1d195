// What every UI test file starts with: the UI server and one headless Chromium, started before
// its tests and closed after them; `open` shows the app on a scenario in a new page.
import { after, before } from "node:test";
import { openApp } from "./app-page.mjs";
import { launchChromium } from "./browser.mjs";
import { startUiServer } from "./server.mjs";

export function uiSession() {
  let server;
  let browser;
  before(async () => {
    server = await startUiServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    /** The app on `scenario` in a new page (`openApp`'s page and the errors it throws). */
    open: (scenario, options) => openApp(browser, server.baseUrl, scenario, options),
    get browser() {
      return browser;
    },
    get baseUrl() {
      return server.baseUrl;
    },
  };
}
