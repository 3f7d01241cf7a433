import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestSession } from "../../core/test/support/fixture.js";
import { createRedisStore } from "../src/index.js";
import { type RedisServer, redisClient, redisMissing, startRedis, whenReady } from "./redis-server.js";
import { type TestSession, applyCookies, httpUpdate, request, signIn } from "./session.js";

const missing = redisMissing();
// Generous: the store's own bound is 1 s; this only proves "promptly", not a latency.
const PROMPT_MS = 5000;

async function unavailable(response: Response): Promise<void> {
  expect(response.status).toBe(503);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UNAVAILABLE");
  expect(response.headers.getSetCookie()).toEqual([]);
}

describe.skipIf(missing)(`Redis stops and comes back${missing ? ` (skipped: ${missing})` : ""}`, () => {
  let dir: string;
  let server: RedisServer;
  let client: Redis;
  let raw: Redis;
  let safe: TestSession;

  beforeAll(async () => {
    // Persistent (append-only file), so what was written before the outage is there after it and
    // anything written during it would be too.
    dir = mkdtempSync(join(tmpdir(), "safe-session-redis-"));
    server = await startRedis({ dir });
    client = redisClient(server.port);
    raw = redisClient(server.port);
    await Promise.all([whenReady(client), whenReady(raw)]);
    safe = createTestSession({ store: createRedisStore(client) });
  });
  afterAll(async () => {
    client?.disconnect();
    raw?.disconnect();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `call` and checks it settled within the generous bound. */
  async function prompt<T>(call: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await call();
    } finally {
      expect(Date.now() - started).toBeLessThan(PROMPT_MS);
    }
  }

  test("reads and updates answer 503 UNAVAILABLE promptly, write nothing, and work again once it is back", async () => {
    let { cookie, csrfToken } = await signIn(safe);
    const ok = await safe.handler(httpUpdate(cookie, csrfToken, { selectedCompanyId: "acme" }));
    expect(ok.status).toBe(200);
    cookie = applyCookies(cookie, ok);
    const counters = () => raw.mget("safe-session:rl:update:{alice}", "safe-session:rv:user:{alice}");
    expect(await counters()).toEqual(["1", null]);

    await server.stop();
    await unavailable(await prompt(() => safe.handler(request(cookie))));
    await unavailable(await prompt(() => safe.handler(httpUpdate(cookie, csrfToken, { selectedCompanyId: "globex" }))));
    await prompt(() =>
      expect(safe.updateSession(request(cookie), { selectedCompanyId: "globex" })).rejects.toMatchObject({
        code: "UNAVAILABLE",
      }),
    );
    await prompt(() =>
      expect(safe.getSession(request(cookie))).rejects.toMatchObject({ code: "UNAVAILABLE", status: 503 }),
    );
    await prompt(() => expect(safe.revokeUser("alice")).rejects.toMatchObject({ code: "UNAVAILABLE" }));

    await server.start();
    await whenReady(raw);
    // The client reconnects on its own (ioredis backs off up to 2 s); until then reads stay 503.
    let response = await safe.handler(request(cookie));
    for (let tries = 0; response.status === 503 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      response = await safe.handler(request(cookie));
    }
    expect(response.status).toBe(200);
    // Nothing of the outage landed: no attempt counted, no revocation, the session as it was.
    expect(await response.json()).toMatchObject({ selectedCompanyId: "acme" });
    expect(await counters()).toEqual(["1", null]);
    const again = await safe.handler(httpUpdate(cookie, csrfToken, { selectedCompanyId: "globex" }));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ selectedCompanyId: "globex" });
  }, 60_000);

  test("20 concurrent reads while Redis is away each answer 503 within the bound (no queue to drain)", async () => {
    const { cookie } = await signIn(safe); // signing in needs no store
    await server.stop();
    try {
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => prompt(() => safe.handler(request(cookie)))),
      );
      for (const response of responses) await unavailable(response);
    } finally {
      await server.start();
    }
  }, 60_000);
});
