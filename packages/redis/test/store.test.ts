import { MemoryStore, type SafeSessionStore } from "@safe-session/core";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRedisStore } from "../src/index.js";
import { storeContract } from "./contract.js";
import { type RedisServer, redisClient, redisMissing, startRedis, whenReady } from "./redis-server.js";

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

  describe("Redis store specifics", () => {
    test("keys carry the prefix (default safe-session:) and the TTLs asked for", async () => {
      const store = createRedisStore(a);
      await store.set("rv:user:alice", "1700000000", 2_592_000);
      await store.hit("rl:update:alice", 60);
      await store.compareAndSet("st:sid-1", undefined, '{"rev":1}', 86_400);
      expect(await a.get("safe-session:rv:user:alice")).toBe("1700000000");
      expect(await a.get("safe-session:rl:update:alice")).toBe("1");
      expect(await a.get("safe-session:st:sid-1")).toBe('{"rev":1}');
      const ttl = async (key: string) => Number(await a.ttl(key));
      expect(await ttl("safe-session:rv:user:alice")).toBeGreaterThan(2_592_000 - 5);
      expect(await ttl("safe-session:rl:update:alice")).toBeGreaterThan(55);
      expect(await ttl("safe-session:st:sid-1")).toBeGreaterThan(86_400 - 5);
    });

    test("a counter found without an expiry gets one, so it cannot count forever", async () => {
      const store = createRedisStore(a, { prefix: "heal:" });
      await a.set("heal:rl:x", "7");
      expect((await store.hit("rl:x", 60)).count).toBe(8);
      expect(Number(await a.pttl("heal:rl:x"))).toBeGreaterThan(0);
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
      await a.lpush("type:st", "x");
      await expect(store.compareAndSet("st", undefined, "v", 60)).rejects.toThrow(/WRONGTYPE/);
      await expect(store.hit("st", 60)).rejects.toThrow(/WRONGTYPE/);
    });

    test("calls made while the client is still connecting wait for it; lazyConnect clients are connected", async () => {
      const eager = redisClient(server.port);
      const lazy = new Redis({ port: server.port, host: "127.0.0.1", lazyConnect: true, enableOfflineQueue: false });
      try {
        expect(await createRedisStore(eager, { prefix: "early:" }).get(["k"])).toEqual([undefined]);
        expect(lazy.status).toBe("wait");
        expect(await createRedisStore(lazy, { prefix: "early:" }).hit("k", 60)).toMatchObject({ count: 1 });
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
        await own.stop();
        await expect(store.set("late", "v", 60)).rejects.toThrow("did not answer within 200 ms");
        await expect(store.compareAndSet("late-cas", undefined, "v", 60)).rejects.toThrow("did not answer");
        await own.start();
        await whenReady(loose);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await loose.mget("safe-session:late", "safe-session:late-cas")).toEqual([null, null]);
        expect(await store.compareAndSet("late-cas", undefined, "v", 60)).toBe(true);
      } finally {
        loose.disconnect();
        await own.stop();
      }
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
