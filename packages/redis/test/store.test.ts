import { MemoryStore, type SafeSessionStore } from "@safe-session/core";
import { type Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRedisStore } from "../src/index.js";
import { storeContract } from "./contract.js";
import {
  type RedisCluster,
  type RedisServer,
  clusterClient,
  redisClient,
  redisMissing,
  startCluster,
  startRedis,
  startSentinel,
  whenReady,
} from "./redis-server.js";

storeContract({ name: "MemoryStore", open: () => new MemoryStore() });

const missing = redisMissing();
if (missing) {
  test.skip(`Redis store contract (skipped: ${missing})`, () => {});
} else {
  let server: RedisServer;
  let a: Redis;
  let b: Redis;
  let opened = 0;
  const prefixes = new WeakMap<SafeSessionStore, string>();

  beforeAll(async () => {
    server = await startRedis();
    a = redisClient(server.port);
    b = redisClient(server.port);
    await Promise.all([whenReady(a), whenReady(b)]);
  });
  afterAll(async () => {
    await Promise.all([a?.quit(), b?.quit()]);
    await server?.stop();
  });

  storeContract({
    name: "Redis",
    // A prefix per test: fresh data on one server.
    open: () => {
      const prefix = `contract${++opened}:`;
      const store = createRedisStore(a, { prefix });
      prefixes.set(store, prefix);
      return store;
    },
    peer: (store) => createRedisStore(b, { prefix: prefixes.get(store) as string }),
  });

  describe("through Redis Sentinel", () => {
    let sentinel: Awaited<ReturnType<typeof startSentinel>>;
    const clients: Redis[] = [];
    // As an app configures it: the sentinels and the master's name, ioredis defaults otherwise.
    const viaSentinel = () => {
      const client = new Redis({ sentinels: [{ host: "127.0.0.1", port: sentinel.port }], name: "mymaster" });
      client.on("error", () => {});
      clients.push(client);
      return client;
    };
    beforeAll(async () => {
      sentinel = await startSentinel(server.port);
    });
    afterAll(async () => {
      for (const client of clients) client.disconnect();
      await sentinel?.stop();
    });

    storeContract({
      name: "Redis through Sentinel",
      open: () => {
        const prefix = `contract${++opened}:`;
        const store = createRedisStore(viaSentinel(), { prefix });
        prefixes.set(store, prefix);
        return store;
      },
      peer: (store) => createRedisStore(viaSentinel(), { prefix: prefixes.get(store) as string }),
    });
  });

  describe("on a Redis Cluster of three primaries", () => {
    let cluster: RedisCluster;
    let c: Cluster;
    let d: Cluster;
    beforeAll(async () => {
      cluster = await startCluster();
      c = clusterClient(cluster.ports);
      d = clusterClient(cluster.ports);
    }, 60_000);
    afterAll(async () => {
      c?.disconnect();
      d?.disconnect();
      await cluster?.stop();
    });

    storeContract({
      name: "Redis Cluster",
      open: () => {
        const prefix = `contract${++opened}:`;
        const store = createRedisStore(c, { prefix });
        prefixes.set(store, prefix);
        return store;
      },
      peer: (store) => createRedisStore(d, { prefix: prefixes.get(store) as string }),
    });

    test("a session's read spans slots (user revocation, session keys): no CROSSSLOT; each session's keys share one", async () => {
      const store = createRedisStore(c, { prefix: "slots:" });
      const users = Array.from({ length: 20 }, (_, i) => `user-${i}`);
      for (const user of users) {
        await store.set(`rv:user:${user}`, `revoked ${user}`, 60);
        await store.set(`rv:sid:sid-${user}`, "1", 60);
        await store.compareAndSet(`st:sid-${user}`, undefined, `state ${user}`, 60);
      }
      const slots = new Set<number>();
      for (const user of users) {
        const keys = [`rv:user:${user}`, `rv:sid:sid-${user}`, `st:sid-${user}`, "absent"];
        expect(await store.get(keys)).toEqual([`revoked ${user}`, "1", `state ${user}`, undefined]);
        const [session, state, revoked] = await Promise.all(
          [`slots:rv:sid:{sid-${user}}`, `slots:st:{sid-${user}}`, `slots:rv:user:{${user}}`].map((key) =>
            c.cluster("KEYSLOT", key),
          ),
        );
        expect(state).toBe(session);
        slots.add(session as number).add(revoked as number);
      }
      // The keys were spread over the cluster, so the reads above did cross slots.
      expect(slots.size).toBeGreaterThan(20);
    });
  });

  describe("Redis store specifics", () => {
    test("keys carry the prefix (default safe-session:), the id as a hash tag, and the TTLs asked for", async () => {
      const store = createRedisStore(a);
      await store.set("rv:user:alice", "1700000000", 2_592_000);
      await store.set("rv:sid:sid-1", "1", 86_400);
      await store.hit("rl:update:alice", 60);
      await store.compareAndSet("st:sid-1", undefined, '{"rev":1}', 86_400);
      await store.set("db:0a1b", "{}", 60);
      await store.set("odd:{x}:y", "v", 60);
      expect(await a.get("safe-session:rv:user:{alice}")).toBe("1700000000");
      expect(await a.get("safe-session:rv:sid:{sid-1}")).toBe("1");
      expect(await a.get("safe-session:rl:update:{alice}")).toBe("1");
      expect(await a.get("safe-session:st:{sid-1}")).toBe('{"rev":1}');
      expect(await a.get("safe-session:db:{0a1b}")).toBe("{}");
      expect(await a.get("safe-session:odd:{{x}:y}")).toBe("v");
      const ttl = async (key: string) => Number(await a.ttl(key));
      expect(await ttl("safe-session:rv:user:{alice}")).toBeGreaterThan(2_592_000 - 5);
      expect(await ttl("safe-session:rl:update:{alice}")).toBeGreaterThan(55);
      expect(await ttl("safe-session:st:{sid-1}")).toBeGreaterThan(86_400 - 5);
    });

    test("a counter and its lock are two Redis keys; an id with a lone surrogate goes as its hash", async () => {
      const store = createRedisStore(a, { prefix: "lock:" });
      const counter = `rl:signin:address:${"ab12".repeat(16)}`;
      await store.hit(counter, 60);
      await store.set(`${counter}:lock`, "1700000000000", 60);
      await store.hit(counter, 60);
      await store.release(counter);
      expect(
        await a.mget(
          `lock:rl:signin:address:{${"ab12".repeat(16)}}`,
          `lock:rl:signin:address:{${"ab12".repeat(16)}:lock}`,
        ),
      ).toEqual(["1", "1700000000000"]);
      await store.set("rv:sid:\uD800", "1", 60);
      expect(await a.keys("lock:rv:sid:*")).toEqual([expect.stringMatching(/^lock:rv:sid:~\{[0-9a-f]{64}\}$/)]);
    });

    test("a prefix (or the client's keyPrefix) with a brace is refused: it would be every key's hash tag", () => {
      expect(() => createRedisStore(a, { prefix: "{app}:" })).toThrow(TypeError);
      const prefixed = new Redis({ port: server.port, host: "127.0.0.1", lazyConnect: true, keyPrefix: "app{1}:" });
      expect(() => createRedisStore(prefixed)).toThrow(/keyPrefix/);
      prefixed.disconnect();
    });

    test("a counter found without an expiry gets one, so it cannot count forever", async () => {
      const store = createRedisStore(a, { prefix: "heal:" });
      await a.set("heal:rl:{x}", "7");
      expect((await store.hit("rl:x", 60)).count).toBe(8);
      expect(Number(await a.pttl("heal:rl:{x}"))).toBeGreaterThan(0);
    });

    test("scripts flushed from Redis (SCRIPT FLUSH, a restart) are sent again", async () => {
      const store = createRedisStore(a, { prefix: "flush:" });
      await store.hit("rl:y", 60);
      await a.script("FLUSH");
      expect((await store.hit("rl:y", 60)).count).toBe(2);
      await a.script("FLUSH");
      expect(await store.compareAndSet("st", undefined, "v", 60)).toBe(true);
    });

    test("a Redis error (a key of another type) is a rejection, which core turns into 503", async () => {
      const store = createRedisStore(a, { prefix: "type:" });
      await a.lpush("type:{st}", "x");
      await expect(store.compareAndSet("st", undefined, "v", 60)).rejects.toThrow(/WRONGTYPE/);
      await expect(store.hit("st", 60)).rejects.toThrow(/WRONGTYPE/);
    });

    test("calls made while the connection is still starting wait for it; a lazyConnect client works too", async () => {
      const eager = redisClient(server.port);
      const lazy = new Redis({ port: server.port, host: "127.0.0.1", lazyConnect: true, enableOfflineQueue: false });
      try {
        expect(await createRedisStore(eager, { prefix: "early:" }).get(["k"])).toEqual([undefined]);
        expect(await createRedisStore(lazy, { prefix: "early:" }).hit("k", 60)).toMatchObject({ count: 1 });
        // The store connected its own connection; the app's lazy client is the app's to connect.
        expect(lazy.status).toBe("wait");
      } finally {
        eager.disconnect();
        lazy.disconnect();
      }
    });

    test("even a client with the offline queue on never runs a call that timed out once Redis is back", async () => {
      const own = await startRedis();
      // ioredis defaults: offline queue on, unfulfilled commands resent after a reconnect.
      const loose = new Redis({ port: own.port, host: "127.0.0.1" });
      loose.on("error", () => {});
      try {
        await whenReady(loose);
        const store = createRedisStore(loose, { timeoutMs: 200 });
        expect(await store.get(["warm"])).toEqual([undefined]); // the store's connection is up
        await own.stop();
        // Sent on a connection that just died, or waiting for the next one: either way refused.
        await expect(store.set("late", "v", 60)).rejects.toThrow();
        await expect(store.compareAndSet("late-cas", undefined, "v", 60)).rejects.toThrow();
        await own.start();
        // A client resends its queues first thing once ready, so a command sent after that
        // (the same store, a longer bound: the same connection) reads after anything resent.
        const patient = createRedisStore(loose, { timeoutMs: 30_000 });
        expect(await patient.get(["late", "late-cas"])).toEqual([undefined, undefined]);
        await whenReady(loose);
        expect(await loose.mget("safe-session:{late}", "safe-session:{late-cas}")).toEqual([null, null]);
        expect(await store.compareAndSet("late-cas", undefined, "v", 60)).toBe(true);
      } finally {
        loose.disconnect();
        await own.stop();
      }
    });

    test("an answer that came in time is used even when the process was too busy to read it before the bound", async () => {
      const store = createRedisStore(a, { prefix: "busy:", timeoutMs: 50 });
      await store.set("k", "v", 60);
      const read = store.get(["k"]);
      // The command goes out in this turn's microtasks; then the process computes for 1 s while
      // Redis answers. The overdue timer then runs before the socket is read.
      queueMicrotask(() => {
        const until = Date.now() + 1000;
        while (Date.now() < until) {}
      });
      expect(await read).toEqual(["v"]);
    });

    test("a closed client fails at once with a clear message", async () => {
      const closed = redisClient(server.port);
      await whenReady(closed);
      const ended = new Promise((resolve) => closed.once("end", resolve));
      await closed.quit();
      await ended;
      await expect(createRedisStore(closed).get(["k"])).rejects.toThrow("the Redis client was closed");
    });
  });
}
