import { skipCSRFCheck } from "@auth/core";
import { encode as stockEncode } from "@auth/core/jwt";
import { describe, expect, test, vi } from "vitest";
import { ORIGIN, SECRET, createTestSession, memoryMemberships, testConfig, testUpdates } from "./support/fixture.js";
import { decode as fastDecode } from "../src/crypto/jwt.js";
import { createSafeSession } from "../src/create-safe-session.js";
import { MemoryStore } from "../src/store/store.js";

const salt = "authjs.session-token";

async function cookieFor(claims: Record<string, unknown>) {
  return `${salt}=${await stockEncode({ token: claims, secret: SECRET, salt })}`;
}

function get(path: string, headers: Record<string, string> = {}) {
  return new Request(`${ORIGIN}${path}`, { headers });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

describe("createSafeSession", () => {
  test("refuses reserved fields and unknown legacy names when created", () => {
    expect(() =>
      createSafeSession({ config: testConfig(), updates: { sub: { schema: testUpdates().name.schema } } as never }),
    ).toThrow(/sub/);
    expect(() =>
      createSafeSession({
        config: testConfig(),
        updates: testUpdates(),
        legacyQueryUpdates: { companyId: "nope" as never },
      }),
    ).toThrow(/not an update field/);
  });

  test("the request reaches the config function at every entry point", async () => {
    const seen: string[] = [];
    const config = testConfig();
    const safe = createSafeSession({
      config: async (request) => {
        seen.push(new URL(request.url).pathname);
        return config;
      },
      updates: testUpdates(),
      env: {},
    });
    const cookie = await cookieFor({ sub: "alice", email: "alice@example.com" });
    await safe.handler(get("/auth/session", { cookie }));
    await safe.getSession(get("/page-a", { cookie }));
    await safe.updateSession(get("/action-b", { cookie }), { selectedCompanyId: "acme" });
    const signIn = await safe.signIn(get("/sign-in-action"), "credentials", {
      email: "alice@example.com",
      password: "alice-password",
    });
    expect(signIn.status).toBe(302);
    expect(seen).toEqual(["/auth/session", "/page-a", "/action-b", "/sign-in-action"]);
  });

  test("the context given beside the request reaches the config function and clientAddress at every entry point", async () => {
    const seen: string[] = [];
    const addresses: string[] = [];
    const config = testConfig();
    const safe = createSafeSession({
      config: (_request, context: { label: string }) => {
        seen.push(context.label);
        return config;
      },
      clientAddress: (_request, context) => {
        addresses.push(context.label);
        return "192.0.2.1";
      },
      updates: testUpdates(),
      env: {},
    });
    const cookie = await cookieFor({ sub: "alice", email: "alice@example.com" });
    const credentials = { email: "alice@example.com", password: "alice-password" };
    await safe.handler(get("/auth/session", { cookie }), { label: "handler" });
    await safe.getSession(get("/a", { cookie }), { label: "getSession" });
    await safe.readSession(get("/b", { cookie }), { label: "readSession" });
    await safe.getToken(get("/c", { cookie }), { label: "getToken" });
    await safe.updateSession(get("/d", { cookie }), { selectedCompanyId: "acme" }, { label: "updateSession" });
    expect((await safe.signIn(get("/e"), "credentials", credentials, {}, { label: "signIn" })).status).toBe(302);
    expect((await safe.signOut(get("/f", { cookie }), {}, { label: "signOut" })).status).toBe(302);
    await safe.revokeSession(get("/g", { cookie }), { label: "revokeSession" });
    await safe.authConfig(get("/h"), { label: "authConfig" });
    expect(seen).toEqual([
      "handler",
      "getSession",
      "readSession",
      "getToken",
      "updateSession",
      "signIn",
      "signOut",
      "revokeSession",
      "authConfig",
    ]);
    // The server-side sign-in's limit counts the app's request, with its context.
    expect(addresses).toEqual(["signIn"]);
  });

  test("a request's config resolves once, with the first context given for it", async () => {
    const seen: unknown[] = [];
    const config = testConfig();
    const safe = createSafeSession({
      config: (_request, context: string | undefined) => {
        seen.push(context);
        return config;
      },
      updates: testUpdates(),
      env: {},
    });
    const request = get("/page");
    await safe.getSession(request, "first");
    await safe.authConfig(request, "second");
    await safe.getSession(get("/other"));
    expect(seen).toEqual(["first", undefined]);
  });

  test("clientAddress sees the request's first context too, not a later one (the config resolved with the first)", async () => {
    const addresses: unknown[] = [];
    const safe = createSafeSession({
      config: (_request, _context: string) => testConfig(),
      updates: testUpdates(),
      env: {},
      clientAddress: (_request, context) => {
        addresses.push(context);
        return "203.0.113.7";
      },
    });
    const request = new Request(`${ORIGIN}/login-action`, { method: "POST", headers: { origin: ORIGIN } });
    await safe.getSession(request, "first");
    await safe.signIn(request, "credentials", { email: "alice@example.com", password: "alice-password" }, {}, "second");
    expect(addresses).toEqual(["first"]);
  });

  test("a frozen config is never mutated", async () => {
    // Providers stay unfrozen: Auth.js itself merges options into provider objects.
    const { providers, ...rest } = testConfig();
    const config = { ...deepFreeze(rest), providers };
    Object.freeze(config);
    const safe = createSafeSession({ config, updates: testUpdates(), env: { AUTH_URL: ORIGIN } });
    const cookie = await cookieFor({ sub: "alice", email: "alice@example.com" });
    expect((await safe.handler(get("/auth/session", { cookie }))).status).toBe(200);
    expect((await safe.handler(get("/auth/providers"))).status).toBe(200);
  });

  test("decodes once per request, however often the session is asked for", async () => {
    const decode = vi.fn(fastDecode);
    const config = { ...testConfig(), jwt: { decode } };
    const safe = createSafeSession({ config, updates: testUpdates(), env: {} });
    const request = get("/page", { cookie: await cookieFor({ sub: "alice", email: "alice@example.com" }) });
    const [a, b] = await Promise.all([safe.getSession(request), safe.getSession(request)]);
    await safe.getToken(request);
    expect(a).toBe(b);
    expect(decode).toHaveBeenCalledOnce();
  });

  test("a read refreshes the cookie only when updateAge has passed", async () => {
    const safe = createTestSession();
    const fresh = await safe.handler(get("/auth/session", { cookie: await cookieFor({ sub: "alice", email: "a@x" }) }));
    // Auth.js's CSRF and callback-URL cookies are set on every read, as stock does; the session cookie is not.
    const sessionCookies = (response: Response) =>
      response.headers.getSetCookie().filter((c) => c.startsWith("authjs.session-token"));
    expect(sessionCookies(fresh)).toEqual([]);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() - 25 * 3600 * 1000 });
    const dayOld = await cookieFor({ sub: "alice", email: "a@x" });
    vi.useRealTimers();
    const old = await safe.handler(get("/auth/session", { cookie: dayOld }));
    expect(sessionCookies(old).filter((c) => !c.includes("Max-Age=0"))).toHaveLength(1);
  });

  test("updateSession: server-side, typed, same rules, and later reads see it", async () => {
    const memberships = memoryMemberships();
    const safe = createTestSession({}, memberships);
    const request = get("/dashboard", { cookie: await cookieFor({ sub: "alice", email: "alice@example.com" }) });
    const { session, headers } = await safe.updateSession(request, { selectedCompanyId: "globex" });
    expect(session.selectedCompanyId).toBe("globex");
    expect(headers.getSetCookie()[0]).toMatch(/^authjs\.session-token=/);
    expect((await safe.getSession(request))?.selectedCompanyId).toBe("globex");
    await expect(safe.updateSession(request, { selectedCompanyId: "initech" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      status: 403,
    });
    await expect(safe.updateSession(request, { role: "admin" } as never)).rejects.toMatchObject({
      code: "UNKNOWN_FIELD",
    });
    const anonymous = get("/dashboard");
    await expect(safe.updateSession(anonymous, { selectedCompanyId: "acme" })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    const crossSite = get("/dashboard", {
      cookie: request.headers.get("cookie") as string,
      "sec-fetch-site": "cross-site",
    });
    await expect(safe.updateSession(crossSite, { selectedCompanyId: "acme" })).rejects.toMatchObject({ code: "CSRF" });
  });

  test("the user's jwt callback sees the validated patch with trigger update", async () => {
    const jwt = vi.fn(({ token }) => token);
    const config = { ...testConfig(), callbacks: { ...testConfig().callbacks, jwt } };
    const safe = createSafeSession({ config, updates: testUpdates(), env: {} });
    const request = get("/x", { cookie: await cookieFor({ sub: "alice", email: "alice@example.com" }) });
    await safe.updateSession(request, { selectedCompanyId: "acme", name: "  Al  " });
    expect(jwt).toHaveBeenLastCalledWith(
      expect.objectContaining({ trigger: "update", session: { selectedCompanyId: "acme", name: "Al" } }),
    );
  });

  test("an authorize that throws is logged without the secret and never a 5xx", async () => {
    const error = vi.fn();
    const safe = createSafeSession({ config: { ...testConfig(), logger: { error } }, updates: testUpdates(), env: {} });
    const request = get("/x", { cookie: await cookieFor({ sub: "alice", email: "alice@example.com" }) });
    await expect(safe.updateSession(request, { selectedCompanyId: "explode" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(error).toHaveBeenCalledOnce();
    expect(JSON.stringify(error.mock.calls.map(([e]) => e.message))).not.toContain(SECRET);
  });

  test("rate limit: off with false, and a custom store sees every authenticated attempt", async () => {
    const store = new MemoryStore();
    const hit = vi.spyOn(store, "hit");
    const safe = createTestSession({ rateLimit: { max: 5, windowSeconds: 1 }, store });
    const request = get("/x", { cookie: await cookieFor({ sub: "alice", email: "alice@example.com" }) });
    await safe.updateSession(request, { selectedCompanyId: "acme" }).catch(() => {});
    await safe.updateSession(request, { selectedCompanyId: "initech" }).catch(() => {});
    expect(hit).toHaveBeenCalledTimes(2);
    expect(hit).toHaveBeenCalledWith("rl:update:alice", 1);
    const unlimited = createTestSession({ rateLimit: false });
    for (let i = 0; i < 200; i++) await unlimited.updateSession(request, {});
  });

  test("GET csrf works even where Auth.js's own CSRF check is skipped", async () => {
    const safe = createSafeSession({ config: { ...testConfig(), skipCSRFCheck }, updates: testUpdates(), env: {} });
    const response = await safe.handler(get("/auth/csrf"));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { csrfToken: string }).csrfToken).toMatch(/^[0-9a-f]{64}$/);
  });

  test("https sets __Secure- and __Host- cookie names, like Auth.js", async () => {
    const safe = createTestSession();
    const response = await safe.handler(new Request("https://app.example/auth/csrf"));
    expect(response.headers.getSetCookie()[0]).toMatch(/^__Host-authjs\.csrf-token=.*; Secure/);
  });
});
