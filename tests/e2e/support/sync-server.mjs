// A real `atalaya serve` on loopback (SQLite in a temp folder, self-signed TLS) with users, and
// workstation stores driven by the CLI, as crates/atalaya-cli/tests/sync.rs and
// tests/sync/demo.sh do. The server prints `url: …` and `fingerprint: …` when it is ready.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { DEMO_PASSPHRASE } from "./demo-store.mjs";
import { CLI_BIN } from "./paths.mjs";

export const USER_PASSWORD = "contraseña de la prueba";

function cli(args, env = {}) {
  return execFileSync(CLI_BIN, args, {
    env: { ...process.env, ATALAYA_PASSPHRASE: DEMO_PASSPHRASE, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
}

/** Starts the server; resolves with its url, fingerprint, `addUser(name)` and `stop()`. */
export async function startSyncServer() {
  const dir = mkdtempSync(join(tmpdir(), "atalaya-e2e-server-"));
  const data = join(dir, "server");
  const child = spawn(CLI_BIN, ["serve", "--listen", "127.0.0.1:0", "--data", data], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const printed = {};
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("atalaya serve printed no fingerprint")),
      60_000,
    );
    child.once("exit", (code) => reject(new Error(`atalaya serve exited (${code})`)));
    lines.on("line", (line) => {
      const [, label, value] = line.match(/^(url|fingerprint): (.+)$/) ?? [];
      if (label) printed[label] = value;
      if (printed.url && printed.fingerprint) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    url: printed.url,
    fingerprint: printed.fingerprint,
    addUser(name) {
      cli(
        ["server", "user", "add", name, "--role", "analyst", "--jurisdiction", "all"].concat([
          "--data",
          data,
        ]),
        { ATALAYA_USER_PASSWORD: USER_PASSWORD },
      );
    },
    async stop() {
      if (child.exitCode === null) {
        const gone = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `atalaya sync` for `store`: the first time with the server, fingerprint and user. */
export function cliSync(store, server, user = null) {
  const args = ["--db", store.db, "sync"];
  if (user) args.push("--server", server.url, "--fingerprint", server.fingerprint, "--user", user);
  return cli(args, { ATALAYA_USER_PASSWORD: USER_PASSWORD });
}

/** An empty store (`atalaya init`) in its own temp folder. */
export function createEmptyStore() {
  const dir = mkdtempSync(join(tmpdir(), "atalaya-e2e-"));
  const db = join(dir, "empty.db");
  cli(["--db", db, "init"]);
  return { db, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Sets an incident's fields through the CLI (`atalaya incident set ID k=v…`). */
export function setIncident(store, id, ...assignments) {
  cli(["--db", store.db, "incident", "set", id, ...assignments]);
}

/** What `atalaya conflicts` prints for `store` ("1 conflict open", then the list). */
export function cliConflicts(store) {
  return cli(["--db", store.db, "conflicts"]);
}
