import { Auth, type AuthConfig } from "@auth/core";
import type { Adapter } from "@auth/core/adapters";
import GitHub from "@auth/core/providers/github";
import { describe, expect, test } from "vitest";
import { MemoryStore, type SafeSessionError, type SafeSessionOptions, createSafeSession } from "../../src/index.js";
import { ORIGIN, memoryAdapter, memoryMemberships, testConfig, testUpdates, seedAlice } from "../support/fixture.js";
import { SESSION_COOKIE, sessionCookie, updateRequest } from "../support/signed-in.js";

// README "Callbacks": an update runs the app's `jwt` callback, its `session` callback and
// `events.session` once each, in the order and with the triggers `Auth()` uses on `POST /session`
// — an audit log in `events.session` gets one entry per update, not a read's and then the update's.
// Stock is driven with the same request (a fresh config object each time: `Auth()` writes into it).

type Calls = string[];

function recording(calls: Calls, extra: Partial<AuthConfig> = {}): AuthConfig {
  const config = { ...testConfig(), ...extra };
  const own = config.callbacks ?? {};
  return {
    ...config,
    callbacks: {
      jwt: (params) => {
        calls.push(`jwt:${params.trigger ?? "read"}`);
        const token = own.jwt ? own.jwt(params) : params.token;
        return params.trigger === "update" ? { ...params.token, ...params.session } : token;
      },
      session: (params) => {
        calls.push(`session:${(params as { trigger?: string }).trigger ?? "read"}`);
        return own.session ? own.session(params) : params.session;
      },
    },
    events: { session: () => void calls.push("events.session") },
  };
}

const ALICE = { sub: "alice", email: "alice@example.com", name: "Alice" };
const JWT_UPDATE = ["jwt:update", "session:read", "events.session"];
const JWT_READ = ["jwt:read", "session:read", "events.session"];

/** What stock `Auth()` calls for each request, in order (one fresh config per request). */
async function stockCalls(requests: (() => Promise<Request>)[], extra: Partial<AuthConfig> = {}): Promise<Calls> {
  const calls: Calls = [];
  for (const make of requests) await Auth(await make(), recording(calls, extra));
  return calls;
}

type Options = Partial<Omit<SafeSessionOptions<ReturnType<typeof testUpdates>>, "config" | "updates">>;

function ours(calls: Calls, options: Options = {}, extra: Partial<AuthConfig> = {}) {
  return createSafeSession({
    config: recording(calls, extra),
    updates: testUpdates(),
    env: {},
    rateLimit: false,
    ...options,
  });
}

/** The demo memberships, counting the `authorize` calls that ask them. */
function countedMemberships() {
  const memberships = memoryMemberships();
  let count = 0;
  const has = (user: string, company: string) => {
    count++;
    return memberships.has(user, company);
  };
  return { memberships: { ...memberships, has }, checks: () => count };
}

/** `ours` with the memberships counting `authorize`'s checks. */
function oursCountingChecks(calls: Calls) {
  const { memberships, checks } = countedMemberships();
  const safe = createSafeSession({
    config: recording(calls),
    updates: testUpdates(memberships),
    env: {},
    rateLimit: false,
  });
  return { safe, checks };
}

const cookieOf = (claims: Record<string, unknown> = ALICE) => sessionCookie(claims);
const httpUpdate =
  (data: unknown, options: Parameters<typeof updateRequest>[1] = {}) =>
  async () =>
    updateRequest(data, { cookie: options.cookie ?? (await cookieOf()), ...options });
const read = (cookie: string) => async () => new Request(`${ORIGIN}/auth/session`, { headers: { cookie } });
/** A form action's or server action's request (same origin). */
const action = (cookie: string) =>
  new Request(`${ORIGIN}/settings`, { method: "POST", headers: { origin: ORIGIN, cookie } });

describe("JWT sessions: an update runs the callbacks as Auth() does", () => {
  test("POST /session: jwt (trigger update), session, events.session — once each, as stock", async () => {
    const calls: Calls = [];
    const response = await ours(calls).handler(await httpUpdate({ name: "Alice Liddell" })());
    expect(response.status).toBe(200);
    expect(calls).toEqual(await stockCalls([httpUpdate({ name: "Alice Liddell" })]));
    expect(calls).toEqual(JWT_UPDATE);
  });

  test("a no-op (data: {}) answers the session with the same calls as stock: the jwt callback gets trigger update", async () => {
    const calls: Calls = [];
    expect((await ours(calls).handler(await httpUpdate({})())).status).toBe(200);
    expect(calls).toEqual(await stockCalls([httpUpdate({})]));
  });

  test("a no-op runs revalidation's authorize once (its read is finished, not read again)", async () => {
    const calls: Calls = [];
    const { safe, checks } = oursCountingChecks(calls);
    const cookie = await cookieOf({ ...ALICE, selectedCompanyId: "acme" });
    expect((await safe.handler(await updateRequest({}, { cookie }))).status).toBe(200);
    expect(checks()).toBe(1);
    expect(calls).toEqual(JWT_UPDATE);
  });

  // Each class of refusal: before the session is read (2–5), no session (6), after the read and
  // before the commit (7–11): no callback runs, the refusal answers no session. In the commit
  // (12–13) the jwt callback has run on the draft; its result is refused, so nothing more runs.
  const refusals: {
    code: string;
    request: () => Promise<Request>;
    options?: Parameters<typeof ours>[1];
    expected: Calls;
    asStock?: true;
  }[] = [
    {
      code: "CSRF (Origin)",
      request: httpUpdate({ name: "X" }, { headers: { origin: "https://evil.example" } }),
      expected: [],
    },
    {
      code: "UNSUPPORTED_MEDIA_TYPE",
      request: httpUpdate({ name: "X" }, { headers: { "content-type": "text/plain" } }),
      expected: [],
    },
    { code: "BAD_REQUEST", request: httpUpdate("not an object"), expected: [] },
    { code: "UNAUTHENTICATED", request: httpUpdate({ name: "X" }, { cookie: "other=1" }), expected: [], asStock: true },
    {
      code: "RATE_LIMITED",
      request: httpUpdate({ name: "X" }),
      options: { rateLimit: { max: 0, windowSeconds: 60 } },
      expected: [],
    },
    { code: "CSRF (token)", request: httpUpdate({ name: "X" }, { csrfToken: "wrong" }), expected: [], asStock: true },
    { code: "UNKNOWN_FIELD", request: httpUpdate({ sub: "bob" }), expected: [] },
    { code: "INVALID_VALUE", request: httpUpdate({ name: "" }), expected: [] },
    { code: "FORBIDDEN", request: httpUpdate({ selectedCompanyId: "initech" }), expected: [] },
    {
      code: "SESSION_TOO_LARGE",
      request: async () =>
        updateRequest({ name: "X" }, { cookie: await cookieOf({ ...ALICE, big: "x".repeat(4000) }) }),
      options: { maxCookieChunks: 1 },
      expected: ["jwt:update"],
    },
    {
      code: "CONFLICT",
      request: httpUpdate({ name: "X" }),
      options: {
        store: new (class extends MemoryStore {
          override compareAndSet = () => false;
        })(),
      },
      expected: ["jwt:update"],
    },
  ];
  for (const { code, request, options, expected, asStock } of refusals) {
    test(`refused with ${code}: ${expected.length === 0 ? "no callback" : expected.join(", ")}${asStock ? " (as stock)" : ""}`, async () => {
      const calls: Calls = [];
      const response = await ours(calls, options).handler(await request());
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(calls).toEqual(expected);
      if (asStock) expect(calls).toEqual(await stockCalls([request]));
    });
  }
});

describe("JWT sessions from server code (updateSession)", () => {
  test("without a read of the request: what stock runs for POST /session", async () => {
    const calls: Calls = [];
    const safe = ours(calls);
    const request = action(await cookieOf());
    await safe.updateSession(request, { name: "Alice Liddell" });
    expect(calls).toEqual(await stockCalls([httpUpdate({ name: "Alice Liddell" })]));
    // A read of the same request after the update takes what the update left: nothing runs again.
    expect(await safe.getSession(request)).toMatchObject({ user: { name: "Alice Liddell" } });
    expect(calls).toEqual(JWT_UPDATE);
  });

  test("after a read of the same request (a page's auth() first): the read's calls, then the update's, as stock GET then POST", async () => {
    const calls: Calls = [];
    const safe = ours(calls);
    const cookie = await cookieOf();
    const request = action(cookie);
    await safe.getSession(request);
    const { cookies } = await safe.updateSession(request, { name: "Alice Liddell" });
    expect(calls).toEqual(await stockCalls([read(cookie), httpUpdate({ name: "Alice Liddell" }, { cookie })]));
    expect(calls).toEqual([...JWT_READ, ...JWT_UPDATE]);
    // The update's cookie is the one the request's read leaves too: a binding that sets both keeps the update's.
    expect((await safe.readSession(request)).cookies).toEqual(cookies);
  });

  test("a no-op without a read: what stock runs for data: {}", async () => {
    const calls: Calls = [];
    await ours(calls).updateSession(action(await cookieOf()), {});
    expect(calls).toEqual(await stockCalls([httpUpdate({})]));
  });

  test("refused, then a read of the same request: the update's read is finished once (authorize not run again)", async () => {
    const calls: Calls = [];
    const { safe, checks } = oursCountingChecks(calls);
    const request = action(await cookieOf({ ...ALICE, selectedCompanyId: "acme" }));
    const refused = await safe
      .updateSession(request, { selectedCompanyId: "initech" })
      .catch((error: unknown) => error);
    expect((refused as SafeSessionError).code).toBe("FORBIDDEN");
    expect(calls.splice(0)).toEqual([]);
    // The revalidated company (a re-check every read) and the refused one: two authorize calls so far.
    expect(checks()).toBe(2);
    expect(await safe.getSession(request)).toMatchObject({ selectedCompanyId: "acme", user: { name: "Alice" } });
    expect(calls).toEqual(JWT_READ);
    expect(checks()).toBe(2);
  });
});

describe("database sessions: the session callback with trigger update and events.session, once each", () => {
  async function seeded(): Promise<Adapter> {
    const adapter = memoryAdapter();
    await seedAlice(adapter, "row-a");
    return adapter;
  }
  const rowCookie = `${SESSION_COOKIE}=row-a`;
  // An OAuth provider beside Credentials: stock refuses Credentials-only configs with database sessions.
  const database = (adapter: Adapter): Partial<AuthConfig> => ({
    adapter,
    session: { strategy: "database" },
    providers: [...(testConfig().providers ?? []), GitHub({ clientId: "id", clientSecret: "secret" })],
  });

  test("POST /session and a no-op, as stock", async () => {
    for (const data of [{ name: "Alice Liddell" }, {}]) {
      const calls: Calls = [];
      const response = await ours(calls, {}, database(await seeded())).handler(
        await httpUpdate(data, { cookie: rowCookie })(),
      );
      expect(response.status).toBe(200);
      expect(calls).toEqual(await stockCalls([httpUpdate(data, { cookie: rowCookie })], database(await seeded())));
      expect(calls).toEqual(["session:update", "events.session"]);
    }
  });

  test("from server code, with and without a read of the request first, as stock; a later read runs nothing", async () => {
    const calls: Calls = [];
    const safe = ours(calls, {}, database(await seeded()));
    const first = action(rowCookie);
    await safe.updateSession(first, { name: "Alice Liddell" });
    expect(await safe.getSession(first)).toMatchObject({ user: { name: "Alice Liddell" } });
    expect(calls.splice(0)).toEqual(
      await stockCalls([httpUpdate({ name: "Alice Liddell" }, { cookie: rowCookie })], database(await seeded())),
    );
    const second = action(rowCookie);
    await safe.getSession(second);
    await safe.updateSession(second, { name: "Alice L." });
    const stock = await stockCalls(
      [read(rowCookie), httpUpdate({ name: "Alice L." }, { cookie: rowCookie })],
      database(await seeded()),
    );
    expect(calls).toEqual(stock);
    expect(calls).toEqual(["session:read", "events.session", "session:update", "events.session"]);
  });

  test("refused: no callback", async () => {
    const calls: Calls = [];
    const response = await ours(calls, {}, database(await seeded())).handler(
      await httpUpdate({ name: "" }, { cookie: rowCookie })(),
    );
    expect(response.status).toBe(400);
    expect(calls).toEqual([]);
  });
});
