// The es-CL and en catalogues say the same things, and every key the UI asks for exists.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";

const src = new URL("../src/", import.meta.url);
const read = (path) => readFileSync(new URL(path, src), "utf8");
const catalogue = (locale) => JSON.parse(read(`i18n/${locale}.json`));

function keys(messages, prefix = "") {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === "object" ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function sourceFiles(dir = src) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const url = new URL(entry.name + (entry.isDirectory() ? "/" : ""), dir);
    if (entry.isDirectory()) return sourceFiles(url);
    return /\.(svelte|ts)$/.test(entry.name) ? [readFileSync(url, "utf8")] : [];
  });
}

const ES = new Set(keys(catalogue("es-CL")));
const EN = new Set(keys(catalogue("en")));

test("both catalogues have exactly the same keys", () => {
  assert.deepEqual([...ES].sort(), [...EN].sort());
});

test("every literal key passed to $_ exists in the catalogue", () => {
  const used = sourceFiles().flatMap((text) =>
    [...text.matchAll(/\$_\(\s*"([^"]+)"/g)].map((match) => match[1]),
  );
  assert.ok(used.length > 10, "the scan found the UI's keys");
  assert.deepEqual(
    used.filter((key) => !ES.has(key)),
    [],
  );
});

test("every error code the UI knows has a message, and so do both languages", () => {
  const list = read("lib/api.ts").match(/KNOWN_ERROR_CODES = \[([^\]]+)\]/)[1];
  const codes = [...list.matchAll(/"([a-z_]+)"/g)].map((match) => match[1]);
  assert.ok(codes.includes("wrong_passphrase"));
  assert.deepEqual(
    codes.filter((code) => !ES.has(`errors.${code}`)),
    [],
  );
  assert.ok(ES.has("language.es-CL") && ES.has("language.en") && ES.has("errors.unknown"));
});
