import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { decode as authDecode } from "@auth/core/jwt";
import { encode as v4Encode } from "next-auth/jwt";
import { describe, expect, test, vi } from "vitest";
import { createSafeSession } from "../../src/index.js";
import { ORIGIN, SECRET, createTestSession, memoryMemberships, testConfig, testUpdates } from "../support/fixture.js";
import { SESSION_COOKIE, csrfPair, keptCookies, sessionCookie } from "../support/signed-in.js";

// next-auth 4.24.15's own `encode` is the oracle: the cookies below are what a v4 app wrote.
const require = createRequire(import.meta.url);
type V4CookieModule = {
  SessionStore: new (
    ...args: unknown[]
  ) => { chunk(value: string, options: object): { name: string; value: string }[] };
};
const V4_COOKIE = "next-auth.session-token";
const ALICE = { sub: "alice", email: "alice@example.com", name: "Alice" };
const MAPPED = { nextAuthV4: { claims: { companyId: "selectedCompanyId" } } } as const;

function v4Token(claims: Record<string, unknown>, options: { secret?: string; maxAge?: number } = {}) {
  return v4Encode({
    token: claims,
    secret: options.secret ?? SECRET,
    ...(options.maxAge !== undefined ? { maxAge: options.maxAge } : {}),
  });
}

function sessionGet(cookie: string, url = `${ORIGIN}/auth/session`) {
  return new Request(url, { headers: { cookie } });
}

function setCookies(response: Response | Headers) {
  return (response instanceof Headers ? response : response.headers).getSetCookie();
}

const expiredV4 = (name = V4_COOKIE) =>
  expect.stringMatching(new RegExp(`^${name.replace(/[.]/g, "\\.")}=; Max-Age=0; Path=/`));

describe("a next-auth v4 session cookie", () => {
  test("keeps its user signed in, is re-issued as an Auth.js cookie with a fresh sid, and is expired", async () => {
    const safe = createTestSession(MAPPED);
    const response = await safe.handler(sessionGet(`${V4_COOKIE}=${await v4Token({ ...ALICE, companyId: "acme" })}`));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      user: { email: "alice@example.com", name: "Alice", id: "alice" },
      selectedCompanyId: "acme",
    });
    const lines = setCookies(response);
    expect(lines).toContainEqual(expiredV4());
    const issued = lines.find((line) => line.startsWith(`${SESSION_COOKIE}=`) && !line.includes("Max-Age=0")) as string;
    const token = await authDecode({
      token: decodeURIComponent(issued.split(";")[0]?.split("=")[1] ?? ""),
      secret: SECRET,
      salt: SESSION_COOKIE,
    });
    expect(token).toMatchObject({ sub: "alice", selectedCompanyId: "acme", sid: expect.any(String) });
    expect(token?.companyId).toBeUndefined();
    // The browser now holds only the Auth.js cookie, which reads as the same session.
    const again = await safe.handler(sessionGet(keptCookies(response)));
    expect(await again.json()).toMatchObject({ user: { email: "alice@example.com" }, selectedCompanyId: "acme" });
  });

  test("companyId comes across only where the user is a member, and only through its schema", async () => {
    const safe = createTestSession(MAPPED);
    for (const companyId of ["initech", "x".repeat(65), 42, { id: "acme" }]) {
      const response = await safe.handler(sessionGet(`${V4_COOKIE}=${await v4Token({ ...ALICE, companyId })}`));
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ user: { email: "alice@example.com" } });
      expect(body.selectedCompanyId).toBeUndefined();
    }
  });

  test("a claim named like an update field comes only through the mapping: the mapped field's own name is not read", async () => {
    const safe = createTestSession(MAPPED);
    const response = await safe.handler(
      sessionGet(`${V4_COOKIE}=${await v4Token({ ...ALICE, selectedCompanyId: "acme", sid: "forged", rev: 99 })}`),
    );
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.selectedCompanyId).toBeUndefined();
    const token = await safe.getToken(sessionGet(keptCookies(response)));
    expect(token?.sid).not.toBe("forged");
    expect(token?.rev).toBeUndefined();
  });

  test("nextAuthV4: true reads each update field from the claim of its own name, through its authorize", async () => {
    const safe = createTestSession({ nextAuthV4: true });
    const member = await safe.getSession(
      sessionGet(`${V4_COOKIE}=${await v4Token({ ...ALICE, selectedCompanyId: "globex" })}`),
    );
    expect(member).toMatchObject({ selectedCompanyId: "globex" });
    const stranger = await safe.getSession(
      sessionGet(`${V4_COOKIE}=${await v4Token({ ...ALICE, selectedCompanyId: "initech" })}`),
    );
    expect(stranger).not.toHaveProperty("selectedCompanyId");
  });

  test("tampered, expired and foreign-secret cookies sign nobody in, answer 200 null, are expired and logged without claims", async () => {
    const error = vi.fn();
    const safe = createTestSession({ ...MAPPED, config: { ...testConfig(), logger: { error } } });
    const good = await v4Token({ ...ALICE, companyId: "acme", marker: "claim-value-never-logged" });
    const tampered = `${good.slice(0, -30)}${good.slice(-30, -29) === "A" ? "B" : "A"}${good.slice(-29)}`;
    const expired = await v4Token(ALICE, { maxAge: -60 });
    const foreign = await v4Token(ALICE, { secret: "another-apps-secret-0123456789abcdef" });
    for (const value of [tampered, expired, foreign, "not-a-jwe", ""]) {
      const response = await safe.handler(sessionGet(`${V4_COOKIE}=${value}`));
      expect(response.status).toBe(200);
      expect(await response.json()).toBeNull();
      const lines = setCookies(response);
      expect(lines.some((line) => line.startsWith(`${SESSION_COOKIE}=`) && !line.includes("Max-Age=0"))).toBe(false);
      if (value) expect(lines).toContainEqual(expiredV4());
    }
    expect(error).toHaveBeenCalledTimes(4);
    for (const [logged] of error.mock.calls)
      expect(JSON.stringify({ m: logged.message, c: String(logged.cause?.message) })).not.toMatch(/claim-value|alice/);
  });

  test("an array of secrets is tried in turn (a v4 cookie of the previous secret reads)", async () => {
    const safe = createTestSession({ ...MAPPED, config: testConfig(["rotated-secret-0123456789abcdefgh", SECRET]) });
    expect(
      await safe.getSession(sessionGet(`${V4_COOKIE}=${await v4Token({ ...ALICE, companyId: "globex" })}`)),
    ).toMatchObject({
      selectedCompanyId: "globex",
    });
  });

  test("chunked and __Secure- cookies read, and every chunk is expired", async () => {
    // v4's own chunking (next-auth 4.24.15's SessionStore) of a token past one cookie.
    const { SessionStore } = require(
      join(dirname(require.resolve("next-auth/jwt")), "../core/lib/cookie.js"),
    ) as V4CookieModule;
    const name = "__Secure-next-auth.session-token";
    const big = await v4Token({ ...ALICE, companyId: "acme", picture: `https://example.com/${"p".repeat(5000)}` });
    const chunks = new SessionStore({ name, options: {} }, { cookies: {} }, console).chunk(big, {});
    expect(chunks.map((c) => c.name)).toEqual([`${name}.0`, `${name}.1`]);
    const safe = createTestSession(MAPPED);
    const response = await safe.handler(
      sessionGet(chunks.map((c) => `${c.name}=${c.value}`).join("; "), "https://localhost:3000/auth/session"),
    );
    expect(await response.json()).toMatchObject({ user: { email: "alice@example.com" }, selectedCompanyId: "acme" });
    const lines = setCookies(response);
    for (const chunk of chunks)
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^${chunk.name.replace(/[.]/g, "\\.")}=; Max-Age=0;.*; Secure`)),
      );
    expect(lines.some((line) => line.startsWith("__Secure-authjs.session-token") && !line.includes("Max-Age=0"))).toBe(
      true,
    );
  });

  test("with an Auth.js session cookie present the v4 cookie is neither read nor touched", async () => {
    const safe = createTestSession(MAPPED);
    const cookie = `${await sessionCookie({ sub: "bob", email: "bob@example.com" })}; ${V4_COOKIE}=${await v4Token(ALICE)}`;
    const response = await safe.handler(sessionGet(cookie));
    expect(await response.json()).toMatchObject({ user: { email: "bob@example.com" } });
    expect(setCookies(response).some((line) => line.startsWith("next-auth"))).toBe(false);
  });

  test("without the option a v4 cookie is no session and stays as it is", async () => {
    const response = await createTestSession().handler(sessionGet(`${V4_COOKIE}=${await v4Token(ALICE)}`));
    expect(await response.json()).toBeNull();
    expect(setCookies(response).filter((line) => /^(next-auth|authjs\.session-token)/.test(line))).toEqual([]);
  });

  test("the app's jwt callback sees the claims as an existing token (no user, no trigger); its null ends the session", async () => {
    const seen: Record<string, unknown>[] = [];
    const config = testConfig();
    const jwt = (params: Record<string, unknown>) => {
      seen.push(params);
      const token = params.token as Record<string, unknown>;
      return token.role === "banned" ? null : { ...token, role: "member" };
    };
    const safe = createSafeSession({
      config: { ...config, callbacks: { ...config.callbacks, jwt } },
      updates: testUpdates(),
      env: {},
      ...MAPPED,
    });
    const token = await safe.getToken(
      sessionGet(`${V4_COOKIE}=${await v4Token({ ...ALICE, role: "admin", companyId: "acme" })}`),
    );
    expect(token).toMatchObject({ sub: "alice", role: "member", selectedCompanyId: "acme" });
    expect(seen[0]).toEqual({
      token: expect.objectContaining({ sub: "alice", role: "admin", sid: expect.any(String) }),
      session: undefined,
    });
    expect(await safe.getToken(sessionGet(`${V4_COOKIE}=${await v4Token({ ...ALICE, role: "banned" })}`))).toBeNull();
  });

  test("a user signed out everywhere after the v4 cookie was issued stays signed out", async () => {
    const safe = createTestSession(MAPPED);
    const before = `${V4_COOKIE}=${await v4Token(ALICE)}`;
    await safe.revokeUser("alice");
    expect(await safe.getSession(sessionGet(before))).toBeNull();
    // A v4 cookie issued later (its own iat is what counts) still reads.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 5000 });
    try {
      expect(await safe.getSession(sessionGet(`${V4_COOKIE}=${await v4Token(ALICE)}`))).toMatchObject({
        user: { email: "alice@example.com" },
      });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("the option", () => {
  test("a claim mapped to no update field, or two claims to one field, is refused when the instance is made", () => {
    const make = (claims: Record<string, string>) => () =>
      createSafeSession({
        config: testConfig(),
        updates: testUpdates(),
        env: {},
        nextAuthV4: { claims: claims as Record<string, "name"> },
      });
    expect(make({ role: "role" })).toThrow('nextAuthV4.claims maps "role" to "role", which is not an update field');
    expect(make({ companyId: "selectedCompanyId", company: "selectedCompanyId" })).toThrow(
      'maps two claims to "selectedCompanyId"',
    );
  });
});

describe("every read path and the update", () => {
  test("readSession hands the re-issue and the expiry to the caller; an update on that request expires the v4 cookie too", async () => {
    const safe = createTestSession(MAPPED, memoryMemberships());
    const cookie = `${V4_COOKIE}=${await v4Token({ ...ALICE, companyId: "acme" })}`;
    const read = await safe.readSession(sessionGet(cookie));
    expect(read.session).toMatchObject({ selectedCompanyId: "acme" });
    expect(setCookies(read.headers)).toContainEqual(expiredV4());
    const csrf = csrfPair();
    const update = new Request(`${ORIGIN}/auth/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, cookie: `${cookie}; ${csrf.cookie}` },
      body: JSON.stringify({ csrfToken: csrf.token, data: { selectedCompanyId: "globex" } }),
    });
    const response = await safe.handler(update);
    expect(await response.json()).toMatchObject({ selectedCompanyId: "globex" });
    expect(setCookies(response)).toContainEqual(expiredV4());
    // The same v4 cookie is the same session (its id is the cookie's): the update above is its latest revision.
    const server = await safe.updateSession(sessionGet(cookie), { name: "Al" });
    expect(server.session).toMatchObject({ user: { name: "Al" }, selectedCompanyId: "globex" });
    expect(setCookies(server.headers)).toContainEqual(expiredV4());
  });
});
