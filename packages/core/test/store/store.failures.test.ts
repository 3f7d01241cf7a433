import type { Adapter } from "@auth/core/adapters";
import { describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { MemoryStore, createSafeSession, defineUpdates } from "../../src/index.js";
import { ORIGIN, memoryAdapter, testConfig, testUpdates, seedAlice } from "../support/fixture.js";
import { SESSION_COOKIE, sessionCookie, updateRequest } from "../support/signed-in.js";

// Reads and updates fail closed: a store or adapter that fails is 503 UNAVAILABLE naming which
// one, never a session served unchecked. A cookie-less request costs no database query.

const read = (cookie?: string) =>
  new Request(`${ORIGIN}/auth/session`, cookie === undefined ? {} : { headers: { cookie } });
const STORE_DOWN = { error: { code: "UNAVAILABLE", message: "The session store is unavailable; try again" } };

function failing<K extends "get" | "set">(method: K) {
  const store = new MemoryStore();
  store[method] = (() => {
    throw new Error("connection reset");
  }) as MemoryStore[K];
  return store;
}

async function databaseApp(store = new MemoryStore(), adapter: Adapter = memoryAdapter()) {
  const safe = createSafeSession({
    config: { ...testConfig(), adapter, session: { strategy: "database" } },
    updates: testUpdates(),
    store,
    env: {},
  });
  await seedAlice(adapter, "row-a");
  return { safe, cookie: `${SESSION_COOKIE}=row-a` };
}

describe("a failing store", () => {
  test("a JWT read whose revocation check fails is 503 naming the store", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), store: failing("get"), env: {} });
    const response = await safe.handler(read(await sessionCookie()));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual(STORE_DOWN);
  });

  test("a database update whose fields cannot be stored is 503 naming the store", async () => {
    const store = new MemoryStore();
    const { safe, cookie } = await databaseApp(store);
    store.set = () => {
      throw new Error("connection reset");
    };
    const response = await safe.handler(await updateRequest({ name: "Al" }, { cookie }));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual(STORE_DOWN);
  });

  test("a database read whose fields cannot be read is 503 naming the store", async () => {
    const { safe, cookie } = await databaseApp(failing("get"));
    const response = await safe.handler(read(cookie));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual(STORE_DOWN);
  });

  test("an expired database session whose fields cannot be cleared is 503 naming the store, not the adapter that called it", async () => {
    const adapter = memoryAdapter();
    const { safe, cookie } = await databaseApp(failing("set"), adapter);
    await adapter.updateSession?.({ sessionToken: "row-a", expires: new Date(Date.now() - 1000) });
    const response = await safe.handler(read(cookie));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual(STORE_DOWN);
    expect(await adapter.getSessionAndUser?.("row-a")).not.toBeNull();
  });

  test("revokeSession whose revocation cannot be stored rejects with UNAVAILABLE naming the store", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), store: failing("set"), env: {} });
    const cookie = await sessionCookie({ sub: "alice", email: "alice@example.com", sid: "to-revoke" });
    await expect(safe.revokeSession(read(cookie))).rejects.toMatchObject(STORE_DOWN.error);
  });

  test("the UNAVAILABLE error keeps the store's own error as its cause, for the app's logs", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), store: failing("set"), env: {} });
    const rejected = await safe.revokeUser("alice").then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(rejected).toMatchObject({ code: "UNAVAILABLE", cause: { message: "connection reset" } });
  });

  test("revokeUser rejects with UNAVAILABLE naming the store", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), store: failing("set"), env: {} });
    await expect(safe.revokeUser("alice")).rejects.toMatchObject(STORE_DOWN.error);
  });
});

describe("database session reads", () => {
  test("no session cookie: the adapter is not asked and no cookie is expired", async () => {
    const adapter = memoryAdapter();
    const getSessionAndUser = vi.spyOn(adapter, "getSessionAndUser");
    const { safe } = await databaseApp(new MemoryStore(), adapter);
    const response = await safe.handler(read());
    expect(await response.json()).toBeNull();
    expect(getSessionAndUser).not.toHaveBeenCalled();
    expect(response.headers.getSetCookie().filter((line) => /; Max-Age=0;/.test(line))).toEqual([]);
  });

  test("authorize sees the user's name and image in the token, as with JWT sessions", async () => {
    const adapter = memoryAdapter();
    const seen: unknown[] = [];
    const updates = defineUpdates({
      selectedCompanyId: {
        schema: z.string(),
        authorize: ({ token }) => {
          seen.push([token.name, token.picture]);
          return true;
        },
      },
    });
    const safe = createSafeSession({
      config: { ...testConfig(), adapter, session: { strategy: "database" } },
      updates,
      env: {},
    });
    await adapter.createUser?.({
      id: "alice",
      email: "alice@example.com",
      emailVerified: null,
      name: "Alice",
      image: "https://img.example/a.png",
    });
    await adapter.createSession?.({ sessionToken: "row-a", userId: "alice", expires: new Date(Date.now() + 3600_000) });
    const response = await safe.handler(
      await updateRequest({ selectedCompanyId: "acme" }, { cookie: `${SESSION_COOKIE}=row-a` }),
    );
    expect(response.status).toBe(200);
    expect(seen).toEqual([["Alice", "https://img.example/a.png"]]);
  });

  test("an adapter that stores expires as an ISO string: the session shows it as it is", async () => {
    const adapter = memoryAdapter();
    const expires = new Date(Date.now() + 3600_000).toISOString();
    const getSessionAndUser = adapter.getSessionAndUser?.bind(adapter);
    adapter.getSessionAndUser = async (token) => {
      const found = await getSessionAndUser?.(token);
      return found ? { ...found, session: { ...found.session, expires: expires as unknown as Date } } : null;
    };
    // No session callback: Auth.js's default session shapes it.
    const { callbacks: _, ...config } = testConfig();
    const safe = createSafeSession({
      config: { ...config, adapter, session: { strategy: "database" } },
      updates: testUpdates(),
      env: {},
    });
    await seedAlice(adapter);
    await adapter.createSession?.({ sessionToken: "row-a", userId: "alice", expires: new Date(expires) });
    expect(await (await safe.handler(read(`${SESSION_COOKIE}=row-a`))).json()).toMatchObject({ expires });
  });
});

describe("a config without a secret", () => {
  test("getSession rejects as Auth.js's MissingSecret, it does not read the cookie unsigned", async () => {
    const { secret: _, ...config } = testConfig();
    const safe = createSafeSession({ config, updates: testUpdates(), env: {} });
    await expect(safe.getSession(read(await sessionCookie()))).rejects.toMatchObject({ name: "MissingSecret" });
  });
});
