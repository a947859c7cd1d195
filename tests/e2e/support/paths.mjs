// Where the binaries under test and the tools live (overridable from the Makefile).
import { homedir } from "node:os";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const TARGET_DIR = process.env.CARGO_TARGET_DIR || `${REPO}target`;

export const DESKTOP_BIN = process.env.ATALAYA_DESKTOP_BIN || `${TARGET_DIR}/debug/atalaya-desktop`;
export const CLI_BIN = process.env.ATALAYA_CLI_BIN || `${TARGET_DIR}/debug/atalaya`;
export const TAURI_DRIVER =
  process.env.TAURI_DRIVER || `${homedir()}/.cache/atalaya-tools/bin/tauri-driver`;
export const NATIVE_DRIVER = process.env.WEBKIT_WEBDRIVER || "/usr/bin/WebKitWebDriver";
export const SCREENSHOTS = process.env.E2E_SCREENSHOTS || `${TARGET_DIR}/e2e-screenshots`;
