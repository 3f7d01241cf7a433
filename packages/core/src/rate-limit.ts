/** Counts attempts per key in fixed windows. A store shared by instances (Redis) fits this shape. */
export interface RateLimitStore {
  hit(key: string, windowSeconds: number): Promise<RateLimitHit> | RateLimitHit;
}

export interface RateLimitHit {
  count: number;
  /** Epoch milliseconds when the window ends. */
  resetAt: number;
}

export interface RateLimitOptions {
  max: number;
  windowSeconds: number;
  store?: RateLimitStore;
}

export const DEFAULT_RATE_LIMIT = { max: 120, windowSeconds: 60 } as const;

/** An in-process store: bounded, so a flood of distinct users cannot grow it without limit. */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #windows = new Map<string, RateLimitHit>();
  readonly #maxKeys: number;

  constructor(maxKeys = 50_000) {
    this.#maxKeys = maxKeys;
  }

  hit(key: string, windowSeconds: number): RateLimitHit {
    const now = Date.now();
    let entry = this.#windows.get(key);
    if (entry === undefined || entry.resetAt <= now) {
      if (entry !== undefined) this.#windows.delete(key);
      else if (this.#windows.size >= this.#maxKeys) this.#evict(now);
      entry = { count: 0, resetAt: now + windowSeconds * 1000 };
      this.#windows.set(key, entry);
    }
    entry.count++;
    return { count: entry.count, resetAt: entry.resetAt };
  }

  #evict(now: number): void {
    for (const [key, entry] of this.#windows) {
      if (entry.resetAt <= now) this.#windows.delete(key);
    }
    // Still full: drop the oldest windows (Map keeps insertion order).
    for (const key of this.#windows.keys()) {
      if (this.#windows.size < this.#maxKeys) break;
      this.#windows.delete(key);
    }
  }
}
