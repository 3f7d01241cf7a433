import { createHash } from "node:crypto";

/**
 * The one place that maps core's keys to Redis keys.
 *
 * Core names keys `<kind>:<id>` (`rv:user:<sub>`, `rv:sid:<sid>`, `st:<sid>`, `rl:update:<sub>`,
 * `db:<hash>`). The id becomes a Redis Cluster hash tag, `<prefix><kind>{<id>}`, so the keys of
 * one session (`rv:sid:{sid}`, `st:{sid}`) sit in one slot and are read with one command. The
 * kind is the leading run of lowercase `word:` segments: the same rule for every key, so keys with
 * the same id always get the same tag, and the mapping stays one-to-one (the first `{` is ours).
 */
const KIND = /^(?:[a-z]+:)*/;
const LONE_SURROGATE = /\p{Surrogate}/u;

export function redisKey(prefix: string, key: string): string {
  const kind = KIND.exec(key)?.[0] ?? "";
  const id = key.slice(kind.length);
  // Keys of any length and bytes (NUL included) are fine in Redis, but ioredis sends strings as
  // UTF-8, where every lone surrogate becomes U+FFFD: "\uD800" and "\uD801" would be one key.
  // Such an id goes as the SHA-256 of its UTF-16, after a `~` no plain key has there (a kind is
  // only `a-z:`, then `{`), so the mapping stays one-to-one.
  if (LONE_SURROGATE.test(id)) return `${prefix}${kind}~{${createHash("sha256").update(id, "utf16le").digest("hex")}}`;
  return `${prefix}${kind}{${id}}`;
}

/**
 * What Redis hashes to pick a key's slot: the text between the first `{` and the next `}`, or the
 * whole key when there is none or it is empty. Keys with the same tag are in the same slot.
 */
export function hashTag(key: string): string {
  const open = key.indexOf("{");
  const close = open < 0 ? -1 : key.indexOf("}", open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

/** A brace in a prefix would become every key's hash tag: all keys in one slot, or tags split. */
export function checkPrefix(prefix: string, what: string): void {
  if (/[{}]/.test(prefix)) {
    throw new TypeError(
      `safe-session: ${what} must not contain "{" or "}" (the store puts a Redis Cluster hash tag in each key): ${JSON.stringify(prefix)}`,
    );
  }
}
