import { decode as stockDecode, encode as stockEncode } from "@auth/core/jwt";
import * as fc from "fast-check";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { ORIGIN, SECRET, createTestSession, memoryMemberships, testConfig } from "../support/fixture.js";
import { parseCookies, readChunked } from "../../src/http/cookies.js";
import { createSafeSession } from "../../src/create-safe-session.js";
import { MemoryStore } from "../../src/store/store.js";
import { defineUpdates } from "../../src/define-updates.js";

const SALT = "authjs.session-token";
const CSRF = "c".repeat(64);
const csrfCookie = async () => {
  const digest = Buffer.from(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${CSRF}${SECRET}`)),
  ).toString("hex");
  return `authjs.csrf-token=${encodeURIComponent(`${CSRF}|${digest}`)}`;
};

/** A browser's cookie jar: Set-Cookie lines are applied when a response "arrives". */
class Jar {
  readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  apply(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (!value || attributes.some((a) => a.trim() === "Max-Age=0")) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  token(): string | undefined {
    const { value, malformed } = readChunked(parseCookies(this.header()), SALT);
    if (malformed) throw new Error(`cookie chunks from different tokens: ${[...this.cookies.keys()].join(", ")}`);
    return value;
  }
}

async function signedInJar(): Promise<Jar> {
  const jar = new Jar();
  // As safe-session's sign-in writes it: with a session id from the start.
  const token = { sub: "alice", email: "alice@example.com", sid: crypto.randomUUID() };
  jar.cookies.set(SALT, await stockEncode({ token, secret: SECRET, salt: SALT }));
  const [name, value] = (await csrfCookie()).split("=") as [string, string];
  jar.cookies.set(name, value);
  return jar;
}

const update = (cookie: string, data: Record<string, unknown>) =>
  new Request(`${ORIGIN}/auth/session`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ csrfToken: CSRF, data }),
  });
const read = (cookie: string) => new Request(`${ORIGIN}/auth/session`, { headers: { cookie } });

describe("revisions", () => {
  test("a slower response that overwrote a newer token is healed on the next read", async () => {
    const safe = createTestSession({ rateLimit: false });
    const jar = await signedInJar();
    const stale = jar.header();
    jar.apply(await safe.handler(update(jar.header(), { selectedCompanyId: "acme" })));
    const newer = jar.header();
    jar.apply(await safe.handler(update(newer, { selectedCompanyId: "globex" })));
    // The browser now applies a late answer to a read sent before both updates.
    const late = await safe.handler(read(stale));
    jar.cookies.clear();
    for (const part of stale.split("; ")) {
      const [k, v] = part.split("=") as [string, string];
      jar.cookies.set(k, v);
    }
    jar.apply(late);
    const healed = await safe.handler(read(jar.header()));
    expect(((await healed.json()) as { selectedCompanyId?: string }).selectedCompanyId).toBe("globex");
    jar.apply(healed);
    const token = await stockDecode({ token: jar.token() as string, secret: SECRET, salt: SALT });
    expect(token).toMatchObject({ selectedCompanyId: "globex", rev: 2 });
  });

  test("two updates racing from the same revision: one wins, the other is a 409 CONFLICT", async () => {
    const safe = createTestSession({ rateLimit: false });
    const jar = await signedInJar();
    jar.apply(await safe.handler(update(jar.header(), { selectedCompanyId: "acme" })));
    const base = jar.header();
    const [a, b] = await Promise.all([
      safe.handler(update(base, { selectedCompanyId: "globex" })),
      safe.handler(update(base, { selectedCompanyId: null })),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(((await loser.json()) as { error: { code: string } }).error.code).toBe("CONFLICT");
    expect(loser.headers.getSetCookie()).toEqual([]);
  });

  test("1,000 interleavings of two tabs updating and one refreshing end in one intended state", async () => {
    const safe = createSafeSession({
      config: testConfig(),
      updates: defineUpdates({
        selectedCompanyId: { schema: z.string(), authorize: ({ value }) => ["acme", "globex"].includes(value) },
        // Large values push the token over one cookie, so chunking is exercised.
        notes: { schema: z.string().max(6000) },
      }),
      rateLimit: false,
      env: {},
    });
    const jar = await signedInJar();
    const value = fc.oneof(fc.constantFrom("acme", "globex", null), fc.constant(undefined));
    const notes = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.integer({ min: 1, max: 5000 }).map((n) => "n".repeat(n)),
    );
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        value,
        value,
        notes,
        fc.boolean(),
        fc.array(fc.nat(2), { minLength: 3, maxLength: 3 }),
        async (a, b, note, staleB, order) => {
          runs++;
          const before = jar.header();
          const dataA = a === undefined ? {} : { selectedCompanyId: a };
          const dataB = {
            ...(b === undefined ? {} : { selectedCompanyId: b }),
            ...(note === undefined ? {} : { notes: note }),
          };
          const requests = [update(before, dataA), update(staleB ? before : jar.header(), dataB), read(before)];
          const responses = await Promise.all(requests.map((r) => safe.handler(r)));
          for (const response of responses) expect(response.status).toBeLessThan(500);
          // Apply in a random order, as a browser does with answers that race.
          const indexes = [0, 1, 2].sort((x, y) => (order[x] ?? 0) - (order[y] ?? 0));
          for (const i of indexes) jar.apply(responses[i] as Response);
          jar.token(); // all chunks in the jar belong to one token
          const accepted: { rev: number; fields: Record<string, unknown> }[] = [];
          for (const i of [0, 1]) {
            const response = responses[i] as Response;
            if (response.status !== 200) {
              expect([403, 409]).toContain(response.status);
              continue;
            }
            const own = new Jar();
            own.apply(response);
            const token = own.token()
              ? await stockDecode({ token: own.token() as string, secret: SECRET, salt: SALT })
              : null;
            if (token)
              accepted.push({
                rev: Number(token.rev ?? 0),
                fields: { selectedCompanyId: token.selectedCompanyId, notes: token.notes },
              });
          }
          const final = await safe.handler(read(jar.header()));
          jar.apply(final);
          const session = (await final.json()) as Record<string, unknown>;
          const latest = accepted.sort((x, y) => y.rev - x.rev)[0];
          if (latest) {
            expect(session.selectedCompanyId).toBe(latest.fields.selectedCompanyId);
            expect(session.notes).toBe(latest.fields.notes);
          }
        },
      ),
      { numRuns: 1000 },
    );
    expect(runs).toBe(1000);
  }, 120_000);
});

describe("revocation", () => {
  test("revokeUser ends every session issued until now; a new sign-in works", async () => {
    const safe = createTestSession();
    const jar = await signedInJar();
    expect(await safe.getSession(read(jar.header()))).not.toBeNull();
    await safe.revokeUser("alice");
    expect(await safe.getSession(read(jar.header()))).toBeNull();
    const response = await safe.handler(read(jar.header()));
    expect(response.headers.getSetCookie().some((c) => c.startsWith(`${SALT}=;`))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const fresh = await signedInJar();
    expect(await safe.getSession(read(fresh.header()))).not.toBeNull();
  });

  test("revokeSession ends this session and its later refreshes, not the user's others", async () => {
    const safe = createTestSession({ rateLimit: false });
    const phone = await signedInJar();
    const laptop = await signedInJar();
    phone.apply(await safe.handler(update(phone.header(), { selectedCompanyId: "acme" })));
    const refreshedBefore = phone.header();
    await safe.revokeSession(read(phone.header()));
    expect(await safe.getSession(read(phone.header()))).toBeNull();
    expect(await safe.getSession(read(refreshedBefore))).toBeNull();
    expect(await safe.getSession(read(laptop.header()))).not.toBeNull();
  });
});

describe("a failing store", () => {
  /** The memory store, until `stop()`: then every call throws as a Redis client does. */
  class StoppableStore extends MemoryStore {
    #down = false;
    stop(): void {
      this.#down = true;
    }
    #check(): void {
      if (this.#down) throw new Error("ECONNREFUSED 127.0.0.1:6379");
    }
    override hit(key: string, windowSeconds: number) {
      this.#check();
      return super.hit(key, windowSeconds);
    }
    override get(keys: readonly string[]) {
      this.#check();
      return super.get(keys);
    }
    override set(key: string, value: string, ttlSeconds: number) {
      this.#check();
      super.set(key, value, ttlSeconds);
    }
    override compareAndSet(key: string, expected: string | undefined, value: string, ttlSeconds: number) {
      this.#check();
      return super.compareAndSet(key, expected, value, ttlSeconds);
    }
  }

  test("fails closed: reads and updates answer 503 UNAVAILABLE and nothing is written", async () => {
    const store = new StoppableStore();
    const safe = createTestSession({ store }, memoryMemberships());
    const jar = await signedInJar();
    const ok = await safe.handler(update(jar.header(), { selectedCompanyId: "acme" }));
    expect(ok.status).toBe(200);
    jar.apply(ok);
    store.stop();
    for (const request of [read(jar.header()), update(jar.header(), { selectedCompanyId: "globex" })]) {
      const response = await safe.handler(request);
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UNAVAILABLE");
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    await expect(safe.getSession(read(jar.header()))).rejects.toMatchObject({ code: "UNAVAILABLE" });
  });
});
