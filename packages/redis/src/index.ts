import { createHash } from "node:crypto";
import type { RateLimitHit, SafeSessionStore } from "@safe-session/core";
import type { Redis } from "ioredis";

export interface RedisStoreOptions {
  /** Prepended to every key. Default `"safe-session:"`. */
  prefix?: string;
  /**
   * How long one store call may take, waiting for a connection included, before it fails (and
   * core answers `503 UNAVAILABLE`). Default 1000 ms.
   */
  timeoutMs?: number;
}

// One round trip: the first hit of a window sets its expiry. A counter found without one (written
// by something else) gets it too, so it can never count forever.
const HIT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }`;

// ARGV: hasExpected ("1"/"0"), expected, value, ttl ms. GET on a missing key is false in Lua.
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if current ~= ARGV[2] then return 0 end
elseif current then
  return 0
end
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
return 1`;

const milliseconds = (seconds: number) => Math.max(1, Math.ceil(seconds * 1000));

/**
 * A `SafeSessionStore` on Redis (ioredis 5, standalone or Sentinel), shared by every instance
 * that uses the same server and prefix. Each call is one round trip, atomic on the server, and
 * bounded by `timeoutMs`: a command is only sent on a ready connection, never queued for later,
 * so a request answered `503` while Redis was away writes nothing when it comes back.
 */
export function createRedisStore(client: Redis, options: RedisStoreOptions = {}): SafeSessionStore {
  const prefix = options.prefix ?? "safe-session:";
  const timeoutMs = options.timeoutMs ?? 1000;
  let ready: Promise<void> | undefined;

  /** Resolves once the connection is ready; shared by every waiting call (one listener). */
  function connected(): Promise<void> {
    if (client.status === "ready") return Promise.resolve();
    if (client.status === "end") return Promise.reject(new Error("safe-session: the Redis client was closed"));
    if (client.status === "wait") client.connect().catch(() => {}); // lazyConnect: nobody else connects it
    ready ??= new Promise((resolve) =>
      client.once("ready", () => {
        ready = undefined;
        resolve();
      }),
    );
    return ready;
  }

  async function call<T>(run: () => Promise<T>): Promise<T> {
    let late = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        late = true;
        reject(new Error(`safe-session: Redis did not answer within ${timeoutMs} ms (connection: ${client.status})`));
      }, timeoutMs);
    });
    // A call that timed out while waiting for the connection is dropped, not sent later.
    const work = connected().then(() => {
      if (late) throw new Error("safe-session: dropped after the time-out");
      return run();
    });
    try {
      return await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  function script(source: string) {
    const sha = createHash("sha1").update(source).digest("hex");
    return async (key: string, args: (string | number)[]): Promise<unknown> => {
      try {
        return await client.evalsha(sha, 1, key, ...args);
      } catch (error) {
        // Not cached yet (or flushed): send it once in full; Redis caches it for the next calls.
        if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
        return client.eval(source, 1, key, ...args);
      }
    };
  }
  const hit = script(HIT);
  const compareAndSet = script(COMPARE_AND_SET);

  return {
    hit: (key, windowSeconds) =>
      call(async (): Promise<RateLimitHit> => {
        const [count, ttl] = (await hit(prefix + key, [milliseconds(windowSeconds)])) as [number, number];
        return { count, resetAt: Date.now() + ttl };
      }),
    get: (keys) =>
      keys.length === 0
        ? Promise.resolve([])
        : call(async () => (await client.mget(keys.map((key) => prefix + key))).map((value) => value ?? undefined)),
    set: (key, value, ttlSeconds) =>
      call(async () => {
        await client.set(prefix + key, value, "PX", milliseconds(ttlSeconds));
      }),
    compareAndSet: (key, expected, value, ttlSeconds) =>
      call(async () => {
        const args = [expected === undefined ? "0" : "1", expected ?? "", value, milliseconds(ttlSeconds)];
        return (await compareAndSet(prefix + key, args)) === 1;
      }),
  };
}
