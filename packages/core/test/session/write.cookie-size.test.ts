import { describe, expect, test } from "vitest";
import { z } from "zod";
import { createSafeSession, defineUpdates } from "../../src/index.js";
import { ORIGIN, testConfig } from "../support/fixture.js";
import { SESSION_COOKIE, keptCookies, sessionCookie, updateRequest } from "../support/signed-in.js";

// Browsers drop a cookie whose name, value and attributes pass 4096 bytes.
const BROWSER_COOKIE_LIMIT = 4096;

const updates = defineUpdates({ note: { schema: z.string().max(20_000) } });
const safeSession = (maxCookieChunks?: number) =>
  createSafeSession({
    config: testConfig(),
    updates,
    env: {},
    maxBodyBytes: 64 * 1024,
    ...(maxCookieChunks ? { maxCookieChunks } : {}),
  });

// Random text does not compress: the token grows with it.
const noise = (length: number) => {
  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join("");
};

const sessionLines = (response: Response) =>
  response.headers.getSetCookie().filter((line) => /^(__Secure-)?authjs\.session-token/.test(line));

describe("Set-Cookie sizes", () => {
  test("a session chunked over several cookies writes each within the browsers' 4096 bytes, and reads back whole", async () => {
    const safe = safeSession();
    const note = noise(6000);
    const response = await safe.handler(await updateRequest({ note }));
    expect(response.status).toBe(200);
    const written = sessionLines(response).filter((line) => !line.includes("Max-Age=0"));
    expect(written.length).toBeGreaterThan(1);
    for (const line of written)
      expect(new TextEncoder().encode(line).byteLength).toBeLessThanOrEqual(BROWSER_COOKIE_LIMIT);
    expect(written.map((line) => line.split("=")[0])).toEqual(written.map((_, i) => `${SESSION_COOKIE}.${i}`));

    const read = await safe.handler(
      new Request(`${ORIGIN}/auth/session`, { headers: { cookie: keptCookies(response) } }),
    );
    expect(await read.json()).toMatchObject({ note });
  });

  test("secure cookies (__Secure- prefix and Secure attribute) stay within the limit too", async () => {
    const safe = safeSession();
    const cookie = await sessionCookie(undefined, `__Secure-${SESSION_COOKIE}`);
    const request = await updateRequest({ note: noise(6000) }, { cookie });
    const https = new Request(request.url.replace("http://", "https://"), request);
    const origin = new URL(https.url).origin;
    https.headers.set("origin", origin);
    https.headers.set(
      "cookie",
      https.headers.get("cookie")?.replace("authjs.csrf-token", "__Host-authjs.csrf-token") ?? "",
    );
    const response = await safe.handler(https);
    expect(response.status).toBe(200);
    const written = sessionLines(response).filter((line) => !line.includes("Max-Age=0"));
    expect(written.length).toBeGreaterThan(1);
    for (const line of written) {
      expect(line).toMatch(/^__Secure-authjs\.session-token\.\d+=.*; Secure/);
      expect(new TextEncoder().encode(line).byteLength).toBeLessThanOrEqual(BROWSER_COOKIE_LIMIT);
    }
  });

  test("a session that needs more cookies than maxCookieChunks is refused with SESSION_TOO_LARGE, and nothing is written", async () => {
    const safe = safeSession(2);
    const response = await safe.handler(await updateRequest({ note: noise(9000) }));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: "SESSION_TOO_LARGE" } });
    expect(sessionLines(response)).toEqual([]);
  });

  test("a small session after a chunked one is one cookie, and every chunk is expired", async () => {
    const safe = safeSession();
    const big = await safe.handler(await updateRequest({ note: noise(6000) }));
    const small = await safe.handler(await updateRequest({ note: "short" }, { cookie: keptCookies(big) }));
    const lines = sessionLines(small);
    expect(lines.filter((line) => !line.includes("Max-Age=0")).map((line) => line.split("=")[0])).toEqual([
      SESSION_COOKIE,
    ]);
    const read = await safe.handler(new Request(`${ORIGIN}/auth/session`, { headers: { cookie: keptCookies(small) } }));
    expect(await read.json()).toMatchObject({ note: "short" });
  });
});
