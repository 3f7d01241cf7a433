/**
 * The React Router 8 app as it runs in production: `node server.js` (Express, as
 * `react-router-serve`, with a `getLoadContext` that passes the connection's address) on a free
 * port, its own SQLite file (the tests open it too, to revoke and grant memberships).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type StartedApp, startApp } from "@safe-session/conformance/server";
import { type DemoStore, openDemoStore } from "@safe-session/demo-data";
import { RouterContextProvider, type ServerBuild, createRequestHandler } from "react-router";

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

/** A fresh SQLite file for one run of the app, and the environment that points the app at it. */
function freshData() {
  const dir = mkdtempSync(join(tmpdir(), "test-app-react-router8-"));
  const db = join(dir, "app.db");
  const env = {
    AUTH_SECRET_1: SECRETS[0],
    AUTH_SECRET: SECRETS[1],
    DEMO_DB: db,
    SAFE_SESSION_REVALIDATE_SECONDS: "0",
    SAFE_SESSION_RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
  };
  return { dir, env, store: openDemoStore(db) };
}

export interface InProcessApp {
  fetch(request: Request): Promise<Response>;
  store: DemoStore;
  close(): void;
}

/**
 * The production server build behind React Router's own `createRequestHandler`, answering each
 * Request in this process with no socket. The app reads its environment when its server module
 * loads, so one test file (one worker) gets one app. The load context is what server.js builds,
 * with the loopback address standing for the connection's.
 */
export async function inProcessApp(): Promise<InProcessApp> {
  const { dir, env, store } = freshData();
  Object.assign(process.env, env);
  const build = (await import(buildEntry("server/index.js"))) as ServerBuild;
  const handler = createRequestHandler(build, "production");
  return {
    fetch: (request) => handler(request, Object.assign(new RouterContextProvider(), { clientAddress: "127.0.0.1" })),
    store,
    close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startRouterApp(): Promise<StartedRouterApp> {
  buildEntry("server/index.js");
  const { dir, env, store } = freshData();
  const started = await startApp({
    cwd,
    command: process.execPath,
    args: ["server.js"],
    readyPath: `${BASE_PATH}/csrf`,
    env,
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
