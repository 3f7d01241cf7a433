import { createHash } from "node:crypto";
import type { Cluster, Redis } from "ioredis";

// Every script reads and writes KEYS[1] only: a Redis Cluster runs it on the node of that key.

// One round trip: the first hit of a window sets its expiry. A counter found without one (written
// by something else) gets it too, so it can never count forever.
export const HIT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }`;

// Gives back one attempt of a live window: a missing or expired key stays missing (no INCRBY -1,
// which would make a counter without expiry), a count never goes below 0, DECR keeps the TTL.
export const RELEASE = `
local count = tonumber(redis.call('GET', KEYS[1]))
if count and count > 0 then
  redis.call('DECR', KEYS[1])
end
return 0`;

// ARGV: hasExpected ("1"/"0"), expected, value, ttl ms. GET on a missing key is false in Lua.
export const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if current ~= ARGV[2] then return 0 end
elseif current then
  return 0
end
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
return 1`;

export type Script = (connection: Redis | Cluster, key: string, args: (string | number)[]) => Promise<unknown>;

/** Runs `source` by `EVALSHA`, sending it in full only when Redis does not have it cached. */
export function script(source: string): Script {
  const sha = createHash("sha1").update(source).digest("hex");
  return async (connection, key, args) => {
    try {
      return await connection.evalsha(sha, 1, key, ...args);
    } catch (error) {
      // Not cached yet on this node (or flushed, or restarted): Redis caches it for the next calls.
      // NOSCRIPT means the script did not run, so sending it again cannot apply it twice.
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return connection.eval(source, 1, key, ...args);
    }
  };
}
