import { describe, expect, test } from "vitest";
import { createSafeSession } from "../src/index.js";
import { ORIGIN, testConfig, testUpdates } from "./fixture.js";
import { csrfPair } from "./signed-in.js";

// The per-address limit of failed sign-ins reads the address the nearest trusted proxy added:
// X-Forwarded-For's last entry, else X-Real-IP.

function app() {
  return createSafeSession({
    config: testConfig(),
    updates: testUpdates(),
    env: {},
    signInRateLimit: { perAccount: false, perAddress: { max: 1, windowSeconds: 60 } },
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

describe("the client address of a failed sign-in", () => {
  test.each([
    ["X-Forwarded-For's last entry, however the list is spaced", { "x-forwarded-for": "203.0.113.9, 198.51.100.1" }, { "x-forwarded-for": "192.0.2.4,198.51.100.1" }],
    ["X-Real-IP without X-Forwarded-For", { "x-real-ip": "198.51.100.7" }, { "x-real-ip": "198.51.100.7" }],
  ])("%s: the same address is locked", async (_, first, second) => {
    const safe = app();
    expect(await attempt(safe, "wrong", first)).toMatch(/error=CredentialsSignin/);
    expect(await attempt(safe, "alice-password", second)).toMatch(/error=RateLimited/);
    expect(await attempt(safe, "alice-password", { "x-forwarded-for": "198.51.100.2" })).not.toMatch(/error/);
  });
});
