import { describe, expect, test } from "vitest";
import { z } from "zod";
import { createSafeSession, defineUpdates } from "../../src/index.js";
import { testConfig } from "../support/fixture.js";
import { SESSION_COOKIE, keptCookies, sessionCookie, updateRequest } from "../support/signed-in.js";

// README "Revisions": every write expires every chunk name it does not write, so whichever answer
// the browser applies last leaves exactly one token — for the budget of the instance that writes.

const updates = defineUpdates({ note: { schema: z.string().max(20_000) } });
const safeSession = (maxCookieChunks: number) =>
  createSafeSession({ config: testConfig(), updates, env: {}, maxBodyBytes: 64 * 1024, maxCookieChunks });

const noise = (length: number) => {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(crypto.getRandomValues(new Uint8Array(length)), (byte) => alphabet[byte % alphabet.length]).join(
    "",
  );
};

const expiredNames = (response: Response) =>
  response.headers
    .getSetCookie()
    .filter((line) => line.includes("session-token") && /; Max-Age=0;/.test(line))
    .map((line) => line.slice(0, line.indexOf("=")));
const writtenNames = (response: Response) =>
  response.headers
    .getSetCookie()
    .filter((line) => line.includes("session-token") && !/; Max-Age=0;/.test(line))
    .map((line) => line.slice(0, line.indexOf("=")));

const chunkNames = (name: string, count: number) => Array.from({ length: count }, (_, i) => `${name}.${i}`);

describe("the chunk names a write expires", () => {
  test("each instance expires the chunk names of its own maxCookieChunks, in one process", async () => {
    for (const chunks of [3, 1, 5, 3]) {
      const response = await safeSession(chunks).handler(await updateRequest({ note: "short" }));
      expect(response.status).toBe(200);
      expect(writtenNames(response)).toEqual([SESSION_COOKIE]);
      expect(expiredNames(response).sort()).toEqual(chunkNames(SESSION_COOKIE, chunks));
    }
  });

  test("secure cookies' chunk names carry the __Secure- prefix", async () => {
    const name = `__Secure-${SESSION_COOKIE}`;
    const plain = await safeSession(2).handler(await updateRequest({ note: "short" }));
    expect(expiredNames(plain).sort()).toEqual(chunkNames(SESSION_COOKIE, 2));
    const request = await updateRequest({ note: "short" }, { cookie: await sessionCookie(undefined, name) });
    const https = new Request(request.url.replace("http://", "https://"), request);
    https.headers.set("origin", new URL(https.url).origin);
    https.headers.set(
      "cookie",
      https.headers.get("cookie")?.replace("authjs.csrf-token", "__Host-authjs.csrf-token") ?? "",
    );
    const response = await safeSession(2).handler(https);
    expect(response.status).toBe(200);
    expect(writtenNames(response)).toEqual([name]);
    expect(expiredNames(response).sort()).toEqual(chunkNames(name, 2));
  });

  test("a session written in more chunks than this instance allows leaves none of them behind when it shrinks", async () => {
    const big = await safeSession(5).handler(await updateRequest({ note: noise(9000) }));
    const chunks = writtenNames(big).length;
    expect(chunks).toBeGreaterThan(2);
    expect(writtenNames(big)).toEqual(chunkNames(SESSION_COOKIE, chunks));
    const shrunk = await safeSession(2).handler(await updateRequest({ note: null }, { cookie: keptCookies(big) }));
    expect(shrunk.status).toBe(200);
    expect(writtenNames(shrunk)).toEqual([SESSION_COOKIE]);
    expect(expiredNames(shrunk).sort()).toEqual(chunkNames(SESSION_COOKIE, chunks));
  });

  test("a session past the budget is refused with a message that names the budget", async () => {
    const response = await safeSession(2).handler(await updateRequest({ note: noise(9000) }));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: { code: "SESSION_TOO_LARGE", message: "The session would need more than 2 cookies" },
    });
  });
});
