// Serves the UI (Vite dev server, so the test harness page is reachable) on 127.0.0.1:<free port>.
import { fileURLToPath } from "node:url";
import { createServer } from "vite";

const uiRoot = fileURLToPath(new URL("../..", import.meta.url));

/** Starts the server; returns its base URL and a `close()`. */
export async function startUiServer() {
  const server = await createServer({
    root: uiRoot,
    configFile: `${uiRoot}/vite.config.ts`,
    logLevel: "error",
    server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false },
  });
  await server.listen();
  const { port } = server.httpServer.address();
  return { baseUrl: `http://127.0.0.1:${port}`, close: () => server.close() };
}

/**
 * Loads the UI's TypeScript modules as the app runs them (Vite's SSR loader, no HTTP server),
 * for tests of its pure logic; returns `load(path)` (e.g. "/src/lib/format.ts") and a `close()`.
 */
export async function startModuleLoader() {
  const server = await createServer({
    root: uiRoot,
    configFile: `${uiRoot}/vite.config.ts`,
    logLevel: "error",
    server: { middlewareMode: true, hmr: false },
  });
  return { load: (path) => server.ssrLoadModule(path), close: () => server.close() };
}
