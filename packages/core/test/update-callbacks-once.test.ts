import { Auth, type AuthConfig } from "@auth/core";
import { describe, expect, test } from "vitest";
import { SafeSessionError, createSafeSession } from "../src/index.js";
import { ORIGIN, memoryAdapter, testConfig, testUpdates } from "./fixture.js";
import { SESSION_COOKIE, sessionCookie, updateRequest } from "./signed-in.js";

// README "Callbacks": an update runs the app's `jwt` callback once (`trigger: "update"`), its
// `session` callback once and `events.session` once — what `Auth()` runs on `POST /session`, so
// an audit log kept in `events.session` sees one entry per update, not a read and then a write.

function recording(calls: string[]): AuthConfig {
  const config = testConfig();
  return {
    ...config,
    callbacks: {
      jwt: ({ token, trigger, session }) => {
        calls.push(`jwt:${trigger ?? "read"}`);
        return trigger === "update" ? { ...token, ...session } : token;
      },
      session: ({ session, trigger }) => {
        calls.push(`session:${trigger ?? "read"}`);
        return session;
      },
    },
    events: { session: () => void calls.push("events.session") },
  };
}

describe("an update runs the app's callbacks once", () => {
  test("JWT over HTTP: the same calls, in the same order, as stock Auth() on the same update", async () => {
    const calls: string[] = [];
    const config = recording(calls);
    const safe = createSafeSession({ config, updates: testUpdates(), env: {}, rateLimit: false });
    expect((await safe.handler(await updateRequest({ selectedCompanyId: "acme" }))).status).toBe(200);
    const ours = calls.splice(0);
    expect((await Auth(await updateRequest({ selectedCompanyId: "acme" }), config)).status).toBe(200);
    expect(ours).toEqual(calls);
    expect(ours).toEqual(["jwt:update", "session:read", "events.session"]);
  });

  test("database: the session callback once, with trigger update, and events.session once", async () => {
    const calls: string[] = [];
    const adapter = memoryAdapter();
    const safe = createSafeSession({ config: { ...recording(calls), adapter, session: { strategy: "database" } }, updates: testUpdates(), env: {}, rateLimit: false });
    await adapter.createUser?.({ id: "alice", email: "alice@example.com", emailVerified: null, name: "Alice", image: null });
    await adapter.createSession?.({ sessionToken: "row-a", userId: "alice", expires: new Date(Date.now() + 3600_000) });
    const response = await safe.handler(await updateRequest({ selectedCompanyId: "acme" }, { cookie: `${SESSION_COOKIE}=row-a` }));
    expect(await response.json()).toMatchObject({ selectedCompanyId: "acme" });
    expect(calls).toEqual(["session:update", "events.session"]);
  });

  test("from server code, a refused update leaves a later read of the same request whole: it reads again, callbacks and all", async () => {
    const calls: string[] = [];
    const safe = createSafeSession({ config: recording(calls), updates: testUpdates(), env: {}, rateLimit: false });
    const cookie = await sessionCookie({ sub: "alice", email: "alice@example.com", name: "Alice" });
    const request = new Request(`${ORIGIN}/settings`, { method: "POST", headers: { origin: ORIGIN, cookie } });
    const refused = await safe.updateSession(request, { selectedCompanyId: "initech" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SafeSessionError);
    expect((refused as SafeSessionError).code).toBe("FORBIDDEN");
    expect(calls.splice(0)).toEqual([]);
    expect(await safe.getSession(request)).toMatchObject({ user: { name: "Alice" } });
    expect(calls).toEqual(["jwt:read", "session:read", "events.session"]);
  });

  test("a read the request already made is where the update starts: its callbacks ran for the read, the update's run once more", async () => {
    const calls: string[] = [];
    const safe = createSafeSession({ config: recording(calls), updates: testUpdates(), env: {}, rateLimit: false });
    const cookie = await sessionCookie({ sub: "alice", email: "alice@example.com" });
    const request = new Request(`${ORIGIN}/settings`, { method: "POST", headers: { origin: ORIGIN, cookie } });
    await safe.getSession(request);
    await safe.updateSession(request, { selectedCompanyId: "acme" });
    expect(calls).toEqual(["jwt:read", "session:read", "events.session", "jwt:update", "session:read", "events.session"]);
  });
});
