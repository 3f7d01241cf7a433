import { AssertionError } from "node:assert";
import { writeFile } from "node:fs/promises";
import { inspect, parseArgs } from "node:util";
import { Client } from "./client.js";
import { ConfigError, type ConformanceConfig, configHarness, loadConfig } from "./config.js";
import type { Harness } from "./harness.js";
import { riskOf } from "./risks.js";
import { type Exchange, type ScenarioContext, runInContext, usedMs } from "./run-context.js";
import { scenarios as allScenarios } from "./scenarios/index.js";
import { RefusalFailure, type Scenario } from "./scenarios/support.js";

export const USAGE = "usage: safe-session-conformance --config <file.mjs|file.json> [--json report.json] [--only id,id]";

/** Where the command writes: lines for a person, and a progress line that is overwritten. */
export interface CommandOutput {
  line(text: string): void;
  /** `undefined` when nobody watches (not a terminal): no progress line. */
  progress?: ((text: string) => void) | undefined;
}

export interface ScenarioReport {
  id: string;
  title: string;
  status: "pass" | "fail" | "skip";
  durationMs: number;
  /** Why a scenario was skipped. */
  reason?: string;
  failure?: {
    message: string;
    /** The request that failed: method, path, masked body. */
    sent?: string;
    expected: string;
    got: { status?: number; code?: string; sessionChanged?: boolean; body?: string; detail?: string };
    risk: string;
  };
}

export interface Report {
  tool: "safe-session-conformance";
  url: string;
  basePath: string;
  field: string;
  startedAt: string;
  durationMs: number;
  summary: { passed: number; failed: number; skipped: number; total: number };
  /** Whether the member's session ended as it began. */
  restored: { ok: boolean; detail: string };
  /** Set when the run stopped at `timeoutSeconds` before every scenario ran. */
  timedOut?: boolean;
  scenarios: ScenarioReport[];
}

const defaultOutput = (): CommandOutput => ({
  line: (text) => process.stdout.write(`${text}\n`),
  progress: process.stderr.isTTY ? (text) => process.stderr.write(`\r\x1b[K${text}`) : undefined,
});

/** Runs the command; resolves to its exit code: 0 all passed, 1 something failed, 2 a config or app it cannot use. */
export async function main(argv: string[], output: CommandOutput = defaultOutput()): Promise<number> {
  const say = (text: string) => {
    output.progress?.("");
    output.line(text);
  };
  const unusable = (text: string) => {
    say(`safe-session-conformance: ${text}`);
    return 2;
  };

  let options: { config?: string; json?: string; only?: string; help?: boolean };
  try {
    ({ values: options } = parseArgs({
      args: argv,
      options: { config: { type: "string" }, json: { type: "string" }, only: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
    }));
  } catch (error) {
    return unusable(`${(error as Error).message}\n${USAGE}`);
  }
  if (options.help) {
    say(USAGE);
    return 0;
  }
  if (!options.config) return unusable(`--config is required\n${USAGE}`);

  let config: ConformanceConfig;
  try {
    config = await loadConfig(options.config);
  } catch (error) {
    if (error instanceof ConfigError) return unusable(`config: ${error.message}`);
    throw error;
  }

  let selected: Scenario[] = allScenarios;
  if (options.only !== undefined) {
    const wanted = options.only.split(",").map((id) => id.trim()).filter(Boolean);
    for (const id of wanted) {
      if (!allScenarios.some((s) => s.id === id || s.id.startsWith(`${id}.`))) return unusable(`--only: no scenario "${id}" (ids look like "mass-assignment.sub"; a topic such as "mass-assignment" selects all of it)`);
    }
    selected = allScenarios.filter((s) => wanted.some((id) => s.id === id || s.id.startsWith(`${id}.`)));
  }

  const harness = configHarness(config);
  const reach = await reachable(harness);
  if (reach) return unusable(reach);

  const startedAt = new Date();
  // The member's value before the run, so the run can leave it as it found it.
  let initial: unknown;
  for (const who of ["member", "other"] as const) {
    try {
      const client = new Client(harness);
      await client.signIn(harness.users[who]);
      const session = await client.session();
      if (!session) throw new Error("the session reads as null after sign-in");
      if (who === "member") initial = session[config.field];
      // A database app keeps every session it creates: this one has done its job. A sign-out
      // that fails is the flow scenarios' finding, not a reason to refuse the config.
      if (harness.signIn !== "token") await client.signOut().catch(() => {});
    } catch (error) {
      return unusable(`config: users.${who}: cannot sign in at ${harness.origin}${harness.basePath} (${firstLine(error)})`);
    }
  }

  say(`safe-session-conformance: ${selected.length} scenarios against ${harness.origin}${harness.basePath}, field "${config.field}"`);
  const deadline = Date.now() + (config.timeoutSeconds ?? 900) * 1000;
  const reports: ScenarioReport[] = [];
  let timedOut = false;
  for (const [index, scenario] of selected.entries()) {
    output.progress?.(`[${index + 1}/${selected.length}] ${scenario.id} …`);
    const report = await runOne(scenario, harness, deadline);
    if (report.status === "skip" && report.reason === TIME_UP) timedOut = true;
    reports.push(report);
    say(`${report.status.toUpperCase()} ${scenario.id} — ${scenario.title}${report.reason ? ` (${report.reason})` : ""}`);
    if (report.failure) {
      const { failure } = report;
      if (failure.sent) say(`     sent:     ${failure.sent}`);
      say(`     expected: ${failure.expected}`);
      say(`     got:      ${describeGot(failure.got)}`);
      say(`     risk:     ${failure.risk}`);
    }
  }

  output.progress?.("restoring the member's session …");
  const restored = await restore(harness, config.field, initial);
  if (!restored.ok) say(`note: ${restored.detail}`);
  if (timedOut) say(`note: the run reached timeoutSeconds (${config.timeoutSeconds ?? 900}) before every scenario ran`);

  const count = (status: ScenarioReport["status"]) => reports.filter((r) => r.status === status).length;
  const summary = { passed: count("pass"), failed: count("fail"), skipped: count("skip"), total: reports.length };
  if (options.json) {
    const report: Report = {
      tool: "safe-session-conformance",
      url: harness.origin,
      basePath: harness.basePath,
      field: config.field,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      summary,
      restored,
      ...(timedOut ? { timedOut } : {}),
      scenarios: reports,
    };
    await writeFile(options.json, `${JSON.stringify(report, null, 2)}\n`);
  }
  say(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
  return summary.failed > 0 || timedOut ? 1 : 0;
}

/** `undefined` when the app answers Auth.js's CSRF route; otherwise why it cannot be tested. */
async function reachable(harness: Harness): Promise<string | undefined> {
  const url = `${harness.origin}${harness.basePath}/csrf`;
  let response: Response;
  try {
    response = await harness.fetch(new Request(url));
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return `cannot reach ${url} (${cause?.code ?? firstLine(error)})`;
  }
  const text = await response.text().catch(() => "");
  let token: unknown;
  try {
    token = (JSON.parse(text) as { csrfToken?: unknown } | null)?.csrfToken;
  } catch {}
  if (response.status !== 200 || typeof token !== "string") {
    return `${url} answered ${response.status} without a csrfToken: is url or basePath wrong? (${text.slice(0, 80).replace(/\s+/g, " ")})`;
  }
  return undefined;
}

const TIME_UP = "the run reached its timeoutSeconds";

async function runOne(scenario: Scenario, harness: Harness, deadline: number): Promise<ScenarioReport> {
  const base = { id: scenario.id, title: scenario.title };
  const unmet = scenario.requires?.(harness);
  if (unmet) return { ...base, status: "skip", durationMs: 0, reason: unmet };
  if (Date.now() >= deadline) return { ...base, status: "skip", durationMs: 0, reason: TIME_UP };

  const context: ScenarioContext = { id: scenario.id, exchanges: [], abort: new AbortController(), stopped: false, pacedMs: 0 };
  const started = Date.now();
  const limitMs = Math.min(scenario.timeoutMs ?? 30_000, deadline - started);
  let timer: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<never>((_, reject) => {
    // Time spent waiting for a rate-limit window is not the app's slowness: it extends the limit.
    const tick = () => {
      const used = usedMs(context, started);
      if (used < limitMs) {
        timer = setTimeout(tick, Math.max(50, Math.min(limitMs - used, 1000)));
        return;
      }
      context.stopped = true;
      context.abort.abort();
      reject(new Error(`no result within ${Math.round(limitMs / 1000)} s`));
    };
    timer = setTimeout(tick, limitMs);
  });
  try {
    await Promise.race([runInContext(context, () => scenario.run(harness)), outOfTime]);
    return { ...base, status: "pass", durationMs: Date.now() - started };
  } catch (error) {
    return { ...base, status: "fail", durationMs: Date.now() - started, failure: describeFailure(scenario, error, context, harness) };
  } finally {
    clearTimeout(timer);
    context.stopped = true;
  }
}

function describeFailure(scenario: Scenario, error: unknown, context: ScenarioContext, harness: Harness): NonNullable<ScenarioReport["failure"]> {
  const attempt = lastAttempt(context.exchanges, harness.basePath);
  const sent = attempt ? `${attempt.method} ${attempt.path}${attempt.body ? ` ${attempt.body}` : ""}` : undefined;
  const message = firstLine(error);
  if (error instanceof RefusalFailure) {
    const { outcome } = error;
    const got = {
      status: outcome.status,
      ...(outcome.code === undefined ? {} : { code: outcome.code }),
      ...(outcome.sessionChanged === undefined ? {} : { sessionChanged: outcome.sessionChanged }),
      ...(outcome.code === undefined ? { body: outcome.body.slice(0, 120) } : {}),
    };
    // When status and code were right, the message says which other part of the refusal was not.
    const right = outcome.code !== undefined && error.contract.includes(`${outcome.status} ${outcome.code}`);
    return { message, ...(sent ? { sent } : {}), expected: error.contract, got: right ? { ...got, detail: message } : got, risk: riskOf(scenario.id) };
  }
  const got: NonNullable<ScenarioReport["failure"]>["got"] = {};
  if (attempt?.status !== undefined) {
    got.status = attempt.status;
    const name = harness.sessionCookieName ?? `${harness.origin.startsWith("https:") ? "__Secure-" : ""}authjs.session-token`;
    got.sessionChanged = (attempt.setCookies ?? []).some((line) => line.startsWith(`${name}=`) || line.startsWith(`${name}.`));
  }
  return { message, ...(sent ? { sent } : {}), expected: message, got, risk: riskOf(scenario.id) };
}

/** The request a failure is about: the last one that was not a plain read of the session or CSRF token. */
function lastAttempt(exchanges: Exchange[], basePath: string): Exchange | undefined {
  const reads = new Set([`${basePath}/session`, `${basePath}/csrf`]);
  for (let i = exchanges.length - 1; i >= 0; i--) {
    const exchange = exchanges[i] as Exchange;
    if (!(exchange.method === "GET" && reads.has(exchange.path))) return exchange;
  }
  return exchanges[exchanges.length - 1];
}

function describeGot(got: NonNullable<ScenarioReport["failure"]>["got"]): string {
  if (got.status === undefined) return "no answer";
  const parts = [`${got.status} ${got.code ?? "with no error code"}`];
  if (got.code === undefined && got.body !== undefined) parts[0] += ` (body: ${got.body.replace(/\s+/g, " ").slice(0, 80) || "empty"})`;
  if (got.sessionChanged !== undefined) parts.push(got.sessionChanged ? "the session changed" : "the session unchanged");
  return `${parts.join(", ")}${got.detail ? ` — ${got.detail}` : ""}`;
}

/** Signs the member in once more and sets the field back to what it was before the run. */
async function restore(harness: Harness, field: string, initial: unknown): Promise<Report["restored"]> {
  try {
    const client = new Client(harness);
    await client.signIn(harness.users.member);
    const now = (await client.session())?.[field];
    let detail = "the member's session ended as it began";
    if (now !== initial) {
      const response = await client.update({ [field]: initial ?? null });
      await response.body?.cancel();
      if (response.status !== 200) return { ok: false, detail: `could not set the member's ${field} back to ${JSON.stringify(initial ?? null)} (${response.status})` };
      detail = `the member's ${field} was set back to ${JSON.stringify(initial ?? null)}`;
    }
    if (harness.signIn !== "token") await client.signOut();
    return { ok: true, detail };
  } catch (error) {
    return { ok: false, detail: `could not check the member's session after the run (${firstLine(error)})` };
  }
}

function firstLine(error: unknown): string {
  // node:assert's own message spreads a diff over lines; its values say it in one.
  if (error instanceof AssertionError && error.generatedMessage) return `${inspect(error.expected)} ${error.operator === "notStrictEqual" ? "not " : ""}expected, got ${inspect(error.actual)}`.slice(0, 300);
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n")[0] ?? "").slice(0, 300);
}

