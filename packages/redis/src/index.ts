import type { RateLimitHit, SafeSessionStore } from "@safe-session/core";
import type { Cluster, Redis } from "ioredis";
import { type Connection, connectionFor, isCluster } from "./connection.js";
import { checkPrefix, hashTag, redisKey } from "./keys.js";
import { COMPARE_AND_SET, HIT, RELEASE, script } from "./scripts.js";

/** Options of `createRedisStore`. */
export interface RedisStoreOptions {
  /** Prepended to every key. Default `"safe-session:"`. No `{` or `}`: keys carry hash tags. */
  prefix?: string;
  /**
   * How long one store call may take, waiting for a connection included, before it fails (and
   * core answers `503 UNAVAILABLE`). Default 1000 ms.
   */
  timeoutMs?: number;
}

const hit = script(HIT);
const compareAndSet = script(COMPARE_AND_SET);
const release = script(RELEASE);

const milliseconds = (seconds: number) => Math.max(1, Math.ceil(seconds * 1000));

/**
 * A `SafeSessionStore` on Redis (ioredis 5: standalone, Sentinel or Cluster), shared by every
 * instance that uses the same Redis and prefix. Each call is atomic on the server and bounded by
 * `timeoutMs`. The store talks to Redis on a connection of its own, made from `client`, that
 * never queues, resends or retries a command: a call that failed (so core answered `503`) is not
 * sent later, whatever options `client` has.
 *
 * @example
 * import { createSafeSession } from "@safe-session/core";
 * import { createRedisStore } from "@safe-session/redis";
 * import { Redis } from "ioredis";
 *
 * export const safe = createSafeSession({ config, updates, store: createRedisStore(new Redis(process.env.REDIS_URL!)) });
 */
export function createRedisStore(client: Redis | Cluster, options: RedisStoreOptions = {}): SafeSessionStore {
  const prefix = options.prefix ?? "safe-session:";
  const timeoutMs = options.timeoutMs ?? 1000;
  checkPrefix(prefix, "prefix");
  const connection = connectionFor(client);
  const key = (name: string) => redisKey(prefix, name);
  const call = <T>(run: (redis: Redis | Cluster) => Promise<T>) => bounded(connection, timeoutMs, run);

  return {
    hit: (name, windowSeconds) =>
      call(async (redis): Promise<RateLimitHit> => {
        const [count, ttl] = (await hit(redis, key(name), [milliseconds(windowSeconds)])) as [number, number];
        return { count, resetAt: Date.now() + ttl };
      }),
    release: (name) =>
      call(async (redis) => {
        await release(redis, key(name), []);
      }),
    get: (names) => (names.length === 0 ? Promise.resolve([]) : call((redis) => read(redis, names.map(key)))),
    set: (name, value, ttlSeconds) =>
      call(async (redis) => {
        await redis.set(key(name), value, "PX", milliseconds(ttlSeconds));
      }),
    compareAndSet: (name, expected, value, ttlSeconds) =>
      call(async (redis) => {
        const args = [expected === undefined ? "0" : "1", expected ?? "", value, milliseconds(ttlSeconds)];
        return (await compareAndSet(redis, key(name), args)) === 1;
      }),
  };
}

/**
 * Runs `run` once the connection is ready, or fails after `timeoutMs`. A call that ran out of time
 * while waiting is dropped, never sent; one already sent fails at once if the connection dies.
 */
async function bounded<T>(
  connection: Connection,
  timeoutMs: number,
  run: (redis: Redis | Cluster) => Promise<T>,
): Promise<T> {
  let late = false;
  let sent = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let turn: ReturnType<typeof setImmediate> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    const fail = () => {
      const error = connection.lastError();
      const state = `connection: ${connection.redis.status}${error ? `; last error: ${error}` : ""}`;
      reject(new Error(`safe-session: Redis did not answer within ${timeoutMs} ms (${state})`));
    };
    timer = setTimeout(() => {
      late = true; // from now on nothing is sent
      // A busy process runs an overdue timer before it reads the sockets: an answer may already
      // be there. Give the event loop's I/O phase one turn to read it before giving up.
      if (sent) turn = setImmediate(fail);
      else fail();
    }, timeoutMs);
  });
  const work = connection.ready().then(() => {
    if (late) throw new Error("safe-session: dropped after the time-out");
    sent = true;
    return run(connection.redis);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    clearImmediate(turn);
  }
}

/**
 * Standalone: one `MGET`. Cluster: one command per hash tag (a session's keys share one; the
 * user's revocation has its own), sent together, because `MGET` across slots is `CROSSSLOT`.
 */
async function read(redis: Redis | Cluster, keys: string[]): Promise<(string | undefined)[]> {
  if (!isCluster(redis)) return (await redis.mget(keys)).map((value) => value ?? undefined);
  const groups = new Map<string, number[]>();
  for (const [i, key] of keys.entries()) {
    const tag = hashTag(key);
    const group = groups.get(tag);
    if (group) group.push(i);
    else groups.set(tag, [i]);
  }
  const values: (string | undefined)[] = new Array(keys.length);
  await Promise.all(
    [...groups.values()].map(async (indexes) => {
      const found = await redis.mget(indexes.map((i) => keys[i] as string));
      for (const [j, i] of indexes.entries()) values[i] = found[j] ?? undefined;
    }),
  );
  return values;
}
