import type { AuthConfig } from "@auth/core";
import { describe, expect, test, vi } from "vitest";
import { createSafeSession } from "../../src/index.js";
import { ORIGIN, memoryAdapter, testConfig, testUpdates, seedAlice } from "../support/fixture.js";
import { SESSION_COOKIE, sessionCookie } from "../support/signed-in.js";

// README "Session shape": what the app's `session` callback and `events.session` receive, and
// what a client sees without a callback, as Auth.js shapes it for each strategy.

const read = (cookie: string) => new Request(`${ORIGIN}/auth/session`, { headers: { cookie } });
const ALICE = { sub: "alice", email: "alice@example.com", name: "Alice", picture: "https://img.example/a.png" };

/** testConfig without its callbacks: Auth.js's default session. */
function plainConfig(): AuthConfig {
  const { callbacks: _, ...config } = testConfig();
  return config;
}

async function databaseSession(config: AuthConfig) {
  const adapter = memoryAdapter();
  const safe = createSafeSession({
    config: { ...config, adapter, session: { strategy: "database" } },
    updates: testUpdates(),
    env: {},
  });
  await seedAlice(adapter);
  const expires = new Date(Date.now() + 3600_000);
  await adapter.createSession?.({ sessionToken: "row-a", userId: "alice", expires });
  return { safe, expires, cookie: `${SESSION_COOKIE}=row-a` };
}

describe("the session without a session callback", () => {
  test("JWT: the user's name, email and image, expires as an ISO string, and the set fields", async () => {
    const safe = createSafeSession({ config: plainConfig(), updates: testUpdates(), env: {} });
    const session = await safe.getSession(read(await sessionCookie({ ...ALICE, selectedCompanyId: "acme" })));
    expect(session).toEqual({
      user: { name: "Alice", email: "alice@example.com", image: "https://img.example/a.png" },
      expires: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      selectedCompanyId: "acme",
    });
  });

  test("database: expires is the row's, as an ISO string on the server too", async () => {
    const { safe, expires, cookie } = await databaseSession(plainConfig());
    const session = await safe.getSession(read(cookie));
    // Strict: a field that is not set is absent, not an undefined key.
    expect(session).toStrictEqual({
      user: { name: "Alice", email: "alice@example.com", image: null },
      expires: expires.toISOString(),
    });
  });
});

describe("events.session", () => {
  test("JWT: receives the session the app's callback returned and the token", async () => {
    const session = vi.fn();
    const safe = createSafeSession({
      config: { ...testConfig(), events: { session } },
      updates: testUpdates(),
      env: {},
    });
    const answered = await (await safe.handler(read(await sessionCookie(ALICE)))).json();
    expect(session).toHaveBeenCalledTimes(1);
    expect(session.mock.calls[0]?.[0]).toEqual({ session: answered, token: expect.objectContaining({ sub: "alice" }) });
  });

  test("database: receives the session only, no token", async () => {
    const session = vi.fn();
    const { safe, cookie } = await databaseSession({ ...testConfig(), events: { session } });
    const answered = await (await safe.handler(read(cookie))).json();
    expect(session).toHaveBeenCalledTimes(1);
    expect(session.mock.calls[0]?.[0]).toEqual({ session: { ...answered, expires: expect.any(Date) } });
  });

  test("no events.session: nothing is logged", async () => {
    const error = vi.fn();
    const safe = createSafeSession({ config: { ...testConfig(), logger: { error } }, updates: testUpdates(), env: {} });
    expect(await (await safe.handler(read(await sessionCookie(ALICE)))).json()).toMatchObject({
      user: { email: "alice@example.com" },
    });
    expect(error).not.toHaveBeenCalled();
  });

  test.each([
    ["an Error", new Error("audit sink down"), "audit sink down"],
    ["something else", "audit sink down", "events.session failed"],
  ])("a throw (%s) is logged as Auth.js's EventError and the read still answers", async (_, thrown, message) => {
    const error = vi.fn();
    const events = {
      session: () => {
        throw thrown;
      },
    };
    const safe = createSafeSession({
      config: { ...testConfig(), logger: { error }, events },
      updates: testUpdates(),
      env: {},
    });
    const response = await safe.handler(read(await sessionCookie(ALICE)));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user: { email: "alice@example.com" } });
    expect(error).toHaveBeenCalledTimes(1);
    const [logged] = error.mock.calls[0] as [Error & { cause?: { err?: Error } }];
    expect(logged.name).toBe("EventError");
    expect(logged.cause?.err?.message).toBe(message);
  });
});
