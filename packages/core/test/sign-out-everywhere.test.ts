import type { AuthConfig } from "@auth/core";
import { decode } from "@auth/core/jwt";
import { afterEach, describe, expect, test, vi } from "vitest";
import { MemoryStore, createSafeSession } from "../src/index.js";
import { ORIGIN, testConfig, testUpdates } from "./fixture.js";
import { sessionCookie, updateRequest } from "./signed-in.js";

// `revokeUser(userId)` ends every JWT session of that user issued until now (to the second, as
// `iat` counts); sessions issued after it stand. A session read without being signed in is refused.

afterEach(() => {
  vi.useRealTimers();
});

const START = Date.parse("2030-01-01T00:00:00Z");
const read = (cookie: string) => new Request(`${ORIGIN}/auth/session`, { headers: { cookie } });
const ALICE = { sub: "alice", email: "alice@example.com" };

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
