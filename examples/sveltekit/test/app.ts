/**
 * This example's tests, as a user would run it: the production build (`npm start`, i.e.
 * `node start.js`: `build/` on PORT, ORIGIN defaulted to the plain-http origin) on a free port and
 * a throwaway SQLite file, which the tests open too to revoke and grant memberships.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CONTRACT_COMPANIES, CONTRACT_USERS, httpHarness, runConformance } from "@safe-session/conformance";
import { runBrowserFlow } from "@safe-session/conformance/browser";
import { type StartedApp, startApp } from "@safe-session/conformance/server";
import Database from "better-sqlite3";

const cwd = fileURLToPath(new URL("..", import.meta.url));
export const BASE_PATH = "/auth";

/** Current first: Auth.js seals with AUTH_SECRET_1 and still opens tokens of AUTH_SECRET (rotation). */
export const TEST_SECRETS = ["example-test-secret-current-0123456789", "example-test-secret-previous-012345678"];
/** The suite spends ~150 + fuzzRuns of the member's update attempts in a minute (`Harness.rateLimitMax`). */
export const TEST_RATE_LIMIT_MAX = 600;

export interface StartedExample extends StartedApp {
  /** The app's SQLite file. */
  db: string;
}

/** `npm run dev`: `vite dev` on PORT, modules compiled on demand. */
export const VITE_DEV = { args: ["node_modules/vite/bin/vite.js", "dev"], env: { NODE_ENV: "development" } };

/**
 * Starts `npm start`'s server (or `server`, e.g. `VITE_DEV`) on a free port with its own
 * database (`db`, or a temporary file).
 */
export async function startExample(
  options: { env?: Record<string, string | undefined>; db?: string; server?: typeof VITE_DEV } = {},
): Promise<StartedExample> {
  if (!options.server && !existsSync(join(cwd, "build/index.js"))) {
    throw new Error(`${cwd} has no production build: run \`pnpm --filter ./examples/sveltekit build\` first`);
  }
  const dir = options.db ? undefined : mkdtempSync(join(tmpdir(), "example-sveltekit-"));
  const db = options.db ?? join(dir as string, "app.db");
  const started = await startApp({
    cwd,
    command: process.execPath,
    args: options.server?.args ?? ["start.js"],
    readyPath: `${BASE_PATH}/csrf`,
    env: {
      AUTH_SECRET_1: TEST_SECRETS[0],
      AUTH_SECRET: TEST_SECRETS[1],
      AUTH_URL: undefined,
      AUTH_TRUST_HOST: undefined,
      ORIGIN: undefined,
      DEMO_DB: db,
      SAFE_SESSION_REVALIDATE_SECONDS: "0",
      SAFE_SESSION_RATE_LIMIT_MAX: String(TEST_RATE_LIMIT_MAX),
      ...options.server?.env,
      ...options.env,
    },
  });
  return {
    ...started,
    db,
    async stop() {
      await started.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The conformance suite over HTTP against a started app, both update fields declared. */
export function runExampleConformance(options: {
  name: string;
  env?: Record<string, string | undefined>;
  fuzzRuns?: number;
}): void {
  let started: StartedExample | undefined;
  let sqlite: Database.Database | undefined;
  runConformance({
    name: options.name,
    async setup() {
      started = await startExample(options.env ? { env: options.env } : {});
      const db = new Database(started.db, { timeout: 5000 });
      sqlite = db;
      return httpHarness({
        origin: started.origin,
        basePath: BASE_PATH,
        secrets: TEST_SECRETS,
        users: CONTRACT_USERS,
        companies: CONTRACT_COMPANIES,
        nameField: true,
        // The company page (`urlFields`), as safe-session.conformance.mjs declares it.
        urlField: {
          page: "/companies/:value",
          shows: { acme: "Managing Acme Corp", globex: "Managing Globex", initech: "Managing Initech" },
        },
        signInForm: { path: "/?/signIn", fields: { redirectTo: "/dashboard" } },
        revalidateSeconds: 0,
        rateLimitMax: TEST_RATE_LIMIT_MAX,
        revokeMembership: (userId, companyId) =>
          void db.prepare("DELETE FROM memberships WHERE user_id = ? AND company_id = ?").run(userId, companyId),
        grantMembership: (userId, companyId) =>
          void db
            .prepare("INSERT OR IGNORE INTO memberships (user_id, company_id) VALUES (?, ?)")
            .run(userId, companyId),
        // Each case is a real HTTP round trip; the in-process runs cover the full 2000.
        fuzzRuns: options.fuzzRuns ?? 300,
      });
    },
    async teardown() {
      sqlite?.close();
      await started?.stop();
    },
  });
}

/** The contract's browser flow against its own instance, so the conformance run's rate limit stays out. */
export function runExampleBrowserFlow(options: { name: string; env?: Record<string, string | undefined> }): void {
  let started: StartedExample | undefined;
  runBrowserFlow({
    name: options.name,
    async setup() {
      started = await startExample(options.env ? { env: options.env } : {});
      return { origin: started.origin };
    },
    teardown: () => started?.stop(),
  });
}
