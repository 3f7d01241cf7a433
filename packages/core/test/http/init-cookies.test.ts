import { describe, expect, test, vi } from "vitest";
import { newCsrfCookie } from "../../src/crypto/csrf-token.js";
import { initCookies } from "../../src/http/init-cookies.js";
import { Auth, type AuthConfig, skipCSRFCheck } from "@auth/core";
import { createSafeSession, parseSetCookie } from "../../src/index.js";
import { testConfig, testUpdates, ORIGIN, createTestSession } from "../support/fixture.js";

const SECRET = "init-cookies-secret-0123456789abcdef";

const url = new URL("http://localhost:3000/auth/session");

const spec = { csrf: { name: "authjs.csrf-token", options: { path: "/" }, secret: SECRET }, secure: false };

const names = (cookies: { name: string }[]) => cookies.map((c) => c.name);

describe("Auth.js's init cookies on the routes core answers", () => {
  test("a request without them gets a CSRF cookie and the callback-URL cookie (the app's origin)", async () => {
    const cookies = await initCookies({ providers: [] }, url, {}, spec);
    expect(names(cookies)).toEqual(["authjs.csrf-token", "authjs.callback-url"]);
    expect(cookies[1]?.value).toBe("http://localhost:3000");
  });

  test("genuine cookies are kept; a forged or another secret's CSRF cookie is replaced, also after a genuine one was seen", async () => {
    const genuine = (await newCsrfCookie(SECRET)).cookieValue;
    const present = { "authjs.csrf-token": genuine, "authjs.callback-url": "http://localhost:3000" };
    expect(await initCookies({ providers: [] }, url, present, spec)).toEqual([]);
    expect(await initCookies({ providers: [] }, url, present, spec)).toEqual([]);
    const [token] = genuine.split("|");
    for (const forged of [
      `${token}|${"0".repeat(64)}`,
      (await newCsrfCookie("another-secret-0123456789abcdef")).cookieValue,
    ]) {
      const cookies = await initCookies({ providers: [] }, url, { ...present, "authjs.csrf-token": forged }, spec);
      expect(names(cookies)).toEqual(["authjs.csrf-token"]);
    }
  });

  test("the callbackUrl parameter, else the cookie, goes through the app's redirect callback", async () => {
    const redirect = vi.fn(({ url: target, baseUrl }: { url: string; baseUrl: string }) =>
      target.startsWith("/") ? `${baseUrl}${target}` : baseUrl,
    );
    const withParam = new URL("http://localhost:3000/auth/session?callbackUrl=%2Fdashboard");
    const cookies = await initCookies(
      { providers: [], callbacks: { redirect } },
      withParam,
      { "authjs.callback-url": "http://localhost:3000" },
      { ...spec, csrf: undefined },
    );
    expect(redirect).toHaveBeenCalledWith({ url: "/dashboard", baseUrl: "http://localhost:3000" });
    expect(cookies).toEqual([
      expect.objectContaining({ name: "authjs.callback-url", value: "http://localhost:3000/dashboard" }),
    ]);
    const fromCookie = await initCookies(
      { providers: [], callbacks: { redirect } },
      url,
      { "authjs.callback-url": "https://elsewhere.example" },
      { ...spec, csrf: undefined },
    );
    expect(fromCookie).toEqual([expect.objectContaining({ value: "http://localhost:3000" })]);
  });
});

// Reading the session or the CSRF token through core sets the callback-URL cookie exactly as
// stock `Auth()`'s `init` does: same name, value and attributes, from the `callbackUrl`
// parameter, else the cookie's own value, through the default `redirect` callback.

const callbackCookies = (response: Response, name: string) =>
  response.headers
    .getSetCookie()
    .map((line) => parseSetCookie(line))
    .filter((cookie) => cookie?.name === name);

async function both(config: AuthConfig, url: string, cookie?: string) {
  const request = () => new Request(url, cookie ? { headers: { cookie } } : {});
  const safe = createSafeSession({ config, updates: testUpdates(), env: {} });
  return { ours: await safe.handler(request()), stock: await Auth(request(), config) };
}

const cases: [title: string, url: string, cookie?: string][] = [
  ["no parameter, no cookie: the app's origin", "http://localhost:3000/auth/session"],
  ["a path", "http://localhost:3000/auth/session?callbackUrl=%2Fdashboard%3Fx%3D1"],
  ["a URL on the app's origin", "http://localhost:3000/auth/session?callbackUrl=http%3A%2F%2Flocalhost%3A3000%2Fx"],
  ["the origin itself", "http://localhost:3000/auth/session?callbackUrl=http%3A%2F%2Flocalhost%3A3000"],
  ["another origin becomes the app's", "http://localhost:3000/auth/session?callbackUrl=https%3A%2F%2Fevil.example%2Fx"],
  [
    "the cookie unchanged: nothing written",
    "http://localhost:3000/auth/session",
    "authjs.callback-url=http%3A%2F%2Flocalhost%3A3000%2Fa",
  ],
  [
    "a cookie for another origin is rewritten",
    "http://localhost:3000/auth/session",
    "authjs.callback-url=https%3A%2F%2Fevil.example",
  ],
  [
    "the parameter wins over the cookie",
    "http://localhost:3000/auth/csrf?callbackUrl=%2Fb",
    "authjs.callback-url=http%3A%2F%2Flocalhost%3A3000%2Fa",
  ],
  ["over https: the __Secure- cookie", "https://localhost:3000/auth/session?callbackUrl=%2Fs"],
];

describe("the callback-URL cookie is stock Auth.js's", () => {
  test.each(cases)("%s", async (_, url, cookie) => {
    const name = `${url.startsWith("https:") ? "__Secure-" : ""}authjs.callback-url`;
    const secureCookie = cookie && url.startsWith("https:") ? `__Secure-${cookie}` : cookie;
    const { ours, stock } = await both(testConfig(), url, secureCookie);
    expect(stock.status).toBe(200);
    expect(ours.status).toBe(200);
    expect(callbackCookies(ours, name)).toEqual(callbackCookies(stock, name));
  });

  test("an app's own cookie name and attributes", async () => {
    const config: AuthConfig = {
      ...testConfig(),
      cookies: {
        callbackUrl: { name: "app.cb", options: { httpOnly: false, sameSite: "strict", path: "/app", secure: false } },
      },
    };
    const { ours, stock } = await both(config, "http://localhost:3000/auth/session?callbackUrl=%2Fapp%2Fhome");
    const expected = callbackCookies(stock, "app.cb");
    expect(expected).toHaveLength(1);
    expect(callbackCookies(ours, "app.cb")).toEqual(expected);
  });

  test("no callbacks, cookie settings for other cookies only: the default callback-URL cookie", async () => {
    const { callbacks: _callbacks, ...withoutCallbacks } = testConfig();
    const config: AuthConfig = {
      ...withoutCallbacks,
      cookies: {
        pkceCodeVerifier: { name: "app.pkce", options: { httpOnly: true, sameSite: "lax", path: "/", secure: false } },
      },
    };
    const { ours, stock } = await both(config, "http://localhost:3000/auth/session?callbackUrl=%2Fhome");
    const expected = callbackCookies(stock, "authjs.callback-url");
    expect(expected).toHaveLength(1);
    expect(callbackCookies(ours, "authjs.callback-url")).toEqual(expected);
  });
});

const setCookieNames = (response: Response) =>
  response.headers.getSetCookie().map((line) => line.slice(0, line.indexOf("=")));

describe("the cookies Auth.js sets on every route, on the routes core serves", () => {
  test("GET /session of a new browser: the CSRF and callback-URL cookies, as stock sets them", async () => {
    const stock = await Auth(new Request(`${ORIGIN}/auth/session`), testConfig());
    const response = await createTestSession().handler(new Request(`${ORIGIN}/auth/session`));
    expect(setCookieNames(response).sort()).toEqual(setCookieNames(stock).sort());
    expect(setCookieNames(response)).toContain("authjs.csrf-token");
  });

  test.each<[string, Partial<AuthConfig>]>([
    ["over https", {}],
    ["over https with useSecureCookies: false", { useSecureCookies: false }],
  ])("GET /session %s: the cookies stock sets, with their secure names and attributes", async (_, extra) => {
    const config: AuthConfig = { ...testConfig(), ...extra };
    const url = "https://app.example/auth/session";
    const stock = await Auth(new Request(url), config);
    const response = await createSafeSession({ config, updates: testUpdates(), env: {} }).handler(new Request(url));
    const attributes = (r: Response) =>
      r.headers
        .getSetCookie()
        .map((line) => `${line.slice(0, line.indexOf("="))} ${/; Secure/i.test(line)}`)
        .sort();
    expect(attributes(response)).toEqual(attributes(stock));
    expect(attributes(response)).toHaveLength(2);
  });

  test("with skipCSRFCheck, GET /session sets no CSRF cookie, as stock", async () => {
    const config: AuthConfig = { ...testConfig(), skipCSRFCheck };
    const stock = await Auth(new Request(`${ORIGIN}/auth/session`), config);
    const response = await createSafeSession({ config, updates: testUpdates(), env: {} }).handler(
      new Request(`${ORIGIN}/auth/session`),
    );
    expect(setCookieNames(response).sort()).toEqual(setCookieNames(stock).sort());
    expect(setCookieNames(response)).not.toContain("authjs.csrf-token");
  });

  test("GET /csrf of a new browser: one CSRF cookie, the one whose token it answers", async () => {
    const response = await createTestSession().handler(new Request(`${ORIGIN}/auth/csrf`));
    expect(setCookieNames(response).filter((name) => name === "authjs.csrf-token")).toHaveLength(1);
  });
});

describe("a method other than GET and POST", () => {
  test.each(["PUT", "DELETE", "PATCH"])("%s: 405 METHOD_NOT_ALLOWED naming the method, with Allow", async (method) => {
    const response = await createTestSession().handler(new Request(`${ORIGIN}/auth/session`, { method }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST");
    expect(await response.json()).toEqual({
      error: { code: "METHOD_NOT_ALLOWED", message: `${method} is not allowed here` },
    });
  });
});
