import { Auth, type AuthConfig, setEnvDefaults } from "@auth/core";
import type { Adapter } from "@auth/core/adapters";
import { parseSetCookie } from "../../src/index.js";

/**
 * The differential harness: one scenario runs twice, through stock `Auth()` and through
 * `handler()`, each side with its own cookie jar and its own copy of the config, and every answer
 * is reduced to what a client or the app can observe — status, every header (Set-Cookie as
 * cookies: name, value and attributes), body, and the
 * calls the request made to the config's `logger`, `events` and `callbacks` — with the random
 * parts (CSRF tokens, JWE bytes, ids) replaced by placeholders and dates kept for a tolerant
 * comparison.
 */

export const ORIGIN = "http://localhost:3000";
export const BASE = "/auth";

export type Fetcher = (request: Request) => Promise<Response>;

/** A date, compared within `DATE_TOLERANCE_MS`. */
export interface DateValue {
  date: number;
}

export interface Observed {
  step: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  cookies: Record<string, unknown>;
  logger: unknown[];
  callbacks: unknown[];
  events: unknown[];
}

export interface Recorder {
  logger: unknown[];
  callbacks: unknown[];
  events: unknown[];
}

export const DATE_TOLERANCE_MS = 2000;

const HEX = /\b[0-9a-f]{64}\b/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const JWE = /^eyJ[\w-]*\.[\w-]*\.[\w-]*\.[\w-]*\.[\w-]*$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Random values become placeholders; dates become `{ date }` for a tolerant comparison. */
export function normalize(value: unknown): unknown {
  if (value instanceof Date) return { date: value.valueOf() };
  if (typeof value === "string") {
    if (JWE.test(value)) return "<jwe>";
    if (ISO.test(value)) return { date: Date.parse(value) };
    return value.replace(HEX, "<hex>").replace(UUID, "<uuid>");
  }
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const entry = (value as Record<string, unknown>)[key];
      if (entry !== undefined) out[key] = normalize(entry);
    }
    return out;
  }
  return value;
}

/** A call's arguments as a shape: timestamps and random claims of a token are placeholders too. */
function callShape(value: unknown): unknown {
  const shaped = normalize(value);
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (typeof v !== "object" || v === null) return v;
    if ("date" in v && Object.keys(v).length === 1) return "<date>";
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(v)) {
      out[key] =
        (key === "iat" || key === "exp") && typeof entry === "number"
          ? "<time>"
          : key === "jti"
            ? "<jti>"
            : strip(entry);
    }
    return out;
  };
  return strip(shaped);
}

function errorShape(error: unknown) {
  const e = error as { type?: string; name?: string; message?: string; cause?: { err?: { name?: string } } };
  return { type: e?.type ?? e?.name, message: e?.message, cause: e?.cause?.err?.name };
}

/**
 * The config as an app writes it, with every hook recording into `recorder`. Each side gets its
 * own copy: `Auth()` writes defaults into the object it is given.
 */
export function recordingConfig(
  recorder: Recorder,
  extra: Partial<AuthConfig> = {},
  base: () => AuthConfig,
): AuthConfig {
  const config = base();
  const callbacks = { ...config.callbacks, ...extra.callbacks } as Record<string, (params: unknown) => unknown>;
  const recorded: Record<string, (params: unknown) => unknown> = {};
  for (const name of ["jwt", "session", "signIn", "redirect"]) {
    const own = callbacks[name];
    recorded[name] = async (params: unknown) => {
      recorder.callbacks.push({ [name]: callShape(params) });
      if (own) return own(params);
      return defaultCallback(name, params);
    };
  }
  const events: Record<string, (message: unknown) => void> = {};
  for (const name of ["signIn", "signOut", "createUser", "updateUser", "linkAccount", "session"]) {
    events[name] = (message) => void recorder.events.push({ [name]: callShape(message) });
  }
  return {
    ...config,
    ...extra,
    callbacks: recorded as NonNullable<AuthConfig["callbacks"]>,
    events: events as NonNullable<AuthConfig["events"]>,
    logger: {
      error: (error) => void recorder.logger.push({ error: errorShape(error) }),
      warn: (code) => void recorder.logger.push({ warn: code }),
    },
  } as AuthConfig;
}

/** Auth.js's default callbacks (lib/init.ts), for a config that leaves one out. */
function defaultCallback(name: string, params: unknown): unknown {
  const p = params as {
    token?: unknown;
    url?: string;
    baseUrl?: string;
    session?: { user?: Record<string, unknown>; expires?: unknown };
  };
  if (name === "jwt") return p.token;
  if (name === "signIn") return true;
  if (name === "redirect") {
    const { url = "", baseUrl = "" } = p;
    if (url.startsWith("/")) return `${baseUrl}${url}`;
    return new URL(url).origin === baseUrl ? url : baseUrl;
  }
  const expires = p.session?.expires as { toISOString?: () => string } | string | undefined;
  return {
    user: { name: p.session?.user?.name, email: p.session?.user?.email, image: p.session?.user?.image },
    expires: typeof expires === "object" && expires?.toISOString ? expires.toISOString() : expires,
  };
}

/** Stock: what a framework binding does — env defaults, then `Auth()`. */
export function stockFetcher(config: AuthConfig, env: Record<string, string | undefined> = {}): Fetcher {
  setEnvDefaults(env, config, true);
  return (request) => Auth(request, config);
}

/** A browser-like client: a cookie jar, and every answer observed. */
export class Client {
  readonly jar = new Map<string, string>();

  constructor(
    private readonly fetcher: Fetcher,
    private readonly recorder: Recorder,
  ) {}

  async send(
    step: string,
    path: string,
    init: { method?: string; form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Observed> {
    const headers = new Headers(init.headers);
    const cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join("; ");
    if (cookie && !headers.has("cookie")) headers.set("cookie", cookie);
    let body: string | undefined;
    if (init.form) {
      headers.set("content-type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(init.json);
    }
    const request = new Request(`${ORIGIN}${path}`, {
      method: init.method ?? (body === undefined ? "GET" : "POST"),
      headers,
      body: body ?? null,
    });
    const marks = {
      logger: this.recorder.logger.length,
      callbacks: this.recorder.callbacks.length,
      events: this.recorder.events.length,
    };
    const response = await this.fetcher(request);
    const text = await response.text();
    // Event hooks may run after the answer: let them land before the calls are read.
    await new Promise((resolve) => setImmediate(resolve));
    const cookies: Record<string, unknown> = {};
    for (const line of response.headers.getSetCookie()) {
      const parsed = parseSetCookie(line);
      if (!parsed) continue;
      const { name, options } = parsed;
      const value = parsed.value ?? "";
      const gone =
        options.maxAge === 0 ||
        value === "" ||
        (options.expires !== undefined && options.expires.valueOf() < Date.now());
      if (gone) this.jar.delete(name);
      else this.jar.set(name, value);
      cookies[name] = normalize({ value: decodeURIComponent(value), ...options });
    }
    const observedHeaders: Record<string, string> = {};
    for (const [name, value] of response.headers)
      if (name !== "set-cookie") observedHeaders[name] = String(normalize(value));
    let parsedBody: unknown = text;
    if (response.headers.get("content-type")?.includes("application/json")) parsedBody = text ? JSON.parse(text) : null;
    return {
      step,
      status: response.status,
      headers: observedHeaders,
      body: normalize(parsedBody),
      cookies,
      logger: this.recorder.logger.slice(marks.logger),
      callbacks: this.recorder.callbacks.slice(marks.callbacks),
      events: this.recorder.events.slice(marks.events),
    };
  }

  /** The stock client's sign-in: a CSRF token, then the Credentials form. */
  async signIn(email: string, password: string, step = "sign-in"): Promise<Observed[]> {
    const csrf = await this.send(`${step}: GET /csrf`, `${BASE}/csrf`);
    const token = this.csrfToken();
    const post = await this.send(`${step}: POST /callback/credentials`, `${BASE}/callback/credentials`, {
      form: { csrfToken: token, email, password },
    });
    return [csrf, post];
  }

  /** The token half of the CSRF cookie this client holds. */
  csrfToken(): string {
    return decodeURIComponent(this.jar.get("authjs.csrf-token") ?? "").split("|")[0] ?? "";
  }
}

export interface Difference {
  scenario: string;
  step: string;
  path: string;
  stock: unknown;
  ours: unknown;
}

function isDate(value: unknown): value is DateValue {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.keys(value).length === 1 &&
    typeof (value as DateValue).date === "number"
  );
}

/** Every place two observations differ, dates within the tolerance counting as equal. */
export function compare(scenario: string, stock: Observed, ours: Observed): Difference[] {
  const out: Difference[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (isDate(a) && isDate(b)) {
      if (Math.abs(a.date - b.date) > DATE_TOLERANCE_MS)
        out.push({ scenario, step: stock.step, path, stock: a, ours: b });
      return;
    }
    if (
      typeof a === "object" &&
      a !== null &&
      typeof b === "object" &&
      b !== null &&
      Array.isArray(a) === Array.isArray(b)
    ) {
      if (Array.isArray(a) && Array.isArray(b)) {
        if (a.length !== b.length || JSON.stringify(a) !== JSON.stringify(b)) {
          // Lists (calls) differ as a whole unless every entry matches within tolerance.
          const inner: Difference[] = [];
          if (a.length === b.length)
            for (const [i, entry] of a.entries()) walkInto(entry, b[i], `${path}[${i}]`, inner);
          if (a.length !== b.length || inner.length > 0)
            out.push({ scenario, step: stock.step, path, stock: a, ours: b });
        }
        return;
      }
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const key of keys)
        walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      return;
    }
    if (!Object.is(a, b)) out.push({ scenario, step: stock.step, path, stock: a, ours: b });
  };
  const walkInto = (a: unknown, b: unknown, path: string, sink: Difference[]) => {
    const before = out.length;
    walk(a, b, path);
    sink.push(...out.splice(before));
  };
  walk({ ...stock, step: undefined }, { ...ours, step: undefined }, "");
  return out;
}

/** One adapter per side, seeded alike: stock and the handler read the same database session. */
export function seededAdapter(make: () => Adapter, sessions: { sessionToken: string; expires: Date }[]): Adapter {
  const adapter = make();
  void adapter.createUser?.({
    id: "alice",
    email: "alice@example.com",
    emailVerified: null,
    name: "Alice",
    image: null,
  });
  for (const session of sessions) void adapter.createSession?.({ ...session, userId: "alice" });
  return adapter;
}
