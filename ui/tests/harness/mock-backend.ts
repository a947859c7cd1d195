// Test harness: answers the Tauri commands from a scenario the test injects, then starts the app.
// It mirrors the shell's contract (`src-tauri/src/commands.rs`), not its implementation.
import { mockIPC } from "@tauri-apps/api/mocks";
import type { Stats, StoreStatus } from "../../src/lib/api";

interface Scenario {
  status: StoreStatus;
  /** The passphrase that unlocks; absent when the keyring holds the key. */
  passphrase?: string;
  stats: Stats;
}

declare global {
  interface Window {
    __ATALAYA_SCENARIO__?: Scenario;
    __ATALAYA_CALLS__: string[];
  }
}

const scenario = window.__ATALAYA_SCENARIO__;
if (!scenario) throw new Error("the test must set window.__ATALAYA_SCENARIO__");

let unlocked = scenario.status.unlocked;
window.__ATALAYA_CALLS__ = [];

function fail(code: string, message: string): never {
  throw { code, message };
}

mockIPC((command, payload) => {
  window.__ATALAYA_CALLS__.push(command);
  switch (command) {
    case "store_status":
      return { ...scenario.status, unlocked };
    case "unlock": {
      const given = (payload as { passphrase: string | null }).passphrase;
      if (scenario.passphrase !== undefined && given === null)
        fail("passphrase_required", "passphrase required");
      if (scenario.passphrase !== undefined && given !== scenario.passphrase)
        fail("wrong_passphrase", "wrong passphrase");
      unlocked = true;
      return null;
    }
    case "stats":
      if (!unlocked) fail("store_locked", "store locked");
      return scenario.stats;
    default:
      fail("unknown_command", command);
  }
});

await import("../../src/main");
