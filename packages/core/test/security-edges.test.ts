import { Auth } from "@auth/core";
import { encode } from "@auth/core/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryStore, SafeSessionError, createSafeSession, redirectLocation } from "../src/index.js";
import { authRoute } from "../src/routes/path.js";
import { ORIGIN, RecordingStore, SECRET, testConfig, testUpdates } from "./fixture.js";

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields),
  });

describe("one router: a path is the session action exactly when Auth() reads it so", () => {
  const paths = [
    "/auth/session",
    "/auth//session",
    "/auth/session/",
    "/auth///session//",
    "/auth/session/x",
    "/auth/session/callback",
    "/auth/%73ession",
    "/authsession",
    "/auth/csrf/session",
    "/auth/providers",
    "/auth/x/session",
    "/other/session",
  ];
  for (const path of paths) {
    it(path, async () => {
      const stock = await Auth(new Request(`${ORIGIN}${path}`), { ...testConfig(), logger: { error() {} } });
      const stockRanSession = stock.status === 200 && (await stock.text()) === "null";
      expect(authRoute(path, "/auth")?.action === "session").toBe(stockRanSession);
    });
  }
});

describe("redirect targets stay on the app's origin", () => {
  it.each([
    ["http://localhost:3000//evil.example", "/"],
    // Another origin stays whole (an OAuth provider's URL): targets are kept on the origin before Auth() sees them.
    ["//evil.example", "http://evil.example/"],
    ["http://localhost:3000/\\evil.example", "/"],
    ["http://localhost:3000/..//evil.example", "/"],
    ["http://localhost:3000/dashboard?x=1#y", "/dashboard?x=1#y"],
    ["https://accounts.example/authorize?client_id=1", "https://accounts.example/authorize?client_id=1"],
  ])("redirectLocation(%s) is %s", (target, expected) => {
    expect(redirectLocation(target, `${ORIGIN}/`)).toBe(expected);
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "/..//evil.example",
    "https://evil.example/x",
    "http://localhost:3000.evil.example/",
  ])("signIn with redirectTo %s lands on the app", async (redirectTo) => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates() });
    const response = await safe.signIn(
      form({}),
      "credentials",
      { email: "alice@example.com", password: "alice-password" },
      { redirectTo },
    );
    const location = response.headers.get("location") ?? "";
    expect(new URL(location).origin).toBe(ORIGIN);
    expect(redirectLocation(location, ORIGIN)).toBe("/");
  });
});

describe("server-side signIn and signOut refuse another site's form post (login CSRF)", () => {
  const credentials = { email: "alice@example.com", password: "alice-password" };
  it.each([
    { origin: "https://evil.example" },
    { "sec-fetch-site": "cross-site" },
    { "sec-fetch-site": "same-site" },
    { origin: "null" },
  ])("signIn with %o", async (headers) => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates() });
    const refusal = await safe.signIn(form({}, headers), "credentials", credentials).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SafeSessionError);
    expect((refusal as SafeSessionError).code).toBe("CSRF");
    await expect(safe.signOut(form({}, headers))).rejects.toMatchObject({ code: "CSRF" });
  });

  it("a same-origin form post signs in", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates() });
    const response = await safe.signIn(
      form({}, { origin: ORIGIN, "sec-fetch-site": "same-origin" }),
      "credentials",
      credentials,
    );
    expect(response.headers.getSetCookie().some((line) => line.startsWith("authjs.session-token="))).toBe(true);
  });
});

describe("failed sign-ins are counted per account and address", () => {
  const attempt = (
    safe: ReturnType<typeof createSafeSession>,
    email: string,
    password: string,
    headers: Record<string, string> = {},
  ) => safe.signIn(form({}, headers), "credentials", { email, password });

  it("a successful sign-in does not count; the limit's answer is the same for an unknown account", async () => {
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

  it("`false` turns it off", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), signInRateLimit: false });
    for (let i = 0; i < 12; i++) await attempt(safe, "alice@example.com", "wrong");
    expect((await attempt(safe, "alice@example.com", "alice-password")).headers.get("location")).not.toMatch(/error/);
  });
});

describe("revocations outlive the sessions they cover", () => {
  afterEach(() => vi.useRealTimers());

  it("a user signed out everywhere by a fresh process stays signed out for the whole maxAge (controlled clock)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
    const maxAge = 60 * 24 * 60 * 60;
    const config = { ...testConfig(), session: { strategy: "jwt" as const, maxAge } };
    const store = new MemoryStore();
    const iat = Math.floor(Date.now() / 1000) - 60;
    const token = await encode({
      token: { sub: "alice", email: "alice@example.com", sid: "s1", iat },
      secret: SECRET,
      salt: "authjs.session-token",
      maxAge,
    });
    const read = (safe: ReturnType<typeof createSafeSession>) =>
      safe.getSession(new Request(`${ORIGIN}/x`, { headers: { cookie: `authjs.session-token=${token}` } }));
    // A new process that has served no request yet signs alice out everywhere.
    await createSafeSession({ config, updates: testUpdates(), store }).revokeUser("alice");
    const app = createSafeSession({ config, updates: testUpdates(), store });
    expect(await read(app)).toBeNull();
    // 31 days on: past the 30-day default, before the token's own expiry.
    vi.setSystemTime(new Date("2026-02-01T00:00:00Z"));
    expect(await read(createSafeSession({ config, updates: testUpdates(), store }))).toBeNull();
  });

  it("revokeUser in a fresh process keeps the revocation for the static config's maxAge", async () => {
    const store = new RecordingStore();
    const maxAge = 90 * 24 * 60 * 60;
    const safe = createSafeSession({
      config: { ...testConfig(), session: { strategy: "jwt", maxAge } },
      updates: testUpdates(),
      store,
    });
    await safe.revokeUser("alice");
    expect(store.writes.map((write) => write.ttl)).toEqual([maxAge]);
  });

  it("revocationTtlSeconds covers a config function's longer maxAge", async () => {
    const store = new RecordingStore();
    const safe = createSafeSession({
      config: () => testConfig(SECRET),
      updates: testUpdates(),
      store,
      revocationTtlSeconds: 400 * 86400,
    });
    await safe.revokeUser("alice");
    expect(store.writes.map((write) => write.ttl)).toEqual([400 * 86400]);
  });

  it("once a config function has resolved a longer maxAge, revokeUser keeps the revocation that long (never shorter)", async () => {
    const store = new RecordingStore();
    const maxAge = 90 * 24 * 60 * 60;
    const safe = createSafeSession({
      config: () => ({ ...testConfig(), session: { strategy: "jwt", maxAge } }),
      updates: testUpdates(),
      store,
    });
    await safe.revokeUser("alice");
    // Before any request the function's maxAge is unknown: the default 30 days.
    await safe.getSession(new Request(`${ORIGIN}/x`));
    await safe.revokeUser("alice");
    expect(store.writes.map((write) => write.ttl)).toEqual([30 * 24 * 60 * 60, maxAge]);
  });
});

describe("an early answer leaves the connection usable: the rest of the body is drained, within a bound, else it closes", () => {
  const post = (body: BodyInit, headers: Record<string, string>) =>
    new Request(`${ORIGIN}/auth/session`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
      duplex: "half",
    } as RequestInit);
  /** A body that reports how much of it was read. */
  const counted = (bytes: number) => {
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= bytes) return controller.close();
        const next = chunk.subarray(0, Math.min(chunk.byteLength, bytes - sent));
        sent += next.byteLength;
        controller.enqueue(next);
      },
    });
    return { stream, read: () => sent };
  };

  it.each([
    ["413, a body past the limit", 1024 * 1024, {}, 413],
    ["413, a declared Content-Length past the limit", 100_000, { "content-length": "100000" }, 413],
    ["403, another site's origin", 100_000, { origin: "https://evil.example" }, 403],
    ["415, not JSON", 100_000, { "content-type": "text/plain" }, 415],
  ])("%s: drained, no Connection: close", async (_, bytes, headers, status) => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates() });
    const body = counted(bytes);
    const response = await safe.handler(post(body.stream, headers));
    expect(response.status).toBe(status);
    expect(body.read()).toBe(bytes);
    expect(response.headers.get("connection")).toBeNull();
  });

  it("a body past the drain bound is left, and the answer closes the connection", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates() });
    const body = counted(8 * 1024 * 1024);
    const response = await safe.handler(post(body.stream, {}));
    expect(response.status).toBe(413);
    expect(body.read()).toBeLessThan(8 * 1024 * 1024);
    expect(response.headers.get("connection")).toBe("close");
  });

  it("a declared size past the bound is not read at all", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates() });
    const body = counted(64 * 1024);
    const response = await safe.handler(post(body.stream, { "content-length": String(16 * 1024 * 1024) }));
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
  });
});
