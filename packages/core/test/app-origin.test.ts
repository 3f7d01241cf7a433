import { describe, expect, test } from "vitest";
import { createTestSession } from "./fixture.js";
import { csrfPair, sessionCookie } from "./signed-in.js";

/** An update as a browser on `browserOrigin` sends it to the app behind a proxy that reached it at `url`. */
async function update(url: string, browserOrigin: string, headers: Record<string, string>) {
  const { token, cookie } = csrfPair();
  return new Request(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: browserOrigin,
      cookie: `${await sessionCookie()}; ${cookie}`,
      ...headers,
    },
    body: JSON.stringify({ csrfToken: token, data: { name: "Al" } }),
  });
}

const INTERNAL = "http://10.0.0.7:3000/auth/session";

describe("the app's origin, which an update's Origin must match", () => {
  test.each([
    [
      "the forwarded host and protocol (first of a list)",
      { "x-forwarded-host": "app.example, proxy.internal", "x-forwarded-proto": "https, http" },
      "https://app.example",
    ],
    [
      "spaces around list entries",
      { "x-forwarded-host": "app.example", "x-forwarded-proto": "https , http" },
      "https://app.example",
    ],
    [
      "a protocol written with its colon",
      { "x-forwarded-host": "app.example", "x-forwarded-proto": "https:" },
      "https://app.example",
    ],
    [
      "the forwarded host without a protocol: the request's",
      { "x-forwarded-host": "app.example:8443" },
      "http://app.example:8443",
    ],
    ["the Host header when nothing is forwarded", { host: "app.example" }, "http://app.example"],
    [
      "an empty forwarded host falls back to Host",
      { "x-forwarded-host": " , other", host: "app.example" },
      "http://app.example",
    ],
    [
      "an unparsable forwarded host falls back to the request URL",
      { "x-forwarded-host": "bad host/%", "x-forwarded-proto": "https" },
      "http://10.0.0.7:3000",
    ],
  ])("with trustHost: %s", async (_, headers, origin) => {
    const safe = createTestSession();
    const request = await update(INTERNAL, origin, headers);
    expect((await safe.handler(request)).status).toBe(200);
    const other = await update(INTERNAL, "https://evil.example", headers);
    expect((await safe.handler(other)).status).toBe(403);
  });

  test("AUTH_URL wins over every header; an unparsable one is ignored", async () => {
    const headers = { "x-forwarded-host": "app.example", "x-forwarded-proto": "https" };
    // (http: an https AUTH_URL would switch to __Secure- cookie names.)
    const pinned = createTestSession({ env: { AUTH_URL: "http://auth.example/auth" } });
    expect((await pinned.handler(await update(INTERNAL, "http://auth.example", headers))).status).toBe(200);
    expect((await pinned.handler(await update(INTERNAL, "https://app.example", headers))).status).toBe(403);
    const broken = createTestSession({ env: { AUTH_URL: "not a url" } });
    expect((await broken.handler(await update(INTERNAL, "https://app.example", headers))).status).toBe(200);
  });
});
