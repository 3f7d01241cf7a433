import type { AuthConfig } from "@auth/core";
import { encode, decode } from "@auth/core/jwt";
import { afterEach, describe, expect, test, vi } from "vitest";
import { MemoryStore, createSafeSession } from "../../src/index.js";
import { ORIGIN, RecordingStore, SECRET, testConfig, testUpdates } from "../support/fixture.js";
import { sessionCookie, updateRequest } from "../support/signed-in.js";

describe("revocations outlive the sessions they cover", () => {
  afterEach(() => vi.useRealTimers());

  test("a user signed out everywhere by a fresh process stays signed out for the whole maxAge (controlled clock)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
    const maxAge = 60 * 24 * 60 * 60;
    const config = { ...testConfig(), session: { strategy: "jwt" as const, maxAge } };
    const store = new MemoryStore();
    const iat = Math.floor(Date.now() / 1000) - 60;
    const token = await encode({
      token: { sub: "alice", email: "alice@example.com", sid: "s1", iat },
      secret: SECRET,
      salt: "authjs.session-token",
      maxAge,
    });
    const read = (safe: ReturnType<typeof createSafeSession>) =>
      safe.getSession(new Request(`${ORIGIN}/x`, { headers: { cookie: `authjs.session-token=${token}` } }));
    // A new process that has served no request yet signs alice out everywhere.
    await createSafeSession({ config, updates: testUpdates(), store }).revokeUser("alice");
    const app = createSafeSession({ config, updates: testUpdates(), store });
    expect(await read(app)).toBeNull();
    // 31 days on: past the 30-day default, before the token's own expiry.
    vi.setSystemTime(new Date("2026-02-01T00:00:00Z"));
    expect(await read(createSafeSession({ config, updates: testUpdates(), store }))).toBeNull();
  });

  test("revokeUser in a fresh process keeps the revocation for the static config's maxAge", async () => {
    const store = new RecordingStore();
    const maxAge = 90 * 24 * 60 * 60;
    const safe = createSafeSession({
      config: { ...testConfig(), session: { strategy: "jwt", maxAge } },
      updates: testUpdates(),
      store,
    });
    await safe.revokeUser("alice");
    expect(store.writes.map((write) => write.ttl)).toEqual([maxAge]);
  });

  test("revocationTtlSeconds covers a config function's longer maxAge", async () => {
    const store = new RecordingStore();
    const safe = createSafeSession({
      config: () => testConfig(SECRET),
      updates: testUpdates(),
      store,
      revocationTtlSeconds: 400 * 86400,
    });
    await safe.revokeUser("alice");
    expect(store.writes.map((write) => write.ttl)).toEqual([400 * 86400]);
  });

  test("once a config function has resolved a longer maxAge, revokeUser keeps the revocation that long (never shorter)", async () => {
    const store = new RecordingStore();
    const maxAge = 90 * 24 * 60 * 60;
    const safe = createSafeSession({
      config: () => ({ ...testConfig(), session: { strategy: "jwt", maxAge } }),
      updates: testUpdates(),
      store,
    });
    await safe.revokeUser("alice");
    // Before any request the function's maxAge is unknown: the default 30 days.
    await safe.getSession(new Request(`${ORIGIN}/x`));
    await safe.revokeUser("alice");
    expect(store.writes.map((write) => write.ttl)).toEqual([30 * 24 * 60 * 60, maxAge]);
  });
});

const START = Date.parse("2030-01-01T00:00:00Z");

const read = (cookie: string) => new Request(`${ORIGIN}/auth/session`, { headers: { cookie } });

const ALICE = { sub: "alice", email: "alice@example.com" };

// `revokeUser(userId)` ends every JWT session of that user issued until now (to the second, as
// `iat` counts); sessions issued after it stand. A session read without being signed in is refused.

afterEach(() => {
  vi.useRealTimers();
});

describe("revokeUser", () => {
  test("ends tokens issued until that second, not those issued the next", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: START + 500 });
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), env: {} });
    const sameSecond = await sessionCookie(ALICE);
    await safe.revokeUser("alice");
    vi.setSystemTime(START + 1000);
    const nextSecond = await sessionCookie(ALICE);
    expect(await (await safe.handler(read(sameSecond))).json()).toBeNull();
    expect(await (await safe.handler(read(nextSecond))).json()).toMatchObject({ user: { email: "alice@example.com" } });
  });

  test("a token without iat (an app's own codec) counts as issued before any revocation", async () => {
    const jwt: AuthConfig["jwt"] = {
      decode: async (params) => {
        const token = await decode(params);
        if (token) delete token.iat;
        return token;
      },
    };
    const safe = createSafeSession({ config: { ...testConfig(), jwt }, updates: testUpdates(), env: {} });
    const cookie = await sessionCookie(ALICE);
    expect(await (await safe.handler(read(cookie))).json()).toMatchObject({ user: { email: "alice@example.com" } });
    await safe.revokeUser("alice");
    expect(await (await safe.handler(read(cookie))).json()).toBeNull();
  });

  test("ends only that user's sessions", async () => {
    const store = new MemoryStore();
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), store, env: {} });
    const bob = await sessionCookie({ sub: "bob", email: "bob@example.com" });
    await safe.revokeUser("alice");
    expect(await (await safe.handler(read(bob))).json()).toMatchObject({ user: { email: "bob@example.com" } });
  });
});

describe("an update without a session", () => {
  test("over HTTP and on the server: UNAUTHENTICATED, with its message", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), env: {} });
    const request = await updateRequest({ selectedCompanyId: "acme" }, { cookie: "other=1" });
    const response = await safe.handler(request);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: "You are not signed in" } });
    await expect(
      safe.updateSession(new Request(`${ORIGIN}/page`), { selectedCompanyId: "acme" }),
    ).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      message: "You are not signed in",
    });
  });
});
