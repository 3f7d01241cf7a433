import { describe, expect, test } from "vitest";
import { SafeSessionError, createSafeSession } from "../../src/index.js";
import { ORIGIN, testConfig, testUpdates } from "../support/fixture.js";

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields),
  });

describe("server-side signIn and signOut refuse another site's form post (login CSRF)", () => {
  const credentials = { email: "alice@example.com", password: "alice-password" };
  test.each([
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

  test("a same-origin form post signs in", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates() });
    const response = await safe.signIn(
      form({}, { origin: ORIGIN, "sec-fetch-site": "same-origin" }),
      "credentials",
      credentials,
    );
    expect(response.headers.getSetCookie().some((line) => line.startsWith("authjs.session-token="))).toBe(true);
  });
});
