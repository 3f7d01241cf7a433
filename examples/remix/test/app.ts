import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type StartedApp, startApp } from "@safe-session/conformance/server";

export const EXAMPLE_DIR = fileURLToPath(new URL("..", import.meta.url));
/** Current first: Auth.js seals with AUTH_SECRET_1 and still opens tokens of AUTH_SECRET. */
export const SECRETS = ["remix-example-secret-current-0123456789", "remix-example-secret-previous-012345678"];
/** The suite spends ~150 + fuzzRuns of the member's attempts in a minute (see `Harness.rateLimitMax`). */
export const RATE_LIMIT_MAX = 600;

const SERVE = ["node_modules/@remix-run/serve/dist/cli.js", "./build/server/index.js"];
const DEV = ["node_modules/@remix-run/dev/dist/cli.js", "vite:dev"];

/**
 * Starts the production build as `pnpm start` does (`remix-serve ./build/server/index.js`, on
 * PORT; without v3_singleFetch it runs the app on the fetch polyfill), or with `dev` the Vite dev
 * server (`remix vite:dev`, Node's native fetch) — each on its own SQLite file.
 */
export async function startExample({ dev = false } = {}): Promise<StartedApp & { demoDb: string }> {
  if (!dev && !existsSync(join(EXAMPLE_DIR, "build/server/index.js"))) {
    throw new Error("examples/remix has no production build: run `pnpm --filter ./examples/remix build` first");
  }
  const dir = mkdtempSync(join(tmpdir(), "safe-session-remix-"));
  const demoDb = join(dir, "demo.db");
  const app = await startApp({
    cwd: EXAMPLE_DIR,
    command: process.execPath,
    args: dev ? DEV : SERVE,
    // The dev server compiles on first request: wait for the auth route itself.
    readyPath: "/auth/csrf",
    env: {
      ...(dev ? { NODE_ENV: "development" } : {}),
      DEMO_DB: demoDb,
      AUTH_SECRET: SECRETS[1],
      AUTH_SECRET_1: SECRETS[0],
      SAFE_SESSION_REVALIDATE_SECONDS: "0",
      SAFE_SESSION_RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
      AUTH_URL: undefined,
    },
  });
  return {
    ...app,
    demoDb,
    async stop() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
