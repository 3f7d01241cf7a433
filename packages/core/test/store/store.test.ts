import { afterEach, describe, expect, test, vi } from "vitest";
import { ENTRY_OVERHEAD_BYTES } from "../../src/store/store.js";
import { MemoryStore } from "../../src/index.js";

/** Bytes one entry is accounted: the fixed overhead and 2 per UTF-16 unit of key and value. */
const cost = (key: string, value = "") => ENTRY_OVERHEAD_BYTES + 2 * (key.length + value.length);

afterEach(() => vi.useRealTimers());

// The store contract every store meets (MemoryStore included) runs in packages/redis/test/store.test.ts;
// these are the memory store's own bounds.
describe("MemoryStore bound in bytes", () => {
  test("accounts key, value and the per-entry overhead; a rewrite or an expiry gives them back", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const store = new MemoryStore();
    expect(store.maxBytes).toBe(64 * 1024 * 1024);
    store.set("st:a", "value", 10);
    store.hit("rl:update:u", 60);
    expect(store.bytes).toBe(cost("st:a", "value") + cost("rl:update:u"));
    store.set("st:a", "v", 10);
    expect(store.bytes).toBe(cost("st:a", "v") + cost("rl:update:u"));
    vi.advanceTimersByTime(10_000);
    expect(store.get(["st:a"])).toEqual([undefined]);
    expect(store.bytes).toBe(cost("rl:update:u"));
  });

  test("stays within its bound however many keys are written; the newest are kept", () => {
    const maxBytes = 8 * cost("st:k000");
    const store = new MemoryStore({ maxBytes });
    for (let i = 0; i < 1000; i++) store.set(`st:k${String(i).padStart(3, "0")}`, "", 60);
    expect(store.size).toBe(8);
    expect(store.bytes).toBe(maxBytes);
    expect(store.get(["st:k999", "st:k992", "st:k991"])).toEqual(["", "", undefined]);
  });

  test("a full store gives up counters first, then revisions and fields; revocations and locks stay", () => {
    const held = [cost("rv:sid:s", "1"), cost("rl:signin:address:a:lock", "1"), cost("st:s", "1"), cost("db:h", "1")];
    const store = new MemoryStore({ maxBytes: held.reduce((a, b) => a + b) + 2 * cost("rl:x:0") });
    store.set("rv:sid:s", "1", 60);
    store.set("rl:signin:address:a:lock", "1", 60);
    store.set("st:s", "1", 60);
    store.set("db:h", "1", 60);
    store.hit("rl:x:1", 60);
    store.hit("rl:x:2", 60);
    // Full: the next counter pushes out the oldest counter, not the older revision.
    store.hit("rl:x:3", 60);
    expect(store.hit("rl:x:1", 60).count).toBe(1);
    expect(store.get(["st:s", "db:h"])).toEqual(["1", "1"]);
    // Counters gone, revisions and fields go, oldest first; revocation and lock never.
    store.set("st:new0", "1", 60);
    expect(store.get(["rl:x:3", "st:s"])).toEqual([undefined, "1"]);
    for (let i = 1; i < 6; i++) store.set(`st:new${i}`, "1", 60);
    expect(store.get(["rv:sid:s", "rl:signin:address:a:lock", "st:s", "db:h", "st:new0", "st:new5"])).toEqual([
      "1",
      "1",
      undefined,
      undefined,
      undefined,
      "1",
    ]);
    expect(store.bytes).toBeLessThanOrEqual(store.maxBytes);
  });

  test("a full store drops expired entries before live ones", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const store = new MemoryStore({ maxBytes: 4 * cost("st:short-a", "x") });
    store.set("rv:user:u", "1", 3600);
    store.set("st:short-a", "x", 1);
    store.set("st:short-b", "x", 1);
    store.set("st:live", "y", 3600);
    vi.advanceTimersByTime(2000);
    store.set("st:new", "z", 3600);
    expect(store.get(["rv:user:u", "st:live", "st:new", "st:short-a", "st:short-b"])).toEqual([
      "1",
      "y",
      "z",
      undefined,
      undefined,
    ]);
    expect(store.size).toBe(3);
  });

  test("only revocations and locks left: a write that does not fit throws and loses nothing; their expiry frees room", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const store = new MemoryStore({ maxBytes: 2 * cost("rv:sid:a", "1") });
    store.set("rv:sid:a", "1", 60);
    store.set("rv:sid:b", "1", 10);
    expect(() => store.hit("rl:c", 60)).toThrow(/full of revocations and sign-in locks/);
    // Rewriting a revocation with a longer value does not fit either: the old one stays.
    expect(() => store.set("rv:sid:a", "22", 60)).toThrow(RangeError);
    expect(store.get(["rv:sid:a", "rv:sid:b"])).toEqual(["1", "1"]);
    vi.advanceTimersByTime(10_000);
    expect(store.hit("rl:c", 60).count).toBe(1);
    expect(store.get(["rv:sid:a", "rv:sid:b"])).toEqual(["1", undefined]);
  });

  test("an entry larger than the whole bound is refused", () => {
    const store = new MemoryStore({ maxBytes: 1000 });
    expect(() => store.set("st:big", "x".repeat(1000), 60)).toThrow(/exceeds the MemoryStore's maxBytes/);
    expect(store.bytes).toBe(0);
  });

  test("the old numeric bound (entries) and a bound that is not positive are refused, not misread", () => {
    expect(() => new MemoryStore(100 as never)).toThrow(/bound is in bytes/);
    expect(() => new MemoryStore({ maxBytes: 0 })).toThrow(RangeError);
    expect(() => new MemoryStore({ maxBytes: Number.NaN })).toThrow(RangeError);
  });
});

describe("MemoryStore release", () => {
  test("gives back one attempt of a live window, never below 0, never a window of its own", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const store = new MemoryStore();
    store.release("rl:none");
    expect(store.size).toBe(0);
    store.hit("rl:a", 60);
    store.hit("rl:a", 60);
    store.release("rl:a");
    store.release("rl:a");
    store.release("rl:a");
    const { count, resetAt } = store.hit("rl:a", 60);
    expect(count).toBe(1);
    store.set("st:v", "7", 60);
    store.release("st:v");
    expect(store.get(["st:v"])).toEqual(["7"]);
    vi.setSystemTime(resetAt);
    store.release("rl:a");
    expect(store.get(["rl:a"])).toEqual([undefined]);
    expect(store.hit("rl:a", 60).count).toBe(1);
  });
});

const T0 = Date.parse("2030-01-01T00:00:00Z");

afterEach(() => {
  vi.useRealTimers();
});

// The default store, as the rate limit, revocations and revisions rely on it in one process.
describe("MemoryStore", () => {
  test("hit counts per key within a window that starts at the first hit and ends windowSeconds later", () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    const store = new MemoryStore();
    expect(store.hit("a", 60)).toEqual({ count: 1, resetAt: T0 + 60_000 });
    vi.setSystemTime(T0 + 30_000);
    expect(store.hit("a", 60)).toEqual({ count: 2, resetAt: T0 + 60_000 });
    expect(store.hit("b", 60)).toEqual({ count: 1, resetAt: T0 + 90_000 });
    vi.setSystemTime(T0 + 59_999);
    expect(store.hit("a", 60).count).toBe(3);
    vi.setSystemTime(T0 + 60_000);
    expect(store.hit("a", 60)).toEqual({ count: 1, resetAt: T0 + 120_000 });
  });

  test("a value lives for its TTL and not a millisecond longer", () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    const store = new MemoryStore();
    store.set("k", "v", 10);
    expect(store.get(["k", "missing"])).toEqual(["v", undefined]);
    vi.setSystemTime(T0 + 9_999);
    expect(store.get(["k"])).toEqual(["v"]);
    vi.setSystemTime(T0 + 10_000);
    expect(store.get(["k"])).toEqual([undefined]);
    expect(store.size).toBe(0);
  });

  test("compareAndSet writes only over the expected value; absent is undefined, and an expired value is absent", () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    const store = new MemoryStore();
    expect(store.compareAndSet("k", "other", "1", 10)).toBe(false);
    expect(store.get(["k"])).toEqual([undefined]);
    expect(store.compareAndSet("k", undefined, "1", 10)).toBe(true);
    expect(store.compareAndSet("k", undefined, "2", 10)).toBe(false);
    expect(store.compareAndSet("k", "2", "3", 10)).toBe(false);
    expect(store.get(["k"])).toEqual(["1"]);
    expect(store.compareAndSet("k", "1", "2", 10)).toBe(true);
    expect(store.get(["k"])).toEqual(["2"]);
    vi.setSystemTime(T0 + 10_000);
    expect(store.compareAndSet("k", "2", "3", 10)).toBe(false);
    expect(store.compareAndSet("k", undefined, "3", 10)).toBe(true);
  });

  test("a rewritten key counts as new: the least recently written goes first when full", () => {
    const store = new MemoryStore({ maxBytes: 3 * (ENTRY_OVERHEAD_BYTES + 2 * "st:a1".length) });
    store.set("st:a", "1", 60);
    store.set("st:b", "1", 60);
    store.set("st:c", "1", 60);
    store.set("st:a", "2", 60);
    store.set("st:d", "1", 60);
    expect(store.get(["st:a", "st:b", "st:c", "st:d"])).toEqual(["2", undefined, "1", "1"]);
    expect(store.size).toBe(3);
  });
});
