import type { Provider } from "@auth/core/providers";
import { describe, expect, test } from "vitest";
import { MemoryStore, createSafeSession } from "../../src/index.js";
import { ORIGIN, testConfig, testUpdates } from "../support/fixture.js";
import { csrfPair } from "../support/signed-in.js";

function signInPost(provider: string, fields: Record<string, string>) {
  const csrf = csrfPair();
  return new Request(`${ORIGIN}/auth/callback/${provider}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, cookie: csrf.cookie },
    body: new URLSearchParams({ csrfToken: csrf.token, ...fields }),
  });
}

const signedIn = (response: Response) =>
  response.headers.getSetCookie().some((line) => line.startsWith("authjs.session-token="));

describe("Credentials sign-in", () => {
  // Auth.js accepts a provider written as a plain object, without the `options` Credentials() adds.
  const plain = {
    id: "plain",
    type: "credentials",
    name: "Plain",
    credentials: { username: {} },
    authorize: (credentials: Partial<Record<string, unknown>>) =>
      credentials.username === "erin" ? { id: "erin", email: "erin@example.com" } : null,
  } as unknown as Provider;

  test("a Credentials provider written as a plain object signs in, and its failed attempts are counted", async () => {
    const safe = createSafeSession({
      config: { ...testConfig(), providers: [plain] },
      updates: testUpdates(),
      env: {},
      signInRateLimit: { perAccount: { max: 1, windowSeconds: 60 }, perAddress: false },
    });
    expect(signedIn(await safe.handler(signInPost("plain", { username: "erin" })))).toBe(true);
    expect((await safe.handler(signInPost("plain", { username: "frank" }))).headers.get("location")).toMatch(
      /error=CredentialsSignin/,
    );
    expect((await safe.handler(signInPost("plain", { username: "frank" }))).headers.get("location")).toMatch(
      /error=RateLimited/,
    );
  });

  test("a store that fails while the limit is checked: 503 UNAVAILABLE naming the store, and nobody is signed in", async () => {
    const store = new MemoryStore();
    store.get = () => {
      throw new Error("connection refused");
    };
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), env: {}, store });
    const response = await safe.handler(
      signInPost("credentials", { email: "alice@example.com", password: "alice-password" }),
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: { code: "UNAVAILABLE", message: "The session store is unavailable; try again" },
    });
    expect(signedIn(response)).toBe(false);
  });

  test("a store that fails while a failed attempt is counted: 503 UNAVAILABLE naming the store", async () => {
    const store = new MemoryStore();
    store.hit = () => {
      throw new Error("connection refused");
    };
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), env: {}, store });
    const response = await safe.handler(signInPost("credentials", { email: "alice@example.com", password: "wrong" }));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: { code: "UNAVAILABLE", message: "The session store is unavailable; try again" },
    });
  });
});
