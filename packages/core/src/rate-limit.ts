import type { SafeSessionStore } from "./store.js";

export interface RateLimitOptions {
  /** Update attempts per user and window. */
  max: number;
  windowSeconds: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { max: 120, windowSeconds: 60 };

/** `Retry-After` seconds when this attempt is past the limit, else `undefined`. */
export async function overLimit(store: SafeSessionStore, userId: string, limit: RateLimitOptions): Promise<number | undefined> {
  const { count, resetAt } = await store.hit(`rl:update:${userId}`, limit.windowSeconds);
  if (count <= limit.max) return undefined;
  return Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
}
