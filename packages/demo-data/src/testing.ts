/**
 * The example apps' own tests, written once: start a production build on a throwaway demo
 * database, run the conformance suite over HTTP against it, run the browser flow against another
 * instance. Each example only says how it is started (`ExampleApp`).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTRACT_COMPANIES, CONTRACT_USERS, httpHarness, runConformance } from "@safe-session/conformance";
import { runBrowserFlow } from "@safe-session/conformance/browser";
import { type StartedApp, startApp } from "@safe-session/conformance/server";
import { type DemoStore, openDemoStore } from "./index.js";

export interface ExampleApp {
  /** The example's folder. */
  cwd: string;
  /** Auth.js base path of the app. */
  basePath: string;
  command: string;
  args: string[];
  /** A file of the production build, relative to `cwd`: its absence is a clear error. */
  buildOutput?: string;
  /** Polled until it answers; default `{basePath}/csrf`. */
  readyPath?: string;
  env?: Record<string, string | undefined>;
}

/** Current first: Auth.js seals with AUTH_SECRET_1 and still opens tokens of AUTH_SECRET (rotation). */
export const TEST_SECRETS = ["example-test-secret-current-0123456789", "example-test-secret-previous-012345678"];
/** The suite spends ~150 + fuzzRuns of the member's update attempts in a minute (`Harness.rateLimitMax`). */
export const TEST_RATE_LIMIT_MAX = 600;

export interface StartedExample extends StartedApp {
  demoDb: string;
}

/** Starts the app on a free port and its own demo database (`db`, or a temporary file). */
export async function startExample(app: ExampleApp, options: { env?: Record<string, string | undefined>; db?: string } = {}): Promise<StartedExample> {
  if (app.buildOutput && !existsSync(join(app.cwd, app.buildOutput))) {
    throw new Error(`${app.cwd} has no production build: run \`pnpm --filter ${app.cwd} build\` first`);
  }
  const dir = options.db ? undefined : mkdtempSync(join(tmpdir(), "safe-session-example-"));
  const demoDb = options.db ?? join(dir as string, "demo.db");
  const started = await startApp({
    cwd: app.cwd,
    command: app.command,
    args: app.args,
    readyPath: app.readyPath ?? `${app.basePath}/csrf`,
    env: {
      AUTH_SECRET_1: TEST_SECRETS[0],
      AUTH_SECRET: TEST_SECRETS[1],
      AUTH_URL: undefined,
      DEMO_DB: demoDb,
      SAFE_SESSION_REVALIDATE_SECONDS: "0",
      SAFE_SESSION_RATE_LIMIT_MAX: String(TEST_RATE_LIMIT_MAX),
      ...app.env,
      ...options.env,
    },
  });
  return {
    ...started,
    demoDb,
    async stop() {
      await started.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The conformance suite over HTTP against a started example; memberships revoked in its database. */
export function runExampleConformance(app: ExampleApp, options: { name: string; env?: Record<string, string | undefined>; fuzzRuns?: number }): void {
  let started: StartedExample | undefined;
  let store: DemoStore | undefined;
  runConformance({
    name: options.name,
    async setup() {
      started = await startExample(app, options.env ? { env: options.env } : {});
      const demo = openDemoStore(started.demoDb);
      store = demo;
      return httpHarness({
        origin: started.origin,
        basePath: app.basePath,
        secrets: TEST_SECRETS,
        users: CONTRACT_USERS,
        companies: CONTRACT_COMPANIES,
        revalidateSeconds: 0,
        rateLimitMax: TEST_RATE_LIMIT_MAX,
        revokeMembership: (userId, companyId) => demo.revoke(userId, companyId),
        grantMembership: (userId, companyId) => demo.grant(userId, companyId),
        // Each case is a real HTTP round trip; the in-process runs cover the full 2000.
        fuzzRuns: options.fuzzRuns ?? 300,
      });
    },
    async teardown() {
      store?.close();
      await started?.stop();
    },
  });
}

/** The contract's browser flow against its own instance, so the conformance run's rate limit stays out. */
export function runExampleBrowserFlow(app: ExampleApp, options: { name: string; env?: Record<string, string | undefined> }): void {
  let started: StartedExample | undefined;
  runBrowserFlow({
    name: options.name,
    async setup() {
      started = await startExample(app, options.env ? { env: options.env } : {});
      return { origin: started.origin };
    },
    teardown: () => started?.stop(),
  });
}
