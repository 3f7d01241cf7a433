import { createHash } from "node:crypto";

/** Longest key stored as it is: at most 3 UTF-8 bytes per UTF-16 unit, far below PostgreSQL's ~2700-byte B-tree row limit. */
export const MAX_PLAIN_KEY = 256;
/** Starts every hashed key; a plain key that starts with it is hashed too, so no two keys meet. */
export const HASHED = "~sha256:";
// PostgreSQL text refuses NUL; both drivers send UTF-8, where every lone surrogate becomes U+FFFD.
const UNSTORABLE = /[\0\p{Surrogate}]/u;

/**
 * The key a row is stored under: `key` itself when it is short and storable as text, else
 * `~sha256:` and the SHA-256 of its UTF-16 (every JS string has exactly one), 72 characters.
 * One-to-one but for SHA-256 collisions, so keys of any length and characters work in both
 * dialects; rows of ordinary keys stay readable.
 */
export function storedKey(key: string): string {
  if (key.length <= MAX_PLAIN_KEY && !key.startsWith(HASHED) && !UNSTORABLE.test(key)) return key;
  return HASHED + createHash("sha256").update(key, "utf16le").digest("hex");
}
