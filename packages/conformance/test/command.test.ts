/**
 * The `safe-session-conformance` command as a user runs it: the built bin, a config file, a
 * running app. Green against the three examples, red against a stock Auth.js app with the recipe.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Report } from "../src/command.js";
import { summaryLine } from "../src/report.js";
import { type ConformanceConfig, conformanceTarget } from "../src/config.js";
import { scenarios } from "../src/scenarios/index.js";
import { RefusalFailure, type Scenario } from "../src/scenarios/support.js";
import { type StartedApp, startApp } from "../src/server.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "conformance-command-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Current first, as the examples' own tests start them. */
const SECRETS = ["example-test-secret-current-0123456789", "example-test-secret-previous-012345678"];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  report: Report;
}

/** Runs the built command to its end; the report is the `--json` file. */
function command(config: string, env: Record<string, string>, args: string[] = []): Promise<Run> {
  if (!existsSync(bin))
    throw new Error(`${bin} is missing: run \`pnpm --filter @safe-session/conformance build\` first`);
  const json = join(dir, `report-${crypto.randomUUID()}.json`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "--config", config, "--json", json, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      try {
        resolve({ code, stdout, stderr, report: JSON.parse(readFileSync(json, "utf8")) as Report });
      } catch (error) {
        reject(new Error(`no report (exit ${code}):\n${stdout}\n${stderr}\n${error}`));
      }
    });
  });
}

function expectFinished(run: Run, ids = scenarios.map((s) => s.id)): void {
  const lines = run.stdout.trimEnd().split("\n");
  const { failed, vulnerabilities, contractDifferences, total } = run.report.summary;
  expect(lines.at(-1)).toBe(summaryLine(run.report.summary));
  expect(vulnerabilities + contractDifferences).toBe(failed);
  // Every scenario ran or was skipped with its reason: none lost to a crash or a hang.
  expect(total).toBe(ids.length);
  expect(run.report.scenarios.map((s) => s.id)).toEqual(ids);
  for (const s of run.report.scenarios.filter((r) => r.status === "skip")) expect(s.reason, s.id).toBeTruthy();
}

/**
 * How `npm start` runs each example. `rateLimitMax`: the limit the app is started with and the
 * config reads; SvelteKit keeps the contract's default of 120, below the ~150 attempts the run
 * makes as the member, so the command has to wait for a window instead of tripping the limit.
 */
const examples: {
  name: string;
  basePath: string;
  buildOutput: string;
  command: string;
  args: string[];
  rateLimitMax: number;
}[] = [
  {
    name: "next",
    basePath: "/api/auth",
    buildOutput: ".next/BUILD_ID",
    command: join(root, "examples/next/node_modules/.bin/next"),
    args: ["start"],
    rateLimitMax: 600,
  },
  {
    name: "sveltekit",
    basePath: "/auth",
    buildOutput: "build/index.js",
    command: process.execPath,
    args: ["start.js"],
    rateLimitMax: 120,
  },
  {
    name: "remix",
    basePath: "/auth",
    buildOutput: "build/server/index.js",
    command: process.execPath,
    // Its own Express server, whose load context hands the app the connection's address.
    args: ["server.js"],
    rateLimitMax: 600,
  },
];

for (const example of examples) {
  describe(`the command against examples/${example.name}`, () => {
    const cwd = join(root, "examples", example.name);
    let app: StartedApp | undefined;
    afterAll(() => app?.stop());

    test("runs every scenario and exits 0: nothing fails", async () => {
      if (!existsSync(join(cwd, example.buildOutput)))
        throw new Error(`${cwd} has no production build: run \`pnpm --filter ./examples/${example.name} build\` first`);
      const env = {
        AUTH_SECRET_1: SECRETS[0] as string,
        AUTH_SECRET: SECRETS[1] as string,
        SAFE_SESSION_RATE_LIMIT_MAX: String(example.rateLimitMax),
      };
      app = await startApp({
        cwd,
        command: example.command,
        args: example.args,
        readyPath: `${example.basePath}/csrf`,
        env: {
          ...env,
          AUTH_URL: undefined,
          AUTH_TRUST_HOST: undefined,
          ORIGIN: undefined,
          DEMO_DB: join(dir, `${example.name}.db`),
          SAFE_SESSION_REVALIDATE_SECONDS: "0",
        },
      });
      const run = await command(join(cwd, "safe-session.conformance.mjs"), { ...env, SAFE_SESSION_URL: app.origin });
      expectFinished(run);
      const failures = run.report.scenarios.filter((s) => s.status === "fail");
      expect(failures, `${run.stdout}\n${app.output().slice(-3000)}`).toEqual([]);
      expect(run.code).toBe(0);
      expect(run.report.summary.passed).toBeGreaterThan(scenarios.length - 15);
      expect(run.report.restored.ok).toBe(true);
      console.log(
        `${example.name}: ${run.report.summary.total} scenarios in ${(run.report.durationMs / 1000).toFixed(1)} s`,
      );
    }, 600_000);
  });
}

describe("the command against a stock Auth.js app whose jwt callback merges what the client posts", () => {
  const secret = "vulnerable-app-test-secret-0123456789abcdef";
  const configFile = fileURLToPath(new URL("vulnerable.conformance.mjs", import.meta.url));
  let app: StartedApp;
  beforeAll(async () => {
    app = await startApp({
      cwd: fileURLToPath(new URL(".", import.meta.url)),
      command: process.execPath,
      args: ["vulnerable-app.mjs"],
      readyPath: "/auth/csrf",
      env: { AUTH_SECRET: secret },
    });
  });
  afterAll(() => app?.stop());

  test("runs to the end, exits 1, and reports the takeover among the failures", async () => {
    const run = await command(configFile, { AUTH_SECRET: secret, SAFE_SESSION_URL: app.origin });
    expectFinished(run);
    expect(run.code).toBe(1);
    const failed = new Map(run.report.scenarios.filter((s) => s.status === "fail").map((s) => [s.id, s]));
    const massAssignment = scenarios.filter((s) => s.id.startsWith("mass-assignment.")).map((s) => s.id);
    expect(massAssignment.length).toBeGreaterThan(5);
    for (const id of massAssignment) expect(failed.has(id), `${id} is among the failures`).toBe(true);
    // The report a person reads: what was sent, what came back, and the risk.
    const takeover = failed.get("mass-assignment.sub")?.failure;
    expect(takeover?.sent).toContain('"sub":"bob"');
    expect(takeover?.got).toMatchObject({ status: 200, sessionChanged: true });
    expect(takeover?.risk).toMatch(/account takeover/);
    expect(run.stdout).toMatch(
      /^FAIL mass-assignment\.sub — .*\n {5}sent: {5}POST \/auth\/session .*\n {5}expected: 400 UNKNOWN_FIELD.*\n {5}got: {6}200 .*the session changed\n {5}kind: {5}vulnerability\n {5}risk: {5}mass assignment: a client can rewrite `sub` — account takeover$/m,
    );
    // Values nobody authorised are accepted, and refusals come back as `400 null`, not error codes.
    for (const id of [
      "authorization.non-member",
      "authorization.unknown-company",
      "authorization.other-user",
      "csrf.missing",
      "bad-request.null",
    ]) {
      expect(failed.has(id), id).toBe(true);
    }
    // `400 null` for a post without a CSRF token is the right refusal in another shape, not a hole.
    const csrf = failed.get("csrf.missing")?.failure;
    expect(csrf).toMatchObject({
      kind: "contract-difference",
      got: { status: 400, body: "null", sessionChanged: false },
    });
    expect(csrf?.risk).not.toMatch(/cross-site request forgery/);
    expect(run.stdout).toMatch(
      /^FAIL csrf\.missing — .*\n(?: {5}.*\n)*? {5}kind: {5}contract difference\n {5}why: {6}a contract difference, not a hole/m,
    );
    expect(takeover?.kind).toBe("vulnerability");
    // A stock app has no sign-in limit: every guess reaches the password check, and the spare
    // account signs in with its right password whatever was tried before.
    for (const id of [
      "security.sign-in-throttle",
      "security.sign-in-burst",
      "security.sign-in-bodies",
      "security.sign-in-locked-out",
      "security.sign-in-forwarded",
    ]) {
      expect(failed.get(id)?.failure?.kind, id).toBe("vulnerability");
    }
    const { summary } = run.report;
    expect(summary.vulnerabilities).toBeGreaterThan(10);
    expect(summary.contractDifferences).toBeGreaterThan(0);
    expect(run.stdout).toContain(
      `${summary.failed} failed (${summary.vulnerabilities} vulnerabilities, ${summary.contractDifferences} contract difference`,
    );
    // Nothing secret in what a person or a CI log reads.
    const written = JSON.stringify(run.report);
    for (const text of [run.stdout, written]) {
      for (const secretValue of [secret, "alice-password", "bob-password", "carol-password"])
        expect(text).not.toContain(secretValue);
      expect(text).not.toMatch(/eyJ[\w-]*\.[\w-]*\.[\w-]+/);
    }
    // Requests go nowhere but the app, and the run never asked for more than the app could answer.
    expect(run.stderr).not.toMatch(/internal error/);
  }, 300_000);

  test("conformanceTarget, the vitest entry, builds the same harness from the same config", async () => {
    const { default: written } = (await import(configFile)) as { default: ConformanceConfig };
    const harness = await conformanceTarget({ ...written, url: app.origin, secret }).setup();
    const byId = (id: string) => scenarios.find((s) => s.id === id) as Scenario;
    await byId("flow.select-and-reload").run(harness);
    const takeover = await byId("mass-assignment.sub")
      .run(harness)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(takeover).toBeInstanceOf(RefusalFailure);
    expect((takeover as RefusalFailure).outcome).toMatchObject({ status: 200, sessionChanged: true });
  });
});

describe("the command against an app that misbehaves", () => {
  const secret = "misbehaving-app-test-secret-0123456789abcdef";
  const configFile = fileURLToPath(new URL("vulnerable.conformance.mjs", import.meta.url));
  const apps: StartedApp[] = [];
  const start = async (misbehave: string) => {
    const app = await startApp({
      cwd: fileURLToPath(new URL(".", import.meta.url)),
      command: process.execPath,
      args: ["vulnerable-app.mjs"],
      readyPath: "/auth/csrf",
      env: { AUTH_SECRET: secret, MISBEHAVE: misbehave },
    });
    apps.push(app);
    return app;
  };
  afterAll(() => Promise.all(apps.map((app) => app.stop())));

  test("HTML 500 pages for every update: each selected scenario fails with the status, none crashes the run", async () => {
    const app = await start("html-500");
    const only = ["flow.select-and-reload", "mass-assignment.sub", "tokens.tampered", "bad-request.null"];
    const run = await command(configFile, { AUTH_SECRET: secret, SAFE_SESSION_URL: app.origin }, [
      "--only",
      only.join(","),
    ]);
    expectFinished(run, only);
    expect(run.code).toBe(1);
    expect(run.report.scenarios.find((s) => s.id === "mass-assignment.sub")?.failure?.got).toMatchObject({
      status: 500,
    });
  }, 120_000);

  test("an app that echoes the session token: the token is masked in the output and the JSON report", async () => {
    const app = await start("echo-token");
    const only = ["flow.select-and-reload", "mass-assignment.sub"];
    const run = await command(configFile, { AUTH_SECRET: secret, SAFE_SESSION_URL: app.origin }, [
      "--only",
      only.join(","),
    ]);
    expectFinished(run, only);
    const takeover = run.report.scenarios.find((s) => s.id === "mass-assignment.sub")?.failure;
    // The answer was the token (cut short in the report); what is shown is its mask, and the session did not change.
    expect(takeover?.got).toMatchObject({ status: 200, body: '{"seen":"…', sessionChanged: false });
    expect(takeover?.kind).toBe("contract-difference");
    for (const text of [run.stdout, JSON.stringify(run.report)]) {
      expect(text).not.toMatch(/eyJ[\w-]*\.[\w-]*\.[\w-]+/);
      expect(text).not.toContain(secret);
    }
  }, 120_000);

  test("an update route that never answers: the run ends at timeoutSeconds, exit 1, the rest skipped with that reason", async () => {
    const app = await start("hang");
    const run = await command(configFile, {
      AUTH_SECRET: secret,
      SAFE_SESSION_URL: app.origin,
      CONFORMANCE_TIMEOUT_SECONDS: "5",
    });
    expectFinished(run);
    expect(run.code).toBe(1);
    expect(run.report.timedOut).toBe(true);
    const unrun = run.report.scenarios.filter((s) => s.reason === "the run reached its timeoutSeconds");
    expect(unrun.length).toBeGreaterThan(scenarios.length / 2);
  }, 120_000);
});
