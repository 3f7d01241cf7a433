import { createHash } from "node:crypto";
import { afterEach, describe, expect, test, vi } from "vitest";
import { ORIGIN, SECRET, createTestSession } from "./fixture.js";
import { CSRF_COOKIE } from "./signed-in.js";

const hashOf = (token: string, secret = SECRET) => createHash("sha256").update(`${token}${secret}`).digest("hex");

async function issued(safe = createTestSession(), url = `${ORIGIN}/auth/csrf`) {
  const response = await safe.handler(new Request(url));
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const line = response.headers.getSetCookie().find((l) => l.includes(`${CSRF_COOKIE}=`)) ?? "";
  return { csrfToken, cookieValue: decodeURIComponent(line.split(";")[0]?.split("=")[1] ?? "") };
}

describe("issued CSRF tokens", () => {
  test("are 32 random bytes as 64 hex characters, different each time, with Auth.js's cookie `token|sha256(token + secret)`", async () => {
    const safe = createTestSession();
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const { csrfToken, cookieValue } = await issued(safe);
      expect(csrfToken).toMatch(/^[0-9a-f]{64}$/);
      expect(cookieValue).toBe(`${csrfToken}|${hashOf(csrfToken)}`);
      seen.add(csrfToken);
    }
    expect(seen.size).toBe(40);
  });

  test("with rotated secrets the cookie is hashed with the secrets joined by commas, as Auth.js does", async () => {
    const { testConfig, testUpdates } = await import("./fixture.js");
    const { createSafeSession } = await import("../src/index.js");
    const secrets = ["new-secret-0123456789abcdef0123", SECRET];
    const safe = createSafeSession({ config: testConfig(secrets), updates: testUpdates(), env: {} });
    const { csrfToken, cookieValue } = await issued(safe);
    expect(cookieValue).toBe(`${csrfToken}|${hashOf(csrfToken, secrets.join(","))}`);
  });
});

describe("where node:crypto is not available (edge runtimes)", () => {
  const original = process.getBuiltinModule;
  afterEach(() => {
    process.getBuiltinModule = original;
    vi.resetModules();
  });

  test("the hash comes from WebCrypto and is the same: issued cookies verify and an update passes", async () => {
    (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
    vi.resetModules();
    const fixture = await import("./fixture.js");
    const { updateRequest } = await import("./signed-in.js");
    const safe = fixture.createTestSession();
    const { csrfToken, cookieValue } = await issued(safe);
    expect(cookieValue).toBe(`${csrfToken}|${hashOf(csrfToken)}`);
    // A pair issued elsewhere (node:crypto) verifies here.
    const response = await safe.handler(await updateRequest({ selectedCompanyId: "acme" }));
    expect(response.status).toBe(200);
  });
});
