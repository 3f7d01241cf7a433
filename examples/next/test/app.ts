/**
 * This example's tests, as a user would run it: the production build (`next start`, what
 * `npm start` runs) on a free port and a throwaway SQLite file, which the tests open too to
 * revoke and grant memberships. `cwd` lets a test run the same against a copy of the folder.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CONTRACT_COMPANIES, CONTRACT_USERS, httpHarness, runConformance } from "@safe-session/conformance";
import { runBrowserFlow } from "@safe-session/conformance/browser";
import { type StartedApp, startApp } from "@safe-session/conformance/server";
import Database from "better-sqlite3";

const EXAMPLE = fileURLToPath(new URL("..", import.meta.url));
export const BASE_PATH = "/api/auth";

/** Current first: Auth.js seals with AUTH_SECRET_1 and still opens tokens of AUTH_SECRET (rotation). */
export const TEST_SECRETS = ["example-test-secret-current-0123456789", "example-test-secret-previous-012345678"];
/** The suite spends ~150 + fuzzRuns of the member's update attempts in a minute (`Harness.rateLimitMax`). */
export const TEST_RATE_LIMIT_MAX = 600;

export interface StartedExample extends StartedApp {
  /** The app's SQLite file. */
  db: string;
}

export interface ExampleOptions {
  /** The example's folder: this one, or a copy of it. */
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** The app's SQLite file; default a new temporary one. */
  db?: string;
}

/** Starts the production build on a free port with its own database. */
export async function startExample({ cwd = EXAMPLE, env = {}, db }: ExampleOptions = {}): Promise<StartedExample> {
  if (!existsSync(join(cwd, ".next/BUILD_ID")))
    throw new Error(`${cwd} has no production build: run \`pnpm --filter ./examples/next build\` first`);
  const dir = db ? undefined : mkdtempSync(join(tmpdir(), "example-next-"));
  const file = db ?? join(dir as string, "app.db");
  const started = await startApp({
    cwd,
    command: join(cwd, "node_modules", ".bin", "next"),
    args: ["start"],
    readyPath: `${BASE_PATH}/csrf`,
    env: {
      AUTH_SECRET_1: TEST_SECRETS[0],
      AUTH_SECRET: TEST_SECRETS[1],
      AUTH_URL: undefined,
      AUTH_TRUST_HOST: undefined,
      DEMO_DB: file,
      SAFE_SESSION_REVALIDATE_SECONDS: "0",
      SAFE_SESSION_RATE_LIMIT_MAX: String(TEST_RATE_LIMIT_MAX),
      ...env,
    },
  });
  return {
    ...started,
    db: file,
    async stop() {
      await started.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The conformance suite over HTTP against a started app, both update fields declared. */
export function runExampleConformance(options: {
  name: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  fuzzRuns?: number;
}): void {
  let started: StartedExample | undefined;
  let sqlite: Database.Database | undefined;
  runConformance({
    name: options.name,
    async setup() {
      started = await startExample({
        ...(options.cwd ? { cwd: options.cwd } : {}),
        ...(options.env ? { env: options.env } : {}),
      });
      const db = new Database(started.db, { timeout: 5000 });
      sqlite = db;
      return httpHarness({
        // Next route handlers are handed no client address: only the per-account sign-in limit applies.
        clientAddress: "none",
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
export function runExampleBrowserFlow(options: {
  name: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
}): void {
  let started: StartedExample | undefined;
  runBrowserFlow({
    name: options.name,
    async setup() {
      started = await startExample({
        ...(options.cwd ? { cwd: options.cwd } : {}),
        ...(options.env ? { env: options.env } : {}),
      });
      return { origin: started.origin };
    },
    teardown: () => started?.stop(),
  });
}
