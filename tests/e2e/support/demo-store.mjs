// A throwaway encrypted demo store, made and read with the `atalaya` CLI (the test's oracle).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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

const PATROL_HEADER =
  "N° Procedimiento;Fecha;Hora;Tipo Procedimiento;Dirección;Latitud;Longitud;Móvil;Observaciones";

/**
 * Imports a small municipal patrol export (Windows-1252, as the patrol system writes it) into
 * `store`, so some incidents have lineage; returns the rows' `Observaciones` texts.
 */
export function importPatrolExport(store, rows) {
  const lines = rows.map(
    (r) => `${r.id};${r.date};21:15;${r.type};${r.address};${r.lat};${r.lon};M-03;${r.note}`,
  );
  const file = join(store.db, "..", "patrullaje-e2e.csv");
  writeFileSync(file, Buffer.from(`${PATROL_HEADER}\r\n${lines.join("\r\n")}\r\n`, "latin1"));
  const env = { ATALAYA_PASSPHRASE: DEMO_PASSPHRASE };
  cli(["--db", store.db, "import", file, "--profile", "auto"], env);
  store.stats = JSON.parse(cli(["--db", store.db, "stats", "--format", "json"], env));
  return file;
}

/** What the CLI lists for a filter (`atalaya query … --format json`). */
export function queryIncidents(store, args) {
  const env = { ATALAYA_PASSPHRASE: DEMO_PASSPHRASE };
  return JSON.parse(cli(["--db", store.db, "query", ...args, "--format", "json"], env));
}

/** A copy of `store` (database and key info) in a new temp folder, with the same `remove()`. */
export function copyStore(store) {
  const dir = mkdtempSync(join(tmpdir(), "atalaya-e2e-copy-"));
  const db = join(dir, "demo.db");
  copyFileSync(store.db, db);
  copyFileSync(`${store.db}.keyinfo`, `${db}.keyinfo`);
  return { db, stats: store.stats, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The raw files the demo's sources export for `events` events (`atalaya demo --sources`). */
export function writeDemoSources(dir, { seed = 3, events = 300 } = {}) {
  cli(["demo", "--seed", String(seed), "--incidents", String(events), "--sources", dir], {});
  return {
    patrol: join(dir, "patrullaje_municipal.csv"),
    citizen: join(dir, "denuncias_ciudadanas.csv"),
    cameras: join(dir, "camaras_eventos.csv"),
  };
}

/** The CLI's JSON answer for `args` on `store` (e.g. `["stats"]`, `["quarantine", "list"]`). */
export function cliJson(store, args) {
  const env = { ATALAYA_PASSPHRASE: DEMO_PASSPHRASE };
  return JSON.parse(cli(["--db", store.db, ...args, "--format", "json"], env));
}
