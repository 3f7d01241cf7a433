import { Auth, type AuthConfig } from "@auth/core";
import { describe, expect, it } from "vitest";
import { createSafeSession, parseSetCookie } from "../src/index.js";
import { testConfig, testUpdates } from "./fixture.js";

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
  it.each(cases)("%s", async (_, url, cookie) => {
    const name = `${url.startsWith("https:") ? "__Secure-" : ""}authjs.callback-url`;
    const secureCookie = cookie && url.startsWith("https:") ? `__Secure-${cookie}` : cookie;
    const { ours, stock } = await both(testConfig(), url, secureCookie);
    expect(stock.status).toBe(200);
    expect(ours.status).toBe(200);
    expect(callbackCookies(ours, name)).toEqual(callbackCookies(stock, name));
  });

  it("an app's own cookie name and attributes", async () => {
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

  it("no callbacks, cookie settings for other cookies only: the default callback-URL cookie", async () => {
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
