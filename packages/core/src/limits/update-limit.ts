import type { SafeSessionStore } from "../store/store.js";

/** The update rate limit: at most `max` updates per user in each window. */
export interface RateLimitOptions {
  /** Update attempts per user and window. */
  max: number;
  windowSeconds: number;
}

/** The default update rate limit: 120 updates a minute per user. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { max: 120, windowSeconds: 60 };

/** Counts one attempt under `key`: `Retry-After` seconds when it is past the limit, else `undefined`. */
export async function overLimit(
  store: SafeSessionStore,
  key: string,
  limit: RateLimitOptions,
): Promise<number | undefined> {
  const { count, resetAt } = await store.hit(key, limit.windowSeconds);
  if (count <= limit.max) return undefined;
  return Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
}
