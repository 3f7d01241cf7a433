import type { AuthConfig } from "@auth/core";
import { decode } from "@auth/core/jwt";
import { afterEach, describe, expect, test, vi } from "vitest";
import { createSafeSession } from "../../src/index.js";
import { ORIGIN, SECRET, memoryMemberships, testConfig, testUpdates } from "../support/fixture.js";
import { SESSION_COOKIE, keptCookies, sessionCookie, updateRequest } from "../support/signed-in.js";

// README "Refresh": a read re-encodes the token only once `updateAge` has passed since it was
// issued, or when revalidation or the app's `jwt` callback changed it.

afterEach(() => {
  vi.useRealTimers();
});

const START = Date.parse("2030-01-01T00:00:00Z");
const DAY = 24 * 60 * 60;
const MAX_AGE = 30 * DAY;
const ALICE = { sub: "alice", email: "alice@example.com" };

const read = (cookie: string) => new Request(`${ORIGIN}/auth/session`, { headers: { cookie } });
/** The session cookies a response writes (a write also expires every chunk name it does not use). */
const sessionLines = (response: Response) =>
  response.headers.getSetCookie().filter((line) => line.startsWith(SESSION_COOKIE) && !/; Max-Age=0;/.test(line));

async function claims(response: Response): Promise<Record<string, unknown>> {
  const pair = keptCookies(response)
    .split("; ")
    .find((p) => p.startsWith(`${SESSION_COOKIE}=`));
  if (pair === undefined) throw new Error("no session cookie written");
  return (await decode({
    token: pair.slice(SESSION_COOKIE.length + 1),
    secret: SECRET,
    salt: SESSION_COOKIE,
  })) as Record<string, unknown>;
}

function safeWith(config: Partial<AuthConfig> = {}, everySeconds = 3600) {
  return createSafeSession({
    config: { ...testConfig(), ...config },
    updates: testUpdates(memoryMemberships(), everySeconds),
    env: {},
  });
}

/** A cookie minted `ageSeconds` before START (Auth.js's encoder stamps `iat` and `exp` from the clock). */
async function mintedAgo(ageSeconds: number, extra: Record<string, unknown> = {}) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(START - ageSeconds * 1000);
  const cookie = await sessionCookie({ ...ALICE, ...extra });
  vi.setSystemTime(START);
  return cookie;
}

describe("when a read rewrites the session cookie", () => {
  test("exactly updateAge after issue it is rewritten, a second earlier it is not", async () => {
    const safe = safeWith();
    expect(sessionLines(await safe.handler(read(await mintedAgo(DAY - 1))))).toEqual([]);
    expect(sessionLines(await safe.handler(read(await mintedAgo(DAY))))).toHaveLength(1);
  });

  test("a token without iat (an app's own codec) counts as due", async () => {
    const jwt: AuthConfig["jwt"] = {
      decode: async (params) => {
        const token = await decode(params);
        if (token) delete token.iat;
        return token;
      },
    };
    const response = await safeWith({ jwt }).handler(read(await sessionCookie(ALICE)));
    expect(sessionLines(response)).toHaveLength(1);
  });

  test("a read that is not due shows the token's own expiry", async () => {
    const cookie = await mintedAgo(60);
    const response = await safeWith().handler(read(cookie));
    expect(sessionLines(response)).toEqual([]);
    expect(((await response.json()) as { expires: string }).expires).toBe(
      new Date(START - 60_000 + MAX_AGE * 1000).toISOString(),
    );
  });

  test("a rewrite moves the expiry to now plus maxAge, in the cookie and the session", async () => {
    const response = await safeWith().handler(read(await mintedAgo(DAY)));
    const expires = new Date(START + MAX_AGE * 1000);
    expect(sessionLines(response)[0]).toContain(`Expires=${expires.toUTCString()}`);
    expect(((await response.json()) as { expires: string }).expires).toBe(expires.toISOString());
  });
});

describe("the session id across rewrites", () => {
  test("a refresh keeps the session's id", async () => {
    const response = await safeWith().handler(read(await mintedAgo(DAY, { sid: "kept-id" })));
    expect((await claims(response)).sid).toBe("kept-id");
  });

  test.each([
    ["without one", {}],
    ["with one that is not a string", { sid: 42 }],
  ])("a token minted elsewhere %s gets a string id on its first rewrite", async (_, extra) => {
    const response = await safeWith().handler(read(await mintedAgo(DAY, extra)));
    expect((await claims(response)).sid).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
  });
});

describe("the app's jwt callback on a read", () => {
  test("a callback that changes the token gets it rewritten; the session shows the change", async () => {
    const config = testConfig();
    const jwt: NonNullable<AuthConfig["callbacks"]>["jwt"] = ({ token }) => ({ ...token, name: "Renamed" });
    const safe = safeWith({ callbacks: { ...config.callbacks, jwt } });
    const response = await safe.handler(read(await sessionCookie(ALICE)));
    expect(await response.json()).toMatchObject({ user: { name: "Renamed" } });
    expect((await claims(response)).name).toBe("Renamed");
  });

  test("a callback that returns the token unchanged writes nothing", async () => {
    const response = await safeWith().handler(read(await sessionCookie(ALICE)));
    expect(await response.json()).toMatchObject({ user: { email: "alice@example.com" } });
    expect(sessionLines(response)).toEqual([]);
  });

  test("a config without callbacks reads, refreshes and updates", async () => {
    const { callbacks: _, ...config } = testConfig();
    const safe = createSafeSession({ config, updates: testUpdates(), env: {} });
    expect(await (await safe.handler(read(await sessionCookie(ALICE)))).json()).toMatchObject({
      user: { email: "alice@example.com" },
    });
    expect(sessionLines(await safe.handler(read(await mintedAgo(DAY))))).toHaveLength(1);
    vi.useRealTimers();
    const updated = await safe.handler(await updateRequest({ selectedCompanyId: "acme" }));
    expect(await updated.json()).toMatchObject({ selectedCompanyId: "acme" });
    const cleared = await safe.handler(
      await updateRequest({ selectedCompanyId: null }, { cookie: keptCookies(updated) }),
    );
    expect(await cleared.json()).not.toHaveProperty("selectedCompanyId");
    // Cleared means gone from the token, not kept as null.
    expect(await claims(cleared)).not.toHaveProperty("selectedCompanyId");
  });
});

describe("revalidation on reads", () => {
  test("a confirmed re-check is stamped in the rewritten cookie: the next read inside the new window does not ask", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: START });
    const has = vi.fn(() => true);
    const safe = createSafeSession({
      config: testConfig(),
      updates: testUpdates({ ...memoryMemberships(), has }, 3600),
      env: {},
    });
    const cookie = await sessionCookie({
      ...ALICE,
      selectedCompanyId: "acme",
      ssv: { selectedCompanyId: START / 1000 },
    });
    vi.setSystemTime(START + 3600_000);
    const rechecked = await safe.handler(read(cookie));
    expect(has).toHaveBeenCalledTimes(1);
    expect((await claims(rechecked)).ssv).toEqual({ selectedCompanyId: START / 1000 + 3600 });
    vi.setSystemTime(START + 3610_000);
    expect(await (await safe.handler(read(keptCookies(rechecked)))).json()).toMatchObject({
      selectedCompanyId: "acme",
    });
    expect(has).toHaveBeenCalledTimes(1);
  });
});

describe("private claims a token minted elsewhere carries", () => {
  test.each([
    ["null", null],
    ["an array", [1]],
    ["a string", "stamp"],
  ])("ssv as %s reads as no stamps", async (_, ssv) => {
    const has = vi.fn(() => true);
    const memberships = { ...memoryMemberships(), has };
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(memberships, 3600), env: {} });
    const response = await safe.handler(read(await sessionCookie({ ...ALICE, selectedCompanyId: "acme", ssv })));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ selectedCompanyId: "acme" });
    // No stamp: authorize is asked, and its yes is stamped as a number.
    expect(has).toHaveBeenCalledTimes(1);
    expect((await claims(response)).ssv).toEqual({ selectedCompanyId: expect.any(Number) });
  });

  test("a stamp that is not a number is dropped when the token is rewritten", async () => {
    const safe = safeWith({}, 3600);
    const now = Math.floor(Date.now() / 1000);
    const response = await safe.handler(
      read(
        await sessionCookie({
          ...ALICE,
          selectedCompanyId: "acme",
          ssv: { selectedCompanyId: "soon", name: now, other: "x" },
        }),
      ),
    );
    expect((await claims(response)).ssv).toEqual({ selectedCompanyId: expect.any(Number), name: now });
  });

  test("a field held as null is not revalidated and not written back", async () => {
    const has = vi.fn(() => true);
    const memberships = { ...memoryMemberships(), has };
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(memberships, 0), env: {} });
    const response = await safe.handler(read(await sessionCookie({ ...ALICE, selectedCompanyId: null })));
    expect(await response.json()).not.toHaveProperty("selectedCompanyId");
    expect(has).not.toHaveBeenCalled();
    expect(sessionLines(response)).toEqual([]);
  });

  test("a field held as null is left out when the token is refreshed", async () => {
    const response = await safeWith().handler(read(await mintedAgo(DAY, { selectedCompanyId: null })));
    expect(sessionLines(response)).toHaveLength(1);
    expect(await claims(response)).not.toHaveProperty("selectedCompanyId");
  });
});
