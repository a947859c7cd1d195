// Starts the real desktop app through tauri-driver + WebKitWebDriver and hands back a
// WebdriverIO session. Environment given to tauri-driver reaches the app.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { remote } from "webdriverio";
import { DESKTOP_BIN, NATIVE_DRIVER, SCREENSHOTS, TAURI_DRIVER } from "./paths.mjs";
import { freePort, waitForPort } from "./ports.mjs";

/** `env` is added to this process's environment; a `null` value removes the variable.
 * `onOutput`, when given, also receives every chunk the driver and the app write. */
export async function launchDesktopApp(env, { onOutput } = {}) {
  const port = await freePort();
  let nativePort = await freePort();
  while (nativePort === port) nativePort = await freePort();
  const childEnv = { ...process.env };
  // WebKit keeps the page's localStorage (language, columns, saved filters) under the app's
  // data folder: each launch gets a fresh one, so no state leaks in from an earlier run (or
  // from someone's `make run` on the same machine) unless the test names its own.
  const dataHome = env.XDG_DATA_HOME ? null : mkdtempSync(join(tmpdir(), "atalaya-e2e-data-"));
  if (dataHome) childEnv.XDG_DATA_HOME = dataHome;
  for (const [name, value] of Object.entries(env)) {
    if (value === null) delete childEnv[name];
    else childEnv[name] = value;
  }
  const removeDataHome = () => dataHome && rmSync(dataHome, { recursive: true, force: true });
  // Its own process group (so `stop` can end the driver, WebKitWebDriver and the app
  // together), and piped output (so a process that outlives the test cannot hold the test
  // runner's output open and keep it waiting).
  const driver = spawn(
    TAURI_DRIVER,
    ["--port", String(port), "--native-port", String(nativePort), "--native-driver", NATIVE_DRIVER],
    { env: childEnv, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  driver.stdout.on("data", (chunk) => process.stdout.write(chunk));
  driver.stderr.on("data", (chunk) => process.stderr.write(chunk));
  if (onOutput) for (const stream of [driver.stdout, driver.stderr]) stream.on("data", onOutput);
  let exited = false;
  driver.once("exit", () => (exited = true));

  try {
    // tauri-driver listens before its native WebKitWebDriver does; a session asked for in
    // between is refused, so wait for both.
    await waitForPort(port, 15_000, () => !exited);
    await waitForPort(nativePort, 15_000, () => !exited);
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
        await stop(driver, () => exited);
        removeDataHome();
      },
    };
  } catch (error) {
    await stop(driver, () => exited);
    removeDataHome();
    throw error;
  }
}

/** Ends tauri-driver's whole process group (driver, WebKitWebDriver, app) and waits for the
 * driver to exit, so the next app starts on a quiet machine. */
async function stop(driver, hasExited) {
  const signal = (name) => {
    try {
      process.kill(-driver.pid, name);
    } catch {
      // The group is gone already.
    }
  };
  const gone = hasExited() ? Promise.resolve() : new Promise((r) => driver.once("exit", r));
  signal("SIGTERM");
  await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  // Whatever ignored the request (an app stuck in teardown) is stopped for good.
  signal("SIGKILL");
  driver.stdout.destroy();
  driver.stderr.destroy();
}

/** Saves what the app window shows now; returns the PNG's path. */
export async function screenshot(browser, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = `${SCREENSHOTS}/${name}.png`;
  await browser.saveScreenshot(path);
  return path;
}
