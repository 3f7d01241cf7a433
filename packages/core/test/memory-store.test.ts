import { afterEach, describe, expect, test, vi } from "vitest";
import { MemoryStore } from "../src/index.js";
import { ENTRY_OVERHEAD_BYTES } from "../src/store/store.js";

afterEach(() => {
  vi.useRealTimers();
});

const T0 = Date.parse("2030-01-01T00:00:00Z");

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
