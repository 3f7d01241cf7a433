import type { AuthConfig } from "@auth/core";
import { describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { createSafeSession, defineUpdates } from "../../src/index.js";
import { ORIGIN, createTestSession, testConfig, testUpdates } from "../support/fixture.js";
import { keptCookies, sessionCookie, updateRequest } from "../support/signed-in.js";

const errorOf = async (response: Response) => ((await response.json()) as { error: Record<string, unknown> }).error;

describe("the update pipeline's answers", () => {
  test("a wrong CSRF token: 403 with its message", async () => {
    const response = await createTestSession().handler(
      await updateRequest({ name: "Al" }, { csrfToken: "f".repeat(64) }),
    );
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toEqual({ code: "CSRF", message: "Missing or invalid CSRF token" });
  });

  test("the first field of the patch that authorize refuses is the one named", async () => {
    const updates = defineUpdates({
      a: { schema: z.string(), authorize: () => false },
      b: { schema: z.string(), authorize: async () => false },
    });
    const safe = createSafeSession({ config: testConfig(), updates, env: {} });
    expect(await errorOf(await safe.handler(await updateRequest({ b: "x", a: "y" })))).toEqual({
      code: "FORBIDDEN",
      message: 'You may not set "b" to this value',
      field: "b",
    });
  });

  test("clearing a field with null needs no authorize, even after the right to it is gone", async () => {
    let allowed = true;
    const authorize = vi.fn(() => allowed);
    const safe = createSafeSession({
      config: testConfig(),
      updates: defineUpdates({ company: { schema: z.string(), authorize } }),
      env: {},
    });
    const set = await safe.handler(await updateRequest({ company: "acme" }));
    expect(authorize).toHaveBeenCalledTimes(1);
    allowed = false;
    const cleared = await safe.handler(await updateRequest({ company: null }, { cookie: keptCookies(set) }));
    expect(cleared.status).toBe(200);
    expect(((await cleared.json()) as Record<string, unknown>).company).toBeUndefined();
    expect(authorize).toHaveBeenCalledTimes(1);
  });

  test("data {} answers the session as it is and writes no session cookie", async () => {
    const response = await createTestSession().handler(await updateRequest({}));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user: { email: "alice@example.com" } });
    expect(response.headers.getSetCookie().filter((line) => line.startsWith("authjs.session-token"))).toEqual([]);
  });
});

describe("the rate limit counts per user", () => {
  test("one user's spent budget does not limit another; the answer says when to retry", async () => {
    const safe = createTestSession({ rateLimit: { max: 1, windowSeconds: 60 } });
    const alice = await sessionCookie({ sub: "alice", email: "alice@example.com" });
    const bob = await sessionCookie({ sub: "bob", email: "bob@example.com" });
    expect((await safe.handler(await updateRequest({ name: "A" }, { cookie: alice }))).status).toBe(200);
    const limited = await safe.handler(await updateRequest({ name: "A" }, { cookie: alice }));
    expect(limited.status).toBe(429);
    expect(await errorOf(limited)).toEqual({
      code: "RATE_LIMITED",
      message: "Too many session updates; try again later",
    });
    expect((await safe.handler(await updateRequest({ name: "B" }, { cookie: bob }))).status).toBe(200);
  });

  test("a token without sub is counted by its email", async () => {
    const safe = createTestSession({ rateLimit: { max: 1, windowSeconds: 60 } });
    const first = await sessionCookie({ email: "carol@example.com" });
    const second = await sessionCookie({ email: "dave@example.com" });
    expect((await safe.handler(await updateRequest({ name: "C" }, { cookie: first }))).status).toBe(200);
    expect((await safe.handler(await updateRequest({ name: "C" }, { cookie: first }))).status).toBe(429);
    expect((await safe.handler(await updateRequest({ name: "D" }, { cookie: second }))).status).toBe(200);
  });

  test("the default is 120 attempts a minute", async () => {
    const safe = createTestSession();
    const cookie = await sessionCookie();
    for (let i = 0; i < 120; i++) {
      const response = await safe.handler(await updateRequest({}, { cookie }));
      expect(response.status).toBe(200);
    }
    expect((await safe.handler(await updateRequest({}, { cookie }))).status).toBe(429);
  });
});

describe("updateSession from server code", () => {
  test("undefined values are left out (an optional form field), not validated", async () => {
    const safe = createTestSession();
    const request = new Request(`${ORIGIN}/action`, { headers: { cookie: await sessionCookie() } });
    // The types refuse `undefined` (exactOptionalPropertyTypes); plain JavaScript and spread form data send it.
    const patch = { name: undefined, selectedCompanyId: "acme" } as unknown as { selectedCompanyId: string };
    const { session } = await safe.updateSession(request, patch);
    expect(session).toMatchObject({ selectedCompanyId: "acme" });
  });

  test("a jwt callback that ends the session on update: UNAUTHENTICATED, and no onUpdate event", async () => {
    const onUpdate = vi.fn();
    const config = testConfig();
    const jwt: NonNullable<AuthConfig["callbacks"]>["jwt"] = (params) =>
      params.trigger === "update" ? null : params.token;
    const safe = createSafeSession({
      config: { ...config, callbacks: { ...config.callbacks, jwt } },
      updates: testUpdates(),
      env: {},
      events: { onUpdate },
    });
    const request = new Request(`${ORIGIN}/action`, { headers: { cookie: await sessionCookie() } });
    await expect(safe.updateSession(request, { name: "Al" })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      message: "The session ended",
    });
    const response = await safe.handler(await updateRequest({ name: "Al" }));
    expect(await response.json()).toBeNull();
    expect(onUpdate).not.toHaveBeenCalled();
  });
});
