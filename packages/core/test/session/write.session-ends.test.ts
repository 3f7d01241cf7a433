import type { AuthConfig } from "@auth/core";
import { describe, expect, test } from "vitest";
import { MemoryStore, createSafeSession } from "../../src/index.js";
import { ORIGIN, testConfig, testUpdates } from "../support/fixture.js";
import { SESSION_COOKIE, sessionCookie, updateRequest } from "../support/signed-in.js";

// README "Sign-out ends the session": a jwt callback returning null on a read ends the session as
// on sign-out; revokeSession ends the request's session. And a store that fails while an update
// claims its revision answers 503 naming the store, with nothing written.

const read = (cookie: string) => new Request(`${ORIGIN}/auth/session`, { headers: { cookie } });

describe("ending a session", () => {
  test("a jwt callback that returns null on a read: no session, the cookie expired, a copy of it reads as none", async () => {
    let end = false;
    const config = testConfig();
    const jwt: NonNullable<NonNullable<AuthConfig["callbacks"]>["jwt"]> = ({ token }) => (end ? null : token);
    const safe = createSafeSession({
      config: { ...config, callbacks: { ...config.callbacks, jwt } },
      updates: testUpdates(),
      env: {},
    });
    const cookie = await sessionCookie({ sub: "alice", email: "alice@example.com", sid: "ended-on-read" });
    end = true;
    const response = await safe.handler(read(cookie));
    expect(response.status).toBe(200);
    expect(await response.json()).toBeNull();
    expect(response.headers.getSetCookie().filter((line) => line.startsWith(SESSION_COOKIE))).toEqual([
      expect.stringMatching(/; Max-Age=0;/),
    ]);
    end = false;
    expect(await (await safe.handler(read(cookie))).json()).toBeNull();
  });

  test("revokeSession without a session does nothing and does not throw", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), env: {} });
    await expect(safe.revokeSession(new Request(`${ORIGIN}/page`))).resolves.toBeUndefined();
  });
});

describe("a store that fails while an update claims its revision", () => {
  test("503 UNAVAILABLE naming the store, and no cookie written", async () => {
    const store = new MemoryStore();
    store.compareAndSet = () => {
      throw new Error("connection reset");
    };
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), store, env: {} });
    const response = await safe.handler(await updateRequest({ selectedCompanyId: "acme" }));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: { code: "UNAVAILABLE", message: "The session store is unavailable; try again" },
    });
    expect(response.headers.getSetCookie().filter((line) => line.startsWith(SESSION_COOKIE))).toEqual([]);
  });
});
