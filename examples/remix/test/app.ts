/**
 * This example's tests, as a user would run it: `npm start` (or `npm run dev`) on a free port and
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

/** How the app is started. */
export interface Server {
  args: string[];
  /** A file of the production build: its absence is a clear error. */
  buildOutput?: string;
  env?: Record<string, string | undefined>;
}

/**
 * `npm start`: `server.js`, the production build behind Express on PORT, on Node's own fetch; its
 * `getLoadContext` hands the app the connection's address.
 */
export const EXPRESS_SERVER: Server = {
  args: ["server.js"],
  buildOutput: "build/server/index.js",
};

/** `npm run dev`: `remix vite:dev`, Node's native fetch, route modules compiled on demand. */
export const REMIX_DEV: Server = {
  args: ["node_modules/@remix-run/dev/dist/cli.js", "vite:dev"],
  env: { NODE_ENV: "development" },
};

/** Current first: Auth.js seals with AUTH_SECRET_1 and still opens tokens of AUTH_SECRET (rotation). */
export const TEST_SECRETS = ["example-test-secret-current-0123456789", "example-test-secret-previous-012345678"];
/** The suite spends ~150 + fuzzRuns of the member's update attempts in a minute (`Harness.rateLimitMax`). */
export const TEST_RATE_LIMIT_MAX = 600;

export interface StartedExample extends StartedApp {
  /** The app's SQLite file. */
  db: string;
}

/** Starts the app on a free port with its own database (`db`, or a temporary file). */
export async function startExample(
  server: Server,
  options: { env?: Record<string, string | undefined>; db?: string } = {},
): Promise<StartedExample> {
  if (server.buildOutput && !existsSync(join(cwd, server.buildOutput))) {
    throw new Error(`${cwd} has no production build: run \`pnpm --filter ./examples/remix build\` first`);
  }
  const dir = options.db ? undefined : mkdtempSync(join(tmpdir(), "example-remix-"));
  const db = options.db ?? join(dir as string, "app.db");
  const started = await startApp({
    cwd,
    command: process.execPath,
    args: server.args,
    readyPath: `${BASE_PATH}/csrf`,
    env: {
      AUTH_SECRET_1: TEST_SECRETS[0],
      AUTH_SECRET: TEST_SECRETS[1],
      AUTH_URL: undefined,
      AUTH_TRUST_HOST: undefined,
      DEMO_DB: db,
      SAFE_SESSION_REVALIDATE_SECONDS: "0",
      SAFE_SESSION_RATE_LIMIT_MAX: String(TEST_RATE_LIMIT_MAX),
      ...server.env,
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
export function runExampleConformance(
  server: Server,
  options: {
    name: string;
    env?: Record<string, string | undefined>;
    fuzzRuns?: number;
    clientAddress?: "connection" | "none";
  },
): void {
  let started: StartedExample | undefined;
  let sqlite: Database.Database | undefined;
  runConformance({
    name: options.name,
    async setup() {
      started = await startExample(server, options.env ? { env: options.env } : {});
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
        // As Remix's <Form> posts it with JavaScript (`_data`): the request that reaches the action.
        // A document post from another origin never does: Remix's own check refuses it first.
        signInForm: { path: "/?index&_data=routes%2F_index", fields: { callbackUrl: "/dashboard" } },
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
        ...(options.clientAddress ? { clientAddress: options.clientAddress } : {}),
      });
    },
    async teardown() {
      sqlite?.close();
      await started?.stop();
    },
  });
}

/** The contract's browser flow against its own instance, so the conformance run's rate limit stays out. */
export function runExampleBrowserFlow(
  server: Server,
  options: { name: string; env?: Record<string, string | undefined> },
): void {
  let started: StartedExample | undefined;
  runBrowserFlow({
    name: options.name,
    async setup() {
      started = await startExample(server, options.env ? { env: options.env } : {});
      return { origin: started.origin };
    },
    teardown: () => started?.stop(),
  });
}
