/** The harness for an app a config describes: real HTTP to its `url` only, paced, time-limited. */
import type { ConformanceConfig } from "./config.js";
import { validateConfig } from "./config.js";
import type { ConformanceTarget, Harness } from "./harness.js";
import { type Exchange, type Pacer, createPacer, scenarioContext } from "./run-context.js";

/** The harness `conformanceTarget` builds from a config: a `Harness` that also records what it sent. */
export interface ConfigHarness extends Harness {
  /** What the target was sent, scenario by scenario. */
  pacer: Pacer;
}

/**
 * The harness for an app described by a config: real HTTP to `url` only, redirects not followed,
 * every request with a time limit, update attempts paced under `rateLimitMax`.
 */
export function configHarness(config: ConformanceConfig): ConfigHarness {
  const origin = new URL(config.url).origin;
  const pacer = createPacer(config.rateLimitMax);
  const harness: ConfigHarness = {
    origin,
    basePath: config.basePath,
    secrets: config.secret === undefined ? [] : typeof config.secret === "string" ? [config.secret] : config.secret,
    users: { member: config.users.member, other: config.users.other },
    values: config.values,
    field: config.field,
    signIn: config.signIn ?? "credentials",
    strategy: config.strategy ?? "jwt",
    // The suite does not know the app's schema: a refused string may be INVALID_VALUE or FORBIDDEN.
    valueCodes: "either",
    rateLimitMax: config.rateLimitMax,
    legacyQueryKey: config.legacyQueryKey ?? false,
    maxBodyBytes: config.maxBodyBytes ?? 8192,
    nameField: config.nameField ?? false,
    fuzzRuns: config.fuzzRuns ?? 200,
    reuseOther: true,
    // A running app is reached over a connection, so its limit can know the peer's address.
    clientAddress: config.clientAddress ?? "connection",
    pacer,
    pace: (userId) => pacer.pace(userId),
    drain: (userId) => pacer.drain(userId),
    fetch: (request) => send(origin, request),
  };
  if (config.sessionCookieName !== undefined) harness.sessionCookieName = config.sessionCookieName;
  if (config.signInForm !== undefined) harness.signInForm = config.signInForm;
  if (config.signInRateLimit !== undefined) harness.signInRateLimit = config.signInRateLimit;
  if (config.signInAddressLimit !== undefined) harness.signInAddressLimit = config.signInAddressLimit;
  if (config.urlField !== undefined) harness.urlField = config.urlField;
  if (config.users.spare) harness.spareUser = config.users.spare;
  return harness;
}

/** No request takes longer than this: a hung app fails the scenario instead of the run. */
const REQUEST_TIMEOUT_MS = 15_000;

async function send(origin: string, request: Request): Promise<Response> {
  const target = new URL(request.url);
  // Traffic goes to the configured app only, whatever a scenario builds.
  if (target.origin !== origin)
    throw new Error(`refused to send a request to ${target.origin}: only ${origin} is tested`);
  const context = scenarioContext();
  if (context?.stopped) throw new Error("the scenario ran out of time");
  const exchange: Exchange | undefined = context
    ? { method: request.method, path: `${target.pathname}${target.search}`, body: await describeBody(request) }
    : undefined;
  const signals = [AbortSignal.timeout(REQUEST_TIMEOUT_MS), ...(context ? [context.abort.signal] : [])];
  const response = await fetch(request, { redirect: "manual", signal: AbortSignal.any(signals) });
  if (context && exchange) {
    exchange.status = response.status;
    exchange.setCookies = response.headers.getSetCookie();
    exchange.contentType = response.headers.get("content-type") ?? undefined;
    context.exchanges.push(exchange);
  }
  return response;
}

/** A request body as a report may show it: passwords and CSRF tokens masked, cut at 300 characters. */
async function describeBody(request: Request): Promise<string | undefined> {
  if (request.body === null) return undefined;
  const text = await request.clone().text();
  const masked = text
    .replace(/("(?:csrfToken|password)"\s*:\s*)"[^"]*"/g, '$1"…"')
    .replace(/((?:^|&)(?:csrfToken|password)=)[^&]*/g, "$1…");
  return masked.length > 300 ? `${masked.slice(0, 300)}… (${text.length} characters)` : masked;
}

/**
 * The command's target for `runConformance`: the same scenarios in a team's own vitest run.
 *
 * @example
 * runConformance(conformanceTarget(await loadConfig("conformance.config.mjs"), "staging"));
 */
export function conformanceTarget(config: ConformanceConfig, name = config.url): ConformanceTarget {
  return { name, setup: () => configHarness(validateConfig(config)) };
}
