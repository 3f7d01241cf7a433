import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { Client } from "./client.js";
import { ConfigError, type ConformanceConfig, configHarness, loadConfig } from "./config.js";
import type { Harness } from "./harness.js";
import { Masker } from "./mask.js";
import {
  type Report,
  type ScenarioReport,
  describeFailure,
  failureLines,
  firstLine,
  summarize,
  summaryLine,
} from "./report.js";
import { type ScenarioContext, runInContext, usedMs } from "./run-context.js";
import { scenarios as allScenarios } from "./scenarios/index.js";
import type { Scenario } from "./scenarios/support.js";

export const USAGE =
  "usage: safe-session-conformance --config <file.mjs|file.json> [--json report.json] [--only id,id]";

/** Where the command writes: lines for a person, and a progress line that is overwritten. */
export interface CommandOutput {
  line(text: string): void;
  /** `undefined` when nobody watches (not a terminal): no progress line. */
  progress?: ((text: string) => void) | undefined;
}

export type { Report, ScenarioReport, Summary } from "./report.js";

const defaultOutput = (): CommandOutput => ({
  line: (text) => process.stdout.write(`${text}\n`),
  progress: process.stderr.isTTY ? (text) => process.stderr.write(`\r\x1b[K${text}`) : undefined,
});

/** Runs the command; resolves to its exit code: 0 all passed, 1 something failed, 2 a config or app it cannot use. */
export async function main(argv: string[], output: CommandOutput = defaultOutput()): Promise<number> {
  // Every line goes through the masker: secrets, passwords and tokens never reach the output.
  const masker = new Masker();
  const say = (text: string) => {
    output.progress?.("");
    output.line(masker.text(text));
  };
  const unusable = (text: string) => {
    say(`safe-session-conformance: ${text}`);
    return 2;
  };

  let options: { config?: string; json?: string; only?: string; help?: boolean };
  try {
    ({ values: options } = parseArgs({
      args: argv,
      options: {
        config: { type: "string" },
        json: { type: "string" },
        only: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
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
  const { member, other, spare } = config.users;
  masker.add(
    ...(typeof config.secret === "string" ? [config.secret] : (config.secret ?? [])),
    member.password,
    other.password,
    spare?.password,
  );

  let selected: Scenario[] = allScenarios;
  if (options.only !== undefined) {
    const wanted = options.only
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean);
    for (const id of wanted) {
      if (!allScenarios.some((s) => s.id === id || s.id.startsWith(`${id}.`)))
        return unusable(
          `--only: no scenario "${id}" (ids look like "mass-assignment.sub"; a topic such as "mass-assignment" selects all of it)`,
        );
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
      return unusable(
        `config: users.${who}: cannot sign in at ${harness.origin}${harness.basePath} (${firstLine(error)})`,
      );
    }
  }

  say(
    `safe-session-conformance: ${selected.length} scenarios against ${harness.origin}${harness.basePath}, field "${config.field}"`,
  );
  const deadline = Date.now() + (config.timeoutSeconds ?? 900) * 1000;
  const reports: ScenarioReport[] = [];
  let timedOut = false;
  let restoring: Promise<Report["restored"]> | undefined;
  const restoreOnce = () => {
    if (!restoring) output.progress?.("restoring the member's session …");
    restoring ??= restore(harness, config.field, initial);
    return restoring;
  };
  for (const [index, scenario] of selected.entries()) {
    // Past this point the suite's address may be locked out of sign-in: the member is restored first.
    if (scenario.spendsSignIns) await restoreOnce();
    output.progress?.(`[${index + 1}/${selected.length}] ${scenario.id} …`);
    const report = await runOne(scenario, harness, deadline, masker);
    if (report.status === "skip" && report.reason === TIME_UP) timedOut = true;
    reports.push(report);
    say(
      `${report.status.toUpperCase()} ${scenario.id} — ${scenario.title}${report.reason ? ` (${report.reason})` : ""}`,
    );
    if (report.failure) for (const line of failureLines(report.failure)) say(line);
  }
  const restored = await restoreOnce();
  if (!restored.ok) say(`note: ${restored.detail}`);
  if (timedOut) say(`note: the run reached timeoutSeconds (${config.timeoutSeconds ?? 900}) before every scenario ran`);

  const summary = summarize(reports);
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
    await writeFile(options.json, `${JSON.stringify(masker.value(report), null, 2)}\n`);
  }
  say(summaryLine(summary));
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

async function runOne(scenario: Scenario, harness: Harness, deadline: number, masker: Masker): Promise<ScenarioReport> {
  const base = { id: scenario.id, title: scenario.title };
  const unmet = scenario.requires?.(harness);
  if (unmet) return { ...base, status: "skip", durationMs: 0, reason: unmet };
  if (Date.now() >= deadline) return { ...base, status: "skip", durationMs: 0, reason: TIME_UP };

  const context: ScenarioContext = {
    id: scenario.id,
    exchanges: [],
    abort: new AbortController(),
    stopped: false,
    pacedMs: 0,
    secrets: new Set(),
  };
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
    // Masked here with the tokens this scenario's clients held, which the run's masker never saw.
    const failure = masker.value(describeFailure(scenario, error, context, harness), context.secrets);
    return { ...base, status: "fail", durationMs: Date.now() - started, failure };
  } finally {
    clearTimeout(timer);
    context.stopped = true;
  }
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
      if (response.status !== 200)
        return {
          ok: false,
          detail: `could not set the member's ${field} back to ${JSON.stringify(initial ?? null)} (${response.status})`,
        };
      detail = `the member's ${field} was set back to ${JSON.stringify(initial ?? null)}`;
    }
    if (harness.signIn !== "token") await client.signOut();
    return { ok: true, detail };
  } catch (error) {
    return { ok: false, detail: `could not check the member's session after the run (${firstLine(error)})` };
  }
}
