import { describe, expect, test } from "vitest";
import { MemoryStore, createSafeSession, forwardedClientAddress } from "../../src/index.js";
import { ORIGIN, testConfig, testUpdates } from "../support/fixture.js";

// Issue #25: a flood of distinct failed sign-ins used to push a sign-in lock and a sign-out's
// revocation out of the default store (oldest first, by count), and 8 KB keys grew it to GBs.

const FLOOD = 100_000;
const BIG = "x".repeat(8 * 1024);

describe("MemoryStore under a flood of distinct keys", () => {
  test(`${FLOOD} counters and 8 KB keys: the early revocation and lock stay, the bytes stay under the default bound`, () => {
    const store = new MemoryStore();
    store.set("rv:sid:signed-out", "1", 3600);
    store.hit("rl:signin:account:a", 900);
    store.set("rl:signin:account:a:lock", "1", 900);
    let most = 0;
    for (let i = 0; i < FLOOD; i++) {
      store.hit(`rl:signin:address:10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, 900);
      // Every 8th attempt names an 8 KB address, as the X-Forwarded-For of the attack did.
      if (i % 8 === 0) store.hit(`rl:signin:address:${BIG}${i}`, 900);
      most = Math.max(most, store.bytes);
    }
    expect(most).toBeLessThanOrEqual(store.maxBytes);
    expect(store.get(["rv:sid:signed-out", "rl:signin:account:a:lock"])).toEqual(["1", "1"]);
    // The flood did fill it: this was eviction at work, not room to spare.
    expect(store.bytes).toBeGreaterThan(store.maxBytes - 20_000);
    expect(store.hit("rl:signin:account:a", 900).count).toBe(1);
  });
});

describe("through core's API, on a small store the flood fills many times over", () => {
  const form = (headers: Record<string, string> = {}) =>
    new Request(`${ORIGIN}/login`, {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded", ...headers },
    });
  const cookieOf = (response: Response) =>
    response.headers
      .getSetCookie()
      .map((line) => line.split(";")[0] as string)
      .filter((pair) => pair.startsWith("authjs.session-token="))
      .join("; ");
  const flood = (store: MemoryStore) => {
    for (let i = 0; i < FLOOD; i++) store.hit(`rl:signin:address:flood-${i}`, 900);
  };

  test("a signed-out cookie still reads as no session", async () => {
    const store = new MemoryStore({ maxBytes: 1024 * 1024 });
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), store, env: {} });
    const signedIn = await safe.signIn(form(), "credentials", {
      email: "alice@example.com",
      password: "alice-password",
    });
    const cookie = cookieOf(signedIn);
    const page = () => new Request(`${ORIGIN}/page`, { headers: { cookie } });
    expect(await safe.getSession(page())).toMatchObject({ user: { email: "alice@example.com" } });
    await safe.signOut(form({ cookie }));
    expect(await safe.getSession(page())).toBeNull();
    flood(store);
    expect(store.bytes).toBeLessThanOrEqual(store.maxBytes);
    expect(await safe.getSession(page())).toBeNull();
  });

  test("a locked account stays locked: the right password is still refused", async () => {
    const store = new MemoryStore({ maxBytes: 1024 * 1024 });
    const safe = createSafeSession({
      config: testConfig(),
      updates: testUpdates(),
      store,
      env: {},
      signInRateLimit: { perAccount: { max: 2, windowSeconds: 900 }, perAddress: false },
      clientAddress: forwardedClientAddress(),
    });
    const signIn = async (password: string) => {
      const response = await safe.signIn(form(), "credentials", { email: "alice@example.com", password });
      return response.headers.get("location") ?? "";
    };
    expect(await signIn("wrong-1")).toMatch(/error=CredentialsSignin/);
    expect(await signIn("wrong-2")).toMatch(/error=CredentialsSignin/);
    expect(await signIn("alice-password")).toMatch(/error=RateLimited/);
    flood(store);
    expect(await signIn("alice-password")).toMatch(/error=RateLimited/);
  });
});
