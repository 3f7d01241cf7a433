import { createHash } from "node:crypto";
import type { AuthConfig } from "@auth/core";
import type { Adapter } from "@auth/core/adapters";
import { afterEach, describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { MemoryStore, createSafeSession, defineUpdates } from "../../src/index.js";
import { ORIGIN, memoryAdapter, memoryMemberships, testConfig, testUpdates, seedAlice } from "../support/fixture.js";
import { SESSION_COOKIE, csrfPair, updateRequest } from "../support/signed-in.js";

// README "Database sessions": the fields live in the store under `db:<sha256(session token)>`
// with the session's own expiry; the same revalidation applies; sign-out removes them; the
// adapter's row is extended as Auth.js extends it.

afterEach(() => {
  vi.useRealTimers();
});

const START = Date.parse("2030-01-01T00:00:00Z");
const DAY = 24 * 60 * 60 * 1000;
const MAX_AGE = 30 * DAY;

const read = (cookie: string) => new Request(`${ORIGIN}/auth/session`, { headers: { cookie } });
const fieldsKey = (sessionToken: string) => `db:${createHash("sha256").update(sessionToken).digest("hex")}`;
const sessionLines = (response: Response) =>
  response.headers.getSetCookie().filter((line) => line.startsWith(`${SESSION_COOKIE}=`));

/** Rows live a day and are never due for extension before they expire (updateAge > maxAge). */
const SHORT = { strategy: "database", maxAge: DAY / 1000, updateAge: (2 * DAY) / 1000 } as const;

function databaseApp(options: { everySeconds?: number; config?: Partial<AuthConfig>; adapter?: Adapter } = {}) {
  const adapter = options.adapter ?? memoryAdapter();
  const store = new MemoryStore();
  const memberships = memoryMemberships();
  const has = vi.spyOn(memberships, "has");
  const config: AuthConfig = { ...testConfig(), adapter, session: { strategy: "database" }, ...options.config };
  const safe = createSafeSession({
    config,
    updates: testUpdates(memberships, options.everySeconds ?? 3600),
    store,
    env: {},
  });
  /** A session row for alice that expires at `expires` (Auth.js created it `maxAge` before). */
  const signIn = async (expires = Date.now() + MAX_AGE) => {
    await seedAlice(adapter);
    const sessionToken = crypto.randomUUID();
    await adapter.createSession?.({ sessionToken, userId: "alice", expires: new Date(expires) });
    return { sessionToken, cookie: `${SESSION_COOKIE}=${sessionToken}` };
  };
  return { safe, store, adapter, memberships, has, signIn };
}

async function update(app: ReturnType<typeof databaseApp>, cookie: string, data: Record<string, unknown>) {
  const response = await app.safe.handler(await updateRequest(data, { cookie }));
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe("database sessions: the fields in the store", () => {
  test("an authorized value is not asked about again inside its revalidation window, and is after it", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: START });
    const app = databaseApp({ everySeconds: 3600 });
    const { cookie } = await app.signIn();
    await update(app, cookie, { selectedCompanyId: "acme" });
    expect(app.has).toHaveBeenCalledTimes(1);
    app.memberships.revoke("alice", "acme");
    vi.setSystemTime(START + 3599_000);
    expect(await (await app.safe.handler(read(cookie))).json()).toMatchObject({ selectedCompanyId: "acme" });
    expect(app.has).toHaveBeenCalledTimes(1);
    vi.setSystemTime(START + 3600_000);
    expect(await (await app.safe.handler(read(cookie))).json()).not.toHaveProperty("selectedCompanyId");
    expect(app.has).toHaveBeenCalledTimes(2);
  });

  test("the fields are kept until the session expires, then dropped with it", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: START });
    const app = databaseApp({ config: { session: SHORT } });
    const expires = START + DAY;
    const { cookie, sessionToken } = await app.signIn(expires);
    await update(app, cookie, { name: "Al" });
    vi.setSystemTime(expires - 1000);
    expect((await app.store.get([fieldsKey(sessionToken)]))[0]).toContain('"Al"');
    vi.setSystemTime(expires + 1000);
    expect(await app.store.get([fieldsKey(sessionToken)])).toEqual([undefined]);
  });

  test("clearing the last field removes the record (the store keeps no empty one past a second)", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: START });
    const app = databaseApp();
    const { cookie, sessionToken } = await app.signIn();
    await update(app, cookie, { name: "Al" });
    expect(await update(app, cookie, { name: null })).not.toMatchObject({ user: { name: "Al" } });
    expect((await app.store.get([fieldsKey(sessionToken)]))[0] ?? "").toBe("");
    vi.setSystemTime(START + 1000);
    expect(await app.store.get([fieldsKey(sessionToken)])).toEqual([undefined]);
  });

  test("signing out removes the fields with the session", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: START });
    const app = databaseApp();
    const { cookie, sessionToken } = await app.signIn();
    await update(app, cookie, { name: "Al" });
    const csrf = csrfPair();
    const response = await app.safe.handler(
      new Request(`${ORIGIN}/auth/signout`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: ORIGIN,
          cookie: `${cookie}; ${csrf.cookie}`,
        },
        body: new URLSearchParams({ csrfToken: csrf.token }),
      }),
    );
    expect(response.status).toBe(302);
    expect((await app.store.get([fieldsKey(sessionToken)]))[0] ?? "").toBe("");
    expect(await (await app.safe.handler(read(cookie))).json()).toBeNull();
    vi.setSystemTime(START + 1000);
    expect(await app.store.get([fieldsKey(sessionToken)])).toEqual([undefined]);
  });
});

describe("database sessions: the row's expiry", () => {
  test("exactly updateAge after the row was last extended, a read extends it to now plus maxAge, with the fields", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: START });
    const app = databaseApp();
    const { cookie, sessionToken } = await app.signIn(START + MAX_AGE - DAY + 1);
    await update(app, cookie, { name: "Al" });
    // A millisecond before: nothing to extend.
    vi.setSystemTime(START);
    expect(sessionLines(await app.safe.handler(read(cookie)))).toEqual([]);
    vi.setSystemTime(START + 1);
    const response = await app.safe.handler(read(cookie));
    const expires = new Date(START + 1 + MAX_AGE);
    expect(sessionLines(response)).toHaveLength(1);
    expect(sessionLines(response)[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=${sessionToken};`));
    expect(sessionLines(response)[0]).toContain(`; Expires=${expires.toUTCString()}`);
    expect((await app.adapter.getSessionAndUser?.(sessionToken))?.session.expires).toEqual(expires);
    // The fields now live as long as the extended row: past the old expiry they are still there.
    vi.setSystemTime(START + MAX_AGE);
    expect(await (await app.safe.handler(read(cookie))).json()).toMatchObject({ user: { name: "Al" } });
  });

  test("a row that expired is deleted and its cookie expired; one expiring this millisecond still reads", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: START });
    const app = databaseApp({ config: { session: SHORT } });
    const { cookie, sessionToken } = await app.signIn(START);
    expect(await (await app.safe.handler(read(cookie))).json()).toMatchObject({ user: { email: "alice@example.com" } });
    vi.setSystemTime(START + 1);
    const response = await app.safe.handler(read(cookie));
    expect(await response.json()).toBeNull();
    expect(sessionLines(response)).toEqual([expect.stringMatching(/; Max-Age=0;/)]);
    expect(await app.adapter.getSessionAndUser?.(sessionToken)).toBeNull();
  });

  test("a cookie naming no session row reads as no session and is expired, as Auth.js does", async () => {
    const app = databaseApp();
    const response = await app.safe.handler(read(`${SESSION_COOKIE}=${crypto.randomUUID()}`));
    expect(await response.json()).toBeNull();
    expect(sessionLines(response)).toEqual([expect.stringMatching(/; Max-Age=0;/)]);
  });

  test("sign-out everywhere ends rows created until that second, not those created after", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: START });
    const app = databaseApp();
    const same = await app.signIn();
    await app.safe.revokeUser("alice");
    vi.setSystemTime(START + 1000);
    const after = await app.signIn();
    expect(await (await app.safe.handler(read(same.cookie))).json()).toBeNull();
    expect(await app.adapter.getSessionAndUser?.(same.sessionToken)).toBeNull();
    expect(await (await app.safe.handler(read(after.cookie))).json()).toMatchObject({
      user: { email: "alice@example.com" },
    });
  });
});

describe("database sessions: the session the app sees", () => {
  const profile = defineUpdates({ name: { schema: z.string().min(1) }, picture: { schema: z.string().url() } });

  test("name and picture updates show on session.user, without a session callback too", async () => {
    const adapter = memoryAdapter();
    // No session callback: Auth.js's default session.
    const { callbacks: _, ...config } = testConfig();
    const safe = createSafeSession({
      config: { ...config, adapter, session: { strategy: "database" } },
      updates: profile,
      env: {},
    });
    await seedAlice(adapter);
    const expires = new Date(Date.now() + DAY);
    await adapter.createSession?.({ sessionToken: "token-a", userId: "alice", expires });
    const cookie = `${SESSION_COOKIE}=token-a`;
    const updated = await safe.handler(
      await updateRequest({ name: "Al", picture: "https://img.example/al.png" }, { cookie }),
    );
    expect(await updated.json()).toEqual({
      user: { name: "Al", email: "alice@example.com", image: "https://img.example/al.png" },
      expires: expires.toISOString(),
    });
  });

  test("the session callback gets Auth.js's database arguments: trigger and newSession only on an update", async () => {
    const calls: Record<string, unknown>[] = [];
    const config = testConfig();
    const app = databaseApp({
      config: {
        callbacks: {
          ...config.callbacks,
          session: (params) => {
            calls.push(params as unknown as Record<string, unknown>);
            return params.session;
          },
        },
      },
    });
    const { cookie, sessionToken } = await app.signIn();
    await app.safe.handler(read(cookie));
    await update(app, cookie, { name: "Al" });
    expect(calls[0]).not.toHaveProperty("trigger");
    expect(calls[0]?.newSession).toBeUndefined();
    expect(calls[0]).not.toHaveProperty("token");
    expect(calls[0]?.session).toMatchObject({ sessionToken, userId: "alice", user: { id: "alice" } });
    expect(calls.at(-1)).toMatchObject({
      trigger: "update",
      newSession: { name: "Al" },
      session: { user: { name: "Al" } },
      user: { name: "Al" },
    });
  });
});
