/**
 * The React Router 8 app as it runs in production: `react-router-serve ./build/server/index.js`
 * on a free port, its own SQLite file (the tests open it too, to revoke and grant memberships).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type StartedApp, startApp } from "@safe-session/conformance/server";
import { type DemoStore, openDemoStore } from "@safe-session/demo-data";

const cwd = fileURLToPath(new URL("..", import.meta.url));
export const BASE_PATH = "/auth";
/** Current first: Auth.js seals with AUTH_SECRET_1 and still opens tokens of AUTH_SECRET. */
export const SECRETS = ["react-router8-test-secret-current-0123456789", "react-router8-test-secret-previous-012345678"];
/** The suite spends ~150 + fuzzRuns of the member's update attempts in a minute. */
export const RATE_LIMIT_MAX = 600;

export interface StartedRouterApp extends StartedApp {
  /** The app's SQLite file, opened by the test too. */
  store: DemoStore;
}

/** A file of the production build, as an import specifier; fails when the build has not run. */
export function buildEntry(file: string): string {
  const path = join(cwd, "build", file);
  if (!existsSync(path)) throw new Error(`${cwd} has no build: run \`pnpm --filter test-app-react-router8 app:build\``);
  return pathToFileURL(path).href;
}

export async function startRouterApp(): Promise<StartedRouterApp> {
  buildEntry("server/index.js");
  // The `react-router-serve` command of the app's own dependency (its package exports no bin path).
  const serve = join(cwd, "node_modules/@react-router/serve/bin.cjs");
  const dir = mkdtempSync(join(tmpdir(), "test-app-react-router8-"));
  const db = join(dir, "app.db");
  const store = openDemoStore(db);
  const started = await startApp({
    cwd,
    command: process.execPath,
    args: [serve, "./build/server/index.js"],
    readyPath: `${BASE_PATH}/csrf`,
    env: {
      AUTH_SECRET_1: SECRETS[0],
      AUTH_SECRET: SECRETS[1],
      DEMO_DB: db,
      SAFE_SESSION_REVALIDATE_SECONDS: "0",
      SAFE_SESSION_RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
    },
  });
  return {
    ...started,
    store,
    async stop() {
      await started.stop();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
