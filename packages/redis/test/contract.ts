import type { SafeSessionStore } from "@safe-session/core";
import { describe, expect, test } from "vitest";

export interface StoreTarget {
  name: string;
  /** A store over fresh, empty data. */
  open(): SafeSessionStore | Promise<SafeSessionStore>;
  /**
   * Another handle on the same data as `store` (another app instance, another connection), so
   * concurrent calls race across clients. Without it they race on `store` itself.
   */
  peer?(store: SafeSessionStore): SafeSessionStore;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const N = 25;

/** What core needs from every `SafeSessionStore`: one contract for the memory store and Redis. */
export function storeContract(target: StoreTarget): void {
  const handles = async () => {
    const store = await target.open();
    const peer = target.peer?.(store) ?? store;
    return { store, both: (i: number) => (i % 2 === 0 ? store : peer) };
  };

  describe(`${target.name} store contract`, () => {
    test("hit counts attempts in one window per key; the window ends at resetAt", async () => {
      const store = await target.open();
      const before = Date.now();
      const first = await store.hit("rl:a", 60);
      expect(first.count).toBe(1);
      expect(first.resetAt).toBeGreaterThanOrEqual(before + 59_000);
      expect(first.resetAt).toBeLessThanOrEqual(Date.now() + 60_000);
      const second = await store.hit("rl:a", 60);
      expect(second.count).toBe(2);
      // The same window: a later hit does not push its end (give or take the clock's rounding).
      expect(Math.abs(second.resetAt - first.resetAt)).toBeLessThan(1000);
      expect((await store.hit("rl:b", 60)).count).toBe(1);
    });

    test("a window that ended starts over at 1", async () => {
      const store = await target.open();
      await store.hit("rl:short", 1);
      const { count, resetAt } = await store.hit("rl:short", 1);
      expect(count).toBe(2);
      await sleep(resetAt - Date.now() + 100);
      const next = await store.hit("rl:short", 1);
      expect(next.count).toBe(1);
      expect(next.resetAt).toBeGreaterThan(resetAt);
    });

    test(`${N} concurrent hits count 1..${N}, none lost`, async () => {
      const { both } = await handles();
      const hits = await Promise.all(Array.from({ length: N }, (_, i) => both(i).hit("rl:burst", 60)));
      expect(hits.map((h) => h.count).sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    });

    test("release gives back one attempt of the window: never below 0, never a window of its own", async () => {
      const store = await target.open();
      await store.release("rl:never");
      expect(await store.get(["rl:never"])).toEqual([undefined]);
      const first = await store.hit("rl:r", 60);
      await store.hit("rl:r", 60);
      await store.release("rl:r");
      await store.release("rl:r");
      await store.release("rl:r");
      const next = await store.hit("rl:r", 60);
      expect(next.count).toBe(1);
      // The same window: release kept its end.
      expect(Math.abs(next.resetAt - first.resetAt)).toBeLessThan(1000);
    });

    test(`${2 * N} concurrent hits, then ${2 * N} concurrent releases, leave 0 in the same window`, async () => {
      const { both } = await handles();
      const hits = await Promise.all(Array.from({ length: 2 * N }, (_, i) => both(i).hit("rl:many", 60)));
      expect(hits.map((h) => h.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 2 * N }, (_, i) => i + 1));
      await Promise.all(Array.from({ length: 2 * N }, (_, i) => both(i).release("rl:many")));
      const after = await both(0).hit("rl:many", 60);
      expect(after.count).toBe(1);
      expect(Math.abs(after.resetAt - (hits[0] as { resetAt: number }).resetAt)).toBeLessThan(1000);
    });

    test("concurrent releases and hits on one window: every release is one attempt back, none lost", async () => {
      const { store, both } = await handles();
      for (let i = 0; i < N; i++) await store.hit("rl:mixed", 60);
      // N more hits race N releases: whatever the interleaving, N attempts remain.
      await Promise.all(
        Array.from({ length: 2 * N }, (_, i) =>
          i % 2 === 0 ? both(i).hit("rl:mixed", 60) : both(i).release("rl:mixed"),
        ),
      );
      expect((await store.hit("rl:mixed", 60)).count).toBe(N + 1);
    });

    test("a release after the window ended creates nothing; the next hit starts at 1", async () => {
      const store = await target.open();
      const { resetAt } = await store.hit("rl:ended", 1);
      await sleep(resetAt - Date.now() + 100);
      await store.release("rl:ended");
      expect(await store.get(["rl:ended"])).toEqual([undefined]);
      expect((await store.hit("rl:ended", 60)).count).toBe(1);
    });

    test("keys of any length and characters are each their own key", async () => {
      const store = await target.open();
      const long = `rl:signin:address:${"8".repeat(10_000)}`;
      const keys = [
        long,
        `${long}9`,
        "rv:sid:nul\0byte",
        "rv:sid:nul",
        "rv:sid:\uD800",
        "rv:sid:\uD801",
        "rv:sid:\uFFFD",
        "st:Zoë ✓ 😀",
        "st:{x}",
        "st:x",
      ];
      for (const [i, key] of keys.entries()) await store.set(key, `v${i}`, 60);
      expect(await store.get(keys)).toEqual(keys.map((_, i) => `v${i}`));
      expect(await store.compareAndSet("st:\0\uDC00", undefined, "a", 60)).toBe(true);
      expect(await store.compareAndSet("st:\0\uDC00", "a", "b", 60)).toBe(true);
      await store.hit(`${long}:x`, 60);
      await store.hit(`${long}:x`, 60);
      await store.release(`${long}:x`);
      expect((await store.hit(`${long}:x`, 60)).count).toBe(2);
      expect(await store.get(["st:\0\uDC00"])).toEqual(["b"]);
    });

    test("get returns values in key order, undefined where absent; no keys, no values", async () => {
      const store = await target.open();
      expect(await store.get([])).toEqual([]);
      expect(await store.get(["absent"])).toEqual([undefined]);
      await store.set("k1", "one", 60);
      await store.set("k3", '{"rev":1,"fields":{"name":"Zoë ✓"}}', 60);
      expect(await store.get(["k1", "k2", "k3"])).toEqual(["one", undefined, '{"rev":1,"fields":{"name":"Zoë ✓"}}']);
      await store.set("k1", "uno", 60);
      expect(await store.get(["k1"])).toEqual(["uno"]);
    });

    test("set expires after its TTL; setting again renews it", async () => {
      const store = await target.open();
      await store.set("short", "v", 1);
      await store.set("renewed", "v", 1);
      await store.set("long", "v", 60);
      await sleep(600);
      await store.set("renewed", "w", 60);
      await sleep(600);
      expect(await store.get(["short", "renewed", "long"])).toEqual([undefined, "w", "v"]);
    });

    test("compareAndSet writes only over the expected value (undefined: absent)", async () => {
      const store = await target.open();
      expect(await store.compareAndSet("st", "something", "v1", 60)).toBe(false);
      expect(await store.get(["st"])).toEqual([undefined]);
      expect(await store.compareAndSet("st", undefined, "v1", 60)).toBe(true);
      expect(await store.compareAndSet("st", undefined, "v2", 60)).toBe(false);
      expect(await store.compareAndSet("st", "v0", "v2", 60)).toBe(false);
      expect(await store.get(["st"])).toEqual(["v1"]);
      expect(await store.compareAndSet("st", "v1", "v2", 60)).toBe(true);
      expect(await store.get(["st"])).toEqual(["v2"]);
      // The empty string is a value, not absence.
      expect(await store.compareAndSet("st", "", "v3", 60)).toBe(false);
      expect(await store.compareAndSet("empty", undefined, "", 60)).toBe(true);
      expect(await store.compareAndSet("empty", undefined, "x", 60)).toBe(false);
      expect(await store.compareAndSet("empty", "", "x", 60)).toBe(true);
    });

    test("compareAndSet sets the TTL; an expired value counts as absent", async () => {
      const store = await target.open();
      expect(await store.compareAndSet("st", undefined, "v1", 1)).toBe(true);
      await sleep(1200);
      expect(await store.get(["st"])).toEqual([undefined]);
      expect(await store.compareAndSet("st", "v1", "v2", 60)).toBe(false);
      expect(await store.compareAndSet("st", undefined, "v2", 60)).toBe(true);
    });

    test(`${N} concurrent compareAndSet from one value: exactly one wins, its value stays`, async () => {
      const { store, both } = await handles();
      for (const expected of [undefined, "base"]) {
        const key = `race:${expected ?? "absent"}`;
        if (expected !== undefined) await store.set(key, expected, 60);
        const wins = await Promise.all(
          Array.from({ length: N }, (_, i) => both(i).compareAndSet(key, expected, `v${i}`, 60)),
        );
        expect(wins.filter(Boolean)).toHaveLength(1);
        expect(await store.get([key])).toEqual([`v${wins.indexOf(true)}`]);
      }
    });
  });
}
