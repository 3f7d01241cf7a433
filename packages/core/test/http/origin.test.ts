import { describe, expect, test } from "vitest";
import { appOrigin, forwardedOrigin } from "../../src/http/origin.js";
import { createTestSession, ORIGIN, testConfig, testUpdates } from "../support/fixture.js";
import { csrfPair, sessionCookie } from "../support/signed-in.js";
import { createSafeSession, redirectLocation } from "../../src/index.js";

describe("app origin", () => {
  const request = new Request("http://internal:3000/auth/session", {
    headers: { host: "app.example", "x-forwarded-host": "public.example", "x-forwarded-proto": "https" },
  });
  test("AUTH_URL wins", () =>
    expect(appOrigin(request, { authUrl: "https://auth.example/api/auth", trustHost: true })).toBe(
      "https://auth.example",
    ));
  test("trustHost uses the forwarded host and protocol", () =>
    expect(appOrigin(request, { authUrl: undefined, trustHost: true })).toBe("https://public.example"));
  test("without trustHost the request URL", () =>
    expect(appOrigin(request, { authUrl: undefined, trustHost: false })).toBe("http://internal:3000"));
});

describe("redirect location", () => {
  test("same origin stays a path; another origin stays whole", () => {
    expect(redirectLocation("http://localhost:3000/dashboard?x=1#top", "http://localhost:3000/api/auth/signin")).toBe(
      "/dashboard?x=1#top",
    );
    expect(redirectLocation("/?error=CredentialsSignin", new URL("http://app.example/auth"))).toBe(
      "/?error=CredentialsSignin",
    );
    expect(redirectLocation("https://idp.example/authorize", "http://localhost:3000/")).toBe(
      "https://idp.example/authorize",
    );
    expect(redirectLocation("https://localhost:3000/x", "http://localhost:3000/")).toBe("https://localhost:3000/x");
  });
});

describe("forwardedOrigin", () => {
  test("forwarded host and proto first values, else Host; none without a host or when they make no origin", () => {
    expect(
      forwardedOrigin(
        new Headers({ "x-forwarded-host": "app.example, proxy", "x-forwarded-proto": "https, http", host: "internal" }),
        "http:",
      ),
    ).toBe("https://app.example");
    expect(forwardedOrigin(new Headers({ host: "h:1" }), "http")).toBe("http://h:1");
    expect(forwardedOrigin(new Headers(), "http:")).toBeUndefined();
    expect(forwardedOrigin(new Headers({ host: "bad host" }), "http:")).toBeUndefined();
  });
});

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

const ALICE = { email: "alice@example.com", password: "alice-password" };

/** Where a sign-in from server code with `redirectTo` sends the browser. */
async function signInTo(redirectTo: string) {
  const response = await createTestSession().signIn(new Request(`${ORIGIN}/login-action`), "credentials", ALICE, {
    redirectTo,
  });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location") ?? "", ORIGIN).href;
}

describe("redirect targets of signIn from server code stay on the app's origin", () => {
  test.each([
    ["a path", "/dashboard?tab=1#top", `${ORIGIN}/dashboard?tab=1#top`],
    ["a URL of the app", `${ORIGIN}/settings`, `${ORIGIN}/settings`],
  ])("%s is kept", async (_, target, expected) => {
    expect(await signInTo(target)).toBe(expected);
  });

  test.each([
    ["another host", "https://evil.example/x"],
    ["a protocol-relative path", "//evil.example/x"],
    ["a backslash path browsers read as a host", "/\\evil.example/x"],
    ["an app URL whose path starts like a host", `${ORIGIN}//evil.example/x`],
    ["an unparsable URL", "http://[bad"],
  ])("%s becomes the app's root", async (_, target) => {
    expect(await signInTo(target)).toBe(`${ORIGIN}/`);
  });
});

// A target that starts with `//` or `/\` is read by browsers as a host name: it becomes the
// app's root even when that host is the app's own, so no reading of it can leave the origin.
describe("signIn from server code: the exact Location a redirect target becomes", () => {
  test.each(["//localhost:3000/dashboard", "/\\localhost:3000/dashboard", "//evil.example/x"])(
    "%s: Location is exactly the app's root",
    async (redirectTo) => {
      const response = await createTestSession().signIn(new Request(`${ORIGIN}/login-action`), "credentials", ALICE, {
        redirectTo,
      });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(`${ORIGIN}/`);
    },
  );

  test.each(["https://evil.example/x", "http://[bad"])(
    "another host or an unparsable URL (%s): Location is exactly the app's root",
    async (redirectTo) => {
      const response = await createTestSession().signIn(new Request(`${ORIGIN}/login-action`), "credentials", ALICE, {
        redirectTo,
      });
      expect(response.headers.get("location")).toBe(`${ORIGIN}/`);
    },
  );

  test("a plain path is kept, as an absolute URL on the app's origin", async () => {
    const response = await createTestSession().signIn(new Request(`${ORIGIN}/login-action`), "credentials", ALICE, {
      redirectTo: "/dashboard",
    });
    expect(response.headers.get("location")).toBe(`${ORIGIN}/dashboard`);
  });
});

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields),
  });

describe("redirect targets stay on the app's origin", () => {
  test.each([
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

  test.each([
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
