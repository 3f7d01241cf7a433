import { afterEach, describe, expect, test, vi } from "vitest";
import { MemoryStore } from "./store.js";

afterEach(() => vi.useRealTimers());

// The store contract every store meets (MemoryStore included) runs in packages/redis/test/store.test.ts;
// these are the memory store's own bounds.
describe("MemoryStore", () => {
  test("stays within its bound however many keys are written", () => {
    const store = new MemoryStore(8);
    for (let i = 0; i < 1000; i++) store.set(`k${i}`, "v", 60);
    expect(store.size).toBe(8);
    // The newest writes are the ones kept.
    expect(store.get(["k999", "k992", "k991"])).toEqual(["v", "v", undefined]);
  });

  test("a full store drops expired entries before live ones", () => {
    vi.useFakeTimers();
    const store = new MemoryStore(4);
    store.set("revoked", "1", 3600);
    store.set("short-a", "x", 1);
    store.set("short-b", "x", 1);
    store.set("live", "y", 3600);
    vi.advanceTimersByTime(2000);
    store.set("new", "z", 3600);
    expect(store.get(["revoked", "live", "new", "short-a", "short-b"])).toEqual(["1", "y", "z", undefined, undefined]);
    expect(store.size).toBe(3);
  });
});
