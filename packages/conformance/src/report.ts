/** What the command reports of a run: per scenario, and for a failure what was sent, what came back, and what kind of failure it is. */
import { AssertionError } from "node:assert";
import { inspect } from "node:util";
import type { Harness } from "./harness.js";
import { DIFFERENCE, type FailureKind, classify, riskOf } from "./risks.js";
import type { Exchange, ScenarioContext } from "./run-context.js";
import { RefusalFailure, type Scenario } from "./scenarios/support.js";

export interface ScenarioReport {
  id: string;
  title: string;
  status: "pass" | "fail" | "skip";
  durationMs: number;
  /** Why a scenario was skipped. */
  reason?: string;
  failure?: {
    /** A hole (the session changed, someone got in, a limit let more through) or only another answer than the contract's. */
    kind: FailureKind;
    message: string;
    /** The request that failed: method, path, masked body. */
    sent?: string;
    expected: string;
    got: { status?: number; code?: string; sessionChanged?: boolean; body?: string; detail?: string };
    /** For a vulnerability, what it lets an attacker do; for a contract difference, why it is none. */
    risk: string;
  };
}

export interface Summary {
  passed: number;
  failed: number;
  /** Failures that are holes, and failures that are only another answer: `failed` is their sum. */
  vulnerabilities: number;
  contractDifferences: number;
  skipped: number;
  total: number;
}

export interface Report {
  tool: "safe-session-conformance";
  url: string;
  basePath: string;
  field: string;
  startedAt: string;
  durationMs: number;
  summary: Summary;
  /** Whether the member's session ended as it began. */
  restored: { ok: boolean; detail: string };
  /** Set when the run stopped at `timeoutSeconds` before every scenario ran. */
  timedOut?: boolean;
  scenarios: ScenarioReport[];
}

export function summarize(reports: ScenarioReport[]): Summary {
  const count = (status: ScenarioReport["status"]) => reports.filter((r) => r.status === status).length;
  const vulnerabilities = reports.filter((r) => r.failure?.kind === "vulnerability").length;
  return {
    passed: count("pass"),
    failed: count("fail"),
    vulnerabilities,
    contractDifferences: count("fail") - vulnerabilities,
    skipped: count("skip"),
    total: reports.length,
  };
}

export function summaryLine(s: Summary): string {
  const failed =
    s.failed === 0
      ? "0 failed"
      : `${s.failed} failed (${s.vulnerabilities} ${s.vulnerabilities === 1 ? "vulnerability" : "vulnerabilities"}, ${s.contractDifferences} contract difference${s.contractDifferences === 1 ? "" : "s"})`;
  return `${s.passed} passed, ${failed}, ${s.skipped} skipped`;
}

/** The lines printed under a `FAIL`. */
export function failureLines(failure: NonNullable<ScenarioReport["failure"]>): string[] {
  return [
    ...(failure.sent ? [`     sent:     ${failure.sent}`] : []),
    `     expected: ${failure.expected}`,
    `     got:      ${describeGot(failure.got)}`,
    `     kind:     ${failure.kind === "vulnerability" ? "vulnerability" : "contract difference"}`,
    `     ${failure.kind === "vulnerability" ? "risk:    " : "why:     "} ${failure.risk}`,
  ];
}

export function describeFailure(
  scenario: Scenario,
  error: unknown,
  context: ScenarioContext,
  harness: Harness,
): NonNullable<ScenarioReport["failure"]> {
  const attempt = lastAttempt(context.exchanges, harness.basePath);
  const sent = attempt ? `${attempt.method} ${attempt.path}${attempt.body ? ` ${attempt.body}` : ""}` : undefined;
  const message = firstLine(error);
  const kind = classify(scenario.id, error);
  const risk = kind === "vulnerability" ? riskOf(scenario.id) : DIFFERENCE;
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
    return {
      kind,
      message,
      ...(sent ? { sent } : {}),
      expected: error.contract,
      got: right ? { ...got, detail: message } : got,
      risk,
    };
  }
  const got: NonNullable<ScenarioReport["failure"]>["got"] = {};
  if (attempt?.status !== undefined) {
    got.status = attempt.status;
    // A sign-in or sign-out writes the session cookie by design: only an update's cookie is news.
    if (/\/callback\/|\/sign(?:in|out)\b/.test(attempt.path))
      return { kind, message, ...(sent ? { sent } : {}), expected: message, got, risk };
    const name =
      harness.sessionCookieName ?? `${harness.origin.startsWith("https:") ? "__Secure-" : ""}authjs.session-token`;
    got.sessionChanged = (attempt.setCookies ?? []).some(
      (line) => line.startsWith(`${name}=`) || line.startsWith(`${name}.`),
    );
  }
  return { kind, message, ...(sent ? { sent } : {}), expected: message, got, risk };
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
  if (got.code === undefined && got.body !== undefined)
    parts[0] += ` (body: ${got.body.replace(/\s+/g, " ").slice(0, 80) || "empty"})`;
  if (got.sessionChanged !== undefined)
    parts.push(got.sessionChanged ? "the session changed" : "the session unchanged");
  return `${parts.join(", ")}${got.detail ? ` — ${got.detail}` : ""}`;
}

export function firstLine(error: unknown): string {
  // node:assert's own message spreads a diff over lines; its values say it in one.
  if (error instanceof AssertionError && error.generatedMessage)
    return `${inspect(error.expected)} ${error.operator === "notStrictEqual" ? "not " : ""}expected, got ${inspect(error.actual)}`.slice(
      0,
      300,
    );
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n")[0] ?? "").slice(0, 300);
}
