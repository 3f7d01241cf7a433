/**
 * What safe-session keeps beyond the token: rate-limit counters, revocations, and the latest
 * revision of each session's update fields. One small interface, so a store shared by many
 * instances (Redis: `@safe-session/redis`) is a few lines; the default lives in memory.
 */
export type Awaitable<T> = T | Promise<T>;

export interface RateLimitHit {
  count: number;
  /** Epoch milliseconds when the window ends. */
  resetAt: number;
}

export interface SafeSessionStore {
  /** Counts one attempt under `key` in a fixed window. */
  hit(key: string, windowSeconds: number): Awaitable<RateLimitHit>;
  /** The values of `keys`, `undefined` where absent or expired. */
  get(keys: readonly string[]): Awaitable<(string | undefined)[]>;
  set(key: string, value: string, ttlSeconds: number): Awaitable<void>;
  /** Writes `value` only if the current value is `expected` (`undefined`: absent); atomic. */
  compareAndSet(key: string, expected: string | undefined, value: string, ttlSeconds: number): Awaitable<boolean>;
}

interface Entry {
  value: string;
  count: number;
  expiresAt: number;
}

/**
 * The default store: one process. Bounded (oldest entries go first), so a flood of distinct
 * users cannot grow it without limit; losing an entry only forgets a counter or a revision.
 * Revocations evicted this way would be forgotten too: with many users, use a shared store.
 */
export class MemoryStore implements SafeSessionStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  #writesSinceSweep = 0;

  constructor(maxEntries = 100_000) {
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  #live(key: string, now: number): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > now) return entry;
    this.#entries.delete(key);
    return undefined;
  }

  #put(key: string, entry: Entry, now: number): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries) {
      // Expired entries go first, but the full sweep runs at most once per quarter of the
      // capacity in writes: a full store costs O(1) per write on average, not a scan each time.
      if (this.#writesSinceSweep >= this.#maxEntries >> 2) {
        this.#writesSinceSweep = 0;
        for (const [old, e] of this.#entries) if (e.expiresAt <= now) this.#entries.delete(old);
      }
      for (const old of this.#entries.keys()) {
        if (this.#entries.size < this.#maxEntries) break;
        this.#entries.delete(old);
      }
    }
    this.#writesSinceSweep++;
    this.#entries.set(key, entry);
  }

  hit(key: string, windowSeconds: number): RateLimitHit {
    const now = Date.now();
    let entry = this.#live(key, now);
    if (entry === undefined) {
      // Stryker disable next-line StringLiteral: a counter is read through hit(), never get(); its value is not read
      entry = { value: "", count: 0, expiresAt: now + windowSeconds * 1000 };
      this.#put(key, entry, now);
    }
    entry.count++;
    return { count: entry.count, resetAt: entry.expiresAt };
  }

  get(keys: readonly string[]): (string | undefined)[] {
    const now = Date.now();
    return keys.map((key) => this.#live(key, now)?.value);
  }

  set(key: string, value: string, ttlSeconds: number): void {
    const now = Date.now();
    this.#put(key, { value, count: 0, expiresAt: now + ttlSeconds * 1000 }, now);
  }

  compareAndSet(key: string, expected: string | undefined, value: string, ttlSeconds: number): boolean {
    if (this.#live(key, Date.now())?.value !== expected) return false;
    this.set(key, value, ttlSeconds);
    return true;
  }
}
