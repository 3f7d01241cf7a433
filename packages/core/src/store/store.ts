/**
 * What safe-session keeps beyond the token: rate-limit counters, revocations, and the latest
 * revision of each session's update fields. One small interface, so a store shared by many
 * instances (Redis: `@safe-session/redis`) is a few lines; the default lives in memory.
 */
export type Awaitable<T> = T | Promise<T>;

/** What `hit` answers: the attempts counted in the window so far. */
export interface RateLimitHit {
  count: number;
  /** Epoch milliseconds when the window ends. */
  resetAt: number;
}

/** The store interface (see the file's opening comment); implement all five methods. */
export interface SafeSessionStore {
  /** Counts one attempt under `key` in a fixed window. */
  hit(key: string, windowSeconds: number): Awaitable<RateLimitHit>;
  /** Gives back one attempt that `hit` counted under `key` in the current window (a sign-in that succeeded). Never starts a window, never goes below 0, nothing when the window has ended. */
  release(key: string): Awaitable<void>;
  /** The values of `keys`, `undefined` where absent or expired. */
  get(keys: readonly string[]): Awaitable<(string | undefined)[]>;
  /** Writes `value` under `key` for `ttlSeconds`. */
  set(key: string, value: string, ttlSeconds: number): Awaitable<void>;
  /** Writes `value` only if the current value is `expected` (`undefined`: absent); atomic. */
  compareAndSet(key: string, expected: string | undefined, value: string, ttlSeconds: number): Awaitable<boolean>;
}

/** Options of `MemoryStore`. */
export interface MemoryStoreOptions {
  /** The most the store accounts for, in bytes (see `MemoryStore.bytes`). Default 64 MiB. */
  maxBytes?: number;
}

/** What an entry is, in the order a full store gives them up: counters first; pinned never. */
const Kind = { Counter: 0, Data: 1, Pinned: 2 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

interface Entry {
  readonly key: string;
  readonly kind: Kind;
  readonly bytes: number;
  value: string;
  count: number;
  expiresAt: number;
  older: Entry | undefined;
  newer: Entry | undefined;
}

/**
 * An entry's share of memory, an upper bound: a JS string may take 2 bytes per UTF-16 unit, and
 * the entry object, its list links and its slot in the map take less than 200 more (measured on
 * Node 20: 100 000 counters with 25-character keys grew the heap by 20 MB, accounted as 26 MB;
 * with 82-character keys 25 MB, accounted as 36 MB).
 */
export const ENTRY_OVERHEAD_BYTES = 200;
const sizeOf = (key: string, value: string) => ENTRY_OVERHEAD_BYTES + 2 * (key.length + value.length);

// Revocations and sign-in locks are what keeps a signed-out cookie out and a guessed password
// locked: evicting them would undo a security decision, so only their expiry removes them.
const kindOf = (key: string, unpinned: (typeof Kind)["Counter" | "Data"]): Kind =>
  key.startsWith("rv:") || key.endsWith(":lock") ? Kind.Pinned : unpinned;

/** Entries of one kind, oldest write first: O(1) append, removal and oldest (a `Map` iterated from its start after many deletes is not). */
class Queue {
  oldest: Entry | undefined;
  newest: Entry | undefined;

  push(entry: Entry): void {
    entry.older = this.newest;
    entry.newer = undefined;
    if (this.newest) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
  }

  remove(entry: Entry): void {
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.newest = entry.older;
    entry.older = entry.newer = undefined;
  }
}

/**
 * The default store: it serves one process (instances behind a load balancer each count and
 * revoke on their own; share a store, e.g. `@safe-session/redis`, for those). Its memory is
 * bounded in bytes (`maxBytes`): a full store drops expired entries first, then rate-limit
 * counters (oldest first; a dropped counter only forgets attempts), then revisions and database
 * fields (`st:`, `db:`; a session then reads its token's own fields). It never drops revocations
 * (`rv:`) or sign-in locks (`…:lock`) before they expire: when those alone fill it, a write that
 * does not fit throws, so core answers `503` instead of forgetting one.
 *
 * @example
 * // The default; pass one to bound it differently.
 * const safe = createSafeSession({ config, updates, store: new MemoryStore({ maxBytes: 16 * 1024 * 1024 }) });
 */
export class MemoryStore implements SafeSessionStore {
  readonly maxBytes: number;
  readonly #entries = new Map<string, Entry>();
  readonly #queues = [new Queue(), new Queue(), new Queue()] as const;
  #bytes = 0;
  #writesSinceSweep = 0;
  /** No pinned entry expires before this (a lower bound; exact after a sweep). */
  #pinnedExpiry = Number.POSITIVE_INFINITY;

  constructor(options: MemoryStoreOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new TypeError("safe-session: MemoryStore takes { maxBytes } (its bound is in bytes, not entries)");
    }
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    if (!(this.maxBytes > 0))
      throw new RangeError(`safe-session: MemoryStore maxBytes must be positive: ${this.maxBytes}`);
  }

  /** Entries held, expired ones not yet dropped included. */
  get size(): number {
    return this.#entries.size;
  }

  /** Bytes accounted for the entries held: never more than `maxBytes`. */
  get bytes(): number {
    return this.#bytes;
  }

  #insert(entry: Entry): void {
    this.#entries.set(entry.key, entry);
    this.#queues[entry.kind].push(entry);
    this.#bytes += entry.bytes;
  }

  #drop(entry: Entry): void {
    this.#entries.delete(entry.key);
    this.#queues[entry.kind].remove(entry);
    this.#bytes -= entry.bytes;
  }

  #live(key: string, now: number): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.expiresAt > now) return entry;
    this.#drop(entry);
    return undefined;
  }

  #sweep(now: number): void {
    this.#writesSinceSweep = 0;
    this.#pinnedExpiry = Number.POSITIVE_INFINITY;
    for (const entry of this.#entries.values()) {
      if (entry.expiresAt <= now) this.#drop(entry);
      else if (entry.kind === Kind.Pinned) this.#pinnedExpiry = Math.min(this.#pinnedExpiry, entry.expiresAt);
    }
  }

  /** Makes room for `bytes` more, or throws when only unexpired revocations and locks are left. */
  #makeRoom(bytes: number, now: number): void {
    if (this.#bytes + bytes <= this.maxBytes) return;
    if (bytes > this.maxBytes)
      throw new RangeError(`safe-session: a ${bytes}-byte entry exceeds the MemoryStore's maxBytes (${this.maxBytes})`);
    // A full sweep costs O(entries), so it runs at most once per quarter of the entries in
    // writes: amortised O(1) per write. Between sweeps the oldest counter goes even if an
    // expired one sits further in; expired entries at a queue's head go first anyway.
    if (this.#writesSinceSweep >= this.#entries.size >> 2) this.#sweep(now);
    for (const queue of [this.#queues[Kind.Counter], this.#queues[Kind.Data]]) {
      while (queue.oldest && this.#bytes + bytes > this.maxBytes) this.#drop(queue.oldest);
    }
    if (this.#bytes + bytes <= this.maxBytes) return;
    // Only pinned entries are left: a sweep helps only if one of them has expired since.
    if (this.#pinnedExpiry <= now) this.#sweep(now);
    if (this.#bytes + bytes > this.maxBytes) {
      throw new RangeError(
        `safe-session: the MemoryStore is full of revocations and sign-in locks (maxBytes ${this.maxBytes}); share a larger store`,
      );
    }
  }

  #put(key: string, kind: Kind, value: string, count: number, expiresAt: number, now: number): Entry {
    const entry: Entry = {
      key,
      kind,
      bytes: sizeOf(key, value),
      value,
      count,
      expiresAt,
      older: undefined,
      newer: undefined,
    };
    // The entry it replaces frees its bytes, but is out of eviction's reach meanwhile, and comes
    // back if the write does not fit: a revocation is never lost to a failed rewrite.
    const old = this.#entries.get(key);
    if (old) this.#drop(old);
    try {
      this.#makeRoom(entry.bytes, now);
    } catch (error) {
      if (old) this.#insert(old);
      throw error;
    }
    this.#writesSinceSweep++;
    this.#insert(entry);
    if (kind === Kind.Pinned) this.#pinnedExpiry = Math.min(this.#pinnedExpiry, expiresAt);
    return entry;
  }

  hit(key: string, windowSeconds: number): RateLimitHit {
    const now = Date.now();
    let entry = this.#live(key, now);
    if (entry === undefined) entry = this.#put(key, kindOf(key, Kind.Counter), "", 0, now + windowSeconds * 1000, now);
    entry.count++;
    return { count: entry.count, resetAt: entry.expiresAt };
  }

  release(key: string): void {
    const entry = this.#live(key, Date.now());
    // Only `hit` counts: a value written by `set` has count 0, so it has nothing to give back.
    if (entry !== undefined && entry.count > 0) entry.count--;
  }

  get(keys: readonly string[]): (string | undefined)[] {
    const now = Date.now();
    return keys.map((key) => this.#live(key, now)?.value);
  }

  /** Writes `value` under `key` for `ttlSeconds`. */
  set(key: string, value: string, ttlSeconds: number): void {
    const now = Date.now();
    this.#put(key, kindOf(key, Kind.Data), value, 0, now + ttlSeconds * 1000, now);
  }

  compareAndSet(key: string, expected: string | undefined, value: string, ttlSeconds: number): boolean {
    if (this.#live(key, Date.now())?.value !== expected) return false;
    this.set(key, value, ttlSeconds);
    return true;
  }
}
