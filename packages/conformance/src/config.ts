import { readFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Account, FieldValues, UrlFieldPage } from "./harness.js";
import { shown } from "./mask.js";

/** The `safe-session-conformance` config: a running Auth.js app, two accounts, one update field. */
export interface ConformanceConfig {
  /** The running app's origin; every request goes here and nowhere else. */
  url: string;
  /** The app's Auth.js base path, e.g. `/api/auth`. */
  basePath: string;
  /** Optional: the app's secret (or secrets, current first); enables the token scenarios. */
  secret?: string | string[];
  /** Two test accounts the app's Credentials provider accepts; optionally a third, `spare`, that the locked-out scenario locks. */
  users: { member: Account; other: Account; spare?: Account };
  /** An update field whose `authorize` checks the value. */
  field: string;
  values: FieldValues;
  /** The app's update limit per user and minute, or `false` when it has none. */
  rateLimitMax: number | false;
  legacyQueryKey?: string | false;
  maxBodyBytes?: number;
  sessionCookieName?: string;
  nameField?: boolean;
  /** `"token"`: seal sessions with `secret` instead of signing in (JWT apps with only OAuth providers). */
  signIn?: "credentials" | "token";
  /** `"database"` when the app keeps sessions in an Auth.js adapter (the token scenarios then skip). */
  strategy?: "jwt" | "database";
  /** Random requests the property test sends. Default 200. */
  fuzzRuns?: number;
  /** The whole run stops after this long. Default 900. */
  timeoutSeconds?: number;
  /** The app's own sign-in form (a page action), for the login-CSRF and forged-address scenarios: where it posts, extra fields and headers. */
  signInForm?: { path: string; fields?: Record<string, string>; headers?: Record<string, string> };
  /** Failed sign-ins per account before the app answers 429; `false` when it has no such limit (the scenario then skips). Default 10. */
  signInRateLimit?: number | false;
  /** Failed sign-ins per client address before the app answers 429, or `false`. Default 100. */
  signInAddressLimit?: number | false;
  urlField?: UrlFieldPage; // the app's `urlFields` page for `field`: `{ page: "/companies/:value", shows?: { value: text } }`
  /** `"connection"` (default) when the app knows the client's address; `"none"` for Next route handlers. */
  clientAddress?: "connection" | "none";
}

/** A config the command cannot use; `key` names the culprit (`users.member.email`). */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`${key}: ${message}`);
  }
}

const KEYS = new Set([
  "url",
  "basePath",
  "secret",
  "users",
  "field",
  "values",
  "rateLimitMax",
  "legacyQueryKey",
  "maxBodyBytes",
  "sessionCookieName",
  "nameField",
  "signIn",
  "strategy",
  "fuzzRuns",
  "timeoutSeconds",
  "signInForm",
  "signInRateLimit",
  "signInAddressLimit",
  "clientAddress",
  "urlField",
]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const nonEmpty = (value: unknown): value is string => typeof value === "string" && value.trim() !== "";

function text(raw: Record<string, unknown>, key: string, path = key): string {
  const value = raw[key];
  if (value === undefined) throw new ConfigError(path, "missing");
  if (!nonEmpty(value)) throw new ConfigError(path, `must be a non-empty string (got ${shown(path, value)})`);
  return value;
}

function strings(value: unknown, path: string, min: number): string[] {
  if (value === undefined) throw new ConfigError(path, "missing");
  if (!Array.isArray(value) || value.length < min || !value.every(nonEmpty)) {
    throw new ConfigError(
      path,
      `must be an array of at least ${min} non-empty string${min > 1 ? "s" : ""} (got ${shown(path, value)})`,
    );
  }
  return value;
}

function positive(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0)
    throw new ConfigError(path, `must be a positive integer (got ${JSON.stringify(value)})`);
  return value;
}

function account(raw: unknown, path: string, { needsPassword }: { needsPassword: boolean }): Account {
  if (raw === undefined) throw new ConfigError(path, "missing");
  if (!isObject(raw)) throw new ConfigError(path, "must be an object { id, email, password }");
  const password = raw.password;
  if (needsPassword || password !== undefined) text(raw, "password", `${path}.password`);
  return {
    id: text(raw, "id", `${path}.id`),
    email: text(raw, "email", `${path}.email`),
    password: typeof password === "string" ? password : "",
  };
}

/** Checks a config as written by a person: every problem names its key. */
export function validateConfig(raw: unknown): ConformanceConfig {
  if (!isObject(raw))
    throw new ConfigError("(config)", "the file must export an object (its default export, or a JSON object)");
  for (const key of Object.keys(raw))
    if (!KEYS.has(key)) throw new ConfigError(key, `unknown key (known: ${[...KEYS].join(", ")})`);

  const url = text(raw, "url");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError("url", `not a URL (got ${JSON.stringify(url)})`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new ConfigError("url", "must be http: or https:");
  if (parsed.pathname !== "/" || parsed.search || parsed.hash)
    throw new ConfigError("url", "must be the app's origin only; put the Auth.js path in basePath");

  const basePath = text(raw, "basePath");
  if (!basePath.startsWith("/") || basePath.endsWith("/") || basePath.includes("?"))
    throw new ConfigError("basePath", `must start with "/" and not end with one (got ${JSON.stringify(basePath)})`);

  let secret: string[] = [];
  if (raw.secret !== undefined)
    secret = typeof raw.secret === "string" ? strings([raw.secret], "secret", 1) : strings(raw.secret, "secret", 1);

  const signIn = raw.signIn ?? "credentials";
  if (signIn !== "credentials" && signIn !== "token")
    throw new ConfigError("signIn", `must be "credentials" or "token" (got ${JSON.stringify(signIn)})`);
  const strategy = raw.strategy ?? "jwt";
  if (strategy !== "jwt" && strategy !== "database")
    throw new ConfigError("strategy", `must be "jwt" or "database" (got ${JSON.stringify(strategy)})`);
  if (signIn === "token" && secret.length === 0)
    throw new ConfigError("secret", 'signIn: "token" seals sessions with it: set secret');
  if (signIn === "token" && strategy === "database")
    throw new ConfigError("signIn", '"token" works for JWT sessions only');

  if (raw.users === undefined) throw new ConfigError("users", "missing");
  if (!isObject(raw.users)) throw new ConfigError("users", "must be an object { member, other }");
  const member = account(raw.users.member, "users.member", { needsPassword: signIn === "credentials" });
  const other = account(raw.users.other, "users.other", { needsPassword: signIn === "credentials" });
  if (member.id === other.id || member.email === other.email)
    throw new ConfigError("users.other", "must be another account than users.member");
  const spare =
    raw.users.spare === undefined ? undefined : account(raw.users.spare, "users.spare", { needsPassword: true });
  if (spare && [member, other].some((a) => a.id === spare.id || a.email === spare.email))
    throw new ConfigError("users.spare", "must be a third account: the scenario locks it");

  const field = text(raw, "field");
  if (raw.values === undefined) throw new ConfigError("values", "missing");
  if (!isObject(raw.values)) throw new ConfigError("values", "must be an object { member, other, unknown }");
  const memberValues = strings(raw.values.member, "values.member", 2);
  const otherValues = strings(raw.values.other, "values.other", 1);
  const unknown = text(raw.values, "unknown", "values.unknown");
  if (memberValues[0] === memberValues[1]) throw new ConfigError("values.member", "needs two different values");
  for (const value of otherValues)
    if (memberValues.includes(value))
      throw new ConfigError("values.other", `${JSON.stringify(value)} is also in values.member`);
  if ([...memberValues, ...otherValues].includes(unknown))
    throw new ConfigError("values.unknown", "must be a value nobody may set");

  if (raw.rateLimitMax === undefined)
    throw new ConfigError("rateLimitMax", "missing (the app's update limit per user and minute, or false)");
  const rateLimitMax = raw.rateLimitMax === false ? false : positive(raw.rateLimitMax, "rateLimitMax");

  const config: ConformanceConfig = {
    url: parsed.origin,
    basePath,
    users: spare ? { member, other, spare } : { member, other },
    field,
    values: { member: memberValues as FieldValues["member"], other: otherValues as FieldValues["other"], unknown },
    rateLimitMax,
    signIn,
    strategy,
  };
  if (secret.length > 0) config.secret = secret;
  if (raw.legacyQueryKey !== undefined) {
    if (raw.legacyQueryKey !== false && !nonEmpty(raw.legacyQueryKey))
      throw new ConfigError("legacyQueryKey", "must be a query key or false");
    config.legacyQueryKey = raw.legacyQueryKey;
  }
  if (raw.maxBodyBytes !== undefined) config.maxBodyBytes = positive(raw.maxBodyBytes, "maxBodyBytes");
  if (raw.sessionCookieName !== undefined) config.sessionCookieName = text(raw, "sessionCookieName");
  if (raw.nameField !== undefined) {
    if (typeof raw.nameField !== "boolean") throw new ConfigError("nameField", "must be true or false");
    config.nameField = raw.nameField;
  }
  if (raw.fuzzRuns !== undefined) {
    if (raw.fuzzRuns !== 0) positive(raw.fuzzRuns, "fuzzRuns");
    config.fuzzRuns = raw.fuzzRuns as number;
  }
  if (raw.timeoutSeconds !== undefined) config.timeoutSeconds = positive(raw.timeoutSeconds, "timeoutSeconds");
  if (raw.signInRateLimit !== undefined)
    config.signInRateLimit = raw.signInRateLimit === false ? false : positive(raw.signInRateLimit, "signInRateLimit");
  if (raw.signInAddressLimit !== undefined)
    config.signInAddressLimit =
      raw.signInAddressLimit === false ? false : positive(raw.signInAddressLimit, "signInAddressLimit");
  if (raw.clientAddress !== undefined) {
    if (raw.clientAddress !== "connection" && raw.clientAddress !== "none")
      throw new ConfigError(
        "clientAddress",
        `must be "connection" or "none" (got ${JSON.stringify(raw.clientAddress)})`,
      );
    config.clientAddress = raw.clientAddress;
  }
  if (raw.signInForm !== undefined) config.signInForm = signInForm(raw.signInForm);
  if (raw.urlField !== undefined) config.urlField = urlFieldPage(raw.urlField);
  return config;
}

function stringRecord(value: unknown, key: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== "string"))
    throw new ConfigError(key, "must be an object of strings");
  return value as Record<string, string>;
}

function signInForm(value: unknown): NonNullable<ConformanceConfig["signInForm"]> {
  if (!isObject(value)) throw new ConfigError("signInForm", "must be { path, fields?, headers? }");
  if (!nonEmpty(value.path) || !value.path.startsWith("/"))
    throw new ConfigError("signInForm.path", "must be a path on the app, starting with /");
  const fields = stringRecord(value.fields, "signInForm.fields");
  const headers = stringRecord(value.headers, "signInForm.headers");
  return { path: value.path, ...(fields ? { fields } : {}), ...(headers ? { headers } : {}) };
}

function urlFieldPage(value: unknown): UrlFieldPage {
  const page =
    isObject(value) && nonEmpty(value.page) && value.page.startsWith("/") && value.page.includes(":value")
      ? value.page
      : undefined;
  if (page === undefined)
    throw new ConfigError(
      "urlField",
      'must be { page, shows? }: page a path with ":value" where the value goes ("/companies/:value")',
    );
  const shows = stringRecord((value as Record<string, unknown>).shows, "urlField.shows");
  return { page, ...(shows ? { shows } : {}) };
}

/** Reads a config file: an ES module's default export (an object, or a function returning one) or JSON. */
export async function loadConfig(file: string): Promise<ConformanceConfig> {
  const path = resolve(file);
  let raw: unknown;
  if (extname(path) === ".json") {
    let source: string;
    try {
      source = await readFile(path, "utf8");
    } catch (error) {
      throw new ConfigError("--config", `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? error})`);
    }
    try {
      raw = JSON.parse(source);
    } catch (error) {
      // V8's message quotes the text around the error, which may be a password: the position only.
      const at = /position (\d+)/.exec((error as Error).message)?.[1];
      throw new ConfigError("--config", `${path} is not JSON${at ? ` (at position ${at})` : ""}`);
    }
  } else {
    let module: { default?: unknown };
    try {
      module = (await import(pathToFileURL(path).href)) as { default?: unknown };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ConfigError(
        "--config",
        code === "ERR_MODULE_NOT_FOUND" ? `cannot find ${path}` : `cannot load ${path} (${(error as Error).message})`,
      );
    }
    if (module.default === undefined) throw new ConfigError("--config", `${path} has no default export`);
    raw = typeof module.default === "function" ? await (module.default as () => unknown)() : module.default;
  }
  return validateConfig(raw);
}

// The harness built from a config lives in its own file; the `./config` entry keeps exporting it.
export { type ConfigHarness, configHarness, conformanceTarget } from "./config-harness.js";
