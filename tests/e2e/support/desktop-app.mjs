// Starts the real desktop app through tauri-driver + WebKitWebDriver and hands back a
// WebdriverIO session. Environment given to tauri-driver reaches the app.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { remote } from "webdriverio";
import { DESKTOP_BIN, NATIVE_DRIVER, SCREENSHOTS, TAURI_DRIVER } from "./paths.mjs";
import { freePort, waitForPort } from "./ports.mjs";

/** `env` is added to this process's environment; a `null` value removes the variable. */
export async function launchDesktopApp(env) {
  const [port, nativePort] = [await freePort(), await freePort()];
  const childEnv = { ...process.env };
  for (const [name, value] of Object.entries(env)) {
    if (value === null) delete childEnv[name];
    else childEnv[name] = value;
  }
  const driver = spawn(
    TAURI_DRIVER,
    ["--port", String(port), "--native-port", String(nativePort), "--native-driver", NATIVE_DRIVER],
    { env: childEnv, stdio: ["ignore", "inherit", "inherit"] },
  );
  let exited = false;
  driver.once("exit", () => (exited = true));

  try {
    await waitForPort(port, 15_000, () => !exited);
    const browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "warn",
      connectionRetryCount: 0,
      capabilities: {
        browserName: "wry",
        "wdio:enforceWebDriverClassic": true,
        "tauri:options": { application: DESKTOP_BIN },
      },
    });
    return {
      browser,
      async close() {
        await browser.deleteSession().catch(() => {});
        driver.kill();
      },
    };
  } catch (error) {
    driver.kill();
    throw error;
  }
}

/** Saves what the app window shows now; returns the PNG's path. */
export async function screenshot(browser, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = `${SCREENSHOTS}/${name}.png`;
  await browser.saveScreenshot(path);
  return path;
}
