import { describe, expect, test } from "vitest";
import { createSafeSession, forwardedClientAddress } from "../../src/index.js";
import { ORIGIN, testConfig, testUpdates } from "../support/fixture.js";
import { csrfPair } from "../support/signed-in.js";

// The per-address limit of failed sign-ins counts the address the app's own `clientAddress` gives
// (a binding passes the connection's); forwarded headers only through a proxy the app names.

type AddressOption = Parameters<typeof createSafeSession>[0]["clientAddress"];

function app(clientAddress?: AddressOption) {
  return createSafeSession({
    config: testConfig(),
    updates: testUpdates(),
    env: {},
    signInRateLimit: { perAccount: false, perAccountAllAddresses: false, perAddress: { max: 1, windowSeconds: 60 } },
    ...(clientAddress ? { clientAddress } : {}),
  });
}

async function attempt(safe: ReturnType<typeof app>, password: string, headers: Record<string, string>) {
  const csrf = csrfPair();
  const response = await safe.handler(
    new Request(`${ORIGIN}/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, cookie: csrf.cookie, ...headers },
      body: new URLSearchParams({ csrfToken: csrf.token, email: "alice@example.com", password }),
    }),
  );
  return response.headers.get("location") ?? "";
}

describe("with a proxy the app names", () => {
  test.each([
    [
      "X-Forwarded-For's last entry, however the list is spaced",
      forwardedClientAddress(),
      { "x-forwarded-for": "203.0.113.9, 198.51.100.1" },
      { "x-forwarded-for": "192.0.2.4,198.51.100.1" },
    ],
    [
      "two proxies: the second entry from the right",
      forwardedClientAddress({ proxies: 2 }),
      { "x-forwarded-for": "203.0.113.9, 198.51.100.1, 10.0.0.1" },
      { "x-forwarded-for": "198.51.100.1, 10.0.0.2" },
    ],
    [
      "X-Real-IP",
      forwardedClientAddress({ header: "x-real-ip" }),
      { "x-real-ip": "198.51.100.7" },
      { "x-real-ip": " 198.51.100.7 " },
    ],
    [
      "Cloudflare's header",
      forwardedClientAddress({ header: "cf-connecting-ip" }),
      { "cf-connecting-ip": "198.51.100.7" },
      { "cf-connecting-ip": "198.51.100.7" },
    ],
  ])("%s: the same address is locked, another is not", async (_, option, first, second) => {
    const safe = app(option);
    expect(await attempt(safe, "wrong", first)).toMatch(/error=CredentialsSignin/);
    expect(await attempt(safe, "alice-password", second)).toMatch(/error=RateLimited/);
    const header = Object.keys(first)[0] as string;
    expect(await attempt(safe, "alice-password", { [header]: "192.0.2.200" })).not.toMatch(/error/);
  });

  test("a list shorter than the app's proxies names no address", () => {
    const read = forwardedClientAddress({ proxies: 2 });
    expect(read(new Request(ORIGIN, { headers: { "x-forwarded-for": "203.0.113.9" } }))).toBeUndefined();
    expect(read(new Request(ORIGIN))).toBeUndefined();
  });

  test("refuses a number of proxies that is not a whole number of at least 1", () => {
    expect(() => forwardedClientAddress({ proxies: 0 })).toThrow(TypeError);
    expect(() => forwardedClientAddress({ proxies: 1.5 })).toThrow(TypeError);
  });
});

describe("without one", () => {
  test("X-Forwarded-For and X-Real-IP are the client's to write: they count as no address (trustHost on)", async () => {
    const safe = app();
    expect(await attempt(safe, "wrong", { "x-forwarded-for": "203.0.113.9" })).toMatch(/error=CredentialsSignin/);
    // No address, so no per-address counter: the next post from "the same address" is not locked.
    expect(await attempt(safe, "alice-password", { "x-forwarded-for": "203.0.113.9" })).not.toMatch(/error/);
  });

  test("the app's clientAddress gets the request and its context", async () => {
    const seen: unknown[] = [];
    const safe = app((_request, context) => {
      seen.push(context);
      return "192.0.2.1";
    });
    expect(await attempt(safe, "wrong", {})).toMatch(/error=CredentialsSignin/);
    expect(await attempt(safe, "alice-password", {})).toMatch(/error=RateLimited/);
    expect(seen).toHaveLength(2);
  });
});
