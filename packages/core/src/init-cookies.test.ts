import { describe, expect, test, vi } from "vitest";
import { newCsrfCookie } from "./crypto/csrf-token.js";
import { initCookies } from "./http/init-cookies.js";

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
