import { readFileSync } from "node:fs";
import type { AuthConfig } from "@auth/core";
import { encode } from "@auth/core/jwt";
import Credentials from "@auth/core/providers/credentials";
import GitHub from "@auth/core/providers/github";
import { beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { createSafeSession, defineUpdates } from "../../src/index.js";
import {
  BASE,
  Client,
  type Difference,
  type Observed,
  type Recorder,
  compare,
  recordingConfig,
  seededAdapter,
  stockFetcher,
} from "../support/differential.js";
import { memoryAdapter } from "../support/fixture.js";

/**
 * Stock `Auth()` and `handler()` side by side: the same request sequences, compared on status,
 * headers, body, cookies and the calls to `logger`, `events` and `callbacks`. Every difference
 * must be on the allow-list below, each with its reason — the same list as core's README
 * ("Differences from stock Auth.js") — and every entry of the list must still be needed.
 */

const SECRET = "differential-secret-0123456789abcdef";
const OLD_SECRET = "differential-old-secret-0123456789ab";
const users = [
  { id: "alice", email: "alice@example.com", password: "alice-password", name: "Alice" },
  { id: "bob", email: "bob@example.com", password: "bob-password", name: "Bob" },
];

function baseConfig(): AuthConfig {
  return {
    secret: SECRET,
    trustHost: true,
    basePath: BASE,
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        authorize: ({ email, password }) => {
          const user = users.find((u) => u.email === email && u.password === password);
          return user ? { id: user.id, email: user.email, name: user.name } : null;
        },
      }),
    ],
    callbacks: {
      jwt: ({ token, user }) => {
        if (user?.id) token.sub = user.id;
        return token;
      },
      // The common app callback: the session as built, plus the user's id.
      session: ({ session, token, user }) => {
        const id = token?.sub ?? user?.id;
        if (id && session.user) session.user.id = id;
        return session;
      },
    },
  };
}

interface Scenario {
  name: string;
  config?: (recorder: Recorder) => AuthConfig;
  env?: Record<string, string | undefined>;
  run(client: Client): Promise<Observed[]>;
}

const withConfig =
  (extra: Partial<AuthConfig>, drop: (keyof AuthConfig)[] = []) =>
  (recorder: Recorder) => {
    const config = recordingConfig(recorder, extra, baseConfig);
    for (const key of drop) delete config[key];
    return config;
  };

async function tokenCookie(secret: string, maxAge: number, claims: Record<string, unknown> = {}) {
  return encode({
    token: { sub: "alice", name: "Alice", email: "alice@example.com", ...claims },
    secret,
    salt: "authjs.session-token",
    maxAge,
  });
}

const reads = (client: Client, label: string) => client.send(`${label}: GET /session`, `${BASE}/session`);

const scenarios: Scenario[] = [
  { name: "providers", run: async (c) => [await c.send("GET /providers", `${BASE}/providers`)] },
  {
    name: "csrf",
    run: async (c) => [
      await c.send("GET /csrf (no cookie)", `${BASE}/csrf`),
      await c.send("GET /csrf (with its cookie)", `${BASE}/csrf`),
    ],
  },
  { name: "session without a cookie", run: async (c) => [await reads(c, "no cookie")] },
  {
    name: "sign-in, then reads with a valid cookie",
    run: async (c) => [
      ...(await c.signIn("alice@example.com", "alice-password")),
      await reads(c, "first"),
      await reads(c, "second"),
    ],
  },
  {
    name: "sign-in with a wrong password",
    run: async (c) => [...(await c.signIn("alice@example.com", "wrong")), await reads(c, "after")],
  },
  {
    name: "read with an expired cookie",
    run: async (c) => {
      c.jar.set("authjs.session-token", await tokenCookie(SECRET, -60));
      return [await reads(c, "expired")];
    },
  },
  {
    name: "read with a tampered cookie",
    run: async (c) => {
      const token = await tokenCookie(SECRET, 3600);
      const parts = token.split(".");
      const ciphertext = parts[3] as string;
      parts[3] = `${ciphertext.slice(0, 10)}${ciphertext[10] === "A" ? "B" : "A"}${ciphertext.slice(11)}`;
      c.jar.set("authjs.session-token", parts.join("."));
      return [await reads(c, "tampered")];
    },
  },
  {
    name: "read with a cookie of the previous secret (rotation)",
    config: withConfig({ secret: [SECRET, OLD_SECRET] }),
    run: async (c) => {
      c.jar.set("authjs.session-token", await tokenCookie(OLD_SECRET, 3600));
      return [await reads(c, "rotated"), await reads(c, "after")];
    },
  },
  {
    name: "sign-out, then the old cookie",
    run: async (c) => {
      const steps = await c.signIn("alice@example.com", "alice-password");
      const old = c.jar.get("authjs.session-token") as string;
      steps.push(await c.send("GET /csrf", `${BASE}/csrf`));
      steps.push(await c.send("POST /signout", `${BASE}/signout`, { form: { csrfToken: c.csrfToken() } }));
      steps.push(await reads(c, "after sign-out"));
      c.jar.set("authjs.session-token", old);
      steps.push(await reads(c, "a copy of the old cookie"));
      return steps;
    },
  },
  {
    name: "update through POST /session (the stock client's body)",
    run: async (c) => {
      const steps = await c.signIn("alice@example.com", "alice-password");
      steps.push(await c.send("GET /csrf", `${BASE}/csrf`));
      steps.push(
        await c.send("POST /session", `${BASE}/session`, {
          json: { csrfToken: c.csrfToken(), data: { selectedCompanyId: "acme" } },
        }),
      );
      return steps;
    },
  },
  {
    name: "update refusals: no session, a wrong CSRF token, a field not allow-listed",
    run: async (c) => {
      const steps = [await c.send("GET /csrf", `${BASE}/csrf`)];
      steps.push(
        await c.send("POST /session", `${BASE}/session`, {
          json: { csrfToken: c.csrfToken(), data: { selectedCompanyId: "acme" } },
        }),
      );
      steps.push(...(await c.signIn("alice@example.com", "alice-password")));
      steps.push(
        await c.send("POST /session", `${BASE}/session`, {
          json: { csrfToken: "wrong", data: { selectedCompanyId: "acme" } },
        }),
      );
      steps.push(
        await c.send("POST /session", `${BASE}/session`, { json: { csrfToken: c.csrfToken(), data: { sub: "bob" } } }),
      );
      steps.push(await reads(c, "after"));
      return steps;
    },
  },
  {
    name: "other methods",
    run: async (c) => [
      await c.send("PUT /session", `${BASE}/session`, { method: "PUT" }),
      await c.send("DELETE /signout", `${BASE}/signout`, { method: "DELETE" }),
    ],
  },
  {
    name: "other spellings of the session path",
    run: async (c) => {
      const steps = await c.signIn("alice@example.com", "alice-password");
      steps.push(await c.send("GET //session", `${BASE}//session`));
      steps.push(await c.send("GET /session/", `${BASE}/session/`));
      steps.push(await c.send("GET /session/x", `${BASE}/session/x`));
      return steps;
    },
  },
  {
    name: "failed credentials sign-ins past the limit",
    run: async (c) => {
      const steps: Observed[] = [];
      for (let i = 1; i <= 11; i++) steps.push(...(await c.signIn("alice@example.com", "wrong", `attempt ${i}`)));
      return steps;
    },
  },
  {
    name: "database session",
    config: (recorder) =>
      recordingConfig(
        recorder,
        {
          providers: [...(baseConfig().providers ?? []), GitHub({ clientId: "id", clientSecret: "secret" })],
          adapter: seededAdapter(memoryAdapter, [
            { sessionToken: "due-session", expires: new Date(Date.now() + 3600_000) },
            { sessionToken: "fresh-session", expires: new Date(Date.now() + 30 * 24 * 3600_000 - 60_000) },
            { sessionToken: "expired-session", expires: new Date(Date.now() - 60_000) },
          ]),
          session: { strategy: "database" },
        },
        baseConfig,
      ),
    run: async (c) => {
      const steps: Observed[] = [];
      for (const token of ["fresh-session", "due-session", "expired-session", "unknown-session"]) {
        c.jar.clear();
        c.jar.set("authjs.session-token", token);
        steps.push(await reads(c, token));
      }
      return steps;
    },
  },
  {
    name: "config error: no secret",
    config: withConfig({}, ["secret"]),
    run: async (c) => [
      await reads(c, "no secret"),
      await c.send("GET /csrf", `${BASE}/csrf`),
      await c.send("GET /providers", `${BASE}/providers`),
      await c.send("POST /session", `${BASE}/session`, { json: { csrfToken: "x", data: {} } }),
      await c.send("GET /signin", `${BASE}/signin`),
    ],
  },
  {
    name: "config error: credentials with database sessions and no adapter",
    config: withConfig({ session: { strategy: "database" } }),
    run: async (c) => [
      await reads(c, "no adapter"),
      await c.send("GET /csrf", `${BASE}/csrf`),
      await c.send("GET /providers", `${BASE}/providers`),
    ],
  },
  {
    name: "untrusted host: trustHost false",
    config: withConfig({ trustHost: false }),
    run: async (c) => [
      await reads(c, "untrusted"),
      await c.send("GET /csrf", `${BASE}/csrf`),
      await c.send("GET /providers", `${BASE}/providers`),
    ],
  },
  {
    name: "untrusted host: production without AUTH_URL or AUTH_TRUST_HOST",
    config: withConfig({}, ["trustHost"]),
    env: { NODE_ENV: "production" },
    run: async (c) => [await reads(c, "production"), await c.send("GET /csrf", `${BASE}/csrf`)],
  },
  {
    name: "invalid callbackUrl in the query",
    run: async (c) => [
      await c.send(
        "GET /session?callbackUrl=javascript:…",
        `${BASE}/session?callbackUrl=${encodeURIComponent("javascript:alert(1)")}`,
      ),
      await c.send(
        "GET /csrf?callbackUrl=javascript:…",
        `${BASE}/csrf?callbackUrl=${encodeURIComponent("javascript:alert(1)")}`,
      ),
      await c.send(
        "GET /providers?callbackUrl=ftp:…",
        `${BASE}/providers?callbackUrl=${encodeURIComponent("ftp://example.com")}`,
      ),
    ],
  },
  {
    name: "invalid callback-url cookie",
    run: async (c) => {
      c.jar.set("authjs.callback-url", encodeURIComponent("javascript:alert(1)"));
      return [await reads(c, "bad cookie"), await c.send("GET /csrf", `${BASE}/csrf`)];
    },
  },
  {
    name: "valid callbackUrl in the query",
    run: async (c) => [await c.send("GET /session?callbackUrl=/dashboard", `${BASE}/session?callbackUrl=%2Fdashboard`)],
  },
];

interface Allowed {
  /** The README names each difference by this id. */
  id: string;
  scenario: RegExp;
  step?: RegExp;
  path: RegExp;
  /** When set, the difference is allowed only if both sides are equal after this. */
  equalAfter?: (value: unknown) => unknown;
  reason: string;
}

/** A call's arguments without the two claims core adds to every token. */
function withoutSessionClaims(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSessionClaims);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value))
    if (key !== "sid" && key !== "rev") out[key] = withoutSessionClaims(entry);
  return out;
}

/** A value without any `sessionToken` key, at any depth. */
function withoutSessionToken(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSessionToken);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) if (key !== "sessionToken") out[key] = withoutSessionToken(entry);
  return out;
}

/** The intended differences, each with its reason: the same list as core's README. */
const ALLOWED: Allowed[] = [
  {
    id: "update-contract",
    scenario: /^update/,
    step: /^POST \/session$/,
    path: /.*/,
    reason:
      "POST /session is the update contract: only allow-listed, validated, authorized fields reach the token (the jwt callback sees the validated patch after it was applied), and the answer carries no-cache headers like every other session answer.",
  },
  {
    id: "refresh-policy",
    scenario: /.*/,
    step: /GET \/\/?session\/?$/,
    path: /^(cookies\.authjs\.session-token|body\.expires)$/,
    reason:
      "A read re-encodes the token only once session.updateAge has passed (or revalidation or the jwt callback changed it); stock re-encodes on every read. So a fresh token's read sets no cookie and reports the token's own expiry. A rotated-secret token is read and not re-issued until then either. Database sessions follow the same policy: the cookie is re-sent only when the row's expiry is extended.",
  },
  {
    id: "method-not-allowed",
    scenario: /^other methods$/,
    path: /^(status|body|headers\.(allow|cache-control)|logger)$/,
    reason:
      'Methods other than GET and POST answer the contract\'s `405 METHOD_NOT_ALLOWED` with `Allow: GET, POST` and a JSON error, where Auth() answers `400 "Bad request."` and logs UnknownAction.',
  },
  {
    id: "sign-in-rate-limit",
    scenario: /^failed credentials sign-ins past the limit$/,
    step: /^attempt 11: POST \/callback\/credentials$/,
    path: /^(headers\.(location|retry-after)|logger|callbacks)$/,
    reason:
      "Failed Credentials sign-ins are limited (10 per account, 100 per client address, in 15 minutes): past that the form post goes back to the sign-in page with `error=RateLimited` and `Retry-After`, before the provider's authorize runs (so Auth() logs nothing and calls no callback).",
  },
  {
    id: "sign-out-revokes",
    scenario: /^sign-out/,
    step: /a copy of the old cookie/,
    path: /.*/,
    reason:
      "Sign-out revokes the session's id in the store, so a copy of the old cookie reads as no session (stock reads it until it expires).",
  },
  {
    id: "no-session-token",
    scenario: /^database session$/,
    step: /GET \/session$/,
    path: /^body\.sessionToken$/,
    reason:
      "A database session's token is an HttpOnly cookie by design: it is never in the session JSON, whatever the app's session callback returns (stock answers it when the callback returns the whole row).",
  },
  {
    id: "no-session-token",
    scenario: /^database session$/,
    step: /GET \/session$/,
    path: /^events$/,
    equalAfter: withoutSessionToken,
    reason: "Nor is it in what events.session (often an audit log) receives.",
  },
  {
    id: "session-id-claims",
    scenario: /.*/,
    path: /^(callbacks|events)$/,
    equalAfter: withoutSessionClaims,
    reason:
      "Every token carries `sid` (the session's id, for revocation) and `rev` (its update count, for the consistency check); the jwt and session callbacks see those two claims.",
  },
];

/** Runs a scenario on both sides; the differences the allow-list does not cover. */
async function differencesOf(scenario: Scenario, used: Set<string>): Promise<Difference[]> {
  const makeConfig = scenario.config ?? withConfig({});
  const stockRecorder: Recorder = { logger: [], callbacks: [], events: [] };
  const ourRecorder: Recorder = { logger: [], callbacks: [], events: [] };
  const stock = new Client(stockFetcher(makeConfig(stockRecorder), scenario.env ?? {}), stockRecorder);
  const safe = createSafeSession({
    config: makeConfig(ourRecorder),
    updates: defineUpdates({
      selectedCompanyId: { schema: z.string().min(1).max(64), authorize: ({ token }) => token.sub === "alice" },
    }),
    rateLimit: false,
    env: scenario.env ?? {},
  });
  const ours = new Client((request) => safe.handler(request), ourRecorder);
  const stockSteps = await scenario.run(stock);
  const ourSteps = await scenario.run(ours);
  expect(ourSteps.map((s) => s.step)).toEqual(stockSteps.map((s) => s.step));
  const unexpected: Difference[] = [];
  stockSteps.forEach((step, i) => {
    for (const difference of compare(scenario.name, step, ourSteps[i] as Observed)) {
      const allowed = ALLOWED.find(
        (a) =>
          a.scenario.test(difference.scenario) &&
          (a.step?.test(difference.step) ?? true) &&
          a.path.test(difference.path) &&
          (!a.equalAfter ||
            JSON.stringify(a.equalAfter(difference.stock)) === JSON.stringify(a.equalAfter(difference.ours))),
      );
      if (allowed) used.add(allowed.id);
      else unexpected.push(difference);
    }
  });
  return unexpected;
}

describe("differential: stock Auth() and handler() answer alike outside the update contract", () => {
  // Every scenario runs once, up front: the allow-list check below needs all of them, however the run is filtered.
  const unexpected = new Map<string, Difference[]>();
  const used = new Set<string>();
  beforeAll(async () => {
    for (const scenario of scenarios) unexpected.set(scenario.name, await differencesOf(scenario, used));
  });

  for (const scenario of scenarios) {
    test(scenario.name, () => {
      expect(unexpected.get(scenario.name)).toEqual([]);
    });
  }

  test("every allowed difference is still needed, and core's README lists each with its reason", () => {
    expect([...used].sort()).toEqual([...new Set(ALLOWED.map((a) => a.id))].sort());
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    for (const { id } of ALLOWED) expect(readme).toContain(`**${id}**`);
  });
});
