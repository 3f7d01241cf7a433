import type { Adapter } from "@auth/core/adapters";
import { afterEach, describe, expect, test, vi } from "vitest";
import { createSafeSession } from "../../src/index.js";
import { ORIGIN, SECRET, memoryAdapter, testConfig, testUpdates } from "../support/fixture.js";
import { SESSION_COOKIE, csrfPair, sessionCookie, updateRequest } from "../support/signed-in.js";

// README `createSafeSession(options)`: the defaults an app gets when it leaves an option out.

afterEach(() => {
  vi.unstubAllEnvs();
});

const read = (cookie: string) => new Request(`${ORIGIN}/auth/session`, { headers: { cookie } });

describe("createSafeSession's defaults", () => {
  test("maxBodyBytes: 8 KiB — a body of exactly 8192 bytes is read, one byte more is 413", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), env: {} });
    const prefix = JSON.stringify({ csrfToken: csrfPair().token, data: { selectedCompanyId: "acme" } });
    // JSON allows trailing whitespace: pad the same update to the exact size.
    const body = prefix + " ".repeat(8192 - Buffer.byteLength(prefix));
    const request = await updateRequest(null);
    expect((await safe.handler(new Request(request, { body }))).status).toBe(200);
    const over = await safe.handler(new Request(await updateRequest(null), { body: `${body} ` }));
    expect(over.status).toBe(413);
  });

  test("maxCookieChunks: 3 — a write expires the session cookie's three chunk names", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), env: {} });
    const response = await safe.handler(await updateRequest({ selectedCompanyId: "acme" }));
    const expired = response.headers
      .getSetCookie()
      .filter((line) => line.startsWith(SESSION_COOKIE) && /; Max-Age=0;/.test(line))
      .map((line) => line.slice(0, line.indexOf("=")));
    expect(expired.sort()).toEqual([`${SESSION_COOKIE}.0`, `${SESSION_COOKIE}.1`, `${SESSION_COOKIE}.2`]);
  });

  test("rateLimit: a partial option keeps the default window for what it leaves out", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), env: {}, rateLimit: { max: 2 } });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await safe.handler(await updateRequest({ name: `N${i}` }))).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  test("env: process.env, where AUTH_SECRET is found", async () => {
    vi.stubEnv("AUTH_SECRET", SECRET);
    const { secret: _, ...config } = testConfig();
    const safe = createSafeSession({ config, updates: testUpdates() });
    expect(await (await safe.handler(read(await sessionCookie()))).json()).toMatchObject({
      user: { email: "alice@example.com" },
    });
  });
});

describe("a failing adapter", () => {
  test("a read is 503 UNAVAILABLE naming the session database", async () => {
    const adapter: Adapter = {
      ...memoryAdapter(),
      getSessionAndUser: () => {
        throw new Error("connection refused");
      },
    };
    const safe = createSafeSession({
      config: { ...testConfig(), adapter, session: { strategy: "database" } },
      updates: testUpdates(),
      env: {},
    });
    const response = await safe.handler(
      await updateRequest({ selectedCompanyId: "acme" }, { cookie: `${SESSION_COOKIE}=row` }),
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: { code: "UNAVAILABLE", message: "The session database is unavailable; try again" },
    });
  });
});
