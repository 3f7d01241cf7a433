import { createHash } from "node:crypto";
import Credentials from "@auth/core/providers/credentials";
import { afterEach, describe, expect, test, vi } from "vitest";
import {
  MemoryStore,
  type SafeSessionOptions,
  type SafeSessionStore,
  createSafeSession,
  forwardedClientAddress,
} from "../../src/index.js";
import { ORIGIN, testConfig, testUpdates, downStore } from "../support/fixture.js";
import { csrfPair } from "../support/signed-in.js";

// Failed Credentials sign-ins, as README "Failed sign-ins are limited" states them: per account
// from one address, per account from all addresses and per client address (the account: email,
// else username, else the first non-password field, case-insensitive; every key a SHA-256);
// locked until the window ends. The address here comes from a proxy the app names.

type Limit = SafeSessionOptions<ReturnType<typeof testUpdates>>["signInRateLimit"];

/** A MemoryStore that keeps the keys and TTLs it was asked to write, as a shared store's operator sees them. */
class RecordingStore extends MemoryStore {
  readonly hits: string[] = [];
  readonly sets: { key: string; ttl: number }[] = [];
  override hit(key: string, windowSeconds: number) {
    this.hits.push(key);
    return super.hit(key, windowSeconds);
  }
  override set(key: string, value: string, ttlSeconds: number) {
    this.sets.push({ key, ttl: ttlSeconds });
    super.set(key, value, ttlSeconds);
  }
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

const random = () => crypto.randomUUID();

function app(
  signInRateLimit: Limit,
  options: { store?: SafeSessionStore; config?: ReturnType<typeof testConfig> } = {},
) {
  return createSafeSession({
    config: options.config ?? testConfig(),
    updates: testUpdates(),
    ...(signInRateLimit === undefined ? {} : { signInRateLimit }),
    ...(options.store ? { store: options.store } : {}),
    clientAddress: forwardedClientAddress(),
  });
}

type App = ReturnType<typeof app>;

async function attempt(safe: App, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const request = new Request(`${ORIGIN}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  });
  const response = await safe.signIn(request, "credentials", fields);
  const location = response.headers.get("location") ?? "";
  return {
    status: response.status,
    throttled: /error=RateLimited/.test(location),
    failed: /error=CredentialsSignin/.test(location),
    signedIn: response.headers.getSetCookie().some((line) => line.startsWith("authjs.session-token=")),
    retryAfter: response.headers.get("retry-after"),
  };
}

const fail = (safe: App, email: string, headers?: Record<string, string>) =>
  attempt(safe, { email, password: random() }, headers);

const alice = (safe: App, email = "alice@example.com", headers?: Record<string, string>) =>
  attempt(safe, { email, password: "alice-password" }, headers);

const proxy = (address: string) => ({ "x-forwarded-for": address });

describe("default limits", () => {
  test("10 failures per account from one address lock it for the rest of the 15-minute window", async () => {
    const safe = app(undefined);
    for (let i = 0; i < 10; i++)
      expect(await fail(safe, "alice@example.com")).toMatchObject({ failed: true, throttled: false });
    const locked = await alice(safe);
    expect(locked).toMatchObject({ throttled: true, signedIn: false });
    expect(Number(locked.retryAfter)).toBeGreaterThanOrEqual(890);
    expect(Number(locked.retryAfter)).toBeLessThanOrEqual(900);
  });

  test("100 failures per address lock it for the rest of the 15-minute window; fewer do not", async () => {
    const safe = app({ perAccount: false });
    await fail(safe, "someone@example.com", proxy("198.51.100.7"));
    expect(await alice(safe, "alice@example.com", proxy("198.51.100.7"))).toMatchObject({
      signedIn: true,
      throttled: false,
    });
    for (let i = 1; i < 100; i++) await fail(safe, `user${i}@example.com`, proxy("198.51.100.7"));
    const locked = await alice(safe, "alice@example.com", proxy("198.51.100.7"));
    expect(locked).toMatchObject({ throttled: true, signedIn: false });
    expect(Number(locked.retryAfter)).toBeGreaterThanOrEqual(890);
    expect(Number(locked.retryAfter)).toBeLessThanOrEqual(900);
    expect(await alice(safe, "alice@example.com", proxy("198.51.100.8"))).toMatchObject({ signedIn: true });
  });
});

describe("the account: trimmed and lower-cased, nothing more", () => {
  const limit: Limit = { perAccount: { max: 3, windowSeconds: 60 }, perAccountAllAddresses: false, perAddress: false };

  test("spaces and case do not make another account", async () => {
    const safe = app(limit);
    for (const email of [" Alice@Example.com", "ALICE@EXAMPLE.COM ", "alice@example.com"]) await fail(safe, email);
    expect(await alice(safe)).toMatchObject({ throttled: true, signedIn: false });
  });

  test("accounts that differ beyond case are counted apart (dotless ı upper-cases to I)", async () => {
    const safe = app(limit);
    for (let i = 0; i < 3; i++) await fail(safe, "alıce@example.com");
    expect(await fail(safe, "alıce@example.com")).toMatchObject({ throttled: true });
    expect(await alice(safe)).toMatchObject({ signedIn: true, throttled: false });
  });

  test("a form that names no account is refused by Auth.js, not counted, and never a 5xx", async () => {
    const safe = app(limit);
    for (let i = 0; i < 5; i++) {
      const answer = await attempt(safe, { password: random() });
      expect(answer.status).toBeLessThan(500);
      expect(answer).toMatchObject({ failed: true, throttled: false });
    }
    expect(await attempt(safe, { email: "   ", password: random() })).toMatchObject({ failed: true, throttled: false });
  });
});

describe("which field names the account", () => {
  const configWith = (credentials: Record<string, { type?: string } | undefined>) => ({
    ...testConfig(),
    providers: [Credentials({ credentials: credentials as Record<string, object>, authorize: () => null })],
  });
  const limit: Limit = { perAccount: { max: 2, windowSeconds: 60 }, perAccountAllAddresses: false, perAddress: false };

  // Each case: the provider's declared fields, and a form whose account field stays the same
  // while every other field changes; the third attempt is locked only if the account was read from the right field.
  test.each([
    [
      "email before any declared field",
      { otp: {}, email: {}, password: { type: "password" } },
      () => ({ otp: random(), email: "bob@example.com", password: random() }),
    ],
    [
      "username before any declared field",
      { otp: {}, username: {}, password: { type: "password" } },
      () => ({ otp: random(), username: "bob", password: random() }),
    ],
    [
      "the first declared field that is not a password type",
      { secret: { type: "password" }, login: {} },
      () => ({ secret: random(), login: "bob" }),
    ],
    [
      "the first declared field not named password",
      { password: {}, login: {} },
      () => ({ password: random(), login: "bob" }),
    ],
    [
      "the first declared field the form holds",
      { code: {}, login: {}, pin: {} },
      () => ({ login: "bob", pin: random() }),
    ],
    [
      "a declared field left undefined is passed over",
      { note: undefined, login: {} },
      () => ({ login: "bob", other: random() }),
    ],
  ])("%s", async (_, declared, fields) => {
    const safe = app(limit, { config: configWith(declared) });
    for (let i = 0; i < 2; i++) expect(await attempt(safe, fields())).toMatchObject({ failed: true, throttled: false });
    const third = await attempt(safe, fields());
    expect(third.status).toBeLessThan(500);
    expect(third.throttled).toBe(true);
  });
});

describe("the address", () => {
  test("without an address there is no per-address counter: anonymous failures do not lock each other", async () => {
    const safe = app({ perAccount: false, perAccountAllAddresses: false, perAddress: { max: 2, windowSeconds: 60 } });
    for (let i = 0; i < 3; i++) await fail(safe, `user${i}@example.com`);
    expect(await alice(safe)).toMatchObject({ signedIn: true, throttled: false });
  });

  test("per account off: many failures of one account from no known address never lock it", async () => {
    const safe = app({ perAccount: false, perAccountAllAddresses: false });
    for (let i = 0; i < 12; i++) await fail(safe, "alice@example.com");
    expect(await alice(safe)).toMatchObject({ signedIn: true });
  });
});

describe("what the store holds", () => {
  const address = "203.0.113.5";
  const keys = {
    "account-address": `rl:signin:account-address:${sha256(`bob@example.com\0${address}`)}`,
    "account-nowhere": `rl:signin:account-address:${sha256("bob@example.com\0")}`,
    account: `rl:signin:account:${sha256("bob@example.com")}`,
    address: `rl:signin:address:${sha256(address)}`,
  };
  test.each([
    ["every limit", undefined, proxy(address), ["account-address", "account", "address"]],
    ["per account off", { perAccount: false }, proxy(address), ["account", "address"]],
    [
      "per account from all addresses off",
      { perAccountAllAddresses: false },
      proxy(address),
      ["account-address", "address"],
    ],
    ["per address off", { perAddress: false }, proxy(address), ["account-address", "account"]],
    ["no address known", undefined, {}, ["account-nowhere", "account"]],
  ] as const)("%s: every key a SHA-256, nothing as typed", async (_, limit, headers, kinds) => {
    const store = new RecordingStore();
    const safe = app(limit as Limit, { store });
    await fail(safe, " Bob@Example.com", headers);
    expect(store.hits.filter((key) => key.startsWith("rl:signin:")).sort()).toEqual(
      kinds.map((kind) => keys[kind]).sort(),
    );
    expect(JSON.stringify(store.hits).toLowerCase()).not.toContain("bob@example.com");
    expect(JSON.stringify(store.hits)).not.toContain(address);
  });

  test("an 8 KB address and a NUL in the account make keys of the same short length", async () => {
    const store = new RecordingStore();
    const safe = app(undefined, { store });
    await fail(safe, "bob\u0000@example.com", proxy("a".repeat(8 * 1024)));
    for (const key of store.hits) expect(key.length).toBeLessThan(100);
  });

  test("a sign-in with nothing to count never reaches the store (a store that is down does not stop it)", async () => {
    const down = downStore();
    const safe = app({ perAccount: false, perAccountAllAddresses: false }, { store: down });
    expect(await alice(safe)).toMatchObject({ signedIn: true });
  });
});

describe("the lock's time (controlled clock)", () => {
  afterEach(() => vi.useRealTimers());
  const T = new Date("2026-03-01T12:00:00Z").getTime();

  test("the lock lasts exactly until the window ends: Retry-After counts down, the store keeps it no longer than the window", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T);
    const store = new RecordingStore();
    const safe = app(
      { perAccount: { max: 3, windowSeconds: 60 }, perAccountAllAddresses: false, perAddress: false },
      { store },
    );
    await fail(safe, "alice@example.com");
    vi.setSystemTime(T + 500);
    await fail(safe, "alice@example.com");
    await fail(safe, "alice@example.com");
    const locks = store.sets.filter((set) => set.key.endsWith(":lock"));
    // The window ends at T + 60 s: 59.5 s left, rounded up to whole seconds.
    expect(locks).toEqual([{ key: `rl:signin:account-address:${sha256("alice@example.com\0")}:lock`, ttl: 60 }]);
    vi.setSystemTime(T + 30_000);
    expect(await alice(safe)).toMatchObject({ throttled: true, retryAfter: "30" });
    vi.setSystemTime(T + 59_999);
    expect(await alice(safe)).toMatchObject({ throttled: true, retryAfter: "1" });
    // The store still holds the lock (its TTL was rounded up), but the window is over.
    vi.setSystemTime(T + 60_000);
    expect(await alice(safe)).toMatchObject({ signedIn: true, throttled: false });
  });
});

// How a locked sign-in answers each kind of client (README "Failed sign-ins are limited").

/** An app that locks an account after one failure, with the sign-in page at `signInPage`. */
function lockingApp(signInPage?: string) {
  const config = testConfig();
  return createSafeSession({
    config: signInPage ? { ...config, pages: { signIn: signInPage } } : config,
    updates: testUpdates(),
    env: {},
    signInRateLimit: { perAccount: { max: 1, windowSeconds: 60 }, perAddress: false },
  });
}

function postWrongPassword(safe: ReturnType<typeof lockingApp>, headers: Record<string, string> = {}, json = false) {
  const csrf = csrfPair();
  const fields = { csrfToken: csrf.token, email: "alice@example.com", password: "wrong" };
  return safe.handler(
    new Request(`${ORIGIN}/auth/callback/credentials`, {
      method: "POST",
      headers: {
        "content-type": json ? "application/json" : "application/x-www-form-urlencoded",
        origin: ORIGIN,
        cookie: csrf.cookie,
        ...headers,
      },
      body: json ? JSON.stringify(fields) : new URLSearchParams(fields),
    }),
  );
}

async function locked(signInPage?: string) {
  const safe = lockingApp(signInPage);
  expect((await postWrongPassword(safe)).headers.get("location")).toMatch(/error=CredentialsSignin/);
  return safe;
}

describe("a locked sign-in's answer", () => {
  test("a browser's form post: 302 to the sign-in page with the error, keeping the page's own query", async () => {
    const response = await postWrongPassword(await locked("/login?from=nav"));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/login?from=nav&error=RateLimited&code=rate_limited`);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  test("the stock client (X-Auth-Return-Redirect): 429 RATE_LIMITED with the url it reads the error from", async () => {
    const response = await postWrongPassword(await locked(), { "x-auth-return-redirect": "1" });
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({
      error: { code: "RATE_LIMITED", message: "Too many failed sign-in attempts; try again later" },
      url: `${ORIGIN}/auth/signin?error=RateLimited&code=rate_limited`,
    });
  });

  test("a JSON client: 429 RATE_LIMITED, with no url", async () => {
    const safe = lockingApp();
    await postWrongPassword(safe, {}, true);
    const response = await postWrongPassword(safe, {}, true);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toMatch(/^[1-9][0-9]*$/);
    expect(await response.json()).toEqual({
      error: { code: "RATE_LIMITED", message: "Too many failed sign-in attempts; try again later" },
    });
  });
});

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields),
  });

describe("failed sign-ins are counted per account and address", () => {
  const attempt = (
    safe: ReturnType<typeof createSafeSession>,
    email: string,
    password: string,
    headers: Record<string, string> = {},
  ) => safe.signIn(form({}, headers), "credentials", { email, password });

  test("a successful sign-in does not count; the limit's answer is the same for an unknown account", async () => {
    const safe = createSafeSession({
      config: testConfig(),
      updates: testUpdates(),
      signInRateLimit: { perAccount: { max: 3, windowSeconds: 60 } },
    });
    for (let i = 0; i < 5; i++)
      expect((await attempt(safe, "alice@example.com", "alice-password")).headers.get("location")).not.toMatch(/error/);
    const answers = [];
    for (const email of ["alice@example.com", "nobody@example.com"]) {
      for (let i = 0; i < 3; i++)
        expect((await attempt(safe, email, "wrong")).headers.get("location")).toMatch(/error=CredentialsSignin/);
      const throttled = await attempt(
        safe,
        email.toUpperCase(),
        email === "alice@example.com" ? "alice-password" : "wrong",
      );
      answers.push([throttled.status, throttled.headers.get("location"), throttled.headers.get("retry-after")]);
      expect(throttled.headers.getSetCookie()).toEqual([]);
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]?.[1]).toMatch(/error=RateLimited/);
    expect(Number(answers[0]?.[2])).toBeGreaterThan(0);
  });

  test("`false` turns it off", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), signInRateLimit: false });
    for (let i = 0; i < 12; i++) await attempt(safe, "alice@example.com", "wrong");
    expect((await attempt(safe, "alice@example.com", "alice-password")).headers.get("location")).not.toMatch(/error/);
  });
});
