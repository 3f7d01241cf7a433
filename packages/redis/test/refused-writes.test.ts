import { createSafeSession, defineUpdates } from "@safe-session/core";
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { testConfig } from "../../core/test/support/fixture.js";
import { createRedisStore } from "../src/index.js";
import { type RedisServer, redisClient, redisMissing, startCluster, startRedis, whenReady } from "./redis-server.js";
import { applyCookies, httpUpdate, request, signIn } from "./session.js";

const missing = redisMissing();
const ROUNDS = 25;
const WRITES = 50;

/** The app's client as ioredis makes it by default: offline queue on, unanswered commands resent. */
function appClient(port: number): Redis {
  const client = new Redis({ port, host: "127.0.0.1" });
  client.on("error", () => {});
  return client;
}

describe.skipIf(missing)(`no write runs after it was refused${missing ? ` (skipped: ${missing})` : ""}`, () => {
  let server: RedisServer;
  let app: Redis;
  let raw: Redis;

  beforeAll(async () => {
    server = await startRedis();
    app = appClient(server.port);
    raw = redisClient(server.port);
    await Promise.all([whenReady(app), whenReady(raw)]);
  });
  afterAll(async () => {
    app?.disconnect();
    raw?.disconnect();
    await server?.stop();
  });

  test(`Redis killed under ${WRITES} concurrent writes and restarted empty, ${ROUNDS} rounds: no refused write is in it`, async () => {
    const store = createRedisStore(app, { timeoutMs: 500 });
    // Same app client, so the same connection: its reads come after anything that connection resends.
    const patient = createRedisStore(app, { timeoutMs: 30_000 });
    for (let round = 0; round < ROUNDS; round++) {
      await patient.get(["warm"]);
      const keys = Array.from({ length: WRITES }, (_, i) => `r${round}:w${i}`);
      // Paused, Redis reads nothing: every write below is sent and unanswered when it dies.
      server.pause();
      const writes = Promise.allSettled(
        keys.map((key, i) => (i % 2 === 0 ? store.set(key, "v", 60) : store.compareAndSet(key, undefined, "v", 60))),
      );
      await new Promise((resolve) => setImmediate(resolve));
      await server.kill();
      // Every caller has its answer before Redis is back: an error, so core answered 503.
      const accepted = (await writes).filter((outcome) => outcome.status === "fulfilled");
      expect({ round, accepted }).toEqual({ round, accepted: [] });
      await server.start();
      expect({ round, found: await patient.get(keys) }).toEqual({ round, found: keys.map(() => undefined) });
      await Promise.all([whenReady(app), whenReady(raw)]);
      expect(await app.exists(...keys.map((key) => `safe-session:{${key}}`))).toBe(0);
      expect(await raw.dbsize()).toBe(0);
    }
  }, 120_000);

  test("an update sent to a Redis that stalls: 503, and if it lands after all, the session is that update whole", async () => {
    // authorize runs after the session's revision was read and before its compare-and-set is sent:
    // it stalls Redis there, so the compare-and-set is sent and not answered within the bound.
    let stall = false;
    const updates = defineUpdates({
      selectedCompanyId: {
        schema: z.string(),
        authorize: () => {
          if (stall) server.pause();
          stall = false;
          return true;
        },
      },
      name: { schema: z.string() },
    });
    const client = redisClient(server.port);
    try {
      await whenReady(client);
      const options = { config: testConfig(), updates, env: {}, rateLimit: false } as const;
      const safe = createSafeSession({ ...options, store: createRedisStore(client, { timeoutMs: 300 }) });
      let { cookie, csrfToken } = await signIn(safe);
      const first = await safe.handler(httpUpdate(cookie, csrfToken, { selectedCompanyId: "acme", name: "Ann" }));
      expect(first.status).toBe(200);
      cookie = applyCookies(cookie, first);

      stall = true;
      const refused = await safe.handler(httpUpdate(cookie, csrfToken, { selectedCompanyId: "globex", name: "Bob" }));
      expect(refused.status).toBe(503);
      expect(refused.headers.getSetCookie()).toEqual([]);
      // Redis goes on and runs the compare-and-set it had received: the outcome the README calls unknown.
      server.resume();

      // The browser still holds the token of the first update. Every read now serves the second
      // one, both fields together (the revision is one value, swapped whole), never a mix.
      const patient = createSafeSession({ ...options, store: createRedisStore(client, { timeoutMs: 30_000 }) });
      const read = await patient.handler(request(cookie));
      expect(await read.json()).toMatchObject({ selectedCompanyId: "globex", user: { name: "Bob" } });
      cookie = applyCookies(cookie, read);
      // The next update builds on it, from either token.
      const next = await safe.handler(httpUpdate(cookie, csrfToken, { name: "Cy" }));
      expect(next.status).toBe(200);
      expect(await next.json()).toMatchObject({ selectedCompanyId: "globex", user: { name: "Cy" } });
    } finally {
      server.resume();
      client.disconnect();
    }
  }, 60_000);

  test("on a Cluster, a write for a node the store is still connecting to is dropped, not kept for later", async () => {
    const cluster = await startCluster();
    const [x, ...others] = cluster.nodes as [RedisServer, RedisServer, RedisServer];
    const probe = redisClient(others[0].port);
    let app: Cluster | undefined;
    try {
      await whenReady(probe);
      // A key whose slot is on node x.
      const slots = await probe.cluster("SLOTS");
      const onX = (slot: number) =>
        slots.some(([from, to, primary]) => slot >= from && slot <= to && primary?.[1] === x.port);
      let name = "";
      for (let i = 0; !name; i++)
        if (onX((await probe.cluster("KEYSLOT", `safe-session:{late-${i}}`)) as number)) name = `late-${i}`;
      // x stalls: the kernel still accepts connections to it, nothing answers. The app's client
      // starts from the other nodes and learns x from them.
      x.pause();
      app = new Cluster(
        others.map((node) => ({ host: "127.0.0.1", port: node.port })),
        { enableReadyCheck: false },
      );
      app.on("error", () => {});
      await expect(createRedisStore(app, { timeoutMs: 300 }).set(name, "v", 60)).rejects.toThrow();
      x.resume();
      // A node's connection sends what it kept first thing once ready; this read comes after it.
      expect(await createRedisStore(app, { timeoutMs: 30_000 }).get([name])).toEqual([undefined]);
    } finally {
      x.resume();
      probe.disconnect();
      app?.disconnect();
      await cluster.stop();
    }
  }, 60_000);
});
