// A throwaway encrypted demo store, made and read with the `atalaya` CLI (the test's oracle).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI_BIN } from "./paths.mjs";

export const DEMO_PASSPHRASE = "cerro san cristóbal 7";

function cli(args, env) {
  return execFileSync(CLI_BIN, args, {
    env: { ...process.env, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
}

/** Creates the store; returns its path, the CLI's `stats` JSON and a `remove()`. */
export function createDemoStore({ seed = 7, incidents = 2000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "atalaya-e2e-"));
  const db = join(dir, "demo.db");
  const env = { ATALAYA_PASSPHRASE: DEMO_PASSPHRASE };
  cli(["--db", db, "demo", "--seed", String(seed), "--incidents", String(incidents)], env);
  const stats = JSON.parse(cli(["--db", db, "stats", "--format", "json"], env));
  return { db, stats, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
